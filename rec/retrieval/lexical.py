"""BM25 lexical search (bm25s) over each item's documents (text + caption).

Dense retrieval misses exact names and rare words ("Se7en", a SKU, an actor);
BM25 catches them. The index is rebuilt from the store after every ingest
that changed something and saved under the store directory.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Mapping
from pathlib import Path

from rec.errors import StoreError

INDEX_DIR = "lexical"
# Words a request is wrapped in ("got anything like that?", "I'd love something for tonight, please"): in a
# query they match titles by accident ("Some Like It Hot", "I'll Do Anything"), so a query drops them with
# BM25's own English stopwords. Documents are indexed as before; a title the user names is found by the
# title index (agents/retriever.py), not here.
_REQUEST_TEXT = """a an and are as at be but by for if in into is it no not of on or such that the their
then there these they this to was will with i i'd i'm im me my we our you your us it's its what which who how
any anything something some someone somewhere stuff thing things one ones kind sort type like likes liked loved want
wanted wants need needs looking look find show give get got gimme recommend suggest please pls plz maybe
just only really very more most also too well good great nice similar same else would could should can might
must have has had do does did watch watched see seen tonight today"""
_REQUEST_WORDS = _REQUEST_TEXT.split()


class LexicalIndex:
    def __init__(self, retriever, item_ids: list[str]):
        self._bm25 = retriever
        self._ids = item_ids

    @classmethod
    def build(cls, texts: Mapping[str, str]) -> LexicalIndex:
        import bm25s

        ids = sorted(texts)
        retriever = bm25s.BM25()
        tokens = bm25s.tokenize([texts[i] for i in ids], stopwords="en", show_progress=False) if ids else None
        if tokens is None or not tokens.vocab:   # no document has a word BM25 keeps ("0", "a"): nothing to match
            return cls(retriever, [])
        retriever.index(tokens, show_progress=False)
        return cls(retriever, ids)

    def save(self, store_dir: Path) -> None:
        path = store_dir / INDEX_DIR
        tmp = store_dir / f".{INDEX_DIR}.tmp"
        tmp.mkdir(parents=True, exist_ok=True)
        if self._ids:
            self._bm25.save(str(tmp))
        (tmp / "ids.json").write_text(json.dumps(self._ids))
        old = store_dir / f".{INDEX_DIR}.old"
        shutil.rmtree(old, ignore_errors=True)
        if path.exists():
            path.rename(old)  # never a moment without an index on disk: old is swapped out, then dropped
        tmp.rename(path)
        shutil.rmtree(old, ignore_errors=True)

    @classmethod
    def load(cls, store_dir: Path) -> LexicalIndex:
        import bm25s

        path = store_dir / INDEX_DIR
        if not path.exists() and (store_dir / f".{INDEX_DIR}.old").exists():
            path = store_dir / f".{INDEX_DIR}.old"  # killed mid-swap: the previous index is still whole
        try:
            ids = json.loads((path / "ids.json").read_text())
            retriever = bm25s.BM25.load(str(path)) if ids else bm25s.BM25()
        except (OSError, ValueError) as e:
            raise StoreError(f"the lexical index under {path} is missing or unreadable; re-run `rec ingest`") from e
        return cls(retriever, ids)

    def search(self, query: str, k: int) -> list[tuple[str, float]]:
        """(item_id, bm25 score) best first; words absent from every document match nothing."""
        import bm25s

        if not self._ids or not query.strip():
            return []
        tokens = bm25s.tokenize([query], stopwords=_REQUEST_WORDS, show_progress=False)
        docs, scores = self._bm25.retrieve(tokens, k=min(k, len(self._ids)), show_progress=False)
        return [(self._ids[int(d)], float(s)) for d, s in zip(docs[0], scores[0], strict=True) if s > 0]

    def scores(self, query: str) -> dict[str, float]:
        """item_id -> BM25 score of every item that matches a word of `query` (the others score 0)."""
        import bm25s

        if not self._ids or not query.strip():
            return {}
        tokens = bm25s.tokenize([query], stopwords=_REQUEST_WORDS, return_ids=False, show_progress=False)[0]
        known = [t for t in tokens if t in self._bm25.vocab_dict]
        if not known:
            return {}
        values = self._bm25.get_scores(known)
        return {self._ids[int(n)]: float(values[n]) for n in values.nonzero()[0]}
