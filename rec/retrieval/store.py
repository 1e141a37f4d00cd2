"""The item store: one Chroma collection per store, text and caption documents per item.

Embedded `PersistentClient` under `REC_HOME/stores/NAME/chroma` by default, or a
`chroma run` server when `retrieval.url` is set (then the collection is named
after the store, so one server holds many stores; `retrieval.token`/`headers`
authenticate, `retrieval.tenant`/`database` say where on the server). Vectors always come from our
embedder: the collection has no embedding function, so Chroma never embeds (its
default would download a model). Document ids are `ITEM::text` and
`ITEM::caption`; every document carries the item's metadata (typed: numbers as
numbers, lists as arrays) plus `item_id`, `kind` and a content hash `_hash`
that makes re-ingestion idempotent. One writer at a time: a file lock in the
store directory turns a second writer away with a clear error (and, with several hosts, a PostgreSQL
advisory lock). The manifest and the other derived artifacts are read and written through
`rec.retrieval.artifacts` (the store directory, or PostgreSQL shared by several hosts).
"""

from __future__ import annotations

import json
from collections.abc import Hashable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from rec.config import RecConfig, redact_url
from rec.errors import EmptyStoreError, StoreError, first_line
from rec.retrieval.artifacts import MANIFEST, ArtifactStore, is_shared, open_artifacts

KINDS = ("text", "caption")


def doc_id(item_id: str, kind: str) -> str:
    return f"{item_id}::{kind}"


@dataclass
class Doc:
    id: str
    item_id: str
    kind: str
    text: str
    metadata: dict[str, Any]
    hash: str


@contextmanager
def chroma_errors(what: str, where: str) -> Iterator[None]:
    """Chroma's own failures (and a server that went away) as one-line StoreErrors."""
    import httpx
    from chromadb.errors import ChromaError

    try:
        yield
    except (ChromaError, httpx.HTTPError, ConnectionError) as e:
        raise StoreError(f"Chroma failed to {what} ({where}): {first_line(e)}") from e


def chroma_headers(cfg: RecConfig) -> dict[str, str]:
    """The headers every request to the Chroma server carries: `retrieval.headers` and the token."""
    r = cfg.retrieval
    headers = dict(r.headers)
    if r.token:
        headers[r.token_header] = f"Bearer {r.token}" if r.token_header == "Authorization" else r.token
    return headers


