"""Swapped letters mended against the packaged MiniLM vocabulary; catalog words and clippings left alone."""

import pytest

from rec.agents.spelling import mend_swaps, unswapped


@pytest.mark.parametrize(("typed", "meant"), [
    ("filsm", "films"), ("kdis", "kids"), ("notihng", "nothing"), ("Wras", "Wars"), ("westrens", "westerns"),
])
def test_two_neighbouring_letters_swapped_back(typed, meant):
    assert unswapped(typed) == meant


@pytest.mark.parametrize("word", ["boho", "scifi", "docu", "films", "Fargo", "Ostmora", "b4"])
def test_words_clippings_and_names_that_are_no_swap_stay(word):
    assert unswapped(word) is None


def test_mend_swaps_keeps_the_catalogs_own_words():
    assert mend_swaps("scifi filsm, notihng made b4 1990") == "scifi films, nothing made b4 1990"
    assert mend_swaps("a Lgiht shirt") == "a Light shirt"
    assert mend_swaps("Star Wras", keep=lambda w: w == "Wras") == "Star Wras"
