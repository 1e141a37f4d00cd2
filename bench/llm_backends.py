"""Model-call speed and agreement: fp32 against bf16 on the managed vLLM server, or vLLM against transformers.

Default (`--dtypes float32,bfloat16`): for each dtype in turn, start the managed vLLM server on the
packaged model (its own port, `server.dtype` set), measure, stop it: decode tokens/s (streamed, exactly
DECODE_TOKENS tokens), the 20-label scoring call on N real ranker prompts (bootstrap examples from the
store's interactions: each prompt new to the server, as in a turn; and one prompt repeated, prefix
cached), and a JSON plan under the store's grounded schema. Then the agreement of the label
log-probabilities between the dtypes (Spearman over the 20 labels, top-1 agreement, max abs diff) and of
the plans. Medians with 95% bootstrap intervals; ratios against the first dtype. The machine is shared:
load averages are recorded before and after each dtype.

`--backends`: the older comparison, the server answering at the configured URL against in-process
transformers on the same model.

Usage: python bench/llm_backends.py [--dtypes float32,bfloat16] [--prompts 30] [--runs 3] [--rounds 2]
                                     [--store movielens] [--set server.python=...]
       python bench/llm_backends.py --backends [--runs N] [--skip-transformers]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import httpx
from common import emit, machine_load, median_ci, ratio_ci, wilson

from rec.agents.planner import planner_messages
from rec.config import load_config, parse_overrides
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


def ranker_prompts(cfg, n: int) -> list:
    """N real ranker prompts: bootstrap examples (a user's next liked item among 20) from the store."""
    from rec.retrieval.embeddings import build_embedder
    from rec.retrieval.search import Retriever
    from rec.tuning.blend import read_store_interactions
    from rec.tuning.dataset import from_interactions

    rows = read_store_interactions(cfg.store_dir)
    retriever = Retriever(cfg, build_embedder(cfg.retrieval.embedder))
    examples = from_interactions(rows, retriever, window=20, per_user=1, max_users=2 * n, seed=0)
    return [ex for ex in examples if len(ex.labels) == 20][:n]


def plan_schema_of(cfg) -> dict:
    from rec.agents.links import categorical_fields
    from rec.agents.planner import plan_schema
    from rec.retrieval.store import ItemStore

    fields = ItemStore(cfg).read_manifest().get("fields", {})
    return plan_schema(fields, categorical_fields(fields))


def stream_decode(base_url: str, model: str) -> tuple[float, float]:
    """(decode tokens/s after the first token, seconds to the first token) of one streamed completion."""
    body = {"model": model, "messages": REQUEST, "max_tokens": DECODE_TOKENS, "min_tokens": DECODE_TOKENS,
            "ignore_eos": True, "temperature": 0, "stream": True, "stream_options": {"include_usage": True}}
    t0, stamps, tokens = time.perf_counter(), [], 0
    with httpx.stream("POST", f"{base_url}/chat/completions", json=body, timeout=600, trust_env=False) as r:
        r.raise_for_status()
        for line in r.iter_lines():
            if not line.startswith("data: ") or line == "data: [DONE]":
                continue
            chunk = json.loads(line[6:])
            if chunk.get("usage"):
                tokens = chunk["usage"]["completion_tokens"]
            if chunk.get("choices") and chunk["choices"][0]["delta"].get("content"):
                stamps.append(time.perf_counter())
    assert tokens == DECODE_TOKENS and len(stamps) >= 2, (tokens, len(stamps))
    return (tokens - 1) / (stamps[-1] - stamps[0]), stamps[0] - t0


def measure_dtype(cfg, dtype: str, prompts: list, schema: dict, runs: int) -> dict:
    """Start the managed server in `dtype`, measure, stop it."""
    from rec.llm import vllm_server
    from rec.llm.openai_http import OpenAIHTTPChatModel

    c = cfg.model_copy(deep=True)
    c.server.dtype, c.server.port = dtype, free_port()
    served = served_name(c)
    load_before = machine_load()
    t0 = time.perf_counter()
    state, _ = vllm_server.start(c, resolve_model_dir(c.llm.model, c.models_dir), served, detach=False,
                                 on_status=lambda m: print(f"[{dtype}] {m}", file=sys.stderr))
    ready_s = time.perf_counter() - t0
    try:
        http = OpenAIHTTPChatModel(state.base_url, served, timeout_s=600, max_retries=0)
        decode = [stream_decode(state.base_url, served) for _ in range(runs)]
        cold, scores = [], []
        for ex in prompts:   # each prompt new to the server: prompt processing + one token, as in a turn
            got = http.score_choices(ex.messages, ex.labels)
            cold.append(got.latency_s)
            scores.append({"logprobs": got.logprobs, "coverage": got.coverage, "target": ex.target})
        warm = [http.score_choices(prompts[0].messages, prompts[0].labels).latency_s for _ in range(runs)]
        plans, plan_s = [], []
        for query in PLAN_QUERIES[:runs]:
            t = time.perf_counter()
            out = http.chat(planner_messages([{"role": "user", "content": query}]), json_schema=schema,
                            max_tokens=256)
            plan_s.append(time.perf_counter() - t)
            plans.append(out.text)
    finally:
        vllm_server.stop(c)
    return {"dtype": state.dtype, "dtype_reason": state.dtype_reason, "ready_s": round(ready_s, 1),
            "decode": [d[0] for d in decode], "ttft": [d[1] for d in decode], "cold": cold, "warm": warm,
            "plan": plan_s, "scores": scores, "plans": plans, "load_before": load_before,
            "load_after": machine_load()}


def summarise(rounds: list[dict]) -> dict:
    """One dtype over its rounds: samples pooled; the first round's label scores rank the true next item."""
    pooled = {k: [v for r in rounds for v in r[k]] for k in ("decode", "ttft", "cold", "warm", "plan")}
    first = rounds[0]
    return {"dtype": first["dtype"], "dtype_reason": first["dtype_reason"], "rounds": len(rounds),
            "ready_s": [r["ready_s"] for r in rounds],
            "decode_tokens_per_s": median_ci(pooled["decode"], 2), "first_token_s": median_ci(pooled["ttft"], 3),
            "score_20_labels_new_prompt_s": median_ci(pooled["cold"], 3),
            "score_20_labels_cached_s": median_ci(pooled["warm"], 3), "json_plan_s": median_ci(pooled["plan"], 2),
            "decode_tokens_per_s_by_round": [round(statistics.median(r["decode"]), 2) for r in rounds],
            "load": [{"before": r["load_before"]["loadavg"], "after": r["load_after"]["loadavg"]} for r in rounds],
            "ranking_of_true_next_item": target_rank_quality(first["scores"])}


def agreement(a: list[dict], b: list[dict]) -> dict:
    """How far the second dtype's label log-probabilities are from the first's, over the same prompts."""
    import numpy as np
    from scipy.stats import spearmanr

    rho, top1, top3, diffs, p_diffs = [], 0, [], [], []
    for x, y in zip(a, b, strict=True):
        labels = sorted(x["logprobs"])
        u = np.array([x["logprobs"][k] for k in labels])
        v = np.array([y["logprobs"][k] for k in labels])
        rho.append(float(spearmanr(u, v).statistic))
        top1 += int(np.argmax(u) == np.argmax(v))
        top3.append(len(set(np.argsort(-u)[:3]) & set(np.argsort(-v)[:3])) / 3)
        diffs.append(float(np.max(np.abs(u - v))))
        p_diffs.append(float(np.max(np.abs(np.exp(u) - np.exp(v)))))
    return {"prompts": len(rho), "spearman": median_ci(rho, 4) | {"min": round(min(rho), 4)},
            "top1_agreement": wilson(top1, len(rho)), "top3_overlap_mean": round(float(np.mean(top3)), 3),
            "max_abs_logprob_diff": median_ci(diffs, 4) | {"max": round(max(diffs), 4)},
            "max_abs_prob_diff": median_ci(p_diffs, 4) | {"max": round(max(p_diffs), 4)}}


def target_rank_quality(scores: list[dict]) -> dict:
    """The bootstrap target (the user's real next item) as ranked by the model alone: hit@1 and MRR."""
    ranks = [1 + sorted(s["logprobs"].values(), reverse=True).index(s["logprobs"][s["target"]]) for s in scores]
    return {"hit_at_1": wilson(sum(r == 1 for r in ranks), len(ranks)),
            "mrr": round(sum(1 / r for r in ranks) / len(ranks), 4),
            "label_coverage_mean": round(sum(s["coverage"] for s in scores) / len(scores), 3)}


def compare_dtypes(cfg, dtypes: list[str], n_prompts: int, runs: int, rounds: int) -> dict:
    """Each dtype `rounds` times, in alternating order (A B, B A, ...) so drifting load hits both alike."""
    prompts = ranker_prompts(cfg, n_prompts)
    schema = plan_schema_of(cfg)
    per: dict[str, list[dict]] = {d: [] for d in dtypes}
    for r in range(rounds):
        for d in (dtypes if r % 2 == 0 else dtypes[::-1]):
            per[d].append(measure_dtype(cfg, d, prompts, schema, runs))
    base = per[dtypes[0]]
    out: dict = {"benchmark": "llm_dtypes", "model": cfg.llm.model, "store": cfg.store, "runs": runs,
                 "rounds": rounds, "prompts": len(prompts), "decode_tokens": DECODE_TOKENS,
                 **{d: summarise(per[d]) for d in dtypes}}
    for d in dtypes:   # the noise floor: the same dtype against itself on a restarted server
        if rounds > 1:
            out[d]["restart_agreement"] = agreement(per[d][0]["scores"], per[d][1]["scores"])
    for d in dtypes[1:]:
        pool = {k: [v for r in per[d] for v in r[k]] for k in ("decode", "cold", "warm", "plan")}
        ref = {k: [v for r in base for v in r[k]] for k in ("decode", "cold", "warm", "plan")}
        out[f"{d}_vs_{dtypes[0]}"] = {
            "speedup_decode_tokens_per_s": ratio_ci(pool["decode"], ref["decode"]),
            "speedup_score_new_prompt": ratio_ci(ref["cold"], pool["cold"]),
            "speedup_score_cached": ratio_ci(ref["warm"], pool["warm"]),
            "speedup_json_plan": ratio_ci(ref["plan"], pool["plan"]),
            "label_logprob_agreement": agreement(base[0]["scores"], per[d][0]["scores"]),
            "identical_json_plans": wilson(sum(p == q for p, q in zip(base[0]["plans"], per[d][0]["plans"],
                                                                      strict=True)), len(base[0]["plans"])),
            "plans": {dtypes[0]: base[0]["plans"], d: per[d][0]["plans"]}}
    return out


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


PLAN_QUERIES = ["a light comedy from the 80s for a family evening", "a scary movie but nothing too gory",
                "something like Star Wars and Alien, after 1980", "a romantic drama from the 50s or 60s",
                "an animated film for kids, not Disney", "a war film before 1970 with a great cast",
                "a crime thriller from the 70s", "a musical I can watch with my parents"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dtypes", default="float32,bfloat16", help="each measured on a freshly started managed server")
    ap.add_argument("--prompts", type=int, default=30, help="ranker prompts scored by each dtype")
    ap.add_argument("--runs", type=int, default=3, help="decode and JSON plan runs per server start (<= 8)")
    ap.add_argument("--rounds", type=int, default=2, help="server starts per dtype, in alternating order")
    ap.add_argument("--store", default="movielens")
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE")
    ap.add_argument("--backends", action="store_true", help="vLLM at the configured URL against transformers")
    ap.add_argument("--skip-transformers", action="store_true")
    args = ap.parse_args()
    cfg = load_config(overrides=parse_overrides([f"store={args.store}", *args.set]))
    if args.backends:
        emit("llm_backends", compare_backends(cfg, args.runs, args.skip_transformers))
    else:
        emit("llm_dtypes", compare_dtypes(cfg, args.dtypes.split(","), args.prompts, min(args.runs, 8),
                                               args.rounds))


def compare_backends(cfg, runs: int, skip_transformers: bool) -> dict:
    from rec.llm.openai_http import probe

    results: dict = {"benchmark": "llm_backends", "model": cfg.llm.model, "runs": runs}
    served = probe(cfg.base_url)
    if served and served_name(cfg) in served:
        results["openai_http"] = bench_http(cfg.base_url, served_name(cfg), runs)
    if not skip_transformers:
        results["transformers"] = bench_transformers(resolve_model_dir(cfg.llm.model, cfg.models_dir), runs)
    if "openai_http" in results and "transformers" in results:
        a, b = results["openai_http"], results["transformers"]
        results["ratio_vllm_over_transformers"] = {
            "decode_tokens_per_s": round(a["decode_tokens_per_s"] / b["decode_tokens_per_s"], 2),
            "score_20_choices_s": round(a["score_20_choices_s"] / b["score_20_choices_s"], 2),
        }
    return results


if __name__ == "__main__":
    main()