class ItemStore:
    """Chroma access for one store. Reads need no lock; writers hold `write_lock`."""

    def __init__(self, cfg: RecConfig):
        self.cfg = cfg
        self.dir = cfg.store_dir
        self._client = self._connect()
        ef = cfg.retrieval.ef_search
        with chroma_errors("open the collection", self.location_root):
            self.collection = self._client.get_or_create_collection(
                self._collection_name(), embedding_function=None,
                configuration={"hnsw": {"space": "cosine", "ef_search": ef}})
            if ((self.collection.configuration or {}).get("hnsw") or {}).get("ef_search", ef) != ef:
                # before this process's first query, or the index keeps the breadth it was loaded with
                self.collection.modify(configuration={"hnsw": {"ef_search": ef}})
        self._artifacts: ArtifactStore | None = None

    def _collection_name(self) -> str:
        name = f"rec-{self.cfg.store}" if self.cfg.retrieval.url else "items"
        return name if len(name) >= 3 else f"{name}-store"

    def _connect(self):
        import chromadb
        from chromadb.config import Settings

        settings = Settings(anonymized_telemetry=False, allow_reset=False)
        url = self.cfg.retrieval.url
        if not url:
            (self.dir / "chroma").mkdir(parents=True, exist_ok=True)
            return chromadb.PersistentClient(path=str(self.dir / "chroma"), settings=settings)
        r = self.cfg.retrieval
        parsed = urlparse(url if "://" in url else f"http://{url}")
        shown = redact_url(url)
        try:
            with chroma_errors(f"open tenant {r.tenant!r}, database {r.database!r}", shown):
                return chromadb.HttpClient(host=parsed.hostname or "127.0.0.1", port=parsed.port or 8000,
                                           ssl=parsed.scheme == "https", headers=chroma_headers(self.cfg),
                                           settings=settings, tenant=r.tenant, database=r.database)
        except ValueError as e:  # chromadb raises ValueError when the server cannot be reached
            raise StoreError(f"cannot reach the Chroma server at {shown}: {first_line(e)}") from e

    @property
    def artifacts(self) -> ArtifactStore:
        """The manifest and the other derived files (rec/retrieval/artifacts.py), opened on first use."""
        if self._artifacts is None:
            self._artifacts = open_artifacts(self.cfg)
        return self._artifacts

    def close(self) -> None:
        """Release the Chroma client (the embedded one is shared per path: the last close stops it, so the
        next `ItemStore` reads the files afresh, with what another process wrote since)."""
        close = getattr(self._client, "close", None)
        if close is not None:
            close()
        if self._artifacts is not None:
            self._artifacts.close()
            self._artifacts = None

    @property
    def location_root(self) -> str:
        """The server (without credentials) or the embedded store's directory."""
        url = self.cfg.retrieval.url
        return redact_url(url) if url else str(self.dir / "chroma")

    @property
    def location(self) -> str:
        return f"{self.location_root} (collection {self.collection.name})" if self.cfg.retrieval.url \
            else str(self.dir / "chroma")

    # --- writes ----------------------------------------------------------------------------------
    def hashes(self) -> dict[str, str]:
        """doc id -> content hash for every document in the store."""
        return {i: m.get("_hash", "") for i, m in self._all(["metadatas"], lambda i, m, d: m)}

    def upsert(self, docs: Sequence[Doc], vectors: Sequence[Sequence[float]]) -> None:
        step = self._client.get_max_batch_size()
        for start in range(0, len(docs), step):
            chunk = docs[start:start + step]
            with chroma_errors("write documents", self.location):
                self.collection.upsert(
                    ids=[d.id for d in chunk], documents=[d.text for d in chunk],
                    embeddings=[list(v) for v in vectors[start:start + step]],
                    metadatas=[{**d.metadata, "item_id": d.item_id, "kind": d.kind, "_hash": d.hash}
                               for d in chunk])

    def delete(self, ids: Sequence[str]) -> None:
        step = self._client.get_max_batch_size()
        for start in range(0, len(ids), step):
            with chroma_errors("delete documents", self.location):
                self.collection.delete(ids=list(ids[start:start + step]))

    # --- reads -----------------------------------------------------------------------------------
    def _all(self, include: list[str], pick) -> Iterator[tuple[str, Any]]:
        page, offset = 2000, 0
        while True:
            with chroma_errors("read the store", self.location):
                got = self.collection.get(include=include, limit=page, offset=offset)
            metas = got.get("metadatas") or [None] * len(got["ids"])
            docs = got.get("documents") or [None] * len(got["ids"])
            for i, m, d in zip(got["ids"], metas, docs, strict=True):
                yield i, pick(i, m, d)
            if len(got["ids"]) < page:
                return
            offset += page

    def documents_by_item(self) -> dict[str, str]:
        """item id -> all its documents' text (for the lexical index)."""
        out: dict[str, list[str]] = {}
        for _i, (meta, text) in self._all(["metadatas", "documents"], lambda i, m, d: (m, d)):
            out.setdefault(meta["item_id"], []).append(text or "")
        return {k: "\n".join(v) for k, v in out.items()}

    def item_metadata(self) -> Iterator[dict[str, Any]]:
        for _i, meta in self._all(["metadatas"], lambda i, m, d: m):
            if meta.get("kind") == "text":
                yield meta

    def count_items(self) -> int:
        return sum(1 for _ in self.item_metadata())

    def query(self, vector: Sequence[float], n: int, where: Mapping[str, Any] | None
              ) -> list[tuple[str, str, float, dict[str, Any]]]:
        """(item_id, kind, cosine similarity, raw metadata) for the nearest documents satisfying `where`."""
        with chroma_errors("search", self.location):
            total = self.collection.count()
            if total == 0:
                return []
            res = self.collection.query(query_embeddings=[list(vector)], n_results=min(n, total),
                                        where=dict(where) if where else None, include=["metadatas", "distances"])
        return [(m["item_id"], m["kind"], 1.0 - float(d), dict(m))   # None: deleted by a concurrent ingest
                for m, d in zip(res["metadatas"][0], res["distances"][0], strict=True) if m]

    def items(self, item_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """Raw metadata of those `item_ids` that exist (read from their text documents).

        A lookup by id stays cheap at any size; combining ids with a `where` does not
        (Chroma evaluates the filter over the whole collection), so callers filter with
        `filters.matches` instead."""
        if not item_ids:
            return {}
        with chroma_errors("read items", self.location):
            got = self.collection.get(ids=[doc_id(i, "text") for i in dict.fromkeys(item_ids)], include=["metadatas"])
        return {m["item_id"]: dict(m) for m in got["metadatas"] if m}

    def vectors(self, item_ids: Sequence[str], kind: str = "text") -> dict[str, list[float]]:
        """item id -> the stored vector of its `kind` document, for those that have one."""
        if not item_ids:
            return {}
        with chroma_errors("read vectors", self.location):
            got = self.collection.get(ids=[doc_id(i, kind) for i in dict.fromkeys(item_ids)], include=["embeddings"])
        return {i.rsplit("::", 1)[0]: v for i, v in zip(got["ids"], got["embeddings"], strict=True)}

    def item_ids(self, where: Mapping[str, Any] | None, limit: int) -> list[str]:
        """Up to `limit` ids of items whose metadata satisfies `where` (in no particular order)."""
        clause = {"$and": [dict(where), {"kind": "text"}]} if where else {"kind": "text"}
        with chroma_errors("read items", self.location):
            got = self.collection.get(where=clause, limit=limit, include=["metadatas"])
        return [m["item_id"] for m in got["metadatas"] if m]

    # --- manifest and artifacts -------------------------------------------------------------------
    def signature(self) -> Hashable | None:
        """What identifies this version of the store's artifacts (the manifest is replaced, never edited, by
        each write; with several hosts, the shared version)."""
        return self.artifacts.version()

    def read_manifest(self) -> dict[str, Any]:
        try:
            return json.loads(self.artifacts.read(MANIFEST) or b"{}")
        except ValueError:
            return {}

    def local_manifest(self) -> dict[str, Any]:
        """The manifest in the store directory (with several hosts: as of this host's last pull, consistent
        with the other files pulled with it)."""
        try:
            return json.loads((self.dir / MANIFEST).read_text())
        except (OSError, ValueError):
            return {}

    def write_manifest(self, manifest: Mapping[str, Any], *, artifacts: Sequence[str] = ()) -> None:
        """Replace the manifest; `artifacts` (files or folders of the store directory, just saved) are
        published with it, in one step for the other hosts."""
        self.dir.mkdir(parents=True, exist_ok=True)
        tmp = self.dir / f".{MANIFEST}.tmp"
        tmp.write_text(json.dumps(manifest, indent=2, sort_keys=True))
        tmp.replace(self.dir / MANIFEST)
        self.artifacts.publish([*artifacts, MANIFEST])

    def publish(self, *names: str) -> None:
        """Make files just saved in the store directory (blend.json after `rec tune blend`) every host's."""
        self.artifacts.publish(names)

    def field_types(self, manifest: Mapping[str, Any] | None = None) -> dict[str, str]:
        """field -> number | string | bool | list[number] | list[string] | list[bool]."""
        manifest = self.read_manifest() if manifest is None else manifest
        return {k: v["type"] + (f"[{v.get('items', 'string')}]" if v["type"] == "list" else "")
                for k, v in manifest.get("fields", {}).items()}


def manifest_items(store_dir: Path) -> int:
    """How many items a store's manifest counts (0: none, never ingested, or unreadable). Creates nothing."""
    try:
        return int(json.loads((store_dir / MANIFEST).read_text()).get("items") or 0)
    except (OSError, ValueError, TypeError, AttributeError):
        return 0


def store_items(cfg: RecConfig) -> int:
    """How many items `cfg.store` holds: its local manifest's count, or with several hosts the shared one's."""
    if not is_shared(cfg):
        return manifest_items(cfg.store_dir)
    artifacts = open_artifacts(cfg)
    try:
        return int(json.loads(artifacts.read(MANIFEST) or b"{}").get("items") or 0)
    except (ValueError, TypeError, AttributeError):
        return 0
    finally:
        artifacts.close()


def stores_holding_items(cfg: RecConfig) -> list[str]:
    """The stores with items where `cfg` keeps them: under REC_HOME, or with several hosts the shared ones."""
    if not is_shared(cfg):
        return stores_with_items(cfg.home)
    artifacts = open_artifacts(cfg)
    try:
        return sorted(name for name, count in artifacts.stores().items() if count)
    finally:
        artifacts.close()


def stores_with_items(home: Path) -> list[str]:
    """The names of the stores under `home` that hold items, sorted."""
    root = home / "stores"
    return sorted(d.name for d in root.iterdir() if d.is_dir() and manifest_items(d)) if root.is_dir() else []


def require_items(cfg: RecConfig) -> int:
    """The number of items in `cfg.store`; EmptyStoreError (a usage error, exit 2) naming the stores that do
    have items when it has none. Creates nothing (a mistyped store name leaves no folder behind)."""
    count = store_items(cfg)
    if count:
        return count
    state = "is empty" if cfg.store_dir.is_dir() or is_shared(cfg) else "is empty (it does not exist yet)"
    others = [s for s in stores_holding_items(cfg) if s != cfg.store]
    hint = f"; stores with items: {', '.join(others)} (--store NAME)" if others else ""
    raise EmptyStoreError(f"store {cfg.store!r} {state}; ingest a catalog first "
                          f"(rec ingest CATALOG --store {cfg.store}){hint}")


def public_metadata(meta: Mapping[str, Any]) -> dict[str, Any]:
    """Store metadata as users see it: without our bookkeeping keys."""
    return {k: v for k, v in meta.items() if k not in ("_hash", "kind", "item_id")}


def _scalar_type(value: Any) -> str:
    return "bool" if isinstance(value, bool) else "number" if isinstance(value, int | float) else "string"


def field_schema(metadatas: Iterator[Mapping[str, Any]], top: int = 25, vocabulary: int = 200
                 ) -> dict[str, dict[str, Any]]:
    """Each metadata field's type and range (numbers) or values (text, lists): every value of a field
    with at most `vocabulary` of them (the planner links words to them: brands, colours, genres), else
    the `top` commonest.

    This is what the planner is told about a catalog, so its constraints name real fields."""
    stats: dict[str, dict[str, Any]] = {}
    for meta in metadatas:
        for key, value in public_metadata(meta).items():
            kind = "list" if isinstance(value, list) else _scalar_type(value)
            entry = stats.setdefault(key, {"type": kind, "count": 0, "values": {}})
            if kind == "list" and value:
                entry.setdefault("items", _scalar_type(value[0]))
            entry["count"] += 1
            if kind == "number":
                entry["min"] = min(entry.get("min", value), value)
                entry["max"] = max(entry.get("max", value), value)
            else:
                for v in value if isinstance(value, list) else [value]:
                    entry["values"][str(v)] = entry["values"].get(str(v), 0) + 1
    for entry in stats.values():
        values = entry.pop("values")
        if entry["type"] in ("string", "list", "bool"):
            entry["distinct"] = len(values)
            keep = len(values) if len(values) <= vocabulary else top
            entry["top"] = [v for v, _ in sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))[:keep]]
    return stats
