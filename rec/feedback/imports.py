"""`rec feedback import`: bulk-load an interactions file into the feedback log.

Rows are validated like `rec ingest --interactions` (same reader); rows naming items outside the
store's catalog are skipped with their reason (or stop the import with --strict)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from rec.errors import InputError


def import_file(cfg: Any, path: Path, *, strict: bool = False,
                progress: Callable[[str, int], Callable[[int], None]] | None = None) -> dict[str, Any]:
    """Import `path` into the store's feedback log; `progress(label, total)` -> advance(n), as `rec.ui`'s."""
    from rec.feedback.store import open_feedback_store
    from rec.retrieval.catalog import read_interactions
    from rec.retrieval.store import ItemStore, require_items

    if not Path(path).is_file():
        raise InputError(f"interactions file not found: {path}")
    count = require_items(cfg)
    items = ItemStore(cfg)
    known = set(items.item_ids(None, limit=count))
    result = read_interactions(Path(path), strict=strict, known_items=known)
    store = open_feedback_store(cfg.feedback.url, cfg.store_dir / "feedback.sqlite")
    try:
        advance = progress("importing interactions", len(result.records)) if progress else None
        imported = store.import_interactions(result.records, known_items=known, progress=advance)
        where = store.where
    finally:
        store.close()
    return {"imported": imported, "skipped": len(result.errors), "where": where,
            "errors": [str(e) for e in result.errors]}
