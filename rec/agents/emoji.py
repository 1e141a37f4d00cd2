"""Emoji said as the words they stand for beside a wish: a cross or a thumbs-down refuses ("sci-fi \u274c",
"\u274c horror", "made before 1990 \U0001f44e"), a tick or a thumbs-up merely agrees and says nothing more; any
other picture before more words is a pause between clauses, as a comma is."""
from __future__ import annotations

import re

_MODS = "\ufe0f\u200d\u2640\u2642\U0001f3fb-\U0001f3ff"          # variation selector, joiner, sexes, skin tones
_NO = rf"(?:[\u274c\u274e\u2716\u2717\u2718\u26d4\U0001f6ab\U0001f44e\U0001f645\U0001f92e\U0001f922][{_MODS}]*[ \t]*)+"
_YES = rf"(?:[\u2705\u2714\u2713\u2611\U0001f44d\U0001f44c\U0001f4af\u2764\U0001f60d\U0001f525][{_MODS}]*[ \t]*)+"
# any other picture, a pause between clauses: "bridesmaids are in pink \U0001f62c make it green instead"
_PICTURE = rf"[\u2600-\u27bf\U0001f300-\U0001faff][{_MODS}]*"
_PAUSE = re.compile(rf"[ \t]*(?:{_PICTURE}[ \t]*)+(?=[^\W\d_])")
_ANY = re.compile(rf"{_NO}|{_YES}|{_PICTURE}")
# a refusing emoji first, before what it refuses: "\u274c horror", "- \u274c musicals"
_NO_BEFORE = re.compile(rf"(?:^|(?<=[\n:;,(\u2022*-]))(?P<gap>[ \t]*){_NO}(?=[^\W\d_])", re.M)
# ... or after it, a list's item of a few words with no refusal of its own: "sci-fi \u274c", "horror \u274c (my cousin
# screams)" (not "none of that this time pls \U0001f645": the words refuse, the emoji only shows it)
_NO_AFTER = re.compile(rf"(?:^|(?<=[\n:;,(\u2022*-]))(?P<item>[ \t]*(?![^\n]*\b(?:no|not|none|never|nothing|without"
                       rf"|n't)\b)(?:[\w'\u2019%$-]+[ \t]+){{0,4}}[\w'\u2019%$-]+\)?)[ \t]*{_NO}", re.M | re.I)


def as_words(text: str) -> str:
    """The text with each refusing emoji put as words ("no horror", "sci-fi is out.") and each agreeing one
    dropped."""
    if not _ANY.search(text):
        return text
    text = _NO_BEFORE.sub(lambda m: f"{m.group('gap')}no ", text)
    text = _NO_AFTER.sub(lambda m: f"{m.group('item')} is out. ", text)
    return _PAUSE.sub(", ", re.sub(_YES, " ", text))
