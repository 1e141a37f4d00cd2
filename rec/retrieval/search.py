"""The search API the retriever agent uses: several sources, one fused candidate list.

Sources: dense search over text documents and over caption documents (Chroma,
with the `where` filter applied inside the index), BM25 over the same text,
and item-to-item co-occurrence ("more like" the reference items, or the
user's recent history). Lexical and collaborative hits are vetted with
`filters.matches` (Chroma's semantics, checked by a parity test) on metadata
fetched by id, so every source obeys the same filter. Exclusions are dropped
in Python after over-fetching: a `$nin` over ids costs Chroma a scan of the
whole collection (~0.26 s at 100k items). Sources are fused with reciprocal-
rank fusion: score = sum over sources of 1 / (rrf_k + rank); each candidate
keeps its per-source scores.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from rec.config import RecConfig
from rec.errors import StoreError
from rec.retrieval.collaborative import CoOccurrence
from rec.retrieval.embeddings import Embedder
from rec.retrieval.filters import constraints_to_where, matches
from rec.retrieval.lexical import LexicalIndex
from rec.retrieval.store import ItemStore, public_metadata
from rec.schema import Candidate, Constraint

SOURCES = ("text", "caption", "lexical", "collaborative")


class Retriever:
    """Opened once per process; every call is read-only, so many can run at once."""

    def __init__(self, cfg: RecConfig, embedder: Embedder, store: ItemStore | None = None):
        self.cfg = cfg
        self.embedder = embedder
        self.store = store or ItemStore(cfg)
        manifest = self.store.read_manifest()
        if manifest.get("embedder") not in (None, embedder.name):
            raise StoreError(f"store {cfg.store!r} was built with embedder {manifest['embedder']}, "
                             f"not {embedder.name}: its vectors would not compare")
        # An ingested store always has a lexical index; a missing one is damage, not "no BM25".
        self.lexical = LexicalIndex.load(self.store.dir) if manifest.get("items") else None
        self.collab = CoOccurrence.load(self.store.dir)
        self.fields = self.store.field_types(manifest)

    def titles(self, item_ids: Sequence[str], meta: Mapping[str, Mapping[str, Any]] | None = None) -> list[str]:
        """The titles of `item_ids` in the order given (the store answers in its own order; a history
        must stay oldest-first), unknown ids skipped. `meta`: their metadata, if already fetched."""
        meta = meta if meta is not None else self.store.items(list(item_ids))
        return [str(meta[i]["title"]) for i in item_ids if i in meta]

    def where_for(self, constraints: Iterable[Constraint]) -> dict[str, Any] | None:
        """The planner's constraints as a Chroma where (validated against this store's fields)."""
        return constraints_to_where(list(constraints), self.fields or None)

    def search(self, query: str, *, where: Mapping[str, Any] | None = None, exclude_ids: Iterable[str] = (),
               k: int = 20, reference_ids: Sequence[str] = (), user_id: str | None = None,
               sources: Sequence[str] = SOURCES, weights: Mapping[str, float] | None = None) -> list[Candidate]:
        """Top-`k` candidates satisfying `where`, never one of `exclude_ids` (nor a reference item).
        `weights` scale each source's reciprocal-rank votes (default 1); a source weighted 0 is not run."""
        weights = dict(weights or {})
        sources = [s for s in sources if weights.get(s, 1.0) > 0]
        excluded = set(exclude_ids) | set(reference_ids)
        depth = max(k * 3, self.cfg.retrieval.candidates)
        ranked: dict[str, list[tuple[str, float]]] = {}
        meta: dict[str, dict[str, Any]] = {}  # item metadata seen during this search, fetched once
        if query.strip() and ({"text", "caption"} & set(sources)):
            ranked.update(self._dense(query, depth, where, excluded, sources, meta))
        if "lexical" in sources and self.lexical is not None and query.strip():
            hits = self.lexical.search(query, depth + len(excluded))
            ranked["lexical"] = self._admissible(hits, where, excluded, meta)
        if "collaborative" in sources:
            hits = self.collab.similar(list(reference_ids), depth, exclude=excluded) if reference_ids else []
            if user_id is not None:
                hits = hits or self.collab.for_user(user_id, depth, exclude=excluded)
            ranked["collaborative"] = self._admissible(hits, where, excluded, meta)
        return self._fuse(ranked, k, meta, weights)

    def _dense(self, query: str, depth: int, where, excluded: set[str], sources,
               meta: dict[str, dict[str, Any]]) -> dict[str, list[tuple[str, float]]]:
        vector = self.embedder.embed([query])[0]
        out: dict[str, list[tuple[str, float]]] = {s: [] for s in ("text", "caption") if s in sources}
        seen: set[tuple[str, str]] = set()
        for item_id, kind, sim, doc_meta in self.store.query(vector, depth * 2 + len(excluded), where):
            if kind in out and item_id not in excluded and (item_id, kind) not in seen:
                seen.add((item_id, kind))
                out[kind].append((item_id, sim))
                meta.setdefault(item_id, doc_meta)  # text and caption documents carry the same item metadata
        return out

    def _lookup(self, ids: Iterable[str], meta: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
        """Metadata for `ids`, asking the store only for those not seen yet in this search."""
        meta.update(self.store.items([i for i in dict.fromkeys(ids) if i not in meta]))
        return meta

    def _admissible(self, hits: list[tuple[str, float]], where, excluded: set[str],
                    meta: dict[str, dict[str, Any]]) -> list[tuple[str, float]]:
        hits = [(i, s) for i, s in hits if i not in excluded]
        known = self._lookup((i for i, _ in hits), meta)
        return [(i, s) for i, s in hits if i in known and matches(known[i], where)]

    def _fuse(self, ranked: Mapping[str, list[tuple[str, float]]], k: int,
              meta: dict[str, dict[str, Any]], weights: Mapping[str, float]) -> list[Candidate]:
        """Weighted reciprocal-rank fusion; every source's hits already satisfy the filter."""
        rrf = self.cfg.retrieval.rrf_k
        fused: dict[str, dict[str, Any]] = {}
        for source, hits in ranked.items():
            for rank, (item_id, score) in enumerate(hits, 1):
                entry = fused.setdefault(item_id, {"score": 0.0, "scores": {}, "ranks": {}})
                entry["score"] += weights.get(source, 1.0) / (rrf + rank)
                entry["scores"][source] = round(score, 6)
                entry["ranks"][source] = rank
        best = sorted(fused.items(), key=lambda kv: (-kv[1]["score"], kv[0]))[:k]
        self._lookup((i for i, _ in best), meta)
        return [Candidate(item_id=i, title=str(meta[i].get("title", i)), score=round(e["score"], 6),
                          scores=e["scores"], ranks=e["ranks"], metadata=public_metadata(meta[i]))
                for i, e in best if i in meta]
