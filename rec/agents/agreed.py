"""What two or more people settled on, read without what each proposed before the deal: "She likes red, I like
black, we agreed on burgundy" asks for burgundy; "he says three stars minimum, I say four; we've met in the middle at
3.5" for 3.5; "burgundy boots, she was set on red and I on brown so we met halfway" for burgundy. A proposal is a
clause in which someone likes, wants, says or was set on something, said just before a settlement ("agreed",
"settled on", "met in the middle", "compromise"); what no one gave up ("neither of us can stand musicals") stays."""

from __future__ import annotations

import re

# a settlement: "we agreed on", "we've met in the middle at", "let's meet at", "split the difference", "compromise is"
_SETTLED = re.compile(r"\b(?:(?:we|they|we've|we\s+have|they've|so\s+we|let's|lets)\s+(?:(?:both|all|finally|eventually"
                      r"|just|have|\w+ly)\s+)*)?(?:agreed|settled|compromised|met|meet|landed|split\s+the\s+difference"
                      r"|(?:the\s+|a\s+|our\s+)?compromise)\b(?:\s+(?:on|at|upon|to|in\s+the\s+middle|halfway|half\s+way"
                      r"|is|was|:))?", re.I)
_WHO = (r"(?:i|he|she|they|we|you|half(?:\s+of\s+(?:us|them))?|one\s+of\s+us|the\s+other(?:\s+one)?|(?:my|our|his|her)"
        r"\s+\w+|dad|mum|mom|(?-i:[A-Z][a-z]+))")      # a name: "Tom wants red"
_WANTS = (r"(?:'s\s+|\s+)(?:(?:only|really|always|just|still|first|originally)\s+)*(?:likes?|liked|loves?|loved|wants?"
          r"|wanted|says?|said|prefers?|preferred|thinks?|thought|fancie[sd]|fancy|(?:was|is|were|'s)\s+set\s+on|votes?"
          r"\s+for|voted\s+for|push(?:es|ed)?\s+for|argued\s+for|picked|chose|suggested|insist(?:s|ed)?\s+on"
          r"|went\s+for|would\s+go\s+for|leans?\s+towards?)\b")
_PROPOSAL = re.compile(rf"^\s*{_WHO}{_WANTS}", re.I)
_GAPPED = re.compile(rf"^\s*{_WHO}\s+(?:on|for)\s+\S", re.I)          # "and I on brown": the verb said once before
_CLAUSES = re.compile(r"[,;:]|--|\u2014|\.(?:\s|$)|\b(?:and|but|so|while|whereas)\b", re.I)


def settled(text: str) -> str:
    """The text with the proposals said just before a settlement blanked: the clauses, walking back from the
    settlement within its sentence and the one before, in which someone wants something ("she likes red"), past
    short asides ("after a lot of shouting")."""
    for m in reversed(list(_SETTLED.finditer(text))):
        text = _blank_proposals(text, m.start(), m.end())
    return text


def _blank_proposals(text: str, at: int, after: int) -> str:
    ends = list(_CLAUSES.finditer(text, 0, at))
    spans = list(zip([0, *(c.end() for c in ends)], [*(c.start() for c in ends), at], strict=True))
    sentences, found, gapped = 0, [], []
    for start, end in reversed(spans):
        if text.startswith(".", end) and (sentences := sentences + 1) > 1:
            break                                    # two sentences back: no longer the deal's
        clause = text[start:end]
        if _PROPOSAL.match(clause):
            found += [(start, end), *gapped]
            gapped = []
        elif _GAPPED.match(clause) and not gapped:
            gapped = [(start, end)]                  # "and I on brown", if a proposal comes before it
        elif len(clause.split()) > 6 or re.search(r"\d", clause):
            break
    if len(found) < 2:
        return text                                  # one person's wish agreed to: "I want a comedy and she agreed"
    bound = _bound(" ".join(text[start:end] for start, end in found))
    for start, end in found:
        text = text[:start] + " " * (end - start) + text[end:]
    number = _BARE_NUMBER.match(text, after)
    return text if number is None or bound is None else text[:number.start(1)] + f"{bound} " + text[number.start(1):]


# the number settled on said bare, its bound left to the proposals: "he says under 50, I say under 80, let's meet at 60"
_BARE_NUMBER = re.compile(r"\s*(?:at|on)?\s*(\$?\d+(?:\.\d+)?)(?!\s*(?:-|to|and)\s*\d)", re.I)
_BEFORE = re.compile(r"\b(under|over|below|above|at\s+least|at\s+most|less\s+than|more\s+than|up\s+to|no\s+more\s+than"
                     r"|no\s+less\s+than)\s+\$?\d", re.I)
_AFTER = re.compile(r"(?:\d|\b(?:one|two|three|four|five|ten))\s*(?:\w+\s+)?"
                    r"(?:(?P<least>minimum|min|or\s+more|or\s+better|or\s+higher|at\s+least)"
                    r"|(?P<most>maximum|max|or\s+less|or\s+under|tops|at\s+most))\b", re.I)


def _bound(proposals: str) -> str | None:
    """The bound the proposals set their numbers with: "under", "at least"... (None where they set none)."""
    if (m := _BEFORE.search(proposals)) is not None:
        return m.group(1).lower()
    if (m := _AFTER.search(proposals)) is not None:
        return "at least" if m.group("least") else "at most"
    return None
