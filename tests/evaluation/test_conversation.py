"""Conversation cases: parsing (the shipped set too), each check's verdict, and a run on the film store
with the fake model (the planner's hints turn plain words into constraints)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rec.errors import InputError
from rec.evaluation.conversation import read_cases, run_cases
from rec.llm.fake import FakeChatModel
from rec.recommender import Recommender
from rec.retrieval.embeddings import HashingEmbedder
from rec.retrieval.search import Retriever

SHIPPED = Path(__file__).resolve().parents[1] / "data" / "conversation_cases.jsonl"


def test_the_shipped_cases_parse():
    cases = read_cases(SHIPPED)
    assert len(cases) >= 10 and len({c.id for c in cases}) == len(cases)


def write(tmp_path, *cases):
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join(json.dumps(c) for c in cases) + "\n")
    return path


def test_bad_cases_are_one_line_errors(tmp_path):
    with pytest.raises(InputError, match=r"cases\.jsonl:1: a check is one of"):
        read_cases(write(tmp_path, {"id": "x", "turns": [{"say": "hi", "expect": [{"sometimes": 1}]}]}))
    with pytest.raises(InputError, match=r"cases\.jsonl:1: turns"):
        read_cases(write(tmp_path, {"id": "x", "turns": []}))


def test_checks_on_the_film_store(film_cfg, tmp_path):
    cfg = film_cfg.model_copy(update={"ranker": film_cfg.ranker.model_copy(update={"explain": False})})
    rec = Recommender(cfg, FakeChatModel(), Retriever(cfg, HashingEmbedder()), checkpoint_path=tmp_path / "t.sqlite")
    cases = read_cases(write(
        tmp_path,
        {"id": "comedy", "k": 3, "turns": [{"say": "a comedy", "expect": [
            {"every": {"field": "genres", "op": "contains", "value": "Comedy"}}, {"count": 3}]}]},
        {"id": "no-horror", "turns": [{"say": "no horror please", "expect": [
            {"every": {"field": "genres", "op": "ne", "value": "Horror"}}, {"excludes": "Alien"}]}]},
        {"id": "then-older", "turns": ["a comedy", {"say": "only ones before 1980", "expect": [
            {"every": {"field": "year", "op": "lt", "value": 1980}},
            {"some_shares": {"field": "genres", "with": "Groundhog Day"}}]}]},
        {"id": "impossible", "turns": [{"say": "a comedy", "expect": [
            {"every": {"field": "genres", "op": "contains", "value": "Horror"}}, {"at_least": 50}]}]},
    ))
    try:
        result = run_cases(rec, cases)
    finally:
        rec._close_threads()
    verdicts = {c["id"]: c["passed"] for c in result["cases"]}
    assert verdicts == {"comedy": True, "no-horror": True, "then-older": True, "impossible": False}
    failed = next(c for c in result["cases"] if c["id"] == "impossible")["failures"]
    assert failed == ["turn 1: every item: genres contains 'Horror'", "turn 1: at least 50 items (got 4)"]
    s = result["summary"]
    assert s["pass_rate"] == 0.75 and s["checks_satisfied"] == pytest.approx(6 / 8)
    assert 0 < s["items_satisfying_constraints"] < 1
    assert set(s["node_p50_s"]) == {"planner", "retriever", "ranker", "explainer"}


@pytest.mark.parametrize("calls", ["one", "per_item"])
def test_the_report_counts_why_explanations_fell_back(film_cfg, tmp_path, calls):
    plan = {"intent": "recommend", "query": "a comedy"}
    # one call: a stray line, a wrong year, 2 missing; a call per item: "Sure!", a wrong year, "OK" (the default)
    replies = ["Sure!\n1: A comedy from 1850.\n"] if calls == "one" else ["Sure!", "A comedy from 1850."]
    model = FakeChatModel([plan, *replies])
    cfg = film_cfg.model_copy(update={"ranker": film_cfg.ranker.model_copy(update={"explain_calls": calls})})
    rec = Recommender(cfg, model, Retriever(cfg, HashingEmbedder()), checkpoint_path=tmp_path / "t.sqlite")
    cases = read_cases(write(tmp_path, {"id": "comedy", "k": 3, "turns": ["a comedy"]}))
    try:
        s = run_cases(rec, cases)["summary"]
    finally:
        rec._close_threads()
    assert s["explained_items"] == 3 and s["explanation_fallback_rate"] == 1.0
    if calls == "per_item":
        assert s["explanation_fallback_reasons"] == {"too_short": 2, "wrong_year": 1}
        return
    assert s["explanation_fallback_reasons"] == {"missing": 2, "wrong_year": 1}
    assert s["explanation_stray_lines"] == 1
    assert s["explanation_rejected_examples"] == [{"reason": "wrong_year", "line": "1: A comedy from 1850."}]
