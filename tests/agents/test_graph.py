"""The whole graph (planner -> retriever -> ranker) through the Recommender façade."""

import json
import sqlite3

import pytest

from rec.llm.fake import FakeChatModel
from rec.recommender import Recommender
from rec.retrieval.embeddings import HashingEmbedder
from rec.retrieval.search import Retriever
from rec.schema import RecRequest

COMEDY_90S = {"intent": "recommend", "query": "comedy", "k": 5, "soft_preferences": [], "reference_items": [],
              "exclusions": [], "hard_constraints": [{"field": "genres", "op": "contains", "value": "Comedy"},
                                                     {"field": "year", "op": "gte", "value": 1990},
                                                     {"field": "year", "op": "lte", "value": 1999}]}


@pytest.fixture
def make(film_cfg, tmp_path):
    built = []

    def factory(model, explain=True):
        cfg = film_cfg.model_copy(update={"ranker": film_cfg.ranker.model_copy(update={"explain": explain})})
        rec = Recommender(cfg, model, Retriever(cfg, HashingEmbedder()), checkpoint_path=tmp_path / "threads.sqlite")
        built.append(rec)
        return rec

    yield factory
    for rec in built:
        rec._close_threads()


def test_a_turn_runs_every_node_and_respects_the_plan(make, film_cfg):
    model = FakeChatModel([COMEDY_90S])
    response = make(model).recommend(RecRequest(query="a 90s comedy"))
    ids = {i.item_id for i in response.items}
    assert ids and ids <= {"6", "7", "8"}
    for item in response.items:
        assert "Comedy" in item.metadata["genres"] and 1990 <= item.metadata["year"] <= 1999
        assert item.explanation
    assert [t["node"] for t in response.trace] == ["planner", "retriever", "ranker", "explainer"]
    assert response.plan.k == 10  # the request's k wins over the plan's
    with sqlite3.connect(film_cfg.store_dir / "feedback.sqlite") as db:
        logged = db.execute("SELECT items FROM responses WHERE id = ?", (response.id,)).fetchone()
    assert [i["item_id"] for i in json.loads(logged[0])] == [i.item_id for i in response.items]


def test_more_like_x_never_returns_x(make):
    plan = {"intent": "more_like", "query": "space", "reference_items": ["Star Wars"], "exclusions": ["Star Wars"]}
    response = make(FakeChatModel([plan])).recommend(RecRequest(query="like Star Wars but not Star Wars", k=5))
    assert response.items and "1" not in {i.item_id for i in response.items}


def test_follow_ups_see_the_previous_plan_and_keep_caller_filters(make):
    model = FakeChatModel([COMEDY_90S, {**COMEDY_90S, "hard_constraints": [
        {"field": "year", "op": "lt", "value": 1980}, {"field": "genres", "op": "contains", "value": "Comedy"}]}])
    rec = make(model, explain=False)  # every scripted chat reply is a plan
    filters = [{"field": "genres", "op": "contains", "value": "Comedy"}]
    first = rec.recommend(RecRequest(query="a comedy", thread_id="t1", filters=filters))
    second = rec.recommend(RecRequest(query="only ones before 1980", thread_id="t1", filters=filters))
    planner_prompt = [c for c in model.calls if c["kind"] == "chat" and c["json_schema"]
                      and c["json_schema"].get("title") == "Plan"][1]["messages"]
    assert any("The current plan is" in m["content"] and '"year"' in m["content"] for m in planner_prompt)
    assert any(m["content"] == "a comedy" for m in planner_prompt)  # the conversation is remembered
    assert first.items and {i.item_id for i in second.items} == {"10"}
    genres = [c for c in second.plan.hard_constraints if c.field == "genres"]
    assert len(genres) == 1  # the caller's filter is not duplicated turn after turn


