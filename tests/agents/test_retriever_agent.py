"""The retriever agent over a real (embedded Chroma) store with the hashing embedder."""

import pytest
from catalog_data import write_jsonl

from rec.agents.retriever import resolve_titles, retrieve
from rec.config import load_config, parse_overrides
from rec.retrieval.embeddings import HashingEmbedder
from rec.retrieval.ingest import ingest
from rec.retrieval.search import Retriever
from rec.schema import Constraint, Plan

FILMS = [
    ("1", "Star Wars", 1977, ["Action", "Sci-Fi"]), ("2", "The Empire Strikes Back", 1980, ["Action", "Sci-Fi"]),
    ("3", "Return of the Jedi", 1983, ["Action", "Sci-Fi"]), ("4", "Alien", 1979, ["Horror", "Sci-Fi"]),
    ("5", "Aliens", 1986, ["Action", "Sci-Fi"]), ("6", "Groundhog Day", 1993, ["Comedy"]),
    ("7", "Clerks", 1994, ["Comedy"]), ("8", "Toy Story", 1995, ["Animation", "Comedy"]),
    ("9", "Blade Runner", 1982, ["Sci-Fi"]), ("10", "Annie Hall", 1977, ["Comedy", "Romance"]),
]


@pytest.fixture(scope="module")
def retriever(tmp_path_factory):
    home = tmp_path_factory.mktemp("agent_home")
    path = tmp_path_factory.mktemp("agent_data")
    rows = [{"id": i, "title": t, "text": f"{t} ({y}). Genres: {', '.join(g)}.",
             "attributes": {"year": y, "genres": g}} for i, t, y, g in FILMS]
    inter = [{"user_id": f"u{u}", "item_id": i, "event": "like", "ts": n}
             for u, items in enumerate([["1", "2", "3"], ["1", "2", "5"], ["1", "3", "9"], ["6", "7", "8"]])
             for n, i in enumerate(items)]
    cfg = load_config(overrides=parse_overrides(["retrieval.embedder=hashing-64", f"home={home}"]))
    ingest(cfg, HashingEmbedder(), write_jsonl(path / "c.jsonl", rows),
           interactions=write_jsonl(path / "i.jsonl", inter))
    return Retriever(cfg, HashingEmbedder())


def test_titles_resolve_only_to_real_items(retriever):
    got = resolve_titles(retriever, ["star wars", "Alien (1979)", "The Godfather", ""])
    assert got == {"star wars": "1", "Alien (1979)": "4"}


def test_more_like_a_reference_never_returns_it(retriever):
    plan = Plan(intent="more_like", query="space adventure", reference_items=["Star Wars"])
    out = retrieve(retriever, plan)
    ids = [c.item_id for c in out.candidates]
    assert "1" not in ids and out.reference_ids == ["1"]
    assert ids[0] in {"2", "3"}  # co-engaged with Star Wars
    assert any("collaborative" in c.scores for c in out.candidates)


def test_hard_constraints_filter_and_exclusions_hold(retriever):
    plan = Plan(query="comedy", hard_constraints=[Constraint(field="genres", op="contains", value="Comedy"),
                                                  Constraint(field="year", op="gte", value=1990)],
                exclusions=["Clerks"])
    out = retrieve(retriever, plan, seen_ids=["8"])
    assert [c.item_id for c in out.candidates] == ["6"]
    assert set(out.excluded_ids) == {"7", "8"}


def test_an_empty_result_names_the_constraint(retriever):
    plan = Plan(query="anything", hard_constraints=[Constraint(field="genres", op="contains", value="Comedy"),
                                                    Constraint(field="year", op="lt", value=1900)])
    out = retrieve(retriever, plan)
    assert out.candidates == [] and out.empty_reason == "no item satisfies year lt 1900"
    plan = Plan(query="x", hard_constraints=[Constraint(field="genres", op="contains", value="Horror"),
                                             Constraint(field="year", op="gte", value=1990)])
    assert retrieve(retriever, plan).empty_reason.startswith("no item satisfies all of")


def test_invalid_constraints_are_dropped_and_reported(retriever):
    plan = Plan(query="comedy", hard_constraints=[Constraint(field="colour", op="eq", value="red")])
    out = retrieve(retriever, plan)
    assert out.candidates and out.where is None
    assert "unknown field 'colour'" in out.dropped_constraints[0]
