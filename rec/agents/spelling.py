"""Typos in the words that matter: a word that is no English word is corrected to a value it is one
or two edits from ("sneekers" -> sneakers, "ninties" -> nineties).

Which words are English comes from the packaged MiniLM tokenizer's vocabulary (30,000 word pieces): a
word it holds whole ("thrilled", "short") is never "corrected" to a value ("thriller", "shorts"), so
only misspellings are. Without the package every word counts as unknown and only the edit distance
guards (one edit up to six letters, two from seven).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache


@lru_cache(maxsize=1)
def known_words() -> frozenset[str]:
    try:
        from rec.retrieval.embeddings import minilm_path

        lines = (minilm_path() / "vocab.txt").read_text(encoding="utf-8").splitlines()
    except (OSError, ImportError, Exception):   # no packaged model: no vocabulary
        return frozenset()
    return frozenset(w for w in lines if w.isalpha() and w.islower() and len(w) >= 3)


def distance(a: str, b: str, limit: int = 2) -> int:
    """Optimal string alignment distance (insertions, deletions, substitutions, adjacent swaps),
    returning `limit + 1` as soon as it is known to exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], prev2[j - 2] + 1)
        if min(row) > limit:
            return limit + 1
        prev2, prev = prev, row
    return prev[-1]


def correct(word: str, forms: Iterable[str]) -> str | None:
    """The form `word` is a misspelling of, or None (a known word, too short, or nothing close)."""
    if len(word) < 4 or word in known_words():
        return None
    limit = 1 if len(word) <= 6 else 2
    best = min(((distance(word, f, limit), f) for f in forms if f[:1] == word[:1] or len(word) >= 7),
               default=(limit + 1, ""))
    return best[1] if best[0] <= limit else None
