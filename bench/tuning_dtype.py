"""LoRA training steps in float32 against bf16 on this CPU: seconds a step, and whether the updates agree.

The same bootstrap examples (a user's next liked item among 20 candidates, from the store), seed and
batches for every precision: float32; bfloat16-mixed (float32 weights under bf16 autocast, what TRL's
SFTConfig does by default); bfloat16 (the model itself in bf16, the adapter in float32). Each is trained
`--steps` steps, in rounds of alternating order; a step's time is the gap between consecutive step ends
(the first step, which pays for warm-up, is not counted). Agreement with float32 in the same round: the
loss at each step, and the cosine between the learned LoRA updates (lora_B starts at zero, so after
training it is the update).

Usage: python bench/tuning_dtype.py [--steps 4] [--batch 2] [--rounds 2] [--store movielens]
                                    [--precisions float32,bfloat16-mixed,bfloat16]
"""

from __future__ import annotations

import argparse
import itertools
import json
import tempfile
import time
from pathlib import Path

from common import emit, machine_load, median_ci, ratio_ci

from rec.config import load_config, parse_overrides

PRECISIONS = ["float32", "bfloat16-mixed", "bfloat16"]


def examples(cfg, n: int) -> list:
    from rec.retrieval.embeddings import build_embedder
    from rec.retrieval.search import Retriever
    from rec.tuning.blend import read_store_interactions
    from rec.tuning.dataset import from_interactions

    retriever = Retriever(cfg, build_embedder(cfg.retrieval.embedder))
    rows = read_store_interactions(cfg.store_dir)
    return from_interactions(rows, retriever, window=20, per_user=1, max_users=2 * n, seed=0)[:n]


def run(cfg, data: list, precision: str, workdir: Path) -> dict:
    from rec.llm.models import resolve_model_dir
    from rec.tuning.train import train

    ends: list[float] = []
    out = workdir / precision
    load = machine_load()
    t0 = time.perf_counter()
    train(data, resolve_model_dir(cfg.llm.model, cfg.models_dir), out, cfg.tuning,
          progress=lambda _step, _total: ends.append(time.perf_counter()), precision=precision)
    info = json.loads((out / "rec_train.json").read_text())
    return {"precision": precision, "step_s": [b - a for a, b in itertools.pairwise(ends)],
            "first_step_s": ends[0] - t0, "losses": info["losses"], "lora_b": lora_b(out),
            "load_before": load["loadavg"], "load_after": machine_load()["loadavg"]}


def lora_b(adapter: Path):
    """Every lora_B matrix of the adapter, flattened into one float32 vector."""
    import torch
    from safetensors.torch import load_file

    tensors = load_file(str(adapter / "adapter_model.safetensors"))
    return torch.cat([t.float().flatten() for k, t in sorted(tensors.items()) if "lora_B" in k])


def agreement(ref: dict, other: dict) -> dict:
    import torch

    cos = torch.nn.functional.cosine_similarity(ref["lora_b"], other["lora_b"], dim=0).item()
    rel = ((ref["lora_b"] - other["lora_b"]).norm() / ref["lora_b"].norm()).item()
    diffs = [abs(a - b) for a, b in zip(ref["losses"], other["losses"], strict=True)]
    return {"loss_max_abs_diff": round(max(diffs), 5), "losses_ref": ref["losses"], "losses": other["losses"],
            "lora_update_cosine": round(cos, 5), "lora_update_rel_diff": round(rel, 5)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--steps", type=int, default=4)
    ap.add_argument("--batch", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--store", default="movielens")
    ap.add_argument("--precisions", default=",".join(PRECISIONS))
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE")
    args = ap.parse_args()
    cfg = load_config(overrides=parse_overrides([f"store={args.store}", f"tuning.max_steps={args.steps}",
                                                 f"tuning.batch_size={args.batch}", "tuning.save_steps=1000",
                                                 *args.set]))
    precisions = args.precisions.split(",")
    data = examples(cfg, args.steps * args.batch)
    runs: dict[str, list[dict]] = {p: [] for p in precisions}
    with tempfile.TemporaryDirectory(prefix="rec-tuning-dtype-") as tmp:
        for r in range(args.rounds):
            for p in (precisions if r % 2 == 0 else precisions[::-1]):
                runs[p].append(run(cfg, data, p, Path(tmp) / f"round{r}"))
    ref = precisions[0]
    out: dict = {"bench": "tuning_dtype", "model": cfg.llm.model, "steps": args.steps, "batch": args.batch,
                 "rounds": args.rounds, "examples": len(data), "lora_rank": cfg.tuning.rank}
    for p in precisions:
        steps = [s for r in runs[p] for s in r["step_s"]]
        out[p] = {"step_s": median_ci(steps, 2), "first_step_s": [round(r["first_step_s"], 1) for r in runs[p]],
                  "load": [{"before": r["load_before"], "after": r["load_after"]} for r in runs[p]]}
        if p != ref:
            ref_steps = [s for r in runs[ref] for s in r["step_s"]]
            out[p]["speedup_vs_" + ref] = ratio_ci(ref_steps, steps)
            out[p]["agreement_vs_" + ref] = agreement(runs[ref][0], runs[p][0])
        if args.rounds > 1:   # the noise floor: the same precision in the next round
            out[p]["repeat_agreement"] = agreement(runs[p][0], runs[p][1])
    emit("tuning_dtype", out)


if __name__ == "__main__":
    main()
