"""`server.dtype: auto`: bfloat16 where the hardware has it, float32 elsewhere, an explicit value wins."""

import json
import os
import subprocess
import sys

import psutil
import pytest

from rec.config import load_config, parse_overrides
from rec.errors import ServerError
from rec.llm import vllm_server
from rec.llm.dtype import choose_dtype, cpu_bf16_flags, nvidia_compute_caps

X86 = ("processor\t: 0\nvendor_id\t: GenuineIntel\nflags\t\t: fpu sse2 avx2 avx512f avx512bw {extra} avx512_vnni\n"
       "\nprocessor\t: 1\nflags\t\t: fpu sse2 avx2 avx512f avx512bw {extra} avx512_vnni\n")
ARM = "processor\t: 0\nFeatures\t: fp asimd evtstrm aes {extra} sve\nCPU implementer\t: 0x41\n"


def no_gpu():
    return None


@pytest.fixture
def cpuinfo(tmp_path):
    def write(template: str, extra: str = ""):
        path = tmp_path / "cpuinfo"
        path.write_text(template.format(extra=extra))
        return path
    return write


@pytest.mark.parametrize("flag", ["avx512_bf16", "amx_bf16"])
def test_a_cpu_with_bf16_instructions_gets_bfloat16(cpuinfo, flag):
    choice = choose_dtype("auto", cpuinfo=cpuinfo(X86, flag), gpus=no_gpu)
    assert choice.dtype == "bfloat16"
    assert flag in choice.reason and choice.reason.startswith("auto")


def test_an_arm_cpu_with_bf16_gets_bfloat16(cpuinfo):
    assert choose_dtype("auto", cpuinfo=cpuinfo(ARM, "bf16"), gpus=no_gpu).dtype == "bfloat16"
    assert choose_dtype("auto", cpuinfo=cpuinfo(ARM), gpus=no_gpu).dtype == "float32"


def test_a_cpu_without_bf16_gets_float32_and_says_why(cpuinfo, tmp_path):
    choice = choose_dtype("auto", cpuinfo=cpuinfo(X86), gpus=no_gpu)
    assert choice.dtype == "float32" and "no bf16" in choice.reason
    assert cpu_bf16_flags(cpuinfo(X86, "avx512_bf16 amx_bf16")) == ["avx512_bf16", "amx_bf16"]
    unreadable = choose_dtype("auto", cpuinfo=tmp_path / "missing", gpus=no_gpu)
    assert unreadable.dtype == "float32" and "unreadable" in unreadable.reason


def test_gpus_get_bfloat16_from_ampere_up_and_float16_below(cpuinfo):
    plain_cpu = cpuinfo(X86)
    assert choose_dtype("auto", cpuinfo=plain_cpu, gpus=lambda: [9.0]).dtype == "bfloat16"
    old = choose_dtype("auto", cpuinfo=plain_cpu, gpus=lambda: [8.6, 7.5])   # the oldest decides
    assert old.dtype == "float16" and "7.5" in old.reason


def test_an_explicit_value_wins(cpuinfo):
    for requested in ("float32", "bfloat16", "float16"):
        for gpus in (no_gpu, lambda: [9.0]):
            choice = choose_dtype(requested, cpuinfo=cpuinfo(X86, "avx512_bf16"), gpus=gpus)
            assert (choice.dtype, choice.reason) == (requested, "set in server.dtype")


def test_compute_capabilities_come_from_nvidia_smi(tmp_path, monkeypatch):
    smi = tmp_path / "nvidia-smi"
    smi.write_text('#!/bin/sh\n[ "$1" = "--query-gpu=compute_cap" ] || exit 9\nprintf "9.0\\n8.6\\n"\n')
    smi.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    assert nvidia_compute_caps() == [9.0, 8.6]
    smi.write_text("#!/bin/sh\necho 'NVIDIA-SMI has failed' >&2\nexit 9\n")   # a driver problem: no GPU to use
    assert nvidia_compute_caps() is None
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert nvidia_compute_caps() is None


