import json

import pytest

from rec.errors import InputError
from rec.retrieval.catalog import read_catalog, read_interactions


def write(path, lines):
    path.write_text("\n".join(lines) + "\n")
    return path


def test_jsonl_reports_each_bad_row_with_its_line(tmp_path):
    cat = write(tmp_path / "cat.jsonl", [
        json.dumps({"id": "a", "title": "Good", "price": 3, "attributes": {"genres": ["x", "y"]}}),
        "{not json",
        json.dumps({"id": "b"}),                                  # no title
        json.dumps({"id": "c", "title": "Neg", "price": -1}),
        json.dumps({"id": "a", "title": "Again"}),                # duplicate id
        json.dumps(["a list"]),
        json.dumps({"id": "d", "title": "Mixed", "attributes": {"tags": [1, "x"]}}),
        "",
        json.dumps({"id": 7, "title": "Flat", "color": "red", "year": 1999}),  # extra keys -> attributes
    ])
    res = read_catalog(cat)
    assert [i.id for i in res.records] == ["a", "7"]
    assert res.records[1].attributes == {"color": "red", "year": 1999}
    lines = {e.line: e.reason for e in res.errors}
    assert set(lines) == {2, 3, 4, 5, 6, 7}
    assert "not valid JSON" in lines[2]
    assert "title" in lines[3]
    assert "price" in lines[4]
    assert "duplicate id 'a' (first at line 1)" in lines[5]
    assert "JSON object" in lines[6]
    assert "one type" in lines[7]
    assert str(res.errors[0]).startswith("cat.jsonl:2: ")


def test_strict_fails_with_the_first_errors(tmp_path):
    cat = write(tmp_path / "cat.jsonl", [json.dumps({"id": "a", "title": "ok"}), "{", "{"])
    with pytest.raises(InputError, match=r"2 bad catalog rows, nothing was written: cat\.jsonl:2"):
        read_catalog(cat, strict=True)


def test_csv_columns_become_typed_attributes(tmp_path):
    cat = tmp_path / "cat.csv"
    cat.write_text('id,title,price,color,sizes,in_stock\n'
                   '1,Shirt,19.5,blue,"[""S"", ""M""]",true\n'
                   '2,Bad price,abc,red,,\n'
                   '3,Ragged,1,x,y,z,extra\n')
    res = read_catalog(cat)
    assert [i.id for i in res.records] == ["1"]
    shirt = res.records[0]
    assert shirt.price == 19.5 and shirt.attributes == {"color": "blue", "sizes": ["S", "M"], "in_stock": "true"}
    assert {e.line for e in res.errors} == {3, 4}


def test_parquet(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"id": ["p1", "p2"], "title": ["One", None], "price": [1.0, 2.0],
                             "genres": [["a"], ["b", "c"]]}), tmp_path / "cat.parquet")
    res = read_catalog(tmp_path / "cat.parquet")
    assert [i.id for i in res.records] == ["p1"] and res.records[0].attributes == {"genres": ["a"]}
    assert res.errors[0].line == 2


