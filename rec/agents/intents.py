"""What a message asks for, before any model is asked: a list, an answer about what was shown, a short
reply, or a question back.

- **explain**: a question about the items of the last list, named by position or title ("tell me more
  about the second one", "why Alien?", "is it scary?") or all of them ("which of these is the newest?");
- **chit_chat**: thanks, greetings, "ok" — a few words that ask for nothing;
- **confirm**: "yes" / "sure" right after rec offered a relaxation ("the 1950s have 12: want those?");
- **clarify**: a first message with nothing to search for ("hmm", "recommend something" from a user
  with no history);
- **recommend**: everything else (a new request, a refinement, "more like the second one").
The planner's model may still say `explain` or `chit_chat`; these rules only decide what the words make
plain, so the common cases cost no model call.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

from rec.agents.links import norm

Intent = Literal["recommend", "explain", "chit_chat", "confirm", "clarify"]

_SMALL_TALK = re.compile(r"^(?:(?:ok(?:ay)?|cool|great|nice|awesome|perfect|thanks?(?: you)?(?: so much| a lot)?|"
                         r"thx|ty|cheers|hi|hello|hey|bye|goodbye|good night|see you|lol|haha|wow|got it|"
                         r"sounds good|love it|that s all|that is all|no thanks|nope)\b\W*)+$")
_YES = re.compile(r"^(?:yes|yeah|yep|yup|sure|ok(?:ay)?|please|go ahead|do it|why not|sounds good|alright)"
                  r"(?:\s+(?:please|thanks|thank you|those|that|sure|do it|go ahead))*\W*$")
_QUESTION = re.compile(r"^(?:what|which|who|whom|whose|why|how|when|where|is|are|was|were|does|do|did|"
                       r"can|could|tell me|describe|explain|info|details?)\b")
_ASKS_FOR_MORE = re.compile(r"\b(?:more like|similar|like (?:it|that|this|the)|others?|another|else|instead|"
                            r"recommend|suggest|show (?:me|us|only|just)|give me|find|something|anything|ones?\s+"
                            r"(?:from|with|without|before|after|under|over)|ones\s+(?:below|above)"
                            r"|more(?=\s*$|\s+(?:please|pls|of)\b))\b")                       # "seen both. more?"
# ("What is the cost? Show only the ones below 150 dollars": a question, then a filter)
_ABOUT_THESE = re.compile(r"\b(?:of (?:these|those|them)|among (?:these|those|them)|these|those|the list|"
                          r"your (?:picks|suggestions|list))\b")
_ABOUT_ONE = re.compile(r"\b(?:tell me (?:more )?about|more about|what is|what s|who is|why|is it|was it|does it|"
                        r"is that|is this|describe|details? (?:on|about))\b")


_FILLER = {"hmm", "hmmm", "hm", "umm", "um", "uh", "uhh", "erm", "idk", "dunno", "help", "what", "so", "well",
           "ok", "okay", "i", "me", "you", "don", "t", "know", "not", "sure", "anything", "whatever", "huh",
           "please", "pls", "any", "ideas", "idea", "suggestions", "now", "then"}


def says_anything(text: str) -> bool:
    """Does the message hold a word beyond filler ("hmm", "idk, anything")? "a good film" does: a list of
    what people like is a fair answer to it; "hmm" gets a question back."""
    return any(w not in _FILLER for w in re.findall(r"[a-z0-9]+", text.lower()))


def classify(text: str, *, shown_titles: Sequence[str] = (), named_shown: bool = False, offered: bool = False,
             has_signal: bool = True, first: bool = False, narrows: bool = False) -> Intent:
    """The intent the words make plain. `shown_titles`: the last list; `named_shown`: the message names
    one of its items (by position or title); `offered`: rec's last turn offered a relaxation; `has_signal`:
    the message carries something to search with (a constraint, a title, a content word, or a history);
    `narrows`: it states a constraint, so a question about all the shown items is a filter ("which of them
    come in size L?"), not one to answer in words ("which of these is the newest?")."""
    t = norm(text).replace("|", " ").strip()
    if offered and _YES.match(t):
        return "confirm"
    if _SMALL_TALK.match(t):
        return "chit_chat"
    question = text.strip().endswith("?") or _QUESTION.search(t)
    if shown_titles and question and not _ASKS_FOR_MORE.search(t) and (
            named_shown or (_ABOUT_THESE.search(t) and not narrows) or _ABOUT_ONE.search(t)):
        return "explain"
    if first and not has_signal:
        return "clarify"
    return "recommend"
