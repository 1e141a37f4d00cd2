"""Same-title items in one list are told apart: the label adds what differs, and a label read back
from a client-sent list names the right one."""

import pytest

from rec.agents.labels import fits, labels
from rec.llm.fake import FakeChatModel
from rec.recommender import Recommender
from rec.retrieval.embeddings import HashingEmbedder
from rec.retrieval.ingest import ingest
from rec.retrieval.search import Retriever
from rec.schema import Message, RecRequest
from tests.catalog_data import write_jsonl
from tests.conftest import FILMS


def _item(title, **meta):
    return {"title": title, "metadata": {"title": title, **meta}}


def test_unique_titles_are_left_alone():
    items = [_item("Alien", year=1979), _item("Aliens", year=1986)]
    assert labels(items, ["genres"], "year") == ["Alien", "Aliens"]


def test_same_titles_get_the_year_first():
    items = [_item("Cape Fear", year=1991, genres=["Thriller"]), _item("Alien", year=1979),
             _item("cape fear", year=1962, genres=["Film-Noir", "Thriller"])]
    assert labels(items, ["genres"], "year") == ["Cape Fear (1991)", "Alien", "cape fear (1962)"]


def test_only_the_words_needed_to_tell_them_apart_are_added():
    coat = "Ostwick brown wool coat"
    items = [_item(coat, style="streetwear", sizes=["S", "M"], brand="Ostwick", price=131.5),
             _item(coat, style="classic", sizes=["L"], brand="Ostwick", price=99.0),
             _item(coat, style="classic", sizes=["S", "M"], brand="Ostwick", price=120.0)]
    got = labels(items, ["style", "sizes", "brand"], None)
    # both fields are needed (neither tells all three apart), said in the store's field order; no brand, no price
    assert got == [f"{coat} (streetwear, sizes S/M)", f"{coat} (classic, sizes L)", f"{coat} (classic, sizes S/M)"]
    assert len(set(got)) == 3


def test_a_label_read_back_fits_its_own_item_only():
    meta_91, meta_62 = {"year": 1991, "genres": ["Thriller"]}, {"year": 1962, "genres": ["Thriller"]}
    assert fits("Cape Fear (1991)", meta_91, ["genres"], "year")
    assert not fits("Cape Fear (1991)", meta_62, ["genres"], "year")
    assert fits("Cape Fear", meta_62, ["genres"], "year")   # no brackets: any item fits


@pytest.fixture(scope="module")
def twins_cfg(tmp_path_factory, film_cfg):
    home, data = tmp_path_factory.mktemp("twins_home"), tmp_path_factory.mktemp("twins_data")
    films = [*FILMS, ("11", "Cape Fear", 1962, ["Thriller"]), ("12", "Cape Fear", 1991, ["Thriller"])]
    rows = [{"id": i, "title": t, "text": f"{t} ({y}). Genres: {', '.join(g)}.",
             "attributes": {"year": y, "genres": g}} for i, t, y, g in films]
    cfg = film_cfg.model_copy(update={"home": home})
    ingest(cfg, HashingEmbedder(), write_jsonl(data / "c.jsonl", rows))
    return cfg


def test_a_list_with_two_films_of_one_title_shows_their_years_and_reads_them_back(twins_cfg, tmp_path):
    cfg = twins_cfg.model_copy(update={"ranker": twins_cfg.ranker.model_copy(update={"explain": False})})
    rec = Recommender(cfg, FakeChatModel([]), Retriever(cfg, HashingEmbedder()), checkpoint_path=tmp_path / "t.sqlite")
    try:
        first = rec.recommend(RecRequest(query="a thriller", k=5))
        assert {i.label for i in first.items} == {"Cape Fear (1962)", "Cape Fear (1991)"}
        said = "\n".join(f"{n}. {i.label}" for n, i in enumerate(first.items, 1))
        # the client sends the conversation back; "the 1962 one" is whichever line says 1962
        n62 = next(n for n, i in enumerate(first.items, 1) if i.metadata["year"] == 1962)
        words = ["first", "second"][n62 - 1]
        follow = rec.recommend(RecRequest(messages=[Message(role="user", content="a thriller"),
                                                    Message(role="assistant", content=said),
                                                    Message(role="user", content=f"what year is the {words} one?")]))
        assert "1962" in (follow.answer or "") and "1991" not in (follow.answer or "")
    finally:
        rec._close_threads()
