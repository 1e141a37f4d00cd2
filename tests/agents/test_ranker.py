
import pytest

from rec.agents.ranker import LABELS, RankTrace, blend, llm_scores, mmr, rank, ranker_messages, similarity
from rec.config import RankerConfig
from rec.llm.fake import FakeChatModel
from rec.schema import Candidate

ONE = RankerConfig(explain_calls="one")     # the numbered-lines call (the default is a call per item)


def cand(i, genres=("Drama",), score=0.01, collab=None, **meta):
    scores = {"text": 0.5} | ({"collaborative": collab} if collab is not None else {})
    return Candidate(item_id=f"i{i}", title=f"Film {i}", score=score, scores=scores,
                     metadata={"title": f"Film {i}", "genres": list(genres), **meta})


def prefer(label_of_window):
    """A scripted model that loves one label per call (by the candidate titles it sees)."""
    def score(messages, labels):
        text = messages[-1]["content"]
        out = {}
        for label in labels:
            line = next(ln for ln in text.splitlines() if ln.startswith(f"{label}. "))
            out[label] = 0.0 if label_of_window(line) else -6.0
        return out
    return score


def test_the_model_decides_when_its_weight_dominates():
    cands = [cand(n, score=0.03 - n * 0.001) for n in range(6)]
    model = FakeChatModel(scores=prefer(lambda line: "Film 4" in line))
    ranked, trace = rank(model, "a drama", cands, k=3, cfg=RankerConfig(llm_weight=10.0), explain_items=False)
    assert ranked[0].candidate.item_id == "i4"
    assert trace.windows == 1 and trace.model_calls == 1


def test_a_ranker_without_model_weight_never_asks_the_model():
    cands = [cand(n, score=0.03 - n * 0.001) for n in range(6)]
    model = FakeChatModel(scores=prefer(lambda line: "Film 4" in line))
    ranked, trace = rank(model, "a drama", cands, k=3, cfg=RankerConfig(mmr_lambda=1.0), explain_items=False)
    assert [r.candidate.item_id for r in ranked] == ["i0", "i1", "i2"]   # the retrieval order
    assert model.calls == [] and trace.windows == 0 and all(r.llm is None for r in ranked)


def test_windows_of_at_most_the_configured_size():
    cands = [cand(n) for n in range(45)]
    model = FakeChatModel()
    scores = llm_scores(model, "x", [], cands, 20, RankTrace())
    calls = [c for c in model.calls if c["kind"] == "score"]
    assert [len(c["choices"]) for c in calls] == [20, 20, 5]
    assert set(scores) == {c.item_id for c in cands}
    assert calls[0]["choices"] == LABELS[:20]


def test_nothing_outside_the_candidates_comes_out():
    cands = [cand(n) for n in range(5)]
    lines = "Z: invented.\nB: fits the bill"        # a label that was never shown names nothing
    model = FakeChatModel([lines], scores=[{"A": -1.0, "Q": 5.0, "Z": 9.0}])
    ranked, _ = rank(model, "x", cands, k=5, cfg=RankerConfig(explain_calls="one"))
    assert [c["kind"] for c in model.calls] == ["stream"]    # one streamed call explains every shown item
    assert {r.candidate.item_id for r in ranked} <= {c.item_id for c in cands}
    assert len(ranked) == 5
    by_id = {r.candidate.item_id: r.explanation for r in ranked}
    assert by_id["i1"] == "fits the bill"
    assert all(e for e in by_id.values())  # every shown item is explained


@pytest.mark.parametrize("calls", ["one", "per_item"])
def test_explanations_fall_back_to_facts(calls):
    cands = [cand(n, year=1990 + n) for n in range(3)]
    model = FakeChatModel(["nope", "still nope"])
    ranked, trace = rank(model, "x", cands, k=2, cfg=RankerConfig(explain_calls=calls))
    assert trace.explain_fallback
    assert all("199" in r.explanation and "Drama" in r.explanation for r in ranked)


