"""What a store tells the planner about its fields: every value of a small field, the commonest of a large one."""

from rec.retrieval.store import field_schema


def test_small_vocabularies_are_listed_whole_and_large_ones_by_their_commonest():
    metas = [{"brand": f"Brand{n % 30}", "title": f"Item {n}", "sizes": ["S", "M"], "price": float(n)}
             for n in range(600)]
    fields = field_schema(iter(metas))
    assert fields["brand"]["distinct"] == 30 and len(fields["brand"]["top"]) == 30    # more than the 25 shown before
    assert fields["title"]["distinct"] == 600 and len(fields["title"]["top"]) == 25
    assert fields["sizes"]["top"] == ["M", "S"] and fields["price"]["type"] == "number"
    assert (fields["price"]["min"], fields["price"]["max"]) == (0.0, 599.0)
