"""A register's words put plainly before any reading (agents/registers.py): radio procedure, a clinician's charting,
a kitchen's "86", a meeting's "out of scope", a mock-archaic voice, Australian "yeah nah" and a self-interview's
answers - and the words read as meant once put plainly."""

import pytest

from rec.agents.links import ValueLinker
from rec.agents.registers import registered

GENRES = ["Comedy", "Romance", "Drama", "Horror", "Thriller", "Crime", "Western", "Animation"]
FIELDS = {"genres": ("list", GENRES), "category": ("string", ["dress", "boots", "coat"]),
          "color": ("string", ["red", "black", "white", "beige"]),
          "material": ("string", ["leather", "suede", "polyester"])}


def said(text):
    return sorted((c.field, c.op, c.value) for c in ValueLinker(FIELDS).constraints(registered(text)))


@pytest.mark.parametrize(("text", "plain"), [
    ("Sweater, ceiling is niner-zero dollars. Over.", "Sweater, ceiling is 90 dollars. ."),
    ("budget one-two-zero, over and out", "budget 120, "),
    ("rated 4 or over.", "rated 4 or over."),                # "over" closing a bound stays
    ("boots over 100.", "boots over 100."),
    ("per the Q4 budget, cap it at 120", "per the quarterly budget, cap it at 120"),
    ("Anything made 'twixt 1965 and 1975", "Anything made between 1965 and 1975"),
    ("made ere nineteen-fifty", "made before nineteen-fifty"), ("rated o'er 4", "rated over 4"),
    ("rated 8 out o' 10", "rated 8 out of 10"),
    ("it's 10 o'clock", "it's 10 o'clock"),
    ("hooded sweatshirt for me (F)", "hooded sweatshirt for me (a woman)"),
    ("a hoodie (M)", "a hoodie (M)"),                         # a size, said of no person
    ("Decade? The 80s.", "Decade? The 80s."),                 # an answer that is a value stays
    ("Do you have westerns? No? Then comedies.", "Do you have westerns? No? Then comedies."),
    ("Era? Don't care. A drama.", "any Era. A drama."),
    ("A drama. Romance in it? Why not.", "A drama. ."),
    ("yea or nay", "yea or nay"),
    ("Titanic again? Yeah, because it was so short.", "Titanic again? Yeah, because it was so short."),
    ("anything animated would save my sanity", "anything animated would save my sanity"),
    ("all save the westerns", "all except the westerns"),
    ("Decade? Forget it, any era.", "any Decade, any era."),      # an attribute let go ...
    ("Westerns? Forget it.", "no Westerns."),                     # ... a value refused
])
def test_a_register_is_put_plainly(text, plain):
    assert registered(text) == plain


@pytest.mark.parametrize(("text", "expected"), [
    ("Negative on romance. Something funny. Over.", [("genres", "ne", "Romance")]),
    ("comedy pls. neg for romance", [("genres", "contains", "Comedy"), ("genres", "ne", "Romance")]),
    ("Dx: needs a thriller. r/o horror", [("genres", "contains", "Thriller"), ("genres", "ne", "Horror")]),
    ("boots, -ve for suede", [("category", "eq", "boots"), ("material", "ne", "suede")]),
    ("A coat please, but 86 the black ones.", [("category", "eq", "coat"), ("color", "ne", "black")]),
    ("Boots. Out of scope: polyester.", [("category", "eq", "boots"), ("material", "ne", "polyester")]),
    ("a dress - leather is out of scope", [("category", "eq", "dress"), ("material", "ne", "leather")]),
    ("Nay romance, ye scallywag! A comedy", [("genres", "contains", "Comedy"), ("genres", "ne", "Romance")]),
    ("a coat, but naught in white nor beige", [("category", "eq", "coat"), ("color", "ne", "beige"),
                                                ("color", "ne", "white")]),
    ("Boots, any colour ye like save black.", [("category", "eq", "boots"), ("color", "ne", "black")]),
    ("A dress, yeah nah to anything in suede.", [("category", "eq", "dress"), ("material", "ne", "suede")]),
    ("Thriller? Yes. Crime? No. Horror? Also no.", [("genres", "contains", "Thriller"), ("genres", "ne", "Crime"),
                                                    ("genres", "ne", "Horror")]),
    ("Dress? Yes. Black? Nope. Polyester? Nope, never.", [("category", "eq", "dress"), ("color", "ne", "black"),
                                                          ("material", "ne", "polyester")]),
    ("A comedy. Animated? n/a. Romance in it? Why not.", [("genres", "contains", "Comedy")]),
    # a signer's gloss and a doubled or skipped answer refuse; a connective stays before the refusal
    ("boots me want. leather? NOT-WANT", [("category", "eq", "boots"), ("material", "ne", "leather")]),
    ("comedy, yes. but crime? no no.", [("genres", "contains", "Comedy"), ("genres", "ne", "Crime")]),
    ("a dress. suede? skip", [("category", "eq", "dress"), ("material", "ne", "suede")]),
    ("a drama. Animated? No — she wants real actors", [("genres", "contains", "Drama"),
                                                       ("genres", "ne", "Animation")]),
    ("Westerns, those I like. Horror? No thanks.", [("genres", "contains", "Western"), ("genres", "ne", "Horror")]),
    ("comedy, yes. but crime? no no. me tired crime movie", [("genres", "contains", "Comedy"),
                                                             ("genres", "ne", "Crime")]),
])
def test_a_register_reads_as_meant(text, expected):
    assert said(text) == expected
