"""`rec ingest`: catalog (+ images, + interactions) -> the store, idempotently.

Order matters for "nothing half-written": everything that can fail on bad input
(reading and validating the catalog and the interactions) happens before the
first write. Then captions (cached by image hash), a diff against the store by
content hash, embedding of only what changed, batched upserts, optional
deletion of items gone from the catalog (`sync`), and the derived indexes
(lexical, collaborative, field schema) rebuilt only when something changed.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from rec.config import RecConfig
from rec.errors import InputError
from rec.retrieval.catalog import read_catalog, read_interactions
from rec.retrieval.embeddings import Embedder
from rec.retrieval.store import Doc, ItemStore, doc_id, field_schema
from rec.schema import Item

Progress = Callable[[str, int], Callable[[int], None]]  # (label, total) -> advance(n)
INTERACTIONS_FILE = "interactions.jsonl"   # the store's interaction log (`rec tune blend` reads it)


@dataclass
class IngestReport:
    store: str
    location: str
    items: int = 0                 # items in the store afterwards
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    skipped: int = 0               # bad catalog rows
    captioned: int = 0
    captions_cached: int = 0
    caption_failures: list[str] = field(default_factory=list)
    interactions: int = 0
    interaction_errors: int = 0
    errors: list[str] = field(default_factory=list)   # bad rows, first ones
    seconds: float = 0.0
    embed_seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def item_text(item: Item) -> str:
    """The text document: title, description, category and attributes, in words."""
    parts = [item.title]
    if item.text:
        parts.append(item.text)
    if item.category:
        parts.append(f"Category: {item.category}.")
    for key, value in item.attributes.items():
        shown = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
        if shown and str(shown) not in (item.text or ""):
            parts.append(f"{key}: {shown}.")
    return " ".join(parts)


def item_metadata(item: Item) -> dict[str, Any]:
    """Store metadata: top-level fields by name, attributes flattened by their own name (DESIGN.md §3)."""
    meta: dict[str, Any] = {"title": item.title}
    for key in ("category", "price", "image"):
        if getattr(item, key) is not None:
            meta[key] = getattr(item, key)
    for key, value in item.attributes.items():
        if value is not None and value != [] and value != "":
            meta[key] = value
    return meta


def build_docs(item: Item, caption: str | None) -> list[Doc]:
    meta = item_metadata(item)
    docs = []
    for kind, text in (("text", item_text(item)), ("caption", caption)):
        if text:
            digest = hashlib.sha256(json.dumps([text, meta], sort_keys=True, default=str).encode()).hexdigest()
            docs.append(Doc(doc_id(item.id, kind), item.id, kind, text, meta, digest[:32]))
    return docs


def _captions(cfg: RecConfig, items: Sequence[Item], base_dirs: Sequence[Path], report: IngestReport,
              progress: Progress | None) -> tuple[dict[str, str], set[str]]:
    """(item id -> caption, ids whose captioning failed this time)."""
    from rec.retrieval.captions import CaptionCache, build_captioner, caption_items

    captions = {i.id: i.caption for i in items if i.caption}
    refs = {i.id: i.image for i in items if i.image and not i.caption}
    if not refs:
        return captions, set()
    captioner = build_captioner(cfg.captions)
    if captioner is None:
        return captions, set()
    with CaptionCache(cfg.store_dir / "captions.sqlite") as cache:
        done = caption_items(refs, captioner, cache, base_dirs, max_bytes=cfg.captions.max_image_bytes,
                             progress=progress("captioning", len(refs)) if progress else None)
    report.captioned, report.captions_cached = done.captioned, done.cached
    report.caption_failures = [f"{item}: {reason}" for item, reason in done.failed]
    return {**captions, **done.captions}, {item for item, _reason in done.failed}


def ingest(cfg: RecConfig, embedder: Embedder, catalog: Path, *, images_dir: Path | None = None,
           interactions: Path | None = None, strict: bool = False, sync: bool = False,
           progress: Progress | None = None) -> IngestReport:
    t0 = time.perf_counter()
    result = read_catalog(catalog, strict=strict)
    if not result.records:   # an empty file is a mistake (wrong path, truncated export), never "no items"
        what = f"all {result.rows} rows are bad (first: {result.errors[0]})" if result.errors else "it is empty"
        raise InputError(f"catalog {catalog} has no valid items: {what}; nothing was changed"
                         + ("; --sync would have deleted every item" if sync else ""))
    if sync and result.errors:
        raise InputError(f"--sync refused: {len(result.errors)} catalog rows were skipped (first: "
                         f"{result.errors[0]}), and the items on them would be deleted; fix them or drop --sync")
    store = ItemStore(cfg)
    with _closing_artifacts(store), store.artifacts.writing():
        store.artifacts.pull()   # several hosts: this host's copy of the store's files, as every host has them
        _check_embedder(store, embedder)
        report = IngestReport(store=cfg.store, location=store.location, skipped=len(result.errors))
        existing = store.hashes()
        catalog_ids = {i.id for i in result.records}
        inter = read_interactions(interactions, strict=strict,
                                  known_items={_item_of(d) for d in existing} | catalog_ids) if interactions else None
        report.errors = [str(e) for e in [*result.errors, *(inter.errors if inter else [])][:20]]
        base_dirs = [d for d in (images_dir, catalog.parent) if d is not None]
        captions, failed = _captions(cfg, result.records, base_dirs, report, progress)
        docs = [d for item in result.records for d in build_docs(item, captions.get(item.id))]
        keep = {doc_id(item, "caption") for item in failed}  # a failed captioning keeps the previous caption
        changed, stale = _diff(docs, existing, catalog_ids, sync, keep, report)
        _apply(store, embedder, changed, stale, cfg.retrieval.batch_size, progress, report)
        if inter is not None:
            _save_interactions(store, inter.records, progress)
            report.interactions, report.interaction_errors = len(inter.records), len(inter.errors)
        report.items = store.read_manifest().get("items", 0)
    report.seconds = round(time.perf_counter() - t0, 3)
    return report


@contextmanager
def _closing_artifacts(store: ItemStore) -> Iterator[None]:
    """The artifact store's connections are closed after the ingest (the Chroma client stays open: the
    embedded one is shared with the readers of this process)."""
    try:
        yield
    finally:
        store.artifacts.close()


def _diff(docs: list[Doc], existing: dict[str, str], catalog_ids: set[str], sync: bool, keep: set[str],
          report: IngestReport) -> tuple[list[Doc], list[str]]:
    """Documents to (re)write and to delete, with the per-item counts filled into `report`."""
    existing_items = {_item_of(d) for d in existing}
    changed = [d for d in docs if existing.get(d.id) != d.hash]
    wanted = {d.id for d in docs} | keep
    stale = [i for i in existing if i not in wanted and (sync or _item_of(i) in catalog_ids)]
    touched = {d.item_id for d in changed} | ({_item_of(i) for i in stale} & catalog_ids)
    report.added = len(touched - existing_items)
    report.updated = len(touched & existing_items)
    report.unchanged = len(catalog_ids) - report.added - report.updated
    report.deleted = len({_item_of(i) for i in stale} - catalog_ids)
    return changed, stale


def _apply(store: ItemStore, embedder: Embedder, changed: list[Doc], stale: list[str], batch: int,
           progress: Progress | None, report: IngestReport) -> None:
    """Write, delete, then rebuild the derived indexes. The manifest is marked dirty first, so a
    crash anywhere in between makes the next ingest rebuild even if it finds nothing to write."""
    manifest = store.read_manifest()
    if changed or stale:
        store.write_manifest({**manifest, "dirty": True})
    if changed:
        report.embed_seconds = _embed_and_write(store, embedder, changed, batch, progress)
    if stale:
        store.delete(stale)
    if changed or stale or manifest.get("dirty") or not manifest or manifest.get("fields_version") != FIELDS_VERSION:
        _rebuild_indexes(store, embedder)


def _item_of(doc: str) -> str:
    return doc.rsplit("::", 1)[0]


def _check_embedder(store: ItemStore, embedder: Embedder) -> None:
    from rec.errors import StoreError

    built_with = store.read_manifest().get("embedder")
    if built_with and built_with != embedder.name and store.collection.count():
        raise StoreError(f"store {store.cfg.store!r} was built with embedder {built_with}, not {embedder.name}; "
                         "use that embedder or a new store (--store NAME)")


def _embed_and_write(store: ItemStore, embedder: Embedder, docs: list[Doc], batch: int,
                     progress: Progress | None) -> float:
    """Embed in batches and write each batch while the next one is embedded (Chroma's writes and
    torch both release the GIL), so ingestion runs at nearly the embedder's own speed.
    Returns the seconds spent embedding."""
    from concurrent.futures import ThreadPoolExecutor

    advance = progress("embedding", len(docs)) if progress else None
    spent = 0.0
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="chroma-write") as writer:
        pending = None
        for start in range(0, len(docs), batch):
            chunk = docs[start:start + batch]
            t0 = time.perf_counter()
            vectors = embedder.embed([d.text for d in chunk])
            spent += time.perf_counter() - t0
            if pending is not None:
                pending.result()  # surface a failed write before queueing more
            pending = writer.submit(store.upsert, chunk, vectors)
            if advance:
                advance(len(chunk))
        if pending is not None:
            pending.result()
    return round(spent, 3)


# How `field_schema` describes fields; a store described by another version is re-described at its
# next ingest, even when no item changed (2: every value of a field with at most 200 of them).
FIELDS_VERSION = 2


def _rebuild_indexes(store: ItemStore, embedder: Embedder) -> None:
    """Lexical index and field schema from the store itself (it may hold items of earlier ingests)."""
    from rec.retrieval.lexical import INDEX_DIR, LexicalIndex

    texts = store.documents_by_item()
    LexicalIndex.build(texts).save(store.dir)
    manifest = store.read_manifest()
    manifest.update({"store": store.cfg.store, "embedder": embedder.name, "dim": embedder.dim,
                     "items": len(texts), "fields": field_schema(store.item_metadata()),
                     "fields_version": FIELDS_VERSION, "dirty": False,
                     "updated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())})
    store.write_manifest(manifest, artifacts=[INDEX_DIR])


def _save_interactions(store: ItemStore, records, progress: Progress | None = None) -> None:
    """The store's interaction log (replaced by each --interactions) and the models built from it:
    co-occurrence, the popularity/quality prior and the sequential model (rec/retrieval/behaviour.py)."""
    from rec.retrieval.behaviour import FILES, SEQ_MEMBERS, Behaviour

    cfg = store.cfg
    path = cfg.store_dir / INTERACTIONS_FILE
    tmp = path.with_suffix(".tmp")
    digest = hashlib.sha256()
    with tmp.open("w", encoding="utf-8") as fh:
        for r in records:
            line = r.model_dump_json(exclude_none=True) + "\n"
            digest.update(line.encode())
            fh.write(line)
    tmp.replace(path)
    trained = (cfg.retrieval.sequential_epochs == 0) == (not (cfg.store_dir / "sequential.pt").is_file())
    if store.read_manifest().get("interactions_sha256") == digest.hexdigest() and trained:
        return     # the same log as last time: its models are already built (a re-run of the demo)
    epochs = cfg.retrieval.sequential_epochs
    step = progress("training the sequential model", epochs * SEQ_MEMBERS) if progress is not None and epochs else None

    def epoch_done(done: int, total: int) -> None:
        if step is not None:
            step(1)

    store.write_manifest({**store.read_manifest(), "dirty": True})   # a server reopens the store after this
    Behaviour.build(records, sequential=epochs > 0, progress=epoch_done, epochs=epochs).save(cfg.store_dir)
    store.write_manifest({**store.read_manifest(), "interactions_sha256": digest.hexdigest(), "dirty": False},
                         artifacts=[INTERACTIONS_FILE, *FILES])
