"""Model-call speed per backend: decode tokens/s, choice scoring, a JSON plan.

Runs against the managed vLLM server (if one answers at the configured base URL) and the
in-process transformers backend on the same prepared model, in the same run, and
prints one JSON document with medians and the vLLM/transformers ratios.
Usage: python bench/llm_backends.py [--runs N] [--skip-transformers]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import httpx
from common import emit

from rec.agents.planner import planner_messages
from rec.config import load_config
from rec.llm.factory import served_name
from rec.llm.models import resolve_model_dir
from rec.schema import Plan

DECODE_TOKENS = 48
LABELS = [chr(ord("A") + i) for i in range(20)]
PROMPT = [{"role": "system", "content": "You rank movies for a user. Answer with one letter."},
          {"role": "user", "content": "The user liked Alien, Aliens and Blade Runner. Candidates:\n"
           + "\n".join(f"{c}. Movie number {i} (199{i % 10}), Sci-Fi|Thriller" for i, c in enumerate(LABELS))
           + "\nWhich candidate should come first?"}]
REQUEST = [{"role": "user", "content": "a light comedy from the 80s for a family evening"}]


def _median(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def bench_http(base_url: str, model: str, runs: int) -> dict:
    from rec.llm.openai_http import OpenAIHTTPChatModel

    http = OpenAIHTTPChatModel(base_url, model)
    body = {"model": model, "messages": REQUEST, "max_tokens": DECODE_TOKENS, "temperature": 0,
            "ignore_eos": True, "min_tokens": DECODE_TOKENS}  # vLLM extras: exactly N tokens

    def decode():
        r = httpx.post(f"{base_url}/chat/completions", json=body, timeout=600).json()
        assert r["usage"]["completion_tokens"] == DECODE_TOKENS

    def one_token():
        httpx.post(f"{base_url}/chat/completions", json={**body, "max_tokens": 1, "min_tokens": 1},
                   timeout=600).raise_for_status()

    first = _median(lambda: http.score_choices(PROMPT, LABELS), 1)  # may include prompt processing
    return _measure("openai_http", decode, one_token, lambda: http.score_choices(PROMPT, LABELS),
                    lambda: http.chat(planner_messages(REQUEST), json_schema=Plan.model_json_schema(),
                                      max_tokens=256), runs) | {"score_first_s": round(first, 3)}


def bench_transformers(model_dir: Path, runs: int) -> dict:
    import torch

    from rec.llm.transformers_backend import TransformersChatModel

    local = TransformersChatModel(model_dir)
    enc = local._encode(REQUEST)

    def generate(n):
        with torch.inference_mode():
            local.model.generate(**enc, max_new_tokens=n, min_new_tokens=n, do_sample=False,
                                 pad_token_id=local._eos_ids[0])

    return _measure("transformers", lambda: generate(DECODE_TOKENS), lambda: generate(1),
                    lambda: local.score_choices(PROMPT, LABELS),
                    lambda: local.chat(planner_messages(REQUEST), json_schema=Plan.model_json_schema(),
                                       max_tokens=256), runs)


def _measure(name, decode, one_token, score, plan, runs) -> dict:
    t_decode, t_one = _median(decode, runs), _median(one_token, runs)
    per_token = max(t_decode - t_one, 1e-9) / (DECODE_TOKENS - 1)
    return {"backend": name, "decode_tokens_per_s": round(1 / per_token, 2),
            "first_token_s": round(t_one, 3), "score_20_choices_s": round(_median(score, runs), 3),
            "json_plan_s": round(_median(plan, max(1, runs // 2)), 2)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--skip-transformers", action="store_true")
    args = ap.parse_args()
    cfg = load_config()
    from rec.llm.openai_http import probe

    results: dict = {"benchmark": "llm_backends", "model": cfg.llm.model, "runs": args.runs}
    served = probe(cfg.base_url)
    if served and served_name(cfg) in served:
        results["openai_http"] = bench_http(cfg.base_url, served_name(cfg), args.runs)
    if not args.skip_transformers:
        results["transformers"] = bench_transformers(resolve_model_dir(cfg.llm.model, cfg.models_dir), args.runs)
    if "openai_http" in results and "transformers" in results:
        a, b = results["openai_http"], results["transformers"]
        results["ratio_vllm_over_transformers"] = {
            "decode_tokens_per_s": round(a["decode_tokens_per_s"] / b["decode_tokens_per_s"], 2),
            "score_20_choices_s": round(a["score_20_choices_s"] / b["score_20_choices_s"], 2),
        }
    emit("llm_backends", results)


if __name__ == "__main__":
    main()
