"""A message's chat formatting as the words it marks, before any reading: what is struck through is taken back
("a ~~red~~ black coat" asks for black, "~~war is ok~~ no war films either"), stress marks go ("I do *not* want
horror", "**ONLY** black", "after `1990`", "__never__"), so do a heading's hashes ("### Requirements") and a
numbered list's numbers ("2. released between 1985 and 1995"), a hashtag's words are parted, a phrase of their own
("#NoHorror #mondaymood": "No Horror, mondaymood"), and a row of star emoji is a score ("at least
\u2b50\u2b50\u2b50\u2b50" is 4 stars). A lone star before a word is no stress: it mends the word the phone wrote
before (`edits._ADDING`)."""

from __future__ import annotations

import re

_STRUCK = re.compile(r"~~[^~\n]+~~")
# A stressed run: paired marks around words, not inside one ("snake_case", "5*4*3")
_STRESS = re.compile(r"(?<![\w*_`~])(\*\*|__|\*|_|`)(?=[^\s*_`])([^*_`\n]+?)(?<=[^\s*_`])\1(?![\w*_`~])")
_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]+", re.M)
_NUMBERED = re.compile(r"^([ \t]*)\d{1,2}[.)](?=[ \t]+\S)", re.M)
# A hashtag, its words run together: "#NoHorror", "#90sKid", "#under50", "#nohorror" (not "C#", "&#39;")
_TAG = re.compile(r"(?<![\w&])#([A-Za-z][A-Za-z0-9_]*|\d+s?[A-Za-z][A-Za-z0-9_]*)")
_TAG_PARTS = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Za-z])(?=\d)|(?<=\d)(?!s(?![a-z]))(?=[A-Za-z]{2})")
_TAG_NO = re.compile(r"(no|not|non|zero|anti)(?=[a-z]{4,}$)")
_FILLED = "\u2b50\U0001f31f\u2605"          # a star emoji, a glowing star, a black star
_STARS = re.compile(rf"(?:[{_FILLED}]\ufe0f?[ \t]?){{2,5}}(?:\u2606[ \t]?)*")


def unmarked(text: str) -> str:
    """The text with its chat formatting read as the words it marks (see the module docstring)."""
    if not re.search(rf"[~*_`#{_FILLED}]|^\s*\d{{1,2}}[.)]", text, re.M):
        return text
    text = _STRUCK.sub(" ", text)
    for _ in range(2):                                  # "***not***", "**`1990`**": marks inside marks
        text = _STRESS.sub(r"\2", text)
    text = _TAG.sub(lambda m: _tag_words(m) + ("," if re.match(r"\s*[#\w]", text[m.end():]) else ""),
                    _HEADING.sub("", _NUMBERED.sub(r"\1", text)))
    return _STARS.sub(lambda m: f" {sum(m.group(0).count(s) for s in _FILLED)} stars ", text)


def _tag_words(m: re.Match) -> str:
    """A hashtag's words apart: "#NoHorror" -> "No Horror", "#90sKid" -> "90s Kid", "#under50" -> "under 50",
    "#nohorror" -> "no horror" (a refusal glued to a word: the rest a word, the whole none)."""
    tag = _TAG_PARTS.sub(" ", m.group(1).replace("_", " "))
    if tag.islower() and " " not in tag and (no := _TAG_NO.match(tag)):
        from rec.agents.spelling import known_words

        known = known_words()
        if tag not in known and tag[no.end():] in known:
            tag = f"{no.group(1)} {tag[no.end():]}"
    return tag