def test_blend_adds_the_model_to_the_retrievers_score_at_its_weight():
    cands = [cand(0, score=0.03), cand(1, score=0.02), cand(2, score=0.01)]
    llm = {"i0": -3.0, "i1": -2.0, "i2": 1.0}
    without = blend(cands, llm, 0.0)
    assert max(without, key=without.get) == "i0"          # the store's blend alone
    assert blend(cands, {}, 5.0) == without               # no model scores: nothing to add
    heavy = blend(cands, llm, 5.0)
    assert max(heavy, key=heavy.get) == "i2"              # the model, at a dominating weight
    even = blend(cands, llm, 1.0)                         # z-scores add up, the weight scales the model's
    assert all(abs(even[i] - (without[i] + (heavy[i] - without[i]) / 5)) < 1e-9 for i in even)


def test_mmr_trades_relevance_for_diversity():
    cands = [cand(0, ("Horror", "Sci-Fi")), cand(1, ("Horror", "Sci-Fi")), cand(2, ("Comedy",))]
    scores = {"i0": 1.0, "i1": 0.95, "i2": 0.5}
    assert [c.item_id for c in mmr(cands, scores, 2, lam=1.0)] == ["i0", "i1"]
    assert [c.item_id for c in mmr(cands, scores, 2, lam=0.5)] == ["i0", "i2"]
    assert similarity(cands[0], cands[1]) == 1.0 and similarity(cands[0], cands[2]) == 0.0


def test_prompt_lists_labelled_facts():
    msgs = ranker_messages("a 90s comedy", ["Toy Story"], [cand(0, ("Comedy",), year=1995), cand(1)])
    user = msgs[-1]["content"]
    assert "A. Film 0; year: 1995; genres: Comedy" in user and "B. Film 1" in user
    assert "Liked before: Toy Story" in user and "a 90s comedy" in user


def test_empty_and_single_candidate_sets():
    assert rank(FakeChatModel(), "x", [], k=5, cfg=RankerConfig())[0] == []
    ranked, trace = rank(FakeChatModel(), "x", [cand(0)], k=5, cfg=RankerConfig(), explain_items=False)
    assert [r.candidate.item_id for r in ranked] == ["i0"] and trace.model_calls == 0


def test_rank_on_a_real_tiny_model(tiny_model_dir):
    from rec.llm.transformers_backend import TransformersChatModel

    model = TransformersChatModel(tiny_model_dir)
    cands = [cand(n, ("Drama", "War") if n % 2 else ("Comedy",), year=1990 + n) for n in range(25)]
    ranked, trace = rank(model, "a comedy", cands, k=5, cfg=RankerConfig(llm_weight=1.0))
    assert len(ranked) == 5 and {r.candidate.item_id for r in ranked} <= {c.item_id for c in cands}
    assert trace.windows == 2 and all(c == 1.0 for c in trace.coverage)
    assert all(isinstance(r.explanation, str) and r.explanation for r in ranked)


def test_explanations_that_borrow_another_items_facts_are_replaced():
    from rec.agents.ranker import explain, grounded

    alien = cand(1, genres=("Horror", "Sci-Fi"), year=1979)
    toy = cand(2, genres=("Animation", "Comedy"), year=1995)
    assert grounded("A 1979 sci-fi horror classic.", alien, [alien, toy])
    assert not grounded("A 1982 sci-fi classic.", alien, [alien, toy])          # a year it does not have
    assert not grounded("A funny animation for kids.", alien, [alien, toy])     # Toy Story's genre
    assert not grounded("Much like Film 2, a classic.", alien, [alien, toy])    # names another shown item
    model = FakeChatModel(["A: An animation from 1995.\nB: An animation from 1995."])
    trace = RankTrace()
    seen = []
    whys = explain(model, "x", [alien, toy], trace, on_explained=lambda i, s: seen.append(i), cfg=ONE)
    assert seen == [toy.item_id, alien.item_id]    # each line as it completes; the fallback after
    assert whys[toy.item_id] == "An animation from 1995."
    assert whys[alien.item_id] == "Horror and Sci-Fi from 1979." and trace.explain_rejected == 1
    assert (trace.explained, trace.explain_fallbacks, trace.explain_specific) == (2, 1, 2)  # both name true facts


