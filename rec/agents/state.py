"""The one typed state the graph passes between nodes (DESIGN.md §4).

Everything in it is plain JSON (dicts, lists, strings), so LangGraph's SQLite
checkpointer can store a thread and a chat can resume after a restart. Nodes
return partial updates; `messages` and `trace` accumulate.
"""

from __future__ import annotations

import operator
from typing import Annotated, Any, TypedDict


class RecState(TypedDict, total=False):
    messages: Annotated[list[dict[str, str]], operator.add]   # the conversation so far
    user_id: str | None
    k: int
    filters: list[dict[str, Any]]        # caller's hard constraints (Constraint dicts)
    plan: dict[str, Any]                 # the current Plan (a follow-up refines it)
    assumed: list[dict[str, Any]]        # its constraints held by assumption only (Constraint dicts): re-assumed
    #                                      or not on the next turn ("a dress": for women; planner._assumed_wearer)
    references: list[dict[str, str]]     # {item_id, title}: items the user named as examples, resolved once
    exclusions: list[dict[str, str]]     # {item_id, title}: items the user ruled out
    candidates: list[dict[str, Any]]     # Candidate dicts with per-source scores
    ranking: list[dict[str, Any]]        # the shown items, best first
    shown_ids: list[str]                 # everything shown in this thread ("not that one")
    liked_ids: list[str]                 # /like: "more like this" references for the rest of the thread
    disliked_ids: list[str]              # /dislike: never shown again in this thread
    note: str | None
    intent: str                          # this turn's: recommend | explain | chit_chat | clarify (intents.py)
    targets: list[int]                   # the shown items (indices into `ranking`) a question is about
    answer: str | None                   # this turn's words when it is not a list (answer, reply, clarify)
    clarification: str | None            # why nothing matched and the relaxation that would work
    offer: list[dict[str, Any]] | None   # that relaxation's constraints: a "yes" next turn applies them
    ranked_with: dict[str, Any]          # what the ranker saw (request, history, adapter): tuning rebuilds it
    trace: Annotated[list[dict[str, Any]], operator.add]      # one entry per node run
