"""Tables of another language's words put in English (`agents/german.py`, `agents/french.py`): a table written as
"word:english" pairs, and a word read with an inflection's ending off ("schwarze" -> schwarz, "noires" -> noir)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def table(pairs: str) -> dict[str, str]:
    """"kleid:dress rock:skirt" -> {"kleid": "dress", "rock": "skirt"} (an English phrase's spaces written "_")."""
    return dict(pair.split(":") for pair in pairs.split())


def with_ending(low: str, words: Mapping[str, str], endings: Sequence[str]) -> str | None:
    """The English of `low` or of `low` less one of `endings` (tried in order), or None."""
    if low in words:
        return words[low]
    return next((words[low[:-len(e)]] for e in endings if low.endswith(e) and low[:-len(e)] in words), None)
