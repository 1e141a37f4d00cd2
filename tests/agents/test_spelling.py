"""Swapped letters mended against the packaged MiniLM vocabulary; catalog words and clippings left alone."""

import pytest

from rec.agents.spelling import correct, inflected, mend_swaps, unswapped


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
    assert mend_swaps("a salu-salo at my place, t-shrit") == "a salu-salo at my place, t-shirt"   # a foreign compound
    assert mend_swaps("snekers unde 100, a unde top") == "snekers unde 100, a nude top"     # a bound before a number
    assert mend_swaps("a Lgiht shirt") == "a Light shirt"
    assert mend_swaps("Star Wras", keep=lambda w: w == "Wras") == "Star Wras"
    # an article typed onto its word, before any swap: "alot" is "a lot", no "alto"
    assert mend_swaps("alot of acton, afilm for Alot") == "a lot of acton, a film for A lot"
    assert mend_swaps("acton, about, amen") == "acton, about, amen"      # words of their own
    assert mend_swaps("films that arent kids movies, aswell") == "films that arent kids movies, aswell"
    assert mend_swaps("abeg, made afore 1980, aboot") == "abeg, made afore 1980, aboot"     # dialect's own words


def test_a_french_or_german_keyboards_slips_are_put_back():
    assert mend_swaps("a co,edy rated at leqst 4, dra,a about the wqr") == (
        "a comedy rated at least 4, drama about the war")
    assert mend_swaps("a leqther jqcket for a mqn, skz blue") == "a leather jacket for a man, sky blue"
    assert mend_swaps("zool scarf", value=lambda w: w == "wool") == "wool scarf"     # a value, though it has vowels
    assert mend_swaps("coz the zed, red,blue") == "coz the zed, red,blue"      # English has them; no word of "redmblue"


def test_an_inflected_english_word_is_no_typo():
    """"swears" is "swear" with an ending, not a misspelt "sweater"; "canvass" may still be canvas."""
    assert correct("swears", ["sweater"]) is None and correct("canvass", ["canvas"]) == "canvas"
    assert correct("sandles", ["sandals"]) == "sandals" and inflected("liked") == ["like"]
    assert inflected("watches") == ["watch"] and inflected("eightes") == []     # "es" only after s, x, ch, sh, o


def test_then_after_a_comparative_is_than():
    assert mend_swaps("horror with more then 100 ratings") == "horror with more than 100 ratings"
    assert mend_swaps("a comedy and then a drama") == "a comedy and then a drama"


def test_grammar_words_said_in_dialect_or_texting():
    from rec.agents.spelling import mend_said

    assert mend_said("nuthin befor 1970, nothin' older") == "nothing befor 1970, nothing older"
    assert mend_said("romance but nuh drama, nutten wid singin'") == "romance but no drama, nothing with singing"
    assert mend_said("rated better'n four stars, more new than this one") == "rated better than four stars, newer " \
        "than this one"
    assert mend_said("seen Silence of d Lambs") == "seen Silence of the Lambs"
    assert mend_said("nothing new, size d cup, a din' room") == "nothing new, size d cup, a din' room"
    assert mend_said("Non-fiction please, a non-stop ride") == "Nonfiction please, a nonstop ride"   # the dictionary's
    assert mend_said("a non-animated film") == "a non-animated film"          # no such word: "non" stays its own
    assert mend_said("break out singin and dancin', reachin' for the tissues") == \
        "break out singing and dancing, reaching for the tissues"          # a spoken "-in'"
    assert mend_said("a satin dress for my cousin, Martin") == "a satin dress for my cousin, Martin"    # words
    assert mend_said("another coat in a diff color, sandles for a gurl") == \
        "another coat in a different color, sandles for a girl"                    # texting
    assert mend_said("diff") == "diff"


