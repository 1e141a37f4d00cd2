"""LoRA fine-tuning of the ranker (and the planner: `planner_data.PlanExample`) with PEFT through TRL's SFTTrainer.

The loss is on the label token only: each example is the ranker prompt rendered with the model's chat
template (generation prompt included) followed by the one token of the engaged item's label, and every
prompt token is masked out (-100). That is exactly the distribution the ranker reads at inference
(`score_choices`: next-token log-probabilities of the labels).

The adapter is written to a temporary directory and renamed into place only when training finished,
so a crash leaves no half-written version (and the registry's production adapter is never touched).
Beside the adapter: `rec_train.json` (the resolved tuning config, the data summary, the losses).
"""

from __future__ import annotations

import json
import os
import shutil
import time
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from rec.errors import InputError, ModelAssetError, first_line
from rec.llm.dtype import DtypeChoice
from rec.tuning.dataset import Example


def label_token_ids(tokenizer: Any, labels: Sequence[str]) -> dict[str, int]:
    """Each label's single token (the ranker's verbalizer needs one token per label)."""
    out = {}
    for label in labels:
        ids = tokenizer.encode(label, add_special_tokens=False)
        if len(ids) != 1:
            raise ModelAssetError(f"label {label!r} is {len(ids)} tokens for this tokenizer; the ranker needs one")
        out[label] = ids[0]
    return out


def tokenize(tokenizer: Any, examples: Sequence[Example | Any], max_length: int) -> list[dict[str, list[int]]]:
    """Prompt tokens (masked) then the target's: the ranker's one label token, or an example's own
    `target_ids` (the planner's plan JSON and the end of the turn)."""
    rows = []
    for ex in examples:
        text = tokenizer.apply_chat_template(ex.messages, tokenize=False, add_generation_prompt=True)
        target = ex.target_ids(tokenizer) if hasattr(ex, "target_ids") else \
            [label_token_ids(tokenizer, [ex.target])[ex.target]]
        prompt = tokenizer(text, add_special_tokens=False)["input_ids"][-max(1, max_length - len(target)):]
        rows.append({"input_ids": [*prompt, *target], "labels": [-100] * len(prompt) + target})
    return rows


# How a precision is applied: the weights' dtype, and the Trainer's autocast (bf16 / fp16 flags).
PRECISIONS = {"float32": ("float32", None), "bfloat16": ("bfloat16", None),
              "bfloat16-mixed": ("float32", "bf16"), "float16-mixed": ("float32", "fp16")}


def training_precision(requested: str) -> DtypeChoice:
    """tuning.dtype resolved. `bfloat16`: the base model's weights in bf16 (PEFT keeps the adapter in
    float32); `bfloat16-mixed`: float32 weights under bf16 autocast (TRL's own default, what ran before
    tuning.dtype existed). `auto`, by measurement on this CPU (bench/tuning_dtype.py): bf16 weights where
    the CPU has bf16 (1.5x float32; autocast gained nothing), mixed precision on GPUs, float32 elsewhere."""
    from rec.llm.dtype import choose_dtype

    choice = choose_dtype(requested, setting="tuning.dtype")
    if requested != "auto" or choice.dtype == "float32" or "GPU" not in choice.reason:
        return choice
    return DtypeChoice(f"{choice.dtype}-mixed", choice.reason)   # GPUs: autocast over float32 weights


def train(examples: Sequence[Example | Any], base_model_dir: Path, out_dir: Path, tuning: Any, *,
          summary: dict[str, Any] | None = None, config_yaml: str = "",
          progress: Callable[[int, int], None] | None = None, precision: str | None = None) -> Path:
    """Train a LoRA adapter on `examples`; returns `out_dir` (a PEFT directory). `precision`: one of
    PRECISIONS; default: tuning.dtype resolved (`training_precision`)."""
    with warnings.catch_warnings():   # transformers' v6 deprecation notices are not the user's business
        warnings.simplefilter("ignore", FutureWarning)
        return _train(examples, base_model_dir, out_dir, tuning, summary, config_yaml, progress,
                      precision or training_precision(tuning.dtype).dtype)


