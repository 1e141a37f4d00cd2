"""Integration: the real vLLM CPU server on a tiny random Llama, driven through `rec llm ...`.

Needs the vLLM virtualenv (`make vllm`, or REC_TEST_VLLM_PYTHON); each start costs ~40 s.
"""

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Literal

import psutil
import pytest
from pydantic import BaseModel, Field

ROOT = Path(__file__).resolve().parents[2]
VLLM_PYTHON = Path(os.environ.get("REC_TEST_VLLM_PYTHON", ROOT / ".venv-vllm" / "bin" / "python"))

pytestmark = [
    pytest.mark.slow, pytest.mark.vllm, pytest.mark.timeout(900),
    pytest.mark.skipif(not VLLM_PYTHON.is_file(), reason=f"no vLLM virtualenv at {VLLM_PYTHON} (make vllm)"),
]


class Small(BaseModel):
    intent: Literal["recommend", "refine", "explain"]
    k: int = Field(ge=1, le=20)
    tag: str = Field(max_length=6)


def rec(*args, home: Path, check=True, timeout=600):
    res = subprocess.run([sys.executable, "-m", "rec.cli", *args], capture_output=True, text=True,
                         timeout=timeout, env={**os.environ, "REC_HOME": str(home)})
    if check:
        assert res.returncode == 0, res.stderr[-3000:]
    return res


def server_args(model_dir: Path, port: int):
    # float32: the scores are compared with an fp32 forward pass on the same weights
    return ["--set", f"server.python={VLLM_PYTHON}", "--set", f"llm.model={model_dir}",
            "--set", "server.max_model_len=1024", "--set", "server.kv_cache_gb=1",
            "--set", "server.dtype=float32"], ["--port", str(port)]


def family(pid: int) -> list[psutil.Process]:
    proc = psutil.Process(pid)
    return [proc, *proc.children(recursive=True)]


def lora_adapter(model_dir: Path, out: Path, seed: int = 1) -> Path:
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    torch.manual_seed(seed)
    model = AutoModelForCausalLM.from_pretrained(model_dir)
    peft = get_peft_model(model, LoraConfig(r=8, lora_alpha=16, target_modules=["q_proj", "v_proj"],
                                            init_lora_weights=False))
    peft.save_pretrained(out)
    return out


def visible_labels(local, messages, n: int = 3) -> list[str]:
    """Up to `n` labels whose every spelling is in the in-process model's top 20 next tokens, as vLLM returns
    them (its top_logprobs), so both sides score the same labels; at least two."""
    import torch

    with torch.inference_mode():
        top = torch.topk(local.model(**local._encode(messages)).logits[0, -1], 20).indices.tolist()
    labels: list[str] = []
    for tid in top:
        text = local.tokenizer.decode([tid]).strip()
        if text and text not in labels and set(local.choice_token_ids(text)) <= set(top):
            labels.append(text)
    assert len(labels) >= 2
    return labels[:n]


def test_detached_server_structured_logprobs_lora_and_clean_stop(tiny_model_dir, rec_home, free_port, tmp_path):
    from rec.llm import lora
    from rec.llm.openai_http import OpenAIHTTPChatModel
    from rec.llm.structured import ask_structured
    from rec.llm.transformers_backend import TransformersChatModel

    glob, flags = server_args(tiny_model_dir, free_port)
    res = rec(*glob, "llm", "serve", "--detach", *flags, home=rec_home)
    assert "vLLM ready" in res.stderr
    try:
        status = json.loads(rec(*glob, "llm", "status", "--json", home=rec_home).stdout)
        assert status["running"] and status["healthy"] and status["model"] == "tiny-llama"
        assert status["adapters"] == [] and Path(status["log"]).is_file()
        assert status["log"].startswith(str(rec_home.resolve() / "logs"))

        again = rec(*glob, "llm", "serve", "--detach", *flags, home=rec_home)
        assert "already running" in again.stderr and f"pid {status['pid']}" in again.stderr

        http = OpenAIHTTPChatModel(status["base_url"], "tiny-llama", timeout_s=120, max_retries=1)
        out = ask_structured(http, [{"role": "user", "content": "plan"}], Small, max_tokens=64)
        assert isinstance(out.value, Small)

        # Scores from vLLM agree with the in-process forward pass on the same weights.
        local = TransformersChatModel(tiny_model_dir)
        messages = [{"role": "user", "content": "Which one?"}]
        labels = visible_labels(local, messages)
        remote, exact = http.score_choices(messages, labels), local.score_choices(messages, labels)
        assert remote.coverage == 1.0
        for label in labels:
            assert remote.logprobs[label] == pytest.approx(exact.logprobs[label], abs=2e-3)

        adapter = lora_adapter(tiny_model_dir, tmp_path / "adapter")
        lora.load_adapter(status["base_url"], "tiny-lora", adapter)
        status = json.loads(rec(*glob, "llm", "status", "--json", home=rec_home).stdout)
        assert [a["name"] for a in status["adapters"]] == ["tiny-lora"]
        lora = OpenAIHTTPChatModel(status["base_url"], "tiny-lora", timeout_s=120, max_retries=1)
        assert lora.chat([{"role": "user", "content": "hi"}], max_tokens=4).completion_tokens >= 1
        procs = family(status["pid"])
        assert len(procs) >= 2  # API server + engine core at least
    finally:
        res = rec(*glob, "llm", "stop", home=rec_home)
    assert "vLLM stopped" in res.stderr
    _gone, alive = psutil.wait_procs(procs, timeout=10)
    assert alive == []
    assert json.loads(rec(*glob, "llm", "status", "--json", home=rec_home).stdout)["running"] is False


def test_foreground_server_dies_with_its_parent(tiny_model_dir, rec_home, free_port):
    glob, flags = server_args(tiny_model_dir, free_port)
    parent = subprocess.Popen([sys.executable, "-m", "rec.cli", *glob, "llm", "serve", *flags],
                              env={**os.environ, "REC_HOME": str(rec_home)}, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    state_file = rec_home / "run" / "vllm.json"
    procs: list[psutil.Process] = []
    try:
        deadline = time.time() + 600
        while time.time() < deadline and parent.poll() is None:
            if state_file.is_file() and json.loads(state_file.read_text()).get("ready"):
                break
            time.sleep(1)
        assert parent.poll() is None, parent.stdout.read()
        procs = family(json.loads(state_file.read_text())["pid"])
        parent.send_signal(signal.SIGKILL)  # no chance to clean up: the children must go by themselves
        parent.wait()
        _gone, alive = psutil.wait_procs(procs, timeout=60)
        assert alive == [], [p.cmdline()[:3] for p in alive]
        status = json.loads(rec(*glob, "llm", "status", "--json", home=rec_home).stdout)
        assert status["running"] is False
    finally:  # whatever failed above, leave nothing running
        parent.kill()
        for p in procs:
            with contextlib.suppress(psutil.Error):
                p.kill()
