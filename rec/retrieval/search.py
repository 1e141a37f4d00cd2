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
from rec.ranking.blend import FEATURES, Blend, Mode
from rec.ranking.features import Context, signal_matrix
from rec.retrieval.behaviour import Behaviour
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
        self._pinned = False   # `use` swapped in models built elsewhere: a reopen keeps them
        self._open(store or ItemStore(cfg))

    def _open(self, store: ItemStore) -> None:
        self.store = store
        self.version = store.signature()   # read before the manifest: a later write is seen as a change
        store.artifacts.pull()   # several hosts: the shared files into this host's store directory
        manifest = store.local_manifest()
        if manifest.get("embedder") not in (None, self.embedder.name):
            raise StoreError(f"store {self.cfg.store!r} was built with embedder {manifest['embedder']}, "
                             f"not {self.embedder.name}: its vectors would not compare")
        # An ingested store always has a lexical index; a missing one is damage, not "no BM25".
        self.lexical = LexicalIndex.load(store.dir) if manifest.get("items") else None
        if not self._pinned:
            self.behaviour = Behaviour.load(store.dir)
            self.blend = Blend.load(store.dir)
        self.fields = store.field_types(manifest)
        self._items = int(manifest.get("items") or 0)
        self._vectors: dict[str, dict[str, Any]] = {"text": {}, "caption": {}}   # item vectors read so far
        self._all_ids: list[str] | None = None

    def changed(self) -> bool:
        """Has another process finished writing the store since it was opened (`rec ingest`)? A store
        being written (its manifest marked dirty) has not changed yet: the reopen waits for the end."""
        version = self.store.signature()
        return version != self.version and not self.store.read_manifest().get("dirty", False)

    def reopen(self) -> None:
        """Read the store afresh: a new Chroma client (the old one's index does not see another process's
        writes), the lexical index, the behaviour models, the blend and the fields. Not thread-safe: the
        caller keeps every other use of this retriever out meanwhile (`Recommender.refresh`)."""
        self.store.close()
        self._open(ItemStore(self.cfg))

    @property
    def collab(self):
        return self.behaviour.collab

    def use(self, behaviour: Behaviour, blend: Blend | None = None) -> None:
        """Swap in models built elsewhere (an evaluation's, from the interactions its protocol allows)."""
        self.behaviour, self._pinned = behaviour, True
        if blend is not None:
            self.blend = blend

    def vectors(self, item_ids: Sequence[str], kind: str = "text") -> dict[str, Any]:
        """item id -> unit vector (numpy) of its `kind` document; read once from the store, then cached."""
        import numpy as np

        cache = self._vectors[kind]
        missing = [i for i in item_ids if i not in cache]
        if missing:
            got = self.store.vectors(missing, kind)
            for i in missing:   # None marks "has no such document", so it is not asked for again
                cache[i] = np.asarray(got[i], dtype=np.float32) if i in got else None
        return {i: cache[i] for i in item_ids if cache.get(i) is not None}

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
        vector = self.request_vector(query, reference_ids) if {"text", "caption"} & set(sources) else None
        if vector is not None:
            ranked.update(self._dense(vector, depth, where, excluded, sources, meta))
        if "lexical" in sources and self.lexical is not None and query.strip():
            hits = self.lexical.search(query, depth + len(excluded))
            ranked["lexical"] = self._admissible(hits, where, excluded, meta)
        if "collaborative" in sources:
            hits = self.collab.similar(list(reference_ids), depth, exclude=excluded) if reference_ids else []
            if user_id is not None:
                hits = hits or self.collab.for_user(user_id, depth, exclude=excluded)
            ranked["collaborative"] = self._admissible(hits, where, excluded, meta)
        return self._fuse(ranked, k, meta, weights)

    def candidates(self, ctx: Context, *, mode: Mode, where: Mapping[str, Any] | None = None,
                   exclude_ids: Iterable[str] = (), k: int = 40) -> list[Candidate]:
        """The top `k` items satisfying `where` by the store's learned blend of every signal (text,
        lexical, collaborative, sequential, prior), never one of `exclude_ids` or a reference item."""
        meta: dict[str, dict[str, Any]] = {}
        pool, raw = self.pool_signals(ctx, where=where, exclude_ids=exclude_ids, k=k, meta=meta)
        if not pool:
            return []
        blended = self.blend.score(mode, raw)
        best = sorted(range(len(pool)), key=lambda n: (-blended[n], pool[n]))[:k]
        anchors = [*ctx.references, *reversed(ctx.history[-5:])]
        because = {pool[n]: self.behaviour.collab.strongest(anchors, pool[n]) for n in best}
        self._lookup([*(pool[n] for n in best), *(a for a in because.values() if a)], meta)
        return [Candidate(item_id=pool[n], title=str(meta[pool[n]].get("title", pool[n])),
                          score=round(float(blended[n]), 6),
                          scores={f: round(float(raw[n, j]), 6) for j, f in enumerate(FEATURES) if raw[n, j]},
                          metadata=public_metadata(meta[pool[n]]),
                          because=_anchor(meta[a], meta[pool[n]]) if (a := because[pool[n]]) in meta else None)
                for n in best if pool[n] in meta]

    def pool_signals(self, ctx: Context, *, where: Mapping[str, Any] | None = None, exclude_ids: Iterable[str] = (),
                     k: int = 40, meta: dict[str, dict[str, Any]] | None = None) -> tuple[list[str], Any]:
        """The admissible pool and its raw signal matrix. A constrained set of at most
        `retrieval.exact_max` items is scored whole; a larger one through each source's best items."""
        excluded = set(exclude_ids) | set(ctx.references)
        vector = self.request_vector(ctx.query, ctx.references)     # embedded once
        pool = self._exact_pool(where, excluded)
        if pool is None:
            pool = self._pool(ctx, vector, where, excluded, max(k * 3, self.cfg.retrieval.candidates),
                              {} if meta is None else meta)
        return pool, signal_matrix(self, pool, ctx, vector)

    def _exact_pool(self, where: Mapping[str, Any] | None, excluded: set[str]) -> list[str] | None:
        """Every admissible item when there are at most `exact_max` of them, else None."""
        limit = self.cfg.retrieval.exact_max
        if where:
            ids = self.store.item_ids(where, limit=limit + 1)
        elif self._items > limit:
            return None
        else:   # the whole catalog is small: read its ids once
            if self._all_ids is None:
                self._all_ids = sorted(self.store.item_ids(None, limit=limit + 1))
            ids = self._all_ids
        if len(ids) > limit:
            return None
        return sorted(i for i in set(ids) if i not in excluded)

    def _pool(self, ctx: Context, vector: Any, where, excluded: set[str], depth: int,
              meta: dict[str, dict[str, Any]]) -> list[str]:
        """A large catalog: the union of each source's best items that satisfy `where`; `vector`: the request's
        (`request_vector`), None with neither words nor named items."""
        pool: dict[str, None] = {}
        if vector is not None:
            for hits in self._dense(vector, depth, where, excluded, ("text", "caption"), meta).values():
                pool.update((i, None) for i, _ in hits)
            if self.lexical is not None and ctx.query.strip():
                pool.update((i, None) for i, _ in self._admissible(
                    self.lexical.search(ctx.query, depth + len(excluded)), where, excluded, meta))
        behaviour = self.behaviour
        latest = [*ctx.references, *reversed(ctx.history[-3:])]
        wide = depth * 5 + len(excluded)
        sources = [behaviour.collab.similar(latest, wide) if latest else [], behaviour.prior.top(wide)]
        if behaviour.seq is not None and ctx.history:
            sources.append(behaviour.seq.top(ctx.history, wide))
        for hits in sources:
            pool.update((i, None) for i, _ in self._admissible(hits, where, excluded, meta)[:depth])
        return list(pool)

    def request_vector(self, query: str, references: Sequence[str] = ()) -> Any:
        """The request's words as a unit vector, moved halfway toward the items it names: "loved Fargo, what
        else?" is about what Fargo's own text says it is, not about the words of its title (which the planner
        takes out of the query) — the words' vector plus the mean of the named items' text vectors. With no
        words, the named items alone ("like Toy Story" and then "but no cartoons": nothing left to search for
        but Toy Story); None with neither."""
        import numpy as np

        def unit(v: Any) -> Any:
            return v / max(float(np.linalg.norm(v)), 1e-12)

        named = list(self.vectors(list(references), "text").values()) if references else []
        if not query.strip():
            return unit(np.mean(np.asarray(named, dtype=np.float32), axis=0)) if named else None
        words = np.asarray(self.embedder.embed([query])[0], dtype=np.float32)
        return unit(unit(words) + unit(np.mean(named, axis=0))) if named else words

    def _dense(self, vector: Any, depth: int, where, excluded: set[str], sources,
               meta: dict[str, dict[str, Any]]) -> dict[str, list[tuple[str, float]]]:
        out: dict[str, list[tuple[str, float]]] = {s: [] for s in ("text", "caption") if s in sources}
        seen: set[tuple[str, str]] = set()
        found = self.store.query(list(map(float, vector)), depth * 2 + len(excluded), where)
        for item_id, kind, sim, doc_meta in found:
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


def _anchor(anchor: Mapping[str, Any], item: Mapping[str, Any]) -> str:
    """How "people who liked X also liked it" names the item that found this one: its title, with its year
    where the two share a title ("people who liked Cape Fear (1991)" about Cape Fear (1962))."""
    title, year = str(anchor.get("title", "")), anchor.get("year")
    same = title.casefold() == str(item.get("title", "")).casefold()
    return f"{title} ({year:g})" if same and isinstance(year, int | float) else title
