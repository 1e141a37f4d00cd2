"""The LangGraph wiring: planner -> retriever -> ranker over one typed state.

Nodes are closures over their dependencies (model, retriever, config): no
globals, no hidden buffers. Each node returns a partial update and one trace
entry (what it did, how long it took, which model calls it made). A checkpointer
keyed by thread id gives conversation memory: the next turn's planner sees the
previous plan and refines it.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any

from langchain_core.runnables import RunnableConfig

from rec.agents.answer import about, ask_back, reply
from rec.agents.hints import wants_new_items
from rec.agents.intents import classify, says_anything
from rec.agents.labels import fits, labels
from rec.agents.planner import Reading, plan_turn, read, store_grounding, user_texts
from rec.agents.ranker import RankTrace, as_dict, explain, rank
from rec.agents.references import positions
from rec.agents.retriever import relaxation, retrieve
from rec.agents.state import RecState
from rec.agents.titles import Hit, grounded, resolve
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


class Nodes:
    """The graph's nodes, closures over one store's dependencies: the model, the retriever, the planner's
    grounding in the store, and how the ranker picks its model (`ranker_model(adapter)` -> (the model it
    scores with, the adapter version it serves): the registry's production adapter, or the one a request
    names in `configurable.adapter`)."""

    def __init__(self, cfg: RecConfig, model: ChatModel, retriever: Retriever,
                 ranker_model: Callable[[str | None], tuple[ChatModel, str | None]] | None = None,
                 planner_model: Callable[[], tuple[ChatModel, str | None]] | None = None):
        self.cfg, self.model, self.retriever = cfg, model, retriever
        self.ranker_model = ranker_model or (lambda _asked: (model, None))
        self.planner_model = planner_model or (lambda: (model, None))   # the store's production planner adapter
        topics = (cfg.planner.topic_fields, cfg.planner.topic_evidence)
        self.grounding = store_grounding(retriever, _fields_text(retriever), cfg.planner.lexicon, topics)
        self.vocabulary = [v for _, values in self.grounding.linker.fields.values() for v in values]
        self.words = [f for f, kind in retriever.fields.items() if kind in ("string", "list[string]")]  # labels

    def history_plan(self, state: RecState) -> dict[str, Any]:
        """No words, only a user: "what next?" from their history (the classic offline top-K), no model call."""
        recent = self.retriever.behaviour.history(state["user_id"])[-3:]
        plan = Plan(intent="more_like", query=" ".join(self.retriever.titles(recent)), k=state.get("k") or 10,
                    hard_constraints=[Constraint.model_validate(f) for f in state.get("filters", [])])
        return {"plan": plan.model_dump(), "intent": "recommend", "trace": [{
            "node": "planner", "seconds": 0.0, "history": recent, "fallback": False, "model_calls": 0}]}

    def planner(self, state: RecState) -> dict[str, Any]:
        if not _user_texts(state):
            return self.history_plan(state)
        t0 = time.perf_counter()
        text, shown = _latest_user(state), self.shown(state)
        hits = _hits(shown)
        reading = read(text, self.grounding, hits)          # once a turn: the intent and the plan share it
        intent, targets = self.intent(state, text, hits, reading)
        # the last list as resolved from client-sent messages is kept, so the answer node needs no search
        derived = {} if state.get("ranking") else {"ranking": shown}
        if intent == "confirm":       # "yes" to the relaxation rec offered: the plan with the offered constraints
            plan = Plan.model_validate(state["plan"]).model_copy(update={
                "hard_constraints": [Constraint.model_validate(c) for c in state.get("offer") or []]})
            return {"plan": plan.model_dump(), "intent": "recommend", "offer": None, "trace": [{
                "node": "planner", "seconds": round(time.perf_counter() - t0, 4), "intent": intent, "model_calls": 0}]}
        if intent != "recommend":
            return {"intent": intent, "targets": targets, "offer": None, **derived, "trace": [{
                "node": "planner", "seconds": round(time.perf_counter() - t0, 4), "intent": intent, "model_calls": 0}]}
        planner, adapter = self.planner_model() if self.cfg.planner.use_model else (None, None)
        turn = plan_turn(planner, state["messages"], self.grounding,
                         previous=Plan.model_validate(state["plan"]) if state.get("plan") else None,
                         known=(_hits(state.get("references", [])), _hits(state.get("exclusions", []))),
                         shown=hits, filters=[Constraint.model_validate(f) for f in state.get("filters", [])],
                         reading=reading, assumed=[Constraint.model_validate(c) for c in state.get("assumed", [])])
        plan = turn.plan.model_copy(update={"k": state.get("k") or turn.plan.k})
        refs = [{"item_id": i, "title": t} for i, t in zip(turn.reference_ids, plan.reference_items, strict=False)]
        excl = [{"item_id": i, "title": t} for i, t in zip(turn.exclusion_ids, plan.exclusions, strict=False)]
        return {"plan": plan.model_dump(), "references": refs, "exclusions": excl, "intent": "recommend",
                "assumed": [c.model_dump() for c in turn.assumed], "offer": None,
                "trace": [{"node": "planner", "seconds": round(time.perf_counter() - t0, 4), "intent": intent,
                           "adapter": adapter, **turn.trace}]}

    def shown(self, state: RecState) -> list[dict[str, Any]]:
        """The last list: this thread's, or — when the client sends the conversation itself — the numbered
        lines of the last assistant message ("1. Alien — …"), resolved to catalog items."""
        if state.get("ranking"):
            return state["ranking"]
        said = next((m["content"] for m in reversed(state.get("messages", [])) if m["role"] == "assistant"), "")
        titles = [m.group(1).strip() for m in re.finditer(r"(?m)^\s*\d{1,2}[.)]\s+(.+?)(?:\s+—.*)?$", said)]
        hits = [h for t in titles[:50] if (h := self._read_back(t)) is not None]
        meta = self.retriever.store.items([h.item_id for h in hits])
        return [{"item_id": h.item_id, "title": h.title, "metadata": meta.get(h.item_id, {})} for h in hits]

    def _read_back(self, label: str) -> Hit | None:
        """The item a shown line names; of items with one title, the one its label's brackets fit."""
        found = self.grounding.search(label)           # searched once: resolve and the twins share it
        hit = resolve(label, lambda _: found)
        if hit is None or not label.endswith(")"):
            return hit
        twins = [h for h in found if h.title == hit.title]
        metas = self.retriever.store.items([h.item_id for h in twins])
        year = self.grounding.numeric.year
        return next((h for h in twins if fits(label, metas.get(h.item_id, {}), self.words, year)), hit)

    def intent(self, state: RecState, text: str, shown: list[Hit], reading: Reading) -> tuple[str, list[int]]:
        """What the latest message asks for (`intents.classify`) and which shown items it names."""
        targets = [shown.index(h) for h in positions(text, shown)]
        kept, _ = grounded([h.title for h in shown], [text])
        targets += [i for i, h in enumerate(shown) if h.title in kept and i not in targets]
        signal = bool(reading.constraints or reading.references or reading.exclusions or says_anything(text)
                      or state.get("filters") or self.retriever.behaviour.history(state.get("user_id")))
        return classify(text, shown_titles=[h.title for h in shown], named_shown=bool(targets),
                        offered=bool(state.get("offer")), has_signal=signal, first=not state.get("plan"),
                        narrows=bool(reading.constraints)), targets

    def retrieve(self, state: RecState) -> dict[str, Any]:
        t0 = time.perf_counter()
        plan = Plan.model_validate(state["plan"])
        fresh = plan.intent == "more_like" or wants_new_items(_latest_user(state))
        seen = state.get("shown_ids", []) if fresh else []
        history = self.retriever.behaviour.history(state.get("user_id"))
        mode = mode_of(bool(_user_texts(state)), bool(history))
        # what the user already has never comes back (history mode: nothing they have, more of what's next)
        excluded = [*seen, *history, *state.get("disliked_ids", [])]
        out = retrieve(self.retriever, plan, history=history, seen_ids=excluded, liked_ids=state.get("liked_ids", []),
                       k=self.cfg.retrieval.candidates, mode=mode,
                       resolved=([r["item_id"] for r in state.get("references", [])],
                                 [r["item_id"] for r in state.get("exclusions", [])]),
                       year=self.grounding.numeric.year)
        offer = relaxation(self.retriever, plan.hard_constraints, excluded, keep=self.grounding.kinds) \
            if out.empty_reason else None
        return {"candidates": [c.model_dump() for c in out.candidates], "note": out.empty_reason,
                "clarification": offer[0] if offer else None,
                "offer": [c.model_dump() for c in offer[1]] if offer else None,
                "trace": [{"node": "retriever", "seconds": round(time.perf_counter() - t0, 4), "mode": mode,
                           "candidates": len(out.candidates), "where": out.where, "excluded": len(out.excluded_ids),
                           "references": out.reference_ids, "dropped": out.dropped_constraints}]}

    def rank(self, state: RecState, config: RunnableConfig) -> dict[str, Any]:
        t0 = time.perf_counter()
        plan = Plan.model_validate(state["plan"])
        candidates = [Candidate.model_validate(c) for c in state.get("candidates", [])]
        request = _request_text(state)
        titles = self.retriever.titles(self.retriever.behaviour.history(state.get("user_id"))[-5:])
        scorer, adapter = self.ranker_model((config.get("configurable") or {}).get("adapter"))
        mmr = self.retriever.blend.mmr.get(mode_of(bool(_user_texts(state)), bool(titles)), 0.9)
        ranked, trace = rank(self.model, request, candidates, plan.k, self.cfg.ranker, history=titles,
                             vocabulary=self.vocabulary, scorer=scorer, store_llm_weight=self.retriever.blend.llm,
                             store_mmr=mmr, explain_items=False)
        items = [as_dict(r) for r in ranked]
        for item, label in zip(items, labels(items, self.words, self.grounding.numeric.year), strict=True):
            item["label"] = label      # the title, and what tells it from a same-title item in the list
        reply_text = "\n".join(f"{n}. {i['label']}" for n, i in enumerate(items, 1)) or (
            state.get("note") or "Nothing matched.")
        return {"ranking": items, "shown_ids": [*state.get("shown_ids", []), *(i["item_id"] for i in items)],
                "messages": [{"role": "assistant", "content": reply_text}], "answer": None,
                "ranked_with": {"request": request, "history": titles, "adapter": adapter},  # tuning rebuilds it
                "trace": [{"node": "ranker", "seconds": round(time.perf_counter() - t0, 4), **_rank_trace(trace),
                           "adapter": adapter}]}

    def explain(self, state: RecState, config: RunnableConfig) -> dict[str, Any]:
        """The shown items' explanations (a short call per item sent together, or one streamed call:
        `ranker.explain_calls`): each raw piece and each checked sentence goes out as it comes (LangGraph's
        custom stream: `{"token": …}`, `{"explanation": {item_id, text}}`), so the list is on screen while
        they are written. `configurable.cancel` (an Event) stops it."""
        from langgraph.config import get_stream_writer

        t0 = time.perf_counter()
        items = state.get("ranking", [])
        if not (self.cfg.ranker.explain and items):
            return {"trace": [{"node": "explainer", "seconds": 0.0, "model_calls": 0}]}
        write = get_stream_writer()
        cancel = (config.get("configurable") or {}).get("cancel")
        trace = RankTrace()
        whys = explain(self.model, _request_text(state), [Candidate.model_validate(_candidate(i)) for i in items],
                       trace, self.vocabulary, on_token=lambda piece: write({"token": piece}),
                       on_explained=lambda item_id, text: write({"explanation": {"item_id": item_id, "text": text}}),
                       cancelled=lambda: bool(cancel and cancel.is_set()), cfg=self.cfg.ranker)
        return {"ranking": [{**i, "explanation": whys.get(i["item_id"])} for i in items],
                "trace": [{"node": "explainer", "seconds": round(time.perf_counter() - t0, 4), **_rank_trace(trace)}]}

    def answer(self, state: RecState) -> dict[str, Any]:
        text = about(_latest_user(state), self.shown(state), state.get("targets", []),
                     self.grounding.linker, self.grounding.numeric)
        return _said_back(text, "answer")

    def reply(self, state: RecState) -> dict[str, Any]:
        return _said_back(reply(_latest_user(state)), "reply")

    def clarify(self, state: RecState) -> dict[str, Any]:
        text = state.get("clarification") or ask_back(self.grounding.linker.fields or self.retriever.fields)
        return {**_said_back(text, "clarify"), "clarification": None}


