"""The retriever agent over a real (embedded Chroma) store with the hashing embedder."""

from rec.agents.retriever import resolve_titles, retrieve
from rec.schema import Constraint, Plan


def test_titles_resolve_only_to_real_items(retriever):
    got = resolve_titles(retriever, ["star wars", "Alien (1979)", "The Godfather", ""])
    assert got == {"star wars": "1", "Alien (1979)": "4"}


def test_more_like_a_reference_never_returns_it(retriever):
    plan = Plan(intent="more_like", query="space adventure", reference_items=["Star Wars"])
    out = retrieve(retriever, plan)
    ids = [c.item_id for c in out.candidates]
    assert "1" not in ids and out.reference_ids == ["1"]
    assert ids[0] in {"2", "3"}  # co-engaged with Star Wars
    assert any("collab" in c.scores for c in out.candidates)


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


def test_titles_keep_the_order_asked_for(retriever):
    # the store answers in its own order; a history handed to the ranker must stay oldest-first
    assert retriever.titles(["9", "1", "404", "3"]) == ["Blade Runner", "Star Wars", "Return of the Jedi"]


def test_the_title_index_follows_the_store(film_cfg, tmp_path):
    """A title ingested after the index was built is found: the index is rebuilt when the store changes."""
    import shutil

    from rec.retrieval.embeddings import HashingEmbedder
    from rec.retrieval.ingest import ingest
    from rec.retrieval.search import Retriever

    cfg = film_cfg.model_copy(update={"home": tmp_path / "home"})
    shutil.copytree(film_cfg.store_dir, cfg.store_dir)
    retriever = Retriever(cfg, HashingEmbedder())
    assert resolve_titles(retriever, ["Paddington"]) == {}
    path = tmp_path / "new.jsonl"
    path.write_text('{"id": "p1", "title": "Paddington", "text": "Paddington (2014). Genres: Comedy.", '
                    '"attributes": {"year": 2014, "genres": ["Comedy"]}}\n')
    ingest(cfg, HashingEmbedder(), path)
    assert resolve_titles(Retriever(cfg, HashingEmbedder()), ["paddington"]) == {"paddington": "p1"}
    assert resolve_titles(retriever, ["paddington"]) == {"paddington": "p1"}     # the same retriever too


def test_one_item_listed_twice_is_shown_once():
    """MovieLens lists "Chasing Amy" (1997) under two ids: one listing shows, and none where the user named it;
    the same title in another year, or in other sizes, is another item (a price alone is not), but never one
    with the title the user named."""
    from rec.agents.retriever import distinct
    from rec.schema import Candidate

    def item(i, title, **meta):
        return Candidate(item_id=i, title=title, score=1.0, metadata={"title": title, "item_id": i, **meta})

    amy = [item("246", "Chasing Amy", genres=["Drama", "Romance"], year=1997, ratings_count=124),
           item("268", "Chasing Amy", genres=["Drama", "Romance"], year=1997, ratings_count=255),
           item("274", "Sabrina", genres=["Comedy", "Romance"], year=1995),
           item("486", "Sabrina", genres=["Comedy", "Romance"], year=1954)]
    assert [c.item_id for c in distinct(amy, "year")] == ["246", "274", "486"]
    named = [{"item_id": "268", "title": "Chasing Amy", "genres": ["Drama", "Romance"], "year": 1997, "_hash": "x"}]
    assert [c.item_id for c in distinct(amy, "year", named)] == ["274", "486"]
    shorts = [item("p1", "Fenwick shorts", color="blue", price=22.0), item("p2", "Fenwick shorts", color="blue",
                                                                          price=38.0)]
    assert len(distinct(shorts)) == 1
    shorts[1].metadata["sizes"] = ["28", "32"]
    assert len(distinct(shorts)) == 2
    # a title the user named never comes back, in another size run or year either
    assert distinct(shorts, None, [{"title": "Fenwick shorts", "color": "blue"}]) == []
    assert [c.item_id for c in distinct(amy, "year", [{"title": "sabrina", "year": 1995}])] == ["246"]