def test_fallback_explanations_are_specific_true_and_grammatical():
    from rec.agents.ranker import fallback_reason, specific

    alien = cand(1, genres=("Horror", "Sci-Fi"), year=1979)
    assert fallback_reason(alien) == "Horror and Sci-Fi from 1979."
    liked = alien.model_copy(update={"because": "Aliens"})
    assert fallback_reason(liked) == "Horror and Sci-Fi from 1979; people who liked Aliens also liked it."
    popular = Candidate(item_id="t", title="Tee", score=0.0, scores={"popularity": 4.0},
                        metadata={"category": "t-shirt", "color": "red", "brand": "Acme", "price": 25.0})
    assert fallback_reason(popular) == "Red t-shirt by Acme at $25; chosen by 54 people."
    bare = Candidate(item_id="b", title="B", score=0.0)
    assert fallback_reason(bare) == "It fits what you asked for." and not specific(fallback_reason(bare), bare)
    assert specific("A horror classic.", alien) and specific("Fans of Aliens loved it.", liked)
    assert not specific("A great pick for tonight.", alien)


def test_explanations_that_talk_about_labels_are_replaced():
    from rec.agents.ranker import grounded

    alien = cand(1, genres=("Horror", "Sci-Fi"), year=1979)
    assert not grounded("Alien fits the letter 'E'.", alien, [alien])
    assert not grounded("Candidate B is a fine pick.", alien, [alien])
    assert grounded("A tense sci-fi horror film.", alien, [alien])


def test_explanations_keep_to_the_catalogs_vocabulary_and_whole_sentences():
    from rec.agents.ranker import _whole_sentences, grounded

    dracula = cand(1, genres=("Horror", "Romance"), year=1992, category="movie")
    vocab = ["Comedy", "Horror", "Romance", "War", "movie"]
    assert not grounded("A 90s comedy about a vampire.", dracula, [dracula], vocab)
    assert grounded("A gothic horror movie with a romance at its heart.", dracula, [dracula], vocab)
    cut = "A horror film. It is also a romance that" + " goes on" * 20
    assert _whole_sentences(cut[:160]) == "A horror film."
    assert _whole_sentences(("A horror film that" + " goes on" * 20)[:160]) == ""
    assert _whole_sentences("A short reason without a full stop") == "A short reason without a full stop"


def test_each_unused_line_is_counted_by_its_reason():
    from rec.agents.ranker import explain

    alien = cand(1, genres=("Horror", "Sci-Fi"), year=1979)
    toy = cand(2, genres=("Animation", "Comedy"), year=1995)
    heat = cand(3, genres=("Crime",), year=1995)
    fargo = cand(4, genres=("Crime",), year=1996)
    model = FakeChatModel(["Here you go:\nA: A 1982 sci-fi classic.\nB: Candidate B is a fine pick.\n"
                           "C: A funny animation.\nA: A second line for A.\n"])
    trace = RankTrace()
    explain(model, "x", [alien, toy, heat, fargo], trace, cfg=ONE)
    assert trace.explain_reasons == {"wrong_year": 1, "label_talk": 1, "other_value": 1, "missing": 1}
    assert trace.explain_fallbacks == 4 and trace.explain_stray_lines == 2   # the preamble, A's second line
    assert trace.explain_rejected_lines[0] == {"reason": "wrong_year", "line": "A: A 1982 sci-fi classic."}


@pytest.mark.parametrize("calls", ["one", "per_item"])
def test_a_failed_call_counts_every_item_as_a_model_error(calls):
    from rec.agents.ranker import explain
    from rec.errors import LLMError

    class Broken(FakeChatModel):
        def stream(self, messages, max_tokens=256):
            raise LLMError("server down")
            yield ""

        def chat(self, messages, **kw):
            raise LLMError("server down")

    trace = RankTrace()
    explain(Broken(), "x", [cand(1), cand(2)], trace, cfg=RankerConfig(explain_calls=calls))
    assert trace.explain_reasons == {"model_error": 2} and trace.explain_fallback