def test_a_thread_survives_a_restart(make):
    first = make(FakeChatModel([COMEDY_90S]), explain=False)
    first.recommend(RecRequest(query="a 90s comedy", thread_id="persist"))
    first._close_threads()
    model = FakeChatModel([COMEDY_90S])
    make(model, explain=False).recommend(RecRequest(query="more please", thread_id="persist"))
    planner = next(c for c in model.calls if c["kind"] == "chat")["messages"]
    assert any(m["content"] == "a 90s comedy" for m in planner)


def test_planner_garbage_falls_back_to_the_raw_message(make):
    response = make(FakeChatModel(["{", "{"])).recommend(RecRequest(query="Groundhog Day", k=3))
    assert response.plan.query == "Groundhog Day" and response.trace[0]["fallback"]
    assert response.items and response.items[0].item_id == "6"


def test_an_impossible_request_says_why(make):
    plan = {**COMEDY_90S, "hard_constraints": [{"field": "year", "op": "lt", "value": 1900}]}
    response = make(FakeChatModel([plan])).recommend(RecRequest(query="silent films"))
    assert response.items == [] and response.note == "no item satisfies year lt 1900"


def test_the_real_graph_on_a_tiny_random_model(make, tiny_model_dir):
    from rec.llm.transformers_backend import TransformersChatModel

    response = make(TransformersChatModel(tiny_model_dir)).recommend(RecRequest(query="a comedy", k=3))
    catalog = {str(n) for n in range(1, 11)}
    assert 0 < len(response.items) <= 3 and {i.item_id for i in response.items} <= catalog


