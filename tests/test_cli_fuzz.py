"""A CLI fuzz over catalogs (issue 17): whatever rows a file holds, `rec ingest` (and a search on what it
stored) ends with exit 0, 1 or 2 and, when it fails, one line saying why — never a traceback."""

import json
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rec import cli

scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12), st.floats(allow_nan=True),
                    st.text(max_size=40))
values = st.one_of(scalars, st.lists(scalars, max_size=5), st.dictionaries(st.text(max_size=5), scalars, max_size=3))
rows = st.fixed_dictionaries(
    {}, optional={"id": st.one_of(st.text(max_size=12), st.integers(), st.none(), st.lists(st.integers(), max_size=2)),
                  "title": st.one_of(st.text(max_size=60), st.integers(), st.none()),
                  "text": values, "category": values, "price": values, "image": values, "caption": values,
                  "attributes": st.one_of(st.dictionaries(st.text(max_size=12), values, max_size=6), values),
                  "extra": values})
words = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=30)
good = st.fixed_dictionaries(
    {"id": st.text("abcdef0123456789", min_size=1, max_size=6), "title": words},
    optional={"text": st.text(max_size=200), "category": st.sampled_from(["a", "b", "movie", ""]),
              "price": st.one_of(st.floats(0, 1e6), st.integers(0, 10**6)),
              "attributes": st.dictionaries(st.text("abcdefgh_", min_size=1, max_size=8),
                                            st.one_of(scalars, st.lists(st.text(max_size=8), max_size=4)),
                                            max_size=5)})
lines = st.lists(st.one_of(good.map(json.dumps), good.map(json.dumps), rows.map(json.dumps),
                           st.text(max_size=80).filter(lambda t: "\n" not in t and "\r" not in t)),
                 min_size=0, max_size=12)


def _rec(args, capsys) -> tuple[int, str]:
    argv = sys.argv
    sys.argv = ["rec", *args]
    try:
        cli.main()
        code = 0
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    finally:
        sys.argv = argv
    return code, capsys.readouterr().err


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(catalog=lines, strict=st.booleans())
def test_any_catalog_ingests_or_fails_in_one_line(catalog, strict, capsys):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "catalog.jsonl"
        path.write_text("\n".join(catalog) + "\n")
        base = ["--home", str(Path(tmp) / "home"), "--set", "retrieval.embedder=hashing-64", "--store", "fuzz"]
        code, err = _rec([*base, "ingest", str(path), *(["--strict"] if strict else [])], capsys)
        assert code in (0, 1, 2), err
        assert "Traceback" not in err
        if code:   # one line of reason (after any per-row "skipped" warnings)
            assert err.strip().splitlines()[-1].startswith("error: "), err
        else:
            code, err = _rec([*base, "search", "anything", "--json"], capsys)
            assert code in (0, 2) and "Traceback" not in err, err


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(min_size=1, max_size=200).filter(lambda t: t.strip() and not t.startswith("-")),
       where=st.one_of(st.none(), st.text(max_size=40), st.recursive(
           scalars, lambda inner: st.dictionaries(st.sampled_from(["year", "genres", "$and", "$or", "$gt", "$in",
                                                                   "colour", "$contains"]), inner, max_size=3)
           | st.lists(inner, max_size=3), max_leaves=6).map(json.dumps)))
def test_any_request_or_filter_answers_or_fails_in_one_line(text, where, film_cfg, capsys):
    base = ["--home", str(film_cfg.home), "--store", film_cfg.store, "--set", "retrieval.embedder=hashing-64",
            "--set", "llm.backend=fake", "--set", "ranker.explain=false"]
    for args in (["recommend", text, "--json"], ["search", text, *(["--where", where] if where else [])]):
        code, err = _rec([*base, *args], capsys)
        assert code in (0, 1, 2) and "Traceback" not in err, (args, err)
        if code:
            assert err.strip().splitlines()[-1].startswith("error: "), err
