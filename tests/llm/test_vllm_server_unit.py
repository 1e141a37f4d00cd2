"""The managed server's command, environment and bookkeeping, without starting vLLM."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from rec.config import load_config, parse_overrides
from rec.errors import ServerError
from rec.llm import vllm_server


def cfg(*pairs):
    return load_config(overrides=parse_overrides(list(pairs)))


def test_command_enables_lora_structured_outputs_and_loopback(tmp_path):
    c = cfg("server.port=8123", "server.extra_args=[--seed, '7']")
    cmd = vllm_server.build_command(c, tmp_path / "python", tmp_path / "m", "m")
    assert cmd[1:3] == ["-m", "vllm.entrypoints.openai.api_server"]
    joined = " ".join(cmd)
    for part in ("--host 127.0.0.1", "--port 8123", "--enable-lora", "--max-lora-rank 16",
                 f"--dtype {vllm_server.server_dtype(c).dtype}", "--served-model-name m"):
        assert part in joined
    assert json.loads(cmd[cmd.index("--structured-outputs-config") + 1]) == {
        "backend": "xgrammar", "disable_any_whitespace": True}
    assert cmd[-2:] == ["--seed", "7"]


def test_every_stores_adapters_are_served_at_once(tmp_path):
    adapters = {f"rec-v000{n}": tmp_path / f"v000{n}" for n in range(1, 7)}   # 3 stores x planner + ranker
    cmd = vllm_server.build_command(cfg("server.max_loras=4"), tmp_path / "python", tmp_path / "m", "m", adapters)
    assert cmd[cmd.index("--max-loras") + 1] == "4" and cmd[cmd.index("--max-cpu-loras") + 1] == "6"
    start = cmd.index("--lora-modules") + 1
    assert cmd[start:start + 6] == [f"{name}={path}" for name, path in adapters.items()]
    assert vllm_server.build_command(cfg(), tmp_path / "python", tmp_path / "m", "m")[
        cmd.index("--max-cpu-loras") + 1] == "4"


def test_env_allows_runtime_lora_and_forbids_the_hub(monkeypatch):
    monkeypatch.setenv("PYTHONPATH", "/somewhere")
    env = vllm_server.server_env(cfg("server.kv_cache_gb=1.5"))
    assert env["VLLM_ALLOW_RUNTIME_LORA_UPDATING"] == "True"
    assert env["HF_HUB_OFFLINE"] == "1" and env["VLLM_CPU_KVCACHE_SPACE"] == "1.5"
    assert "PYTHONPATH" not in env
    cores = sorted(os.sched_getaffinity(0))
    if cores == list(range(cores[0], cores[-1] + 1)):
        assert env["VLLM_CPU_OMP_THREADS_BIND"] == f"{cores[0]}-{cores[-1]}"
    assert "VLLM_CPU_OMP_THREADS_BIND" not in vllm_server.server_env(cfg("server.cpu_bind=auto"))
    assert vllm_server.server_env(cfg("server.cpu_bind=0-3"))["VLLM_CPU_OMP_THREADS_BIND"] == "0-3"


def test_missing_venv_says_how_to_make_it(tmp_path):
    with pytest.raises(ServerError, match="make vllm"):
        vllm_server.find_vllm_python(cfg(f"server.python={tmp_path / 'nope' / 'python'}"))


def test_stale_state_is_cleared_and_port_conflicts_are_refused(tmp_path, free_port):
    import socket

    c = cfg(f"server.port={free_port}", f"server.python={sys.executable}")
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    c.run_dir.mkdir(parents=True)
    (c.run_dir / "vllm.json").write_text(json.dumps({
        "pid": dead.pid, "host": "127.0.0.1", "port": free_port, "model": "m", "model_dir": "d",
        "python": "p", "log": "l", "started_at": 0}))
    assert vllm_server.read_state(c) is None
    assert not (c.run_dir / "vllm.json").exists()
    assert vllm_server.stop(c) is None

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", free_port))
        busy.listen()
        with pytest.raises(ServerError, match=f"port {free_port} .* already in use"):
            vllm_server.start(c, tmp_path, "m", detach=True)


def test_a_server_that_dies_while_starting_reports_its_log(tmp_path, free_port):
    fake_python = tmp_path / "python"
    fake_python.write_text("#!/bin/sh\necho 'ValueError: no such model' >&2\nexit 3\n")
    fake_python.chmod(0o755)
    c = cfg(f"server.port={free_port}", f"server.python={fake_python}")
    with pytest.raises(ServerError, match=r"(?s)exited with code 3.*no such model"):
        vllm_server.start(c, tmp_path, "m", detach=True)
    assert vllm_server.read_state(c) is None
    assert list(c.logs_dir.glob("vllm-*.log"))


def _state(pid: int, port: int, create_time) -> dict:
    return {"pid": pid, "host": "127.0.0.1", "port": port, "model": "m", "model_dir": "d", "python": "p",
            "log": "l", "started_at": 0, "create_time": create_time}


def test_a_reused_pid_is_never_taken_for_our_server(free_port):
    c = cfg(f"server.port={free_port}")
    stranger = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        c.run_dir.mkdir(parents=True)
        (c.run_dir / "vllm.json").write_text(json.dumps(_state(stranger.pid, free_port, 12345.0)))
        assert vllm_server.read_state(c) is None
        assert vllm_server.stop(c) is None
        assert stranger.poll() is None  # untouched
    finally:
        stranger.kill()
        stranger.wait()


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="start ticks are read from /proc (Linux)")
def test_a_clock_step_does_not_lose_our_server_but_a_reused_pid_is_still_refused(free_port):
    c = cfg(f"server.port={free_port}")
    ours = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        c.run_dir.mkdir(parents=True)
        ticks = vllm_server._start_ticks(ours.pid)
        # the wall clock was stepped by an hour since the start was recorded (a VM resumed from a snapshot)
        stepped = psutil.Process(ours.pid).create_time() - 3600
        (c.run_dir / "vllm.json").write_text(json.dumps({**_state(ours.pid, free_port, stepped), "start_ticks": ticks}))
        assert vllm_server.read_state(c) is not None
        (c.run_dir / "vllm.json").write_text(json.dumps({**_state(ours.pid, free_port, stepped),
                                                         "start_ticks": ticks + 1}))
        assert vllm_server.read_state(c) is None          # same pid, another start: not ours
    finally:
        ours.kill()
        ours.wait()


def test_wait_reaps_the_group_when_the_leader_dies(free_port):
    import psutil

    c = cfg(f"server.port={free_port}")
    script = ("import subprocess, sys, time\n"
              "subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])\n"
              "time.sleep(1.5)\n")
    leader = subprocess.Popen([sys.executable, "-c", script], start_new_session=True)
    time.sleep(0.8)
    orphan = psutil.Process(leader.pid).children()[0]
    c.run_dir.mkdir(parents=True)
    state = vllm_server.ServerState(**_state(leader.pid, free_port, psutil.Process(leader.pid).create_time()))
    (c.run_dir / "vllm.json").write_text(json.dumps(_state(leader.pid, free_port, state.create_time)))
    assert vllm_server.wait(c, state) == 1
    orphan.wait(timeout=10)
    assert not orphan.is_running()
    assert not (c.run_dir / "vllm.json").exists()
    leader.wait()
