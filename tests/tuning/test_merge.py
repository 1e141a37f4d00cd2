"""An adapter merged into its base weights scores like the adapter: in-process, and served by a private vLLM
that an evaluation starts for one row and stops after it."""

from __future__ import annotations

import json

import psutil
import pytest
import torch
from llm.test_vllm_server import VLLM_PYTHON, lora_adapter, visible_labels

from rec.errors import InputError
from rec.tuning.merge import MARKER, merge_adapter, merged_dir

PROMPT = "Which one of these?"


def _peft_logprobs(base_dir, adapter_dir) -> torch.Tensor:
    from peft import PeftModel
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tok = AutoTokenizer.from_pretrained(base_dir)
    model = PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained(base_dir), adapter_dir)
    with torch.inference_mode():
        return torch.log_softmax(model(**tok(PROMPT, return_tensors="pt")).logits[0, -1], -1)


def _plain_logprobs(model_dir) -> torch.Tensor:
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tok = AutoTokenizer.from_pretrained(model_dir)
    model = AutoModelForCausalLM.from_pretrained(model_dir, dtype=torch.float32)
    with torch.inference_mode():
        return torch.log_softmax(model(**tok(PROMPT, return_tensors="pt")).logits[0, -1], -1)


def test_the_merged_model_scores_like_the_adapter_and_is_reused(tiny_model_dir, tmp_path):
    adapter = lora_adapter(tiny_model_dir, tmp_path / "adapter")
    out = merged_dir(tmp_path / "models", "v0007")
    assert merge_adapter(tiny_model_dir, adapter, out, dtype="float32") == out
    merged, exact, base = _plain_logprobs(out), _peft_logprobs(tiny_model_dir, adapter), _plain_logprobs(tiny_model_dir)
    assert torch.allclose(merged, exact, atol=1e-4)
    assert not torch.allclose(merged, base, atol=1e-2)          # the adapter changes the scores: a real merge
    assert json.loads((out / MARKER).read_text())["dtype"] == "float32"
    assert (out / "tokenizer_config.json").is_file() and not list(out.parent.glob("*.tmp-*"))

    written = (out / "model.safetensors").stat().st_mtime_ns
    merge_adapter(tiny_model_dir, adapter, out, dtype="float32")  # the same inputs: reused, not rewritten
    assert (out / "model.safetensors").stat().st_mtime_ns == written
    lora_adapter(tiny_model_dir, adapter, seed=2)                # retrained in place: merged again
    merge_adapter(tiny_model_dir, adapter, out, dtype="float32")
    assert torch.allclose(_plain_logprobs(out), _peft_logprobs(tiny_model_dir, adapter), atol=1e-4)
    assert not torch.allclose(_plain_logprobs(out), merged, atol=1e-3)


def test_a_directory_without_an_adapter_is_an_input_error(tiny_model_dir, tmp_path):
    with pytest.raises(InputError, match="no PEFT adapter"):
        merge_adapter(tiny_model_dir, tmp_path, tmp_path / "out")


@pytest.mark.slow
@pytest.mark.vllm
@pytest.mark.timeout(900)
@pytest.mark.skipif(not VLLM_PYTHON.is_file(), reason=f"no vLLM virtualenv at {VLLM_PYTHON} (make vllm)")
def test_a_private_vllm_serves_the_merged_adapter_and_stops_after_the_block(tuning_cfg, tiny_model_dir, tmp_path):
    from rec.llm import vllm_server
    from rec.llm.openai_http import OpenAIHTTPChatModel
    from rec.llm.transformers_backend import TransformersChatModel

    adapter = lora_adapter(tiny_model_dir, tmp_path / "adapter")
    merged = merge_adapter(tiny_model_dir, adapter, merged_dir(tuning_cfg.models_dir, "v0007"), dtype="float32")
    server = tuning_cfg.server.model_copy(update={"python": str(VLLM_PYTHON), "dtype": "float32",
                                                  "max_model_len": 1024, "kv_cache_gb": 1})
    cfg = tuning_cfg.model_copy(update={"server": server})
    local = TransformersChatModel(merged)
    messages = [{"role": "user", "content": PROMPT}]
    labels = visible_labels(local, messages)
    exact = local.score_choices(messages, labels)
    with vllm_server.private(cfg, merged, "merged-v0007") as state:
        assert state.port != cfg.server.port and vllm_server.read_state(cfg, "vllm-merged-v0007") is not None
        assert vllm_server.read_state(cfg) is None                   # the managed server's record is untouched
        http = OpenAIHTTPChatModel(state.base_url, "merged-v0007", timeout_s=120, max_retries=1)
        remote = http.score_choices(messages, labels)
        http.close()
        family = [psutil.Process(state.pid), *psutil.Process(state.pid).children(recursive=True)]
    assert remote.coverage == 1.0
    for label in labels:   # the merged weights served by vLLM score as the merge does in-process
        assert remote.logprobs[label] == pytest.approx(exact.logprobs[label], abs=2e-3)
    _gone, alive = psutil.wait_procs(family, timeout=30)
    assert alive == [] and vllm_server.read_state(cfg, "vllm-merged-v0007") is None


@pytest.mark.slow
@pytest.mark.vllm
@pytest.mark.timeout(900)
@pytest.mark.skipif(not VLLM_PYTHON.is_file(), reason=f"no vLLM virtualenv at {VLLM_PYTHON} (make vllm)")
def test_the_planner_gate_serves_a_merged_candidate_and_stops_it(tuning_cfg, tiny_model_dir, tmp_path):
    from rec.llm import vllm_server
    from rec.tuning.planner_tune import gate_loader

    server = tuning_cfg.server.model_copy(update={"python": str(VLLM_PYTHON), "dtype": "float32",
                                                  "max_model_len": 1024, "kv_cache_gb": 1})
    cfg = tuning_cfg.model_copy(update={"server": server})
    adapter = lora_adapter(tiny_model_dir, tmp_path / "v0009")
    planner = gate_loader(cfg, "vllm")(tiny_model_dir, adapter)
    try:
        assert planner.chat([{"role": "user", "content": "hi"}], max_tokens=4).completion_tokens >= 1
        assert getattr(planner, "chat_batch", None) is None        # a server: examples in flight, not batched
        state = vllm_server.read_state(cfg, "vllm-planner-v0009")
        assert state is not None and (cfg.models_dir / "merged" / "v0009" / MARKER).is_file()
        family = [psutil.Process(state.pid), *psutil.Process(state.pid).children(recursive=True)]
    finally:
        planner.close()
    _gone, alive = psutil.wait_procs(family, timeout=30)
    assert alive == [] and vllm_server.read_state(cfg, "vllm-planner-v0009") is None
