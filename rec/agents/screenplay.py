"""A request written as a screenplay page, read as the user's own lines: only what the user's character says asks
for anything. A page is told by a scene heading ("INT. LIVING ROOM - NIGHT"), an off-screen cue ("HUSBAND (O.S.)")
or a line addressed to the recommender ("(to the recommender)"); the user's character is "ME" (or "I", "USER"),
the one introduced as the user ("PRIYA (that's me)") or the one who speaks to the recommender. Other characters'
lines, action lines and transitions are the scene, not the request; a user's line that only agrees ("Fine.",
"Yes, that.") takes the line before it. Text that is no such page is returned as it is."""

from __future__ import annotations

import re

_HEADING = re.compile(r"^\s*(?:INT|EXT|INT\.?/EXT|I/E)[.\s]|^\s*(?:CUT TO|FADE (?:IN|OUT|TO)|DISSOLVE TO|SMASH CUT)\b")
_EXTENSION = r"\((?:V\.?\s?O\.?|O\.?\s?S\.?|O\.?\s?C\.?|CONT'?D|CONT\.)\)"
_CUE = re.compile(rf"^\s*(?P<name>[A-Z][A-Z0-9 .'&-]{{0,28}}?)\s*(?P<ext>{_EXTENSION})?\s*(?:\(.*\))?\s*:?\s*$")
_PAREN = re.compile(r"^\s*\(([^)]*)\)\s*$")
_TO_US = re.compile(r"\bto\s+(?:the\s+)?(?:recommender|app|assistant|computer|bot|screen|laptop|phone|tablet|ai)\b"
                    r"|\b(?:recommender|computer)\s*[:,]", re.I)
_USERS = frozenset(["ME", "I", "MYSELF", "USER", "THE USER"])
_AGREES = re.compile(r"^\W*(?:(?:fine|ok|okay|sure|yes|yeah|yep|agreed|deal|right|good idea|what (?:she|he|they) said"
                     r"|that|that one|do that|sold)\W*)+$", re.I)


def _blocks(lines: list[str]) -> list[tuple[str, list[str], bool]]:
    """The page's speeches: (the character, their lines, addressed to the recommender), in order."""
    blocks: list[tuple[str, list[str], bool]] = []
    speaking = False
    for line in lines:
        cue = _CUE.match(line) if line.strip() and len(line.split()) <= 5 else None
        if cue and cue.group("name").strip() and not _HEADING.match(line):
            blocks.append((cue.group("name").strip(), [], False))
            speaking = True
        elif not line.strip() or _HEADING.match(line):
            speaking = False
        elif speaking and (paren := _PAREN.match(line)):
            if _TO_US.search(paren.group(1)):
                blocks[-1] = (blocks[-1][0], blocks[-1][1], True)
        elif speaking:
            blocks[-1][1].append(line.strip())
            if _TO_US.search(line):
                blocks[-1] = (blocks[-1][0], blocks[-1][1], True)
    return blocks


def spoken(text: str) -> str:
    """The user's own lines of a screenplay page (see the module docstring); any other text as it is."""
    lines = text.splitlines()
    if len(lines) < 2:
        return text
    blocks = _blocks(lines)
    if not any(_HEADING.match(x) or re.search(_EXTENSION, x) or _TO_US.search(x) for x in lines) and not (
            len(blocks) > 1 and any(name in _USERS for name, _, _ in blocks)):     # "BESTIE ... ME (sighing) Fine."
        return text
    named = {m.group(1).upper() for m in re.finditer(r"\b([A-Z][A-Za-z'-]+)\s*\((?:that'?s|it'?s)\s+me\)", text)}
    users = {name for name, _, addressed in blocks if name in _USERS | named or addressed}
    if not users:
        return text
    said = []
    to_us = any(addressed for _, _, addressed in blocks)      # the lines said to the recommender, where some are
    for i, (name, speech, addressed) in enumerate(blocks):
        if name in users and speech and (addressed or not to_us):
            line = " ".join(speech)
            if _AGREES.match(line) and i and blocks[i - 1][0] not in users:
                said.append(" ".join(blocks[i - 1][1]))      # "BESTIE: Not grey either." "ME: Fine."
            said.append(line)
    return "\n".join(said) if said else text