def test_dialect_refusals_and_kin():
    from rec.agents.spelling import mend_said

    assert mend_said("boots but nowt suede, divvent want owt romantic") == \
        "boots but nothing suede, don't want anything romantic"
    assert mend_said("I cannae stand it, it isnae scary") == "I can't stand it, it isn't scary"
    assert mend_said("a comedy and nee horror whatsoever") == "a comedy and no horror whatsoever"     # Geordie
    assert mend_said("Mary Smith nee Jones") == "Mary Smith nee Jones"
    assert mend_said("scifi withought romance, nothng scary") == "scifi without romance, nothing scary"
    assert mend_said("a film with Neve Campbell") == "a film with Neve Campbell"      # a name, no "never"
    assert mend_said("somthing rated over 3.5") == "somthing rated over 3.5"          # something, no "nothing"
    assert mend_said("Anything once it eh comedy") == "Anything once it ain't comedy"        # Trinidad
    assert mend_said("eh, anything good?") == "eh, anything good?"
    assert mend_said("a bag for me mam, what aboot for me da?") == "a bag for me mum, what about for me dad?"
    assert mend_said("sandals for us mam, pet") == "sandals for our mum, pet"          # Geordie "us": our
    assert mend_said("give us a hand") == "give us a hand"
    assert mend_said("a jersey for my ouma; my oke needs a shirt") == "a jersey for my grandma; my guy needs a shirt"
    assert mend_said("for da kids") == "for da kids"               # texting's "the", no dad
    assert mend_said("Hello mam, I want a saree") == "Hello mam, I want a saree"     # ma'am, no mum
    assert mend_said("snekers size41") == "snekers size 41"
    assert mend_said("need some round the houses, anyfink but denim, nuffink bright") == \
        "need some round the houses, anything but denim, nothing bright"         # Cockney
    assert mend_said("sweter for woman sizeM, sizeXL") == "sweter for woman size M, size XL"
    assert mend_said("for a womam, siz S, untill 30 dolars") == "for a womam, size S, untill 30 dollars"
    assert mend_said("tanks, but wihtout comedy") == "thanks, but without comedy"
    assert mend_said("tshirt un der 20, a bove 4 stars") == "tshirt under 20, above 4 stars"
    assert mend_said("a ver 20") == "a ver 20"
    assert mend_said("war films with tanks, please") == "war films with tanks, please"
    assert mend_said("Also avoid: anything made before 1990") == "Also avoid anything made before 1990"
    assert mend_said("all sizes") == "all sizes"
    assert mend_said("Naethin afore 1960, four stars or mair, efter an auld film fae the fifties") == \
        "nothing before 1960, four stars or more, after an old film from the fifties"        # Scots
    assert mend_said("fae folk and fae 1990") == "fae folk and from 1990"        # the fairy folk stay
    assert mend_said("une comédie, pas de horreur, pas d'action") == "une comédie, no horreur, no action"
    assert mend_said("she don't hold with them horror pictures") == "she don't hold with those horror pictures"
    assert mend_said("show them a film") == "show them a film"       # "them" as no determiner stays


def test_an_inflection_of_a_known_word_is_no_swap():
    from rec.agents.spelling import unswapped

    assert unswapped("dads") is None and unswapped("moms") is None       # not "adds"
    assert unswapped("westrens") == "westerns"
    assert unswapped("snog") is None          # a word WordNet has, though the tokenizer lacks it: no "song"


@pytest.mark.parametrize(("typed", "meant"), [
    ("nomore of that", "no more of that"), ("notany scifi", "not any scifi"), ("atleast 4", "at least 4"),
    ("inred", "in red"), ("ofcourse", "of course"), ("comedys from thesixties", "comedys from the sixties"),
    ("theatre", "theatre"), ("therapy", "therapy"),
    # a word of its own, a name, a seam's letter said twice ("innit"), a word the dialect list knows
    ("notable", "notable"), ("Nolan", "Nolan"), ("innit", "innit"), ("nowhere", "nowhere"), ("infact", "in fact"),
])
def test_a_grammar_word_typed_onto_the_next(typed, meant):
    assert mend_swaps(typed) == meant