def build_graph(cfg: RecConfig, model: ChatModel, retriever: Retriever, checkpointer: Any = None,
                ranker_model: Callable[[str | None], tuple[ChatModel, str | None]] | None = None,
                planner_model: Callable[[], tuple[ChatModel, str | None]] | None = None):
    """planner --intent--> retriever -> ranker (a list) -> explainer | answer (about shown items) | reply |
    clarify;
    a retrieval the hard constraints leave empty goes to clarify, which offers the relaxation that works."""
    from langgraph.graph import END, START, StateGraph

    nodes = Nodes(cfg, model, retriever, ranker_model, planner_model)
    graph = StateGraph(RecState)
    for name, node in (("planner", nodes.planner), ("retriever", nodes.retrieve), ("ranker", nodes.rank),
                       ("explainer", nodes.explain), ("answer", nodes.answer), ("reply", nodes.reply),
                       ("clarify", nodes.clarify)):
        graph.add_node(name, node)
    graph.add_edge(START, "planner")
    graph.add_conditional_edges("planner", _after_planner, ["retriever", "answer", "reply", "clarify"])
    graph.add_conditional_edges("retriever", _after_retriever, ["ranker", "clarify"])
    graph.add_edge("ranker", "explainer")
    for name in ("explainer", "answer", "reply", "clarify"):
        graph.add_edge(name, END)
    return graph.compile(checkpointer=checkpointer)