def _cfg(*pairs):
    return load_config(overrides=parse_overrides(list(pairs)))


def test_the_server_is_started_with_the_resolved_dtype(tmp_path, free_port, monkeypatch, cpuinfo):
    info = cpuinfo(X86, "amx_bf16")
    monkeypatch.setattr(vllm_server, "choose_dtype", lambda req: choose_dtype(req, cpuinfo=info, gpus=no_gpu))
    fake_python = tmp_path / "python"
    fake_python.write_text("#!/bin/sh\nexit 3\n")
    fake_python.chmod(0o755)
    c = _cfg(f"server.port={free_port}", f"server.python={fake_python}")
    assert c.server.dtype == "auto"   # the default
    with pytest.raises(ServerError, match="exited with code 3"):
        vllm_server.start(c, tmp_path, "m", detach=True)
    (log,) = c.logs_dir.glob("vllm-*.log")
    assert " --dtype bfloat16 " in log.read_text()
    cmd = vllm_server.build_command(_cfg("server.dtype=float16"), fake_python, tmp_path, "m")
    assert cmd[cmd.index("--dtype") + 1] == "float16"


def _status(*args: str) -> list[str]:
    res = subprocess.run([sys.executable, "-m", "rec.cli", *args, "llm", "status"], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    return [line.strip() for line in res.stdout.splitlines()]


def test_llm_status_shows_the_dtype_and_why():
    expected = choose_dtype("auto")   # this machine's choice, as a start would make it
    assert f"dtype    {expected.dtype} ({expected.reason})" in _status()
    assert "dtype    float16 (set in server.dtype)" in _status("--set", "server.dtype=float16")


def test_llm_status_of_a_running_server_shows_what_it_was_started_with(free_port):
    c = _cfg(f"server.port={free_port}")
    c.run_dir.mkdir(parents=True)
    me = psutil.Process()   # a live process stands in for the server (nothing answers on the port)
    (c.run_dir / "vllm.json").write_text(json.dumps({
        "pid": me.pid, "create_time": me.create_time(), "host": "127.0.0.1", "port": free_port, "model": "m",
        "model_dir": "d", "python": "p", "log": "l", "started_at": 0, "dtype": "bfloat16",
        "dtype_reason": "auto: the CPU has amx_bf16"}))
    lines = _status("--set", "server.dtype=float32")   # the config now says otherwise; the server does not
    assert "dtype    bfloat16 (auto: the CPU has amx_bf16)" in lines, lines
    status = vllm_server.status(c)
    assert status["running"] and (status["dtype"], status["dtype_reason"]) == ("bfloat16", "auto: the CPU has amx_bf16")


def test_tuning_precision_follows_the_hardware(monkeypatch, cpuinfo):
    from rec.errors import ConfigError
    from rec.llm import dtype
    from rec.tuning.train import PRECISIONS, training_precision

    assert _cfg().tuning.dtype == "auto"
    assert training_precision("float32") == dtype.DtypeChoice("float32", "set in tuning.dtype")
    monkeypatch.setattr(dtype, "nvidia_compute_caps", no_gpu)
    monkeypatch.setattr(dtype, "CPUINFO", cpuinfo(X86, "avx512_bf16"))
    assert training_precision("auto").dtype == "bfloat16"            # bf16 weights: measured faster here
    monkeypatch.setattr(dtype, "CPUINFO", cpuinfo(X86))
    assert training_precision("auto").dtype == "float32"
    monkeypatch.setattr(dtype, "nvidia_compute_caps", lambda: [9.0])
    assert training_precision("auto").dtype == "bfloat16-mixed"      # GPUs: autocast over float32 weights
    monkeypatch.setattr(dtype, "nvidia_compute_caps", lambda: [7.0])
    assert training_precision("auto").dtype == "float16-mixed"
    assert {training_precision(p).dtype for p in PRECISIONS} == set(PRECISIONS)
    with pytest.raises(ConfigError, match=r"tuning\.dtype"):
        _cfg("tuning.dtype=int8")