def _train(examples: Sequence[Example | Any], base_model_dir: Path, out_dir: Path, tuning: Any,
           summary: dict[str, Any] | None, config_yaml: str, progress: Callable[[int, int], None] | None,
           precision: str) -> Path:
    if not examples:
        raise InputError("no training examples")
    if tuning.rank > 16:
        raise InputError("tuning.rank must be <= 16 (vLLM's --max-lora-rank)")
    try:
        import datasets
        import torch
        import transformers
        from peft import LoraConfig
        from trl import SFTConfig, SFTTrainer
    except ImportError as e:
        raise ModelAssetError(f"tuning needs the tuning extra ({e.name} is missing): "
                              "pip install -c constraints.txt -e '.[llm,tuning]'") from None

    datasets.disable_progress_bars()
    transformers.set_seed(tuning.seed)
    transformers.utils.logging.disable_progress_bar()
    tokenizer = transformers.AutoTokenizer.from_pretrained(base_model_dir)
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    weights, autocast = PRECISIONS[precision]
    model = transformers.AutoModelForCausalLM.from_pretrained(base_model_dir, dtype=getattr(torch, weights))
    data = datasets.Dataset.from_list(tokenize(tokenizer, examples, tuning.max_length))
    work = out_dir.with_name(out_dir.name + ".partial")
    shutil.rmtree(work, ignore_errors=True)
    args = _sft_config(SFTConfig, tuning, work, autocast, use_cpu=not torch.cuda.is_available())
    lora = LoraConfig(r=tuning.rank, lora_alpha=tuning.alpha, lora_dropout=tuning.dropout,
                      target_modules=list(tuning.target_modules), task_type="CAUSAL_LM")
    try:
        callbacks = [*([_Progress(progress)] if progress else []),
                     *([_Deadline(tuning.max_minutes * 60)] if getattr(tuning, "max_minutes", None) else [])]
        trainer = SFTTrainer(model=model, args=args, train_dataset=data, processing_class=tokenizer,
                             peft_config=lora, callbacks=callbacks or None)
    except ValueError as e:   # e.g. target modules this architecture does not have
        raise InputError(f"cannot set up LoRA training: {first_line(e)} "
                         f"(tuning.target_modules = {list(tuning.target_modules)})") from None
    trainer.remove_callback(transformers.PrinterCallback)   # losses go to rec_train.json, not stdout
    t0 = time.perf_counter()
    trainer.train()
    trainer.model.save_pretrained(str(work))
    losses = [round(e["loss"], 5) for e in trainer.state.log_history if "loss" in e]
    (work / "rec_train.json").write_text(json.dumps({
        "base_model": str(base_model_dir), "examples": len(examples), "steps": trainer.state.global_step,
        "max_steps": tuning.max_steps,
        "precision": precision,
        "seconds": round(time.perf_counter() - t0, 1), "losses": losses, "data": summary or {},
        "tuning": tuning.model_dump(mode="json")}, indent=2))
    (work / "config.yaml").write_text(config_yaml)
    shutil.rmtree(work / "checkpoints", ignore_errors=True)
    if out_dir.exists():
        shutil.rmtree(out_dir)
    os.replace(work, out_dir)   # all or nothing
    return out_dir


def _sft_config(config_class: Any, tuning: Any, work: Path, autocast: str | None, use_cpu: bool) -> Any:
    """TRL's training arguments from `tuning`; the autocast flags are always given explicitly, never left to
    TRL's own default."""
    return config_class(output_dir=str(work / "checkpoints"), max_steps=tuning.max_steps,
                        per_device_train_batch_size=tuning.batch_size, gradient_accumulation_steps=tuning.grad_accum,
                        learning_rate=tuning.learning_rate, lr_scheduler_type="cosine", warmup_steps=0,
                        logging_steps=1, save_steps=tuning.save_steps, save_total_limit=1, seed=tuning.seed,
                        data_seed=tuning.seed, report_to=[], disable_tqdm=True, use_cpu=use_cpu,
                        max_length=tuning.max_length, dataloader_num_workers=0, remove_unused_columns=False,
                        bf16=autocast == "bf16", fp16=autocast == "fp16")


def bar_steps(advance: Callable[[int], None] | None) -> Callable[[int, int], None]:
    """`train`'s progress (the step reached, of how many) as a progress bar's `advance(n)` by the steps
    since the last call; None: no bar."""
    done = [0]

    def report(step: int, _total: int) -> None:
        if advance:
            advance(step - done[0])
        done[0] = step

    return report


class _Progress:
    """A transformers TrainerCallback that reports (step, max_steps)."""

    def __init__(self, report: Callable[[int, int], None]):
        self.report = report

    def __getattr__(self, name: str):   # every other callback event: nothing to do
        if name.startswith("on_"):
            return lambda *a, **k: None
        raise AttributeError(name)

    def on_step_end(self, args, state, control, **kwargs):
        self.report(state.global_step, state.max_steps)


class _Deadline(_Progress):
    """Stops training after `seconds` (`tuning.max_minutes`: as many steps as fit the time given)."""

    def __init__(self, seconds: float):
        super().__init__(lambda *_: None)
        self.seconds, self.t0 = seconds, time.perf_counter()

    def on_step_end(self, args, state, control, **kwargs):
        if time.perf_counter() - self.t0 >= self.seconds:
            control.should_training_stop = True