def _after_planner(state: RecState) -> str:
    return {"explain": "answer", "chit_chat": "reply", "clarify": "clarify"}.get(state.get("intent", ""), "retriever")


def _after_retriever(state: RecState) -> str:
    return "clarify" if state.get("clarification") else "ranker"


def _candidate(item: dict[str, Any]) -> dict[str, Any]:
    """A shown item (RecItem dict) as the Candidate the explainer reads (its facts, scores, "because")."""
    return {"item_id": item["item_id"], "title": item["title"], "score": item.get("score", 0.0),
            "scores": item.get("scores", {}), "metadata": item.get("metadata", {}), "because": item.get("because")}


def _said_back(text: str, kind: str) -> dict[str, Any]:
    """A turn that answers in words: no new list (the last one stays, for "the second one")."""
    return {"answer": text, "messages": [{"role": "assistant", "content": text}],
            "trace": [{"node": kind, "seconds": 0.0, "model_calls": 0}]}


def _rank_trace(trace: Any) -> dict[str, Any]:
    return {"model_calls": trace.model_calls, "windows": trace.windows, "prompt_tokens": trace.prompt_tokens,
            "explain_fallback": trace.explain_fallback, "explain_rejected": trace.explain_rejected,
            "explained": trace.explained, "explain_fallbacks": trace.explain_fallbacks,
            "explain_specific": trace.explain_specific, "explain_reasons": trace.explain_reasons,
            "explain_stray_lines": trace.explain_stray_lines, "explain_rejected_lines": trace.explain_rejected_lines}


def _latest_user(state: RecState) -> str:
    return (_user_texts(state) or [""])[-1]


def _user_texts(state: RecState) -> list[str]:
    return user_texts(state.get("messages", []))


def _request_text(state: RecState) -> str:
    return " / ".join(_user_texts(state)[-3:])[-1000:]   # the ranker's prompt stays small


def _hits(rows: list[dict[str, Any]]) -> list[Hit]:
    return [Hit(r["item_id"], r["title"]) for r in rows]
