"""The LangGraph wiring: planner -> retriever -> ranker over one typed state.

Nodes are closures over their dependencies (model, retriever, config): no
globals, no hidden buffers. Each node returns a partial update and one trace
entry (what it did, how long it took, which model calls it made). A checkpointer
keyed by thread id gives conversation memory: the next turn's planner sees the
previous plan and refines it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from langchain_core.runnables import RunnableConfig

from rec.agents.hints import wants_new_items
from rec.agents.planner import plan_turn, store_grounding
from rec.agents.ranker import as_dict, rank
from rec.agents.references import Hit
from rec.agents.retriever import retrieve
from rec.agents.state import RecState
from rec.config import RecConfig
from rec.llm.base import ChatModel
from rec.ranking.blend import mode_of
from rec.retrieval.search import Retriever
from rec.schema import Candidate, Constraint, Plan


def _fields_text(retriever: Retriever) -> str | None:
    """What the planner is told about the catalog: field names, types and ranges/values."""
    fields = retriever.store.read_manifest().get("fields", {})
    parts = []
    for name, info in sorted(fields.items()):
        if name in ("title", "image"):
            continue
        if info["type"] == "number":
            parts.append(f"{name} (number, {info.get('min')}..{info.get('max')})")
        else:
            top = ", ".join(info.get("top", [])[:12])
            parts.append(f"{name} ({info['type']}{': ' + top if top else ''})")
    return "; ".join(parts) or None


def build_graph(cfg: RecConfig, model: ChatModel, retriever: Retriever, checkpointer: Any = None,
                ranker_model: Callable[[str | None], tuple[ChatModel, str | None]] | None = None):
    """`ranker_model(adapter)` -> (the model the ranker scores with, the adapter version it serves):
    the tuning registry's production adapter, or the one a request names (`configurable.adapter`)."""
    from langgraph.graph import END, START, StateGraph

    grounding = store_grounding(retriever, _fields_text(retriever))
    vocabulary = [v for _, values in grounding.linker.fields.values() for v in values]

    def history_plan(state: RecState) -> dict[str, Any]:
        """No words, only a user: "what next?" from their history (the classic offline top-K), no model call."""
        recent = retriever.behaviour.history(state["user_id"])[-3:]
        plan = Plan(intent="more_like", query=" ".join(retriever.titles(recent)), k=state.get("k") or 10,
                    hard_constraints=[Constraint.model_validate(f) for f in state.get("filters", [])])
        return {"plan": plan.model_dump(), "trace": [{"node": "planner", "seconds": 0.0, "history": recent,
                                                      "fallback": False, "model_calls": 0}]}

    def planner(state: RecState) -> dict[str, Any]:
        if not _user_texts(state):
            return history_plan(state)
        t0 = time.perf_counter()
        turn = plan_turn(model, state["messages"], grounding,
                         previous=Plan.model_validate(state["plan"]) if state.get("plan") else None,
                         known=(_hits(state.get("references", [])), _hits(state.get("exclusions", []))),
                         shown=_hits(state.get("ranking", [])),
                         filters=[Constraint.model_validate(f) for f in state.get("filters", [])])
        plan = turn.plan.model_copy(update={"k": state.get("k") or turn.plan.k})
        refs = [{"item_id": i, "title": t} for i, t in zip(turn.reference_ids, plan.reference_items, strict=False)]
        excl = [{"item_id": i, "title": t} for i, t in zip(turn.exclusion_ids, plan.exclusions, strict=False)]
        return {"plan": plan.model_dump(), "references": refs, "exclusions": excl,
                "trace": [{"node": "planner", "seconds": round(time.perf_counter() - t0, 4), **turn.trace}]}

    def retriever_node(state: RecState) -> dict[str, Any]:
        t0 = time.perf_counter()
        plan = Plan.model_validate(state["plan"])
        fresh = plan.intent == "more_like" or wants_new_items(_latest_user(state))
        seen = state.get("shown_ids", []) if fresh else []
        history = retriever.behaviour.history(state.get("user_id"))
        mode = mode_of(bool(_user_texts(state)), bool(history))
        # what the user already has never comes back (history mode: nothing they have, more of what's next)
        out = retrieve(retriever, plan, history=history, seen_ids=[*seen, *history, *state.get("disliked_ids", [])],
                       liked_ids=state.get("liked_ids", []), k=cfg.retrieval.candidates, mode=mode,
                       resolved=([r["item_id"] for r in state.get("references", [])],
                                 [r["item_id"] for r in state.get("exclusions", [])]))
        return {"candidates": [c.model_dump() for c in out.candidates], "note": out.empty_reason,
                "trace": [{"node": "retriever", "seconds": round(time.perf_counter() - t0, 4), "mode": mode,
                           "candidates": len(out.candidates), "where": out.where, "excluded": len(out.excluded_ids),
                           "references": out.reference_ids, "dropped": out.dropped_constraints}]}

    def ranker(state: RecState, config: RunnableConfig) -> dict[str, Any]:
        t0 = time.perf_counter()
        plan = Plan.model_validate(state["plan"])
        candidates = [Candidate.model_validate(c) for c in state.get("candidates", [])]
        user = state.get("user_id")
        request, titles = _request_text(state), retriever.titles(retriever.behaviour.history(user)[-5:])
        asked = (config.get("configurable") or {}).get("adapter")
        scorer, adapter = ranker_model(asked) if ranker_model else (model, None)
        ranked, trace = rank(model, request, candidates, plan.k, cfg.ranker, history=titles, vocabulary=vocabulary,
                             scorer=scorer, store_llm_weight=retriever.blend.llm,
                             store_mmr=retriever.blend.mmr.get(mode_of(bool(_user_texts(state)), bool(titles)), 0.9))
        items = [as_dict(r) for r in ranked]
        reply = "\n".join(f"{n}. {i['title']}" for n, i in enumerate(items, 1)) or (state.get("note") or
                                                                                    "Nothing matched.")
        return {"ranking": items, "shown_ids": [*state.get("shown_ids", []), *(i["item_id"] for i in items)],
                "messages": [{"role": "assistant", "content": reply}],
                "trace": [{"node": "ranker", "seconds": round(time.perf_counter() - t0, 4),
                           "model_calls": trace.model_calls, "windows": trace.windows,
                           "prompt_tokens": trace.prompt_tokens, "explain_fallback": trace.explain_fallback,
                           "explain_rejected": trace.explain_rejected, "explained": trace.explained,
                           "explain_fallbacks": trace.explain_fallbacks, "explain_specific": trace.explain_specific,
                           "request": request, "history": titles,   # what the ranker saw: tuning rebuilds it
                           "adapter": adapter}]}

    graph = StateGraph(RecState)
    graph.add_node("planner", planner)
    graph.add_node("retriever", retriever_node)
    graph.add_node("ranker", ranker)
    graph.add_edge(START, "planner")
    graph.add_edge("planner", "retriever")
    graph.add_edge("retriever", "ranker")
    graph.add_edge("ranker", END)
    return graph.compile(checkpointer=checkpointer)


def _latest_user(state: RecState) -> str:
    return (_user_texts(state) or [""])[-1]


def _user_texts(state: RecState) -> list[str]:
    return [m["content"] for m in state.get("messages", []) if m["role"] == "user" and m["content"].strip()]


def _request_text(state: RecState) -> str:
    return " / ".join(_user_texts(state)[-3:])[-1000:]   # the ranker's prompt stays small


def _hits(rows: list[dict[str, Any]]) -> list[Hit]:
    return [Hit(r["item_id"], r["title"]) for r in rows]