def test_unreadable_inputs_are_input_errors(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_catalog(tmp_path / "missing.jsonl")
    (tmp_path / "cat.xml").write_text("<x/>")
    with pytest.raises(InputError, match="unknown format"):
        read_catalog(tmp_path / "cat.xml")
    (tmp_path / "bad.parquet").write_text("not parquet")
    with pytest.raises(InputError, match="not a readable Parquet"):
        read_catalog(tmp_path / "bad.parquet")
    (tmp_path / "bin.jsonl").write_bytes(b'{"id": "\xff"}\n')
    with pytest.raises(InputError, match="not UTF-8"):
        read_catalog(tmp_path / "bin.jsonl")


def test_interactions_validate_events_and_items(tmp_path):
    path = write(tmp_path / "int.jsonl", [
        json.dumps({"user_id": 1, "item_id": "a", "event": "like"}),
        json.dumps({"user_id": "u", "item_id": "zzz", "event": "click"}),
        json.dumps({"user_id": "u", "item_id": "a", "event": "rating"}),
        json.dumps({"user_id": "u", "item_id": "a", "event": "teleport"}),
        json.dumps({"user_id": "u", "item_id": "a", "event": "rating", "value": 4.5, "ts": 10}),
    ])
    res = read_interactions(path, known_items={"a"})
    assert [(r.user_id, r.event) for r in res.records] == [("1", "like"), ("u", "rating")]
    assert res.records[1].positive and res.records[0].positive
    reasons = {e.line: e.reason for e in res.errors}
    assert "unknown item 'zzz'" in reasons[2] and "needs a value" in reasons[3] and "event" in reasons[4]


def test_non_finite_numbers_are_refused(tmp_path):
    cat = write(tmp_path / "cat.jsonl", [
        '{"id": "a", "title": "t", "scores": [1.0, NaN]}',
        '{"id": "b", "title": "t", "weight": Infinity}',
        '{"id": "c", "title": "t", "weight": 1e400}',
        '{"id": "d", "title": "ok", "weight": 2.5}',
    ])
    res = read_catalog(cat)
    assert [i.id for i in res.records] == ["d"]
    assert {e.line for e in res.errors} == {1, 2, 3}
    inter = write(tmp_path / "i.jsonl", ['{"user_id": "u", "item_id": "d", "event": "rating", "value": NaN}'])
    assert read_interactions(inter).errors


def test_csv_text_columns_are_never_numbers(tmp_path):
    cat = tmp_path / "cat.csv"
    cat.write_text("id,title,text,sku,score,ratio,code\n007,1984,42,00123,nan,0.50,1e3\n")
    item = read_catalog(cat).records[0]
    assert (item.id, item.title, item.text) == ("007", "1984", "42")
    assert item.attributes == {"sku": "00123", "score": "nan", "ratio": 0.5, "code": 1000.0}


def test_rows_over_the_size_limits_are_bad_rows(tmp_path):
    """Issue 17: an 8,000-value list attribute broke Chroma's compaction for good; a 40 KB category grew
    every planner prompt past the context."""
    ok = {"id": "ok", "title": "T" * 512, "text": "x" * 20_000, "category": "c" * 128,
          "attributes": {f"a{i}": "v" * 256 for i in range(63)} | {"tags": list(range(64))}}
    bad = [
        ({"title": "T" * 513}, "title: String should have at most 512 characters"),
        ({"text": "x" * 20_001}, "text: String should have at most 20000 characters"),
        ({"category": "c" * 40_000}, "category: String should have at most 128 characters"),
        ({"attributes": {"sizes": list(range(8000))}}, "attribute 'sizes': 8000 values; at most 64"),
        ({"attributes": {"color": "r" * 257}}, "attribute 'color': a value is longer than 256"),
        ({"attributes": {"tags": ["t" * 300]}}, "attribute 'tags': a value is longer than 256"),
        ({"attributes": {f"a{i}": 1 for i in range(65)}}, "65 attributes; at most 64"),
        ({"attributes": {"n" * 65: 1}}, "attribute name 'nnnnnnnnnnnnnnnnnnnn'... is over 64"),
        ({"image": "i" * 3000}, "image: String should have at most 2048"),
    ]
    rows = [ok] + [{"id": f"b{n}", "title": "B", **over} for n, (over, _) in enumerate(bad)]
    cat = write(tmp_path / "cat.jsonl", [json.dumps(r) for r in rows])
    res = read_catalog(cat)
    assert [i.id for i in res.records] == ["ok"]
    reasons = {e.line: e.reason for e in res.errors}
    for n, (_, needle) in enumerate(bad, 2):
        assert needle in reasons[n], (n, reasons[n])
    with pytest.raises(InputError, match="9 bad catalog rows"):
        read_catalog(cat, strict=True)


def test_csv_with_a_byte_order_mark(tmp_path):
    """Issue 17: Excel's "CSV UTF-8" starts with a BOM; every row failed with "id: Field required"."""
    cat = tmp_path / "bom.csv"
    cat.write_bytes("id,title,color\n1,Caf\u00e9,red\n2,Two,blue\n".encode("utf-8-sig"))
    res = read_catalog(cat, strict=True)
    assert [(i.id, i.title, i.attributes) for i in res.records] == [("1", "Caf\u00e9", {"color": "red"}),
                                                                    ("2", "Two", {"color": "blue"})]


@pytest.mark.parametrize("body, bad_line", [
    ('1,"One,first\n2,Two,second\n3,Three,third\n', 2),                 # open until the end of the file
    ('1,"One,first\n2,Two,second\n3,"Three",third\n4,Four,fourth\n', 2),  # closed by a later quote
    ('1,"One,first\n2,Two,second\n3,Three",third\n4,Four,fourth\n', 2),   # closed cleanly, rows swallowed
])
def test_csv_unterminated_quote_is_a_bad_row(tmp_path, body, bad_line):
    """Issue 17: an unterminated quote silently swallowed the following rows, even with --strict."""
    cat = write(tmp_path / "cat.csv", ["id,title,text", "0,Zero,fine", body.rstrip("\n")])
    res = read_catalog(cat)
    assert res.records[0].id == "0" and "1" not in [i.id for i in res.records]
    assert [e.line for e in res.errors][:1] == [bad_line + 1]
    assert "quote" in res.errors[0].reason
    with pytest.raises(InputError, match="quote"):
        read_catalog(cat, strict=True)


def test_csv_multiline_cells_are_fine(tmp_path):
    cat = write(tmp_path / "cat.csv", ["id,title,text", '1,One,"line one', 'line two, with a comma"', "2,Two,x"])
    res = read_catalog(cat, strict=True)
    assert [(i.id, i.text) for i in res.records] == [("1", "line one\nline two, with a comma"), ("2", "x")]


def test_csv_row_lines_count_blank_and_multiline_rows(tmp_path):
    cat = write(tmp_path / "cat.csv", ["id,title,text", "", '1,One,"a', 'b"', "", "2,,x"])
    res = read_catalog(cat)
    assert [i.id for i in res.records] == ["1"] and [e.line for e in res.errors] == [6]


def test_a_lone_surrogate_in_an_attribute_is_a_bad_row(tmp_path):
    cat = write(tmp_path / "cat.jsonl", [json.dumps({"id": "a", "title": "A", "color": "\ud800"}),
                                         json.dumps({"id": "b", "title": "B", "tags": ["ok", "\udfff"]}),
                                         json.dumps({"id": "c", "title": "C"})])
    res = read_catalog(cat)
    assert [i.id for i in res.records] == ["c"]
    assert all("not valid Unicode" in e.reason for e in res.errors) and len(res.errors) == 2
