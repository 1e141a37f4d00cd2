"""A message's typography as plain keyboard text, before any reading: curly quotes and apostrophes
("can\u2019t"), spaces that do not break, an ellipsis, a minus sign, full-width letters and digits (an East Asian
keyboard's "\uff11\uff19\uff19\uff10"), accents ("rom\u00e1ntico"), and the fractions a phone offers ("4\u00bd
stars" is 4.5). Dashes, bullets and comparison signs keep their own readings elsewhere (`grammar`, `phrases`)."""

from __future__ import annotations

import re
import unicodedata

_PLAIN = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u02bc": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00a0": " ", "\u2007": " ", "\u2009": " ", "\u200a": " ", "\u202f": " ", "\u3000": " ",
    "\u2212": "-", "\u2026": "...",
    **{chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)},
})
_FRACTIONS = {"\u00bd": (".5", "half"), "\u00bc": (".25", "a quarter"), "\u00be": (".75", "three quarters")}
_FRACTION = re.compile(r"(\d?)\s?([\u00bd\u00bc\u00be])")


def plain(text: str) -> str:
    """The text in plain keyboard characters: "can\u2019t" -> "can't", "4\u00bd" -> "4.5", a lone "\u00bd" -> "half"."""
    text = text.translate(_PLAIN)
    if not text.isascii():           # a Spanish keyboard's "romántico", "dólares": the letters without their accents
        text = unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFD", text)
                                                    if unicodedata.category(c) != "Mn"))
    return _FRACTION.sub(lambda m: m.group(1) + _FRACTIONS[m.group(2)][0] if m.group(1)
                         else f" {_FRACTIONS[m.group(2)][1]} ", text)