def test_slang_and_spellings_as_said():
    from rec.agents.spelling import mend_said

    assert mend_said("8 outta 10, sy-fy or syfy") == "8 out of 10, sci-fi or sci-fi"
    assert mend_said("I'm gatvol of action movies") == "I'm fed up of action movies"       # South African
    assert mend_said("rated by 2O people, 199O, size 4O, $6O, 4.o stars, the O2") == \
        "rated by 20 people, 1990, size 40, $60, 4.0 stars, the O2"           # a letter O typed for a zero
    assert mend_said("my granda and my paw-paw, a pawpaw tree") == "my grandad and my grandpa, a pawpaw tree"
    # Caribbean English: "dan" after a comparative, "-ting", "tree time", "instead a", "dat", "bwoy"
    assert mend_said("nutten older dan 1960, or sumting more dan 3 stars") == \
        "nothing older than 1960, or something more than 3 stars"
    assert mend_said("Mi see Titanic tree time, a thriller instead a horror, in dat same vein, fi mi bwoy") == \
        "Mi see Titanic three time, a thriller instead of a horror, in that same vein, fi mi boy"
    assert mend_said("a tree house instead, a dan brown novel, noting that") == \
        "a tree house instead, a dan brown novel, noting that"
    assert mend_said("a scarf thats nto wool; swop the suede for leather") == \
        "a scarf that's not wool; swap the suede for leather"


def test_an_er_said_without_its_r_and_two_words_typed_as_one():
    from rec.agents.spelling import mend_said, unglued

    assert mend_said("gotta be aftah 1990, nothing ovah fifty, bettuh") == \
        "gotta be after 1990, nothing over fifty, better"
    assert mend_said("yeah, Sarah from Utah, my braddah, a panda") == "yeah, Sarah from Utah, my braddah, a panda"
    assert mend_said("my fatha served") == "my father served"
    assert mend_said("a parka for my husband") == "a parka for my husband"      # a word WordNet knows stays
    assert mend_said("horor filmz plz, no jazz") == "horor films plz, no jazz"      # a plural texted with a z
    values = {"jeans", "wool", "men", "films"}.__contains__
    assert unglued("mensjeans", values) == "mens jeans" and unglued("animatedfilms", values) == "animated films"
    assert unglued("lambswool", values) == "lambs wool"
    assert unglued("hitmen", values) is None            # a value of three letters parts nothing
    assert unglued("Braveheart", values) is None and unglued("jeans", values) is None
    assert unglued("goodwoolfilms", values) == "good wool films"       # three words, two parts first
    assert unglued("ratedover", values) == "rated over"       # a bound parts it: not "rate dover"
    assert unglued("redhoodie", {"red", "hoodie"}.__contains__) == "red hoodie"     # a value no dictionary has
    assert unglued("sciencefiction", values) == "science fiction"       # a dictionary's compound
    from rec.agents.spelling import mend_swaps
    grey = {"grey", "jeans", "mens"}.__contains__
    assert mend_swaps("raining in Greymouth for a week, some mensjeans", value=grey) == \
        "raining in Greymouth for a week, some mens jeans"        # a name inside a sentence stays one
    assert mend_said("hes a medium, shes an 8, thats it") == "he's a medium, she's an 8, that's it"
    assert mend_said("mi cyaan spend more than 60") == "mi can't spend more than 60"          # Jamaican
    assert mend_said("it cyah be over 100") == "it can't be over 100"                            # Trinidad
    assert mend_said("nvm the animated thing, 4 nd up, the 2 nd row") == "never mind the animated thing, 4 and up, " \
        "the 2 nd row"                                                                           # texting
    assert mend_said("a whodunnit, no? lite blue, for my ma's birthday") == \
        "a whodunnit? light blue, for my mum's birthday"                 # a question tag; texting; Irish English
    assert mend_said("I'm a bit lite on cash") == "I'm a bit lite on cash"
    assert mend_said("anythin but horror, somethin' light") == "anything but horror, something light"
    assert mend_said("tonight. no: horror, war") == "tonight. no horror, war"
    assert mend_said("from the90s, nothing pre1970, late80s ok") == "from the 90s, nothing pre 1970, late 80s ok"


