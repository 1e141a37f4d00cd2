"""In-process ChatModel on transformers, for hosts without vLLM and for tuning evaluation.

Same capabilities as the HTTP backend: JSON-schema output is enforced with an
xgrammar logits processor (no whitespace runs, so a weak model cannot stall in
blanks), and choice scoring reads the full next-token distribution, so every
label gets its exact log-probability (no top-k floor). Calls are serialised:
one model, one forward pass at a time.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from rec.errors import LLMError, ModelAssetError, first_line
from rec.llm.base import ChatResult, ChoiceScores, Message, check_choices, normalise_choices
from rec.llm.models import require_llm_extra


class TransformersChatModel:
    def __init__(self, model_dir: Path, *, adapter_dir: Path | None = None, model_name: str | None = None,
                 threads: int | None = None):
        torch, transformers = require_llm_extra()
        transformers.utils.logging.disable_progress_bar()  # per-tensor bars are noise in a chat or a test log

        if not (Path(model_dir) / "config.json").is_file():
            raise ModelAssetError(f"{model_dir} is not a model directory (no config.json); run `rec models prepare`")
        if threads:
            torch.set_num_threads(threads)
        self._torch = torch
        self.model_dir = Path(model_dir)
        try:
            self.tokenizer = transformers.AutoTokenizer.from_pretrained(model_dir)
            model = transformers.AutoModelForCausalLM.from_pretrained(model_dir, dtype=torch.float32)
            if adapter_dir is not None:
                from peft import PeftModel

                model = PeftModel.from_pretrained(model, str(adapter_dir))
        except (OSError, ValueError, KeyError, RuntimeError) as e:
            raise ModelAssetError(f"cannot load the model in {model_dir}: {first_line(e)}") from e
        self.model = model.eval()
        self._model_name = model_name or self.model_dir.name
        self._eos_ids = self._stop_token_ids()
        self._lock = threading.Lock()
        self._compiler: Any = None
        self._grammars: dict[str, Any] = {}

    @property
    def name(self) -> str:
        return f"transformers:{self._model_name}"

    # --- internals ---------------------------------------------------------------------------
    def _stop_token_ids(self) -> list[int]:
        ids = self.model.generation_config.eos_token_id
        ids = [ids] if isinstance(ids, int) else list(ids or [])
        if self.tokenizer.eos_token_id is not None and self.tokenizer.eos_token_id not in ids:
            ids.append(self.tokenizer.eos_token_id)
        if not ids:
            raise ModelAssetError(f"{self.model_dir}: the tokenizer defines no end-of-sequence token")
        return ids

    def _encode(self, messages: Sequence[Message]):
        text = self.tokenizer.apply_chat_template([dict(m) for m in messages], tokenize=False,
                                                  add_generation_prompt=True)
        return self.tokenizer(text, return_tensors="pt", add_special_tokens=False)

    def _grammar_processor(self, schema: Mapping[str, Any]):
        import xgrammar as xgr
        from xgrammar.contrib.hf import LogitsProcessor

        if self._compiler is None:
            info = xgr.TokenizerInfo.from_huggingface(
                self.tokenizer, vocab_size=self.model.config.vocab_size, stop_token_ids=self._eos_ids)
            self._compiler = xgr.GrammarCompiler(info)
        key = json.dumps(schema)  # property order matters: it is the output order
        if key not in self._grammars:
            self._grammars[key] = self._compiler.compile_json_schema(key, any_whitespace=False)
        return LogitsProcessor(self._grammars[key])

    # --- ChatModel -------------------------------------------------------------------------
    def chat(self, messages: Sequence[Message], *, max_tokens: int = 256, temperature: float = 0.0,
             json_schema: Mapping[str, Any] | None = None, stop: Sequence[str] | None = None,
             seed: int | None = None) -> ChatResult:
        from transformers import LogitsProcessorList

        torch = self._torch
        with self._lock, torch.inference_mode():
            t0 = time.perf_counter()
            enc = self._encode(messages)
            kwargs: dict[str, Any] = {"max_new_tokens": max_tokens, "eos_token_id": self._eos_ids,
                                      "pad_token_id": self.tokenizer.pad_token_id or self._eos_ids[0]}
            if temperature > 0:
                if seed is not None:
                    torch.manual_seed(seed)
                kwargs.update(do_sample=True, temperature=temperature)
            else:
                kwargs.update(do_sample=False, temperature=None, top_p=None, top_k=None)
            if json_schema is not None:
                kwargs["logits_processor"] = LogitsProcessorList([self._grammar_processor(json_schema)])
            if stop:
                kwargs.update(stop_strings=list(stop), tokenizer=self.tokenizer)
            try:
                out = self.model.generate(**enc, **kwargs)
            except (RuntimeError, ValueError) as e:
                raise LLMError(f"in-process generation failed: {e}") from e
            new = out[0, enc["input_ids"].shape[1]:]
            text = self.tokenizer.decode(new, skip_special_tokens=True)
            finished = len(new) > 0 and int(new[-1]) in self._eos_ids
            return ChatResult(text=text, model=self._model_name, prompt_tokens=int(enc["input_ids"].shape[1]),
                              completion_tokens=len(new), latency_s=time.perf_counter() - t0,
                              finish_reason="stop" if finished else "length")

    def chat_batch(self, conversations: Sequence[Sequence[Message]], *, max_tokens: int = 256,
                   json_schema: Mapping[str, Any] | None = None) -> list[ChatResult]:
        """Greedy replies to several conversations in one batched generation (left-padded; one grammar
        matcher per row). On a CPU, decoding reads every weight once a step whatever the batch, so a batch
        of n costs little more than one reply: offline evaluation (the planner's gate) uses it."""
        from transformers import LogitsProcessorList

        torch = self._torch
        texts = [self.tokenizer.apply_chat_template([dict(m) for m in c], tokenize=False, add_generation_prompt=True)
                 for c in conversations]
        with self._lock, torch.inference_mode():
            t0 = time.perf_counter()
            side, self.tokenizer.padding_side = self.tokenizer.padding_side, "left"
            try:
                enc = self.tokenizer(texts, return_tensors="pt", add_special_tokens=False, padding=True)
            finally:
                self.tokenizer.padding_side = side
            kwargs: dict[str, Any] = {"max_new_tokens": max_tokens, "eos_token_id": self._eos_ids, "do_sample": False,
                                      "pad_token_id": self.tokenizer.pad_token_id or self._eos_ids[0],
                                      "temperature": None, "top_p": None, "top_k": None}
            if json_schema is not None:
                kwargs["logits_processor"] = LogitsProcessorList([self._grammar_processor(json_schema)])
            try:
                out = self.model.generate(**enc, **kwargs)
            except (RuntimeError, ValueError) as e:
                raise LLMError(f"in-process generation failed: {e}") from e
            seconds = time.perf_counter() - t0
        results = []
        for row, mask in zip(out[:, enc["input_ids"].shape[1]:], enc["attention_mask"], strict=True):
            ids = [int(t) for t in row]
            end = next((n for n, t in enumerate(ids) if t in self._eos_ids), None)
            new = ids if end is None else ids[:end + 1]
            results.append(ChatResult(
                text=self.tokenizer.decode(new, skip_special_tokens=True), model=self._model_name,
                prompt_tokens=int(mask.sum()), completion_tokens=len(new), latency_s=seconds / len(texts),
                finish_reason="length" if end is None else "stop"))
        return results

    def choice_token_ids(self, choice: str) -> list[int]:
        """The single tokens that spell a label after the prompt (`A`, ` A`); a label with
        no single-token spelling falls back to its first token."""
        ids: list[int] = []
        for variant in (choice, " " + choice):
            toks = self.tokenizer.encode(variant, add_special_tokens=False)
            if len(toks) == 1 and toks[0] not in ids:
                ids.append(toks[0])
        return ids or self.tokenizer.encode(choice, add_special_tokens=False)[:1]

    def score_choices(self, messages: Sequence[Message], choices: Sequence[str]) -> ChoiceScores:
        labels = check_choices(choices)
        torch = self._torch
        with self._lock, torch.inference_mode():
            t0 = time.perf_counter()
            enc = self._encode(messages)
            logits = self.model(**enc).logits[0, -1].float()
            logp = torch.log_softmax(logits, dim=-1)
            raw: dict[str, float | None] = {}
            for label in labels:
                ids = self.choice_token_ids(label)
                raw[label] = float(torch.logsumexp(logp[ids], dim=0)) if ids else None
            return ChoiceScores(logprobs=normalise_choices(raw), raw=raw, model=self._model_name,
                                prompt_tokens=int(enc["input_ids"].shape[1]),
                                latency_s=time.perf_counter() - t0)

    def close(self) -> None:
        return None
