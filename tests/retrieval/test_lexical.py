

def test_a_catalog_without_a_single_indexable_word_builds_an_index_that_matches_nothing(tmp_path):
    """Found by the CLI fuzz: titles such as "0" leave BM25 no vocabulary, and bm25s crashed on it."""
    from rec.retrieval.lexical import LexicalIndex

    index = LexicalIndex.build({"1": "0", "2": "a"})
    index.save(tmp_path)
    again = LexicalIndex.load(tmp_path)
    assert again.search("0 a", 5) == [] and again.scores("anything") == {}