def test_recommend_cli_json_contract(film_cfg):
    import subprocess
    import sys

    res = subprocess.run([sys.executable, "-m", "rec.cli", "--home", str(film_cfg.home), "--set",
                          "retrieval.embedder=hashing-64", "--set", "llm.backend=fake", "recommend",
                          "Groundhog Day", "-k", "2", "--json"], capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    doc = json.loads(res.stdout)
    assert set(doc) == {"id", "plan", "items", "note", "answer", "intent", "thread_id"}
    assert doc["plan"]["query"] == "Groundhog Day"
    assert 0 < len(doc["items"]) <= 2
    assert {"item_id", "title", "score", "explanation", "metadata"} <= set(doc["items"][0])
    assert doc["items"][0]["item_id"] == "6"


def test_recommend_cli_says_why_nothing_matched_and_what_would(film_cfg):
    import subprocess
    import sys

    res = subprocess.run([sys.executable, "-m", "rec.cli", "--home", str(film_cfg.home), "--set",
                          "retrieval.embedder=hashing-64", "--set", "llm.backend=fake", "recommend",
                          "a comedy from the 1950s"], capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    said = " ".join(res.stdout.split())
    assert said.startswith("Nothing matches") and "Want those?" in said, said


def test_recommend_on_an_empty_store_is_a_clear_error(tmp_path):
    import subprocess
    import sys

    res = subprocess.run([sys.executable, "-m", "rec.cli", "--home", str(tmp_path), "--set",
                          "retrieval.embedder=hashing-64", "--set", "llm.backend=fake", "recommend", "x"],
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 2 and "is empty (it does not exist yet); ingest a catalog first" in res.stderr
    assert "Traceback" not in res.stderr


def test_plain_words_fill_in_what_a_weak_planner_missed(make):
    weak = {"intent": "recommend", "query": "comedy", "hard_constraints": [
        {"field": "genres", "op": "contains", "value": "Comedy"}]}
    response = make(FakeChatModel([weak]), explain=False).recommend(RecRequest(query="a 90s comedy"))
    years = sorted((c.op, c.value) for c in response.plan.hard_constraints if c.field == "year")
    assert years == [("gte", 1990), ("lte", 1999)]
    assert {i.item_id for i in response.items} == {"6", "7", "8"}


def test_named_genres_become_constraints_and_a_refinement_keeps_them(make):
    model = FakeChatModel([{"intent": "recommend", "query": "funny"}, {"intent": "refine", "query": "funny"}])
    rec = make(model, explain=False)
    first = rec.recommend(RecRequest(query="a comedy", thread_id="g"))
    assert [(c.field, c.op, c.value) for c in first.plan.hard_constraints] == [("genres", "contains", "Comedy")]
    assert first.items and all("Comedy" in i.metadata["genres"] for i in first.items)
    second = rec.recommend(RecRequest(query="only ones before 1980", thread_id="g"))
    assert sorted((c.field, c.op, c.value) for c in second.plan.hard_constraints) == [
        ("genres", "contains", "Comedy"), ("year", "lt", 1980)]
    assert [i.title for i in second.items] == ["Annie Hall"]


def test_catalog_values_planned_as_titles_are_dropped(make):
    """The 0.5B planner, asked for "a 90s comedy instead", made "Comedy" a reference and an exclusion:
    as titles they would exclude any film with the word in its title and show "like Comedy"."""
    plan = {"intent": "more_like", "query": "comedy", "reference_items": ["Comedy", "Star Wars"],
            "exclusions": ["comedy", "Star Wars"]}
    response = make(FakeChatModel([plan]), explain=False).recommend(RecRequest(query="now a 90s comedy instead"))
    assert response.plan.reference_items == [] and response.plan.exclusions == []
    assert response.trace[0]["not_titles"] == ["Comedy", "comedy"]
    assert response.trace[0]["not_said"] == ["Star Wars", "Star Wars"]   # the user never named it
    assert ("genres", "contains", "Comedy") in {(c.field, c.op, c.value) for c in response.plan.hard_constraints}
    assert {i.item_id for i in response.items} == {"6", "7", "8"}


def test_requests_without_words_are_history_requests(make):
    from pydantic import ValidationError

    from rec.errors import NotFoundError

    with pytest.raises(ValidationError, match="a user message with text"):
        RecRequest(messages=[{"role": "system", "content": "be brief"}])
    with pytest.raises(NotFoundError, match="has no history"):
        make(FakeChatModel(), explain=False).recommend(RecRequest(query="   ", user_id="stranger"))


def test_requests_are_ranked_by_the_stores_blend_for_their_kind(film_cfg, tmp_path):
    from rec.ranking.blend import Blend

    cfg = film_cfg.model_copy(update={"ranker": film_cfg.ranker.model_copy(update={"explain": False,
                                                                                  "mmr_lambda": 1.0})})
    retriever = Retriever(cfg, HashingEmbedder())
    retriever.use(retriever.behaviour, Blend(weights={"history": {"collab": 1.0}, "personal": {"text": 1.0}}))
    rec = Recommender(cfg, FakeChatModel(), retriever, checkpoint_path=tmp_path / "t.sqlite")
    try:
        history = rec.recommend(RecRequest(user_id="u0", k=5))
        worded = rec.recommend(RecRequest(query="a space adventure", user_id="u0", k=5))
    finally:
        rec._close_threads()
    collab = [i for i, _ in retriever.collab.for_user("u0", 5)]
    assert [i.item_id for i in history.items][:len(collab)] == collab   # history: co-occurrence alone orders
    for response in (history, worded):   # the user's own items never come back, with words or without
        assert response.items and not {i.item_id for i in response.items} & {"1", "2", "3"}
    texts = [i.scores.get("text", 0.0) for i in worded.items]
    assert texts == sorted(texts, reverse=True)                         # personal: the words alone order


def test_the_planner_sees_recent_turns_only_and_capped():
    from rec.agents.planner import MAX_TURN_CHARS, MAX_TURNS, planner_messages

    turns = [{"role": "user" if n % 2 == 0 else "assistant", "content": f"{n} " + "x" * 5000} for n in range(30)]
    sent = planner_messages(turns)
    tail = sent[-MAX_TURNS:]
    assert [m["content"].split()[0] for m in tail] == [str(n) for n in range(30 - MAX_TURNS, 30)]
    assert all(len(m["content"]) == MAX_TURN_CHARS for m in tail)