def test_a_decade_must_be_the_items_own():
    from rec.agents.ranker import rejection, specific

    alien = cand(1, genres=("Horror", "Sci-Fi"), year=1979)
    for true in ("A 70s horror film.", "A late-1970s classic.", "A horror film from the seventies.",
                 "A '70s sci-fi horror."):
        assert rejection(true, alien, [alien]) is None, true
    for false in ("A 90s horror film.", "An 80's classic.", "A 1980s film.", "A horror gem from the eighties."):
        assert rejection(false, alien, [alien]) == "wrong_decade", false
    undated = cand(2, genres=("Horror",))
    assert rejection("A 70s horror film.", undated, [undated]) == "wrong_decade"   # no year to back it
    assert rejection("Hundreds of fans, 100s of them.", alien, [alien]) is None
    assert specific("A 70s classic for tonight.", alien) and not specific("A 90s classic.", alien)


def test_numbered_lines_in_one_streamed_call():
    from rec.agents.ranker import explain

    alien = cand(1, genres=("Horror", "Sci-Fi"), year=1979)
    toy = cand(2, genres=("Animation", "Comedy"), year=1995)
    heat = cand(3, genres=("Crime",), year=1995)
    model = FakeChatModel(["1: A tense sci-fi horror from the late 70s.\n**2.** A 90s animation for everyone.\n"
                           "C) A crime film from 1995.\n"])
    trace = RankTrace()
    whys = explain(model, "x", [alien, toy, heat], trace, cfg=RankerConfig(explain_words=20, explain_calls="one"))
    assert whys == {"i1": "A tense sci-fi horror from the late 70s.", "i2": "A 90s animation for everyone.",
                    "i3": "A crime film from 1995."}                  # numbers, bold numbers, a letter
    assert trace.explain_fallbacks == 0 and trace.explain_reasons == {}
    prompt = model.calls[0]["messages"][-1]["content"]
    assert "1. Film 1 (1979, the 1970s); genres: Horror, Sci-Fi" in prompt and "at most 20 words" in prompt
    assert "exactly 3 lines" in prompt


def test_per_item_calls_are_checked_one_by_one():
    from rec.agents.ranker import explain
    from rec.llm.base import ChatResult

    class PerItem(FakeChatModel):
        def chat(self, messages, **kw):
            super().chat(messages, **kw)
            item = messages[-1]["content"].split("Item: ")[1].split(" (")[0]
            text = {"Film 1": "A sci-fi horror classic from 1979.", "Film 2": "A 1982 animation."}[item]
            return ChatResult(text=text + "\nextra chatter", model="fake", prompt_tokens=1, completion_tokens=1)

    alien = cand(1, genres=("Horror", "Sci-Fi"), year=1979)
    toy = cand(2, genres=("Animation", "Comedy"), year=1995)
    seen, model, trace = [], PerItem(), RankTrace()
    whys = explain(model, "a classic", [alien, toy], trace, on_explained=lambda i, s: seen.append((i, s)),
                   cfg=RankerConfig(explain_calls="per_item"))
    assert [c["kind"] for c in model.calls] == ["chat", "chat"] and trace.model_calls == 2
    assert whys["i1"] == "A sci-fi horror classic from 1979."                  # the first line only
    assert whys["i2"] == "Animation and Comedy from 1995." and trace.explain_reasons == {"wrong_year": 1}
    assert sorted(seen) == sorted(whys.items())                                # each one streamed out


def test_names_the_facts_lack_are_rejected():
    from rec.agents.ranker import rejection

    et = cand(1, genres=("Children's", "Sci-Fi"), year=1982).model_copy(update={"title": "E.T. the Extra-Terrestrial"})
    jedi = cand(2, genres=("Action", "Sci-Fi"), year=1983).model_copy(update={"title": "Return of the Jedi"},
                                                                        deep=True)
    assert rejection("A sci-fi film starring Tom Hanks.", et, [et]) == "unknown_name"
    assert rejection("A children's film made in Hollywood.", et, [et]) == "unknown_name"
    assert rejection("E.T. the Extra-Terrestrial is a gentle Sci-Fi tale. It suits kids.", et, [et]) is None
    assert rejection("A Sci-Fi adventure where the Jedi return.", jedi, [jedi]) is None     # its own title
    liked = jedi.model_copy(update={"because": "Star Wars"})
    assert rejection("Fans of Star Wars will love this 1983 sequel.", liked, [liked]) is None


