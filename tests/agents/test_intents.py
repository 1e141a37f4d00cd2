"""A conversation, not a list per message: questions about what was shown, small talk, a question back,
and the relaxation offered when the constraints leave nothing — through the façade, the API and rec chat."""

import subprocess
import sys

import pytest

from rec.agents.intents import classify
from rec.llm.fake import FakeChatModel
from rec.schema import RecRequest

from .test_graph import make  # noqa: F401  (the fixture)

SHOWN = ["Star Wars", "Alien", "Blade Runner"]


@pytest.mark.parametrize("text, named, expected", [
    ("tell me more about the second one", True, "explain"),
    ("why Alien?", True, "explain"),
    ("is it scary?", False, "explain"),
    ("which of these is the newest?", False, "explain"),
    ("more like the second one", True, "recommend"),
    ("something newer", False, "recommend"),
    ("anything like Alien but funnier?", True, "recommend"),
    ("What is the cost? Show only the ones below 150 dollars.", False, "recommend"),    # a question, then a filter
    ("what is the price of the second one?", True, "explain"),
    ("thanks!", False, "chit_chat"),
    ("ok cool, thank you so much", False, "chit_chat"),
])
def test_classify_after_a_list(text, named, expected):
    assert classify(text, shown_titles=SHOWN, named_shown=named) == expected


def test_a_question_about_all_the_shown_items_that_states_a_constraint_is_a_filter():
    assert classify("which of them come in size L?", shown_titles=SHOWN, narrows=True) == "recommend"
    assert classify("which of them come in size L?", shown_titles=SHOWN) == "explain"
    assert classify("is it scary?", shown_titles=SHOWN, narrows=True) == "explain"     # about one item


def test_classify_without_a_list():
    assert classify("is it any good?", shown_titles=[]) == "recommend"
    assert classify("hmm", has_signal=False, first=True) == "clarify"
    assert classify("yes please", offered=True) == "confirm"
    assert classify("yes please", offered=False) == "chit_chat" or classify("yes please") == "recommend"


def test_a_conversation_through_the_facade(make):  # noqa: F811
    rec = make(FakeChatModel(), explain=False)
    first = rec.recommend(RecRequest(query="a sci-fi film", thread_id="c", k=3))
    assert first.intent == "recommend" and len(first.items) == 3
    second = first.items[1]
    about = rec.recommend(RecRequest(query="tell me more about the second one", thread_id="c", k=3))
    assert about.intent == "explain" and about.items == [] and second.title in about.answer
    assert str(second.metadata["year"]) in about.answer
    newest = rec.recommend(RecRequest(query="which of these is the newest?", thread_id="c", k=3))
    best = max(first.items, key=lambda i: i.metadata["year"])
    assert best.title in newest.answer and newest.items == []
    scary = rec.recommend(RecRequest(query="is the first one a horror film?", thread_id="c", k=3))
    is_horror = "Horror" in first.items[0].metadata["genres"]
    assert scary.answer.startswith("Yes" if is_horror else "No")
    newer = rec.recommend(RecRequest(query="something newer, after 1980", thread_id="c", k=3))
    assert newer.intent == "recommend" and newer.items
    assert all(i.metadata["year"] > 1980 and "Sci-Fi" in i.metadata["genres"] for i in newer.items)
    thanks = rec.recommend(RecRequest(query="thanks!", thread_id="c"))
    assert thanks.intent == "chit_chat" and thanks.items == [] and "welcome" in thanks.answer
    assert [t["model_calls"] for t in about.trace + newest.trace + thanks.trace] == [0, 0, 0, 0, 0, 0]


def test_an_empty_result_offers_the_relaxation_that_works(make):  # noqa: F811
    rec = make(FakeChatModel(), explain=False)
    empty = rec.recommend(RecRequest(query="a comedy from the 1960s", thread_id="r"))
    assert empty.intent == "recommend" and empty.items == [] and "Want those?" in empty.answer
    assert "1970" in empty.answer          # the nearest decade that has comedies (Annie Hall, 1977)
    yes = rec.recommend(RecRequest(query="yes please", thread_id="r"))
    assert [i.title for i in yes.items] == ["Annie Hall"]
    again = rec.recommend(RecRequest(query="only ones from the 1940s", thread_id="r"))
    assert again.items == [] and "Want those?" in again.answer     # not the last list over again


def test_a_message_with_nothing_to_search_asks_back(make):  # noqa: F811
    response = make(FakeChatModel(), explain=False).recommend(RecRequest(query="hmm"))
    assert response.intent == "clarify" and response.items == [] and "mood" in response.answer


def test_the_same_conversation_in_rec_chat(film_cfg):
    cmd = [sys.executable, "-m", "rec.cli", "--home", str(film_cfg.home), "--set", "retrieval.embedder=hashing-64",
           "--set", "llm.backend=fake", "--set", "ranker.explain=false", "chat", "-k", "3"]
    said = "a sci-fi film\ntell me more about the second one\nsomething newer, after 1980\nthanks\n/quit\n"
    res = subprocess.run(cmd, input=said, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    assert "You're welcome" in res.stdout and "Traceback" not in res.stderr


def test_the_relaxation_lets_a_bound_go_before_a_value_and_the_kind_last(film_cfg):
    """Horror before 1979: dropping the genre leaves two films, dropping the year one; the bound goes first (as
    "a black coat under 130" should offer black coats at any price); a field in `keep` goes only where nothing
    else works."""
    from rec.agents.retriever import Retriever, relaxation
    from rec.retrieval.embeddings import HashingEmbedder
    from rec.schema import Constraint

    retriever = Retriever(film_cfg, HashingEmbedder())
    wanted = [Constraint(field="genres", op="contains", value="Horror"), Constraint(field="year", op="lt", value=1979)]
    text, offered = relaxation(retriever, wanted, keep=("genres",))
    assert offered == wanted[:1] and "without year < 1979" in text
    assert relaxation(retriever, wanted, keep=("year",))[1] == wanted[1:]


def test_a_bare_more_after_quoted_items_asks_for_more():
    """"> Fargo (1996) / seen both. more?" names shown items but asks for more of them, no answer about them."""
    assert classify("seen both. more?", shown_titles=SHOWN, named_shown=True) == "recommend"
    assert classify("more please", shown_titles=SHOWN, named_shown=True) == "recommend"
    assert classify("tell me more about the second one?", shown_titles=SHOWN, named_shown=True) == "explain"
