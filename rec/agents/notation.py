"""A request written partly in a programmer's notation, put in the words and signs the rest of the reading knows,
before any reading: chained and reversed comparisons ("1985 < year < 1995", "1990 <= year"), intervals ("year in
[1990, 1995)", "price in [50, 100)"), a negated comparison ("!(year < 1990)"), a value said to be false ("children's
== false"), a set of values ("genre in (War, Western)", "color: red | burgundy", "exclude: [sci_fi, fantasy]"), a
field said not to matter ("style = null"), an editor's substitution ("s/wool/cashmere/"), "&&", "||" and a "//"
comment. Only what is plainly notation is touched: signs between a field's name and a number, brackets after "in" or
a colon, a keyword of the notation ("null", "false")."""

from __future__ import annotations

import re

_NUM = r"\d+(?:\.\d+)?"
_NAME = r"[A-Za-z][A-Za-z_]*"                                   # a field's name: year, price, ratings_count
_OP = r"<=|>=|<|>|=<|=>"
_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=<": ">=", "=>": "<="}
_NOT = {"<": ">=", "<=": ">", ">": "<=", ">=": "<", "=<": ">", "=>": "<", "==": "!=", "=": "!="}

# "1985 < year < 1995", "100 <= price <= 250": two bounds on the field between them
_CHAIN = re.compile(rf"\b(?P<a>{_NUM})\s*(?P<op1>{_OP})\s*(?P<name>{_NAME})\s*(?P<op2>{_OP})\s*(?P<b>{_NUM})\b")
# "1990 <= year": the bound written the other way round
_REVERSED = re.compile(rf"\b(?P<a>{_NUM})\s*(?P<op>{_OP})\s*(?P<name>{_NAME})\b(?!\s*(?:{_OP}))")
# "year in [1990, 1995)", "price: (50, 100]": an interval, each end closed by a square bracket, open by a round one
_INTERVAL = re.compile(rf"\b(?P<name>{_NAME})\s*(?:in|=|==|:|\u2208)\s*(?P<lo>[\[(])\s*\$?(?P<a>{_NUM})\s*[,;]\s*"
                       rf"\$?(?P<b>{_NUM})\s*(?P<hi>[\])])")
# "!(year < 1990)", "not (price > 80)": a comparison negated
_NEGATED = re.compile(rf"(?:!|\bnot\s*)\(\s*(?P<name>{_NAME})\s*(?P<op>{_OP}|==|=)\s*(?P<a>{_NUM})\s*\)", re.I)
# "children's == false", "romance: false": a value not wanted; "horror: true": wanted
_BOOLEAN = re.compile(r"(?P<value>[A-Za-z][\w'-]*)\s*(?:===?|:|=)\s*(?P<truth>false|true)\b(?!\s*[A-Za-z])", re.I)
# "genre in (War, Western)", "exclude: [sci_fi, fantasy]", "material not in {wool, silk}": values in brackets, two
# or more or in square or curly ones (not a numbered clause's "(i)" nor an aside's "(sorry)")
_SET = re.compile(r"(?P<head>\b(?:not\s+in|!in|in|exclude[ds]?|excluding|without|except)\s*:?|[:=])\s*"
                  r"(?:[\[{](?P<items>\s*[\"']?[A-Za-z][^\[\](){}\n]*)[\]}]"
                  r"|\((?P<more>\s*[\"']?[A-Za-z][^\[\](){}\n,|]*[,|][^\[\](){}\n]+)\))", re.I)
# "style = null", "color: any": the field does not matter
# (not a form's "Horror: none", which refuses it)
_NULL = re.compile(rf"\b(?P<name>{_NAME})\s*(?:(?:===?|=)\s*(?:null|none|nil|undefined|any|\*)"
                   r"|:\s*(?:null|nil|undefined|any|\*))(?![\w*])(?!\s+[a-z])", re.I)
_SUBSTITUTE = re.compile(r"(?<![\w/])s/(?P<old>[^/\n]{1,40})/(?P<new>[^/\n]{1,40})/g?")   # sed's "s/wool/cashmere/"
_OR = re.compile(r"(?<=[\w'\"])[ \t]*\|\|[ \t]*(?=[\w'\"])")       # "sci_fi||horror"
# "color: red | burgundy", "material: suede|leather": a field's values (not a chat's "comedy | 90s | under 3 stars")
_PIPED = re.compile(r"(?<=[:=])(?P<list>[ \t]*[\w'-]+(?:[ \t]*\|[ \t]*[\w'-]+)+)(?=[ \t]*(?:[,;.)\n]|$))")
_AND = re.compile(r"[ \t]*&&[ \t]*")
_COMMENT = re.compile(r"[ \t]+//[ \t]*")                       # "black // just kidding, any colour"
_CODE = re.compile(r"[<>]=?|=[<>=]?|!|\||&&|//|\bs/|[\[({]|\b(?:null|none|nil|undefined|false|true)\b", re.I)


def uncoded(text: str) -> str:
    """The text with its notation put as the plain signs and words the reading knows ("year in [1990, 1995)" ->
    "year >= 1990, year < 1995"; "genre in (War, Western)" -> "genre in War or Western")."""
    if not _CODE.search(text):
        return text
    text = _SUBSTITUTE.sub(lambda m: f"{m.group('new')} instead of {m.group('old')}", text)
    text = _INTERVAL.sub(_interval, text)
    text = _CHAIN.sub(lambda m: f"{m.group('name')} {_FLIP[m.group('op1')]} {m.group('a')}, "
                                f"{m.group('name')} {m.group('op2')} {m.group('b')}", text)
    text = _REVERSED.sub(lambda m: f"{m.group('name')} {_FLIP[m.group('op')]} {m.group('a')}", text)
    text = _NEGATED.sub(lambda m: f"{m.group('name')} {_NOT[m.group('op')]} {m.group('a')}", text)
    text = _BOOLEAN.sub(lambda m: m.group("value") if m.group("truth").lower() == "true"
                        else f"no {m.group('value')}", text)
    text = _NULL.sub(lambda m: f"any {m.group('name')}", text)
    text = _SET.sub(_set, text)
    text = _PIPED.sub(lambda m: re.sub(r"[ \t]*\|[ \t]*", " or ", m.group("list")), _OR.sub(" or ", text))
    return _COMMENT.sub(". ", _AND.sub(" and ", text))


def _interval(m: re.Match) -> str:
    name = m.group("name")
    low = ">=" if m.group("lo") == "[" else ">"
    high = "<=" if m.group("hi") == "]" else "<"
    return f"{name} {low} {m.group('a')}, {name} {high} {m.group('b')}"


def _set(m: re.Match) -> str:
    said = m.group("items") or m.group("more")
    items = " or ".join(i.strip().strip("\"'`") for i in re.split(r"\s*[,;|]\s*", said.strip()) if i.strip())
    head = m.group("head").strip().rstrip(":").rstrip()
    if head in ("", "="):
        return f": {items}"                           # "color: [red, burgundy]"
    if head.lower().startswith(("not", "!in")):
        spaced = m.start() > 0 and m.string[m.start() - 1].isspace()
        return f"{'' if spaced else ' '}not {items}"  # "material not in {wool, silk}", "material!in[wool]"
    return f"{head} {items}"                          # "genre in (War, Western)", "exclude: [sci_fi, fantasy]"