def test_a_word_one_edit_from_one_dictionary_word():
    from rec.agents.lexicon import Lexicon, wordnet
    from rec.agents.spelling import one_edit

    assert {"bots", "boost", "boot", "bootss", "bxots"} <= one_edit("boots")     # dropped, swapped, added, changed
    lexicon = Lexicon(wordnet(), {"category": ("string", ["bag"])})
    assert lexicon.respelt("handbg") == "handbag" and lexicon.respelt("whodunnit") == "whodunit"
    assert lexicon.respelt("handbag") is None and lexicon.respelt("bots") is None     # known, or too short
    assert lexicon.respelt("Ostmora") is None                     # no dictionary word an edit away
    assert lexicon.respelt("dauter") == "daughter"                # a silent "gh" left out, before other edits
    assert lexicon.respelt("wolen") == "woolen"        # a letter written once where the word doubles it, before
    assert correct("wolen", ["women", "woolen"]) == "woolen"    # another edit ("women")
    assert lexicon.respelt("shes") is None and lexicon.respelt("smth") is None      # four letters: left alone


def test_a_word_spelt_as_it_sounds():
    """"whight" is white, "wimmen" women: the same consonants as said (a silent "gh", doubles as one), where
    only one value has them; a known word, a short one or one of two values' sound is left alone."""
    from rec.agents.spelling import skeleton, spelt_as_said

    assert skeleton("whight") == skeleton("white") == "wht" and skeleton("wimmen") == skeleton("women") == "wmn"
    assert spelt_as_said("whight", ["white", "black", "wool"]) == "white"
    assert spelt_as_said("wimmen", ["women", "men", "unisex"]) == "women"
    assert spelt_as_said("wight", ["white"]) is None            # a word of its own (and short)
    assert spelt_as_said("blakk", ["black", "blake"]) is None    # two values sound alike: neither


def test_a_word_spelt_by_ear_sounds_like_one_value():
    """"akshun" is action, "kashmeer" cashmere, "ayties" eighties: the same sound key (a shushed "ti", a hard c
    as k, a silent "gh", any first vowel), where one form only has it; a known word, its inflection, a short
    word, a name far longer than the form, or two forms alike are left alone."""
    from rec.agents.spelling import phonetic, sounds_like

    assert phonetic("akshun") == phonetic("action") == "akxn" and phonetic("kashmeer") == phonetic("cashmere")
    assert phonetic("ayties") == phonetic("eighties") and phonetic("nyntees") == phonetic("nineties")
    assert sounds_like("akshun", ["action", "adventure", "comedy"]) == "action"
    assert sounds_like("kashmeer", ["cashmere", "cotton"]) == "cashmere"
    assert sounds_like("ayties", ["seventies", "eighties", "nineties"]) == "eighties"
    assert sounds_like("oots", ["eighties"]) is None                 # short: four letters for eight
    assert sounds_like("blokes", ["blacks"]) is None                  # English ("bloke")
    assert sounds_like("whitehouse", ["whites"]) is None              # far longer than the form
    assert sounds_like("blakk", ["black", "bleak"]) is None           # two forms sound alike: neither


@pytest.mark.parametrize(("typed", "meant"), [
    ("nooo horror pls", "no horror pls"), ("sooo scary", "so scary"), ("a goood comedy", "a good comedy"),
    ("pleeease", "please"), ("NOOO HORROR", "no HORROR"), ("horrrror filmsss", "horror films"),
    ("Rocky III", "Rocky III"), ("size XXXL", "size XXXL"),        # a numeral and a size stay
])
def test_a_letter_stretched_for_stress_is_read_as_the_word(typed, meant):
    """Chat style repeats a letter for stress: each run is read as two letters or one, whichever WordNet uses
    most ("goood" is good, not god)."""
    from rec.agents.lexicon import wordnet
    from rec.agents.spelling import mend_said

    if wordnet() is None:
        pytest.skip("no WordNet")
    assert mend_said(typed) == meant


def test_texted_kin_and_a_dictionary_verb_stay_words():
    """"my bro", "for my sis" are a brother and a sister; "overruled" is WordNet's "overrule", no "over ruled"."""
    from rec.agents.lexicon import wordnet
    from rec.agents.spelling import mend_said

    assert mend_said("a leather jacket for my bro") == "a leather jacket for my brother"
    assert mend_said("my sis wants a dress, bro") == "my sister wants a dress, bro"
    assert mend_said("red t shirt for my bruv") == "red t shirt for my brother"
    if wordnet() is None:
        pytest.skip("no WordNet")
    assert mend_swaps("Mum overruled him: cotton") == "Mum overruled him: cotton"
    assert mend_swaps("mensjeans", value=lambda w: w == "jeans") == "mens jeans"


