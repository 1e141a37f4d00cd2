

def test_a_catalog_without_a_single_indexable_word_builds_an_index_that_matches_nothing(tmp_path):
    """Found by the CLI fuzz: titles such as "0" leave BM25 no vocabulary, and bm25s crashed on it."""
    from rec.retrieval.lexical import LexicalIndex

    index = LexicalIndex.build({"1": "0", "2": "a"})
    index.save(tmp_path)
    again = LexicalIndex.load(tmp_path)
    assert again.search("0 a", 5) == [] and again.scores("anything") == {}


def test_the_words_a_request_is_wrapped_in_match_no_title():
    """"got anything like that?" once ranked "Some Like It Hot" and "I'll Do Anything" first for a request
    about gunslingers and saloons; the request's own words still match, and a title is still found by its
    words when they are not mere wrapping."""
    from rec.retrieval.lexical import LexicalIndex

    index = LexicalIndex.build({"hot": "Some Like It Hot (1959) Comedy", "any": "I'll Do Anything (1994) Comedy",
                                "west": "Tombstone (1993) Western: gunslingers and saloons",
                                "heat": "Heat (1995) Crime Thriller"})
    hits = index.search("gunslingers, dusty saloons and a showdown - got anything like that?", 10)
    assert [i for i, _ in hits] == ["west"]
    assert set(index.scores("I'd like something, please")) == set()
    assert [i for i, _ in index.search("heat please", 10)] == ["heat"]