def test_evidence_grammar_and_prompt_talk():
    from rec.agents.ranker import rejection

    liar = cand(1, genres=("Comedy",), year=1997).model_copy(update={"title": "Liar Liar"})
    found = liar.model_copy(update={"because": "The Mask"})
    assert rejection("A 1997 comedy, loved by fans of The Mask.", found, [found]) is None
    assert rejection("People who liked The Mask also liked this 90s comedy.", found, [found]) is None
    assert rejection("A 1997 comedy, loved by fans of The Mask.", liar, [liar]) == "wrong_evidence"  # not found so
    assert rejection("A 90s comedy, loved by fans of Liar Liar.", found, [found]) == "wrong_evidence"  # itself
    assert rejection("A comedy from the 1997 category.", liar, [liar]) == "ungrammatical"
    assert rejection("A comedy from the 1997s.", liar, [liar]) == "ungrammatical"      # a year is no decade
    assert rejection("A comedy from the 1990s.", liar, [liar]) is None
    assert rejection("A comedy that fits the request.", liar, [liar]) == "prompt_talk"
    assert rejection("A comedy within the given genres.", liar, [liar]) == "prompt_talk"


def test_a_closing_fans_of_clause_without_evidence_is_cut():
    from rec.agents.ranker import explain, repaired

    tomb = cand(1, genres=("Western",), year=1993).model_copy(update={"title": "Tombstone"})
    found = tomb.model_copy(update={"because": "Unforgiven"})
    assert repaired("A 1993 western, loved by fans of Tombstone.", tomb) == "A 1993 western."
    kept = "A 1993 western, loved by fans of Unforgiven."
    assert repaired(kept, found) == kept
    no_clause = "A 1993 western for fans of Tombstone."
    assert repaired(no_clause, tomb) == no_clause                 # not a closing clause: the check rejects it
    for calls, reply in (("one", "1: A 1993 western, loved by fans of Tombstone."),
                         ("per_item", "A 1993 western, loved by fans of Tombstone.")):
        whys = explain(FakeChatModel([reply]), "x", [tomb], RankTrace(), cfg=RankerConfig(explain_calls=calls))
        assert whys == {"i1": "A 1993 western."}, calls


def test_the_facts_spell_out_the_decade():
    """The explainer reads the item's decade, not the request's: "a thriller, nothing older than 1980" had the
    0.5B model write "a thriller from the 1980s" about a 1991 film."""
    from rec.agents.ranker import explain_facts

    thriller = cand(1, genres=("Thriller",), year=1991)
    assert explain_facts(thriller).startswith("Film 1 (1991, the 1990s); genres: Thriller")
    assert explain_facts(cand(2, year=2003)).startswith("Film 2 (2003, the 2000s)")
    assert explain_facts(cand(3)).startswith("Film 3; genres")                  # no year, no decade


def test_an_items_own_single_values_are_its_facts():
    """A catalog whose attributes are single values (a shop: colour, material, brand) and not lists (a film's
    genres): naming the item's own is true; naming another value of the catalog is not."""
    from rec.agents.ranker import rejection

    sneaker = Candidate(item_id="p1", title="Ostara white leather sneakers", score=0.1, scores={},
                        metadata={"title": "Ostara white leather sneakers", "category": "sneakers", "color": "white",
                                  "material": "leather", "brand": "Ostara", "price": 89.0})
    vocabulary = ["white", "black", "leather", "canvas", "sneakers", "Ostara", "Lunsted"]
    assert rejection("A white leather pair from Ostara.", sneaker, [sneaker], vocabulary) is None
    assert rejection("A black leather pair from Ostara.", sneaker, [sneaker], vocabulary) == "other_value"
    assert rejection("White canvas sneakers for the summer.", sneaker, [sneaker], vocabulary) == "other_value"