def test_without_said_apart():
    from rec.agents.spelling import mend_said

    assert mend_said("scifi with out any horror in it") == "scifi without any horror in it"
    assert mend_said("with out of town guests") == "with out of town guests"


def test_non_said_for_none():
    from rec.agents.spelling import mend_said

    assert mend_said("scifi, non of them animated") == "scifi, none of them animated"
    assert mend_said("non fiction") == "nonfiction"       # a prefix said apart: joined, no "none"


def test_a_word_spelt_by_ear_is_no_value_of_two_words():
    from rec.agents.spelling import sounds_like

    assert sounds_like("ennis", ["one size", "wool"]) is None and sounds_like("whitehouse", ["white house"]) is None
    assert sounds_like("kaslo", ["casual", "classic"]) is None          # another first letter, three sounds: a place


def test_a_typo_inside_a_name_or_over_a_town_is_none():
    from rec.agents.spelling import a_named_word

    said = "It is always so windy here in Whitby, a sweater"
    t = said.lower()
    at = t.index("whitby")
    assert a_named_word(said, t, at, at + 6, value="white")      # all of it, after "in": a place
    assert not a_named_word(said, t, at, at + 6, value="Whitmora")    # a maker's name it may be misspelt for
    assert not a_named_word("a Whitby sweater", "a whitby sweater", 2, 8, value="white")    # no place word before
    assert a_named_word("up in Greymouth", "up in greymouth", 6, 10)          # a piece of it
    assert not a_named_word("in whitby", "in whitby", 3, 9)                   # no capital: no name


def test_a_first_letter_written_as_its_mirror_image():
    assert correct("dlack", ["black", "brown"]) == "black" and correct("qink", ["pink"]) == "pink"
    assert correct("drown", ["brown"]) is None                # a word of its own


def test_spanish_grammar_words_in_an_english_request():
    from rec.agents.spelling import mend_said

    assert mend_said("quiero una comedy, pero sin romance, nada de besitos") == \
        "quiero una comedy, but without romance, no besitos"
    assert mend_said("y de los noventas, please") == "y from the 90s, please"
    assert mend_said("jeans de entre 30 y 60 dolares, talla S, para mujer") == \
        "jeans de between 30 and 60 dollars, size S, for women"
    assert mend_said("a sin to miss, any colour xcept white") == "a sin to miss, any colour except white"


@pytest.mark.parametrize("text, plain", [
    ("comedy, but n0 r0m4nc3 pls", "comedy, but no romance pls"),      # leetspeak put in letters
    ("a scarf, anything but w00l", "a scarf, anything but wool"),
    ("loadout: r3d hoodie, h0rr0r films", "loadout: red hoodie, horror films"),
    ("r0mc0m pls", "romcom pls"),                                        # two digits inside: one spelling
    ("4k b4 1st 1970s se7en mp3 3.5 $50 10am", "4k b4 1st 1970s se7en mp3 3.5 $50 10am"),   # none of them
])
def test_leetspeak_is_put_in_letters(text, plain):
    from rec.agents.spelling import unleet
    assert unleet(text) == plain


@pytest.mark.parametrize("text, plain", [
    ("esport shoes", "sport shoes"), ("a black eskirt", "a black skirt"),      # a Spanish speaker's "e"
    ("an esci-fi film with espaceships", "an sci-fi film with spaceships"),
    ("an escort on an estate, espresso", "an escort on an estate, espresso"),   # English words stay
])
def test_a_spanish_speakers_e_before_s_is_taken_off(text, plain):
    from rec.agents.spelling import unprothetic
    assert unprothetic(text) == plain


def test_first_letters_a_learners_ear_swaps():
    assert correct("bink", ["pink", "black"]) == "pink"            # Arabic: p heard as b
    assert correct("wintage", ["vintage"]) == "vintage"            # Hindi: v as w
    assert correct("dlack", ["black"]) == "black"                  # still the mirrored letters
    assert correct("tink", ["pink"]) is None                       # no other first letter
