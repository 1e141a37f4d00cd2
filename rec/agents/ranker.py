"""Ranker: order candidates for this request and explain the shown ones.

1. LLM scores with LlamaRec's verbalizer: candidates are labelled A, B, C...,
   one forward pass, and the next-token log-probabilities of the labels are the
   scores (`ChatModel.score_choices`). More candidates than `window` are scored
   in windows; a window's log-softmax plus log(window size) is the lift over a
   uniform pick, which compares across windows of different sizes.
2. Blend: the retriever's score (the store's learned blend of every signal) plus
   the LLM's lift, as z-scores, at the model's weight (the store's fitted weight
   unless `ranker.llm_weight` overrides it; at 0 the model is never asked).
3. Diversity: maximal marginal relevance over metadata overlap (shared list
   values such as genres, equal category), so the list is not ten near-twins.
4. Explanations for the shown items only, in one streamed call (a line per item, each checked against
   the item's facts as soon as it is complete); if the model fails, a sentence built from the item's
   own facts stands in.
Nothing outside the candidate set can come out: every step maps labels back to
the candidates it was given.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rec.agents.prompts import load_prompt
from rec.config import RankerConfig
from rec.errors import LLMError
from rec.llm.base import ChatModel, stream_text
from rec.schema import Candidate

LABELS = [chr(ord("A") + i) for i in range(26)]
FACT_KEYS = ("year", "genres", "category", "price", "color", "brand")
WHY_MAX_CHARS = 160                 # per explanation (the JSON schema's maxLength)


@dataclass
class Ranked:
    candidate: Candidate
    score: float
    llm: float | None = None
    explanation: str | None = None


@dataclass
class RankTrace:
    windows: int = 0
    model_calls: int = 0
    prompt_tokens: int = 0
    coverage: list[float] = field(default_factory=list)
    explain_fallback: bool = False
    explain_rejected: int = 0          # explanations replaced because they named facts not the item's
    explained: int = 0                 # items explained
    explain_fallbacks: int = 0         # ... by the facts sentence instead of the model's
    explain_specific: int = 0          # ... with a sentence naming at least one of the item's true facts
    # why the model's lines were not used, per reason (`REASONS`), and a few of them as written
    explain_reasons: dict[str, int] = field(default_factory=dict)
    explain_rejected_lines: list[dict[str, str]] = field(default_factory=list)
    explain_stray_lines: int = 0       # non-empty lines that named no item (or one already explained)

    def reject(self, reason: str, line: str = "") -> None:
        self.explain_reasons[reason] = self.explain_reasons.get(reason, 0) + 1
        if line and len(self.explain_rejected_lines) < 5:
            self.explain_rejected_lines.append({"reason": reason, "line": line[:200]})


def facts(c: Candidate) -> str:
    """A compact, factual line for a candidate (what the prompt shows and explanations may use)."""
    parts = [c.title]
    for key in FACT_KEYS:
        value = c.metadata.get(key)
        if value not in (None, "", []):
            parts.append(f"{key}: {', '.join(map(str, value)) if isinstance(value, list) else value}")
    if c.because:
        parts.append(f"liked by people who liked {c.because}")
    return "; ".join(parts)


def ranker_messages(request: str, history: Sequence[str], window: Sequence[Candidate]) -> list[dict[str, str]]:
    prompt = load_prompt("ranker")
    lines = "\n".join(f"{LABELS[n]}. {facts(c)}" for n, c in enumerate(window))
    user = prompt["user"].format(request=request or "(no request: recommend from their history)",
                                 history=", ".join(history) or "nothing yet", candidates=lines)
    return [{"role": "system", "content": prompt["system"].strip()}, {"role": "user", "content": user}]


def llm_scores(model: ChatModel, request: str, history: Sequence[str], candidates: Sequence[Candidate],
               window: int, trace: RankTrace) -> dict[str, float]:
    """item id -> lift of the label's probability over a uniform pick, per window."""
    scores: dict[str, float] = {}
    for start in range(0, len(candidates), window):
        chunk = list(candidates[start:start + window])
        if len(chunk) == 1:
            scores[chunk[0].item_id] = 0.0
            continue
        labels = LABELS[:len(chunk)]
        result = model.score_choices(ranker_messages(request, history, chunk), labels)
        trace.windows += 1
        trace.model_calls += 1
        trace.prompt_tokens += result.prompt_tokens
        trace.coverage.append(result.coverage)
        for label, cand in zip(labels, chunk, strict=True):
            scores[cand.item_id] = result.logprobs[label] + math.log(len(chunk))
    return scores


def _z(values: Mapping[str, float], ids: Sequence[str]) -> dict[str, float]:
    got = [values.get(i, 0.0) for i in ids]
    mean = sum(got) / len(got)
    sd = math.sqrt(sum((v - mean) ** 2 for v in got) / len(got))
    return {i: ((values.get(i, 0.0) - mean) / sd if sd > 1e-12 else 0.0) for i in ids}


def blend(candidates: Sequence[Candidate], llm: Mapping[str, float], llm_weight: float) -> dict[str, float]:
    """The retriever's blended score (the store's learned weights), plus the model's lift where it has a
    weight; both as z-scores over the candidates, so the weight means the same for any list."""
    ids = [c.item_id for c in candidates]
    base = _z({c.item_id: c.score for c in candidates}, ids)
    if not llm or llm_weight <= 0:
        return base
    lm = _z(llm, ids)
    return {i: base[i] + llm_weight * lm[i] for i in ids}


def similarity(a: Candidate, b: Candidate) -> float:
    """Overlap of two items' metadata: Jaccard of their list values, plus equal text fields."""
    shared = total = 0
    for key in set(a.metadata) & set(b.metadata):
        if key == "title":
            continue
        va, vb = a.metadata[key], b.metadata[key]
        if isinstance(va, list) and isinstance(vb, list):
            sa, sb = set(map(str, va)), set(map(str, vb))
            shared += len(sa & sb)
            total += len(sa | sb)
        elif isinstance(va, str) and isinstance(vb, str):
            shared += va == vb
            total += 1
    return shared / total if total else 0.0


def mmr(candidates: Sequence[Candidate], scores: Mapping[str, float], k: int, lam: float) -> list[Candidate]:
    """Greedy maximal marginal relevance on min-max-normalised scores."""
    if not candidates:
        return []
    lo, hi = min(scores.values()), max(scores.values())
    rel = {i: (s - lo) / (hi - lo) if hi > lo else 1.0 for i, s in scores.items()}
    pool, chosen = list(candidates), []
    while pool and len(chosen) < k:
        best = max(pool, key=lambda c: (lam * rel[c.item_id]
                                        - (1 - lam) * max((similarity(c, s) for s in chosen), default=0.0),
                                        -candidates.index(c)))
        chosen.append(best)
        pool.remove(best)
    return chosen


_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_EVIDENCE = re.compile(r"\b(?:fans of|(?:people|those) who (?:liked|loved|enjoyed))\s+(.*)", re.I)
_EVIDENCE_CLAUSE = re.compile(r",\s*(?:(?:loved|liked|enjoyed) by |a favou?rite (?:of|with) |for )?"
                              r"(?:fans of|(?:people|those) who (?:liked|loved|enjoyed))\s+([^,.!?]+)[.!]?$", re.I)
# "from the 1995 category", "a drama from the 1942s" (a year is no decade)
_BAD_YEAR = re.compile(r"\b(?:from|in|of) the (?:1[89]|20)\d\d\b(?!'?s)|\b(?:1[89]|20)\d[1-9]'?s\b")
_PROMPT_TALK = re.compile(r"\b(?:the|your) request\b|\bgiven (?:genres|facts)\b|\bfacts (?:list|given)\b", re.I)
_DECADE = re.compile(r"(?<![\d])(1[89]|20)?(\d)0'?s\b")
_DECADE_WORDS = {w: n for n, w in enumerate(("twenties", "thirties", "forties", "fifties", "sixties", "seventies",
                                             "eighties", "nineties"), 2)}
_LABEL_TALK = re.compile(r"\bletters?\b|\b(?i:option|candidate|item|choice)\s+[A-HJ-Z]\b|['\"][A-Z]['\"]")


def _join(values: Sequence[Any]) -> str:
    values = [str(v) for v in values]
    return values[0] if len(values) == 1 else ", ".join(values[:-1]) + " and " + values[-1]


def fact_phrase(c: Candidate) -> str:
    """The item's own facts as a phrase: "Horror and Sci-Fi from 1979", "red t-shirt by Acme at $25"."""
    m = c.metadata
    lists = [v for key in FACT_KEYS if isinstance(v := m.get(key), list) and v]
    words = [str(m["color"])] if isinstance(m.get("color"), str) else []
    words += [_join(values) for values in lists]
    if isinstance(m.get("category"), str):
        words.append(str(m["category"]))
    if isinstance(m.get("brand"), str):
        words.append(f"by {m['brand']}")
    if isinstance(m.get("year"), int | float):
        words.append(f"from {m['year']:g}")
    if isinstance(m.get("price"), int | float):
        words.append(f"at ${m['price']:,.2f}".replace(".00", ""))
    return " ".join(words)


def fallback_reason(c: Candidate) -> str:
    """A sentence from the item's own facts and the evidence that found it, when the model's is unusable:
    "Horror and Sci-Fi from 1979; people who liked Alien also liked it." Every word of it is true."""
    evidence = ""
    if c.because:
        evidence = f"people who liked {c.because} also liked it"
    elif (people := round(math.expm1(c.scores.get("popularity", 0.0)))) >= 20:
        evidence = f"chosen by {people:,} people"
    phrase = "; ".join(p for p in (fact_phrase(c), evidence) if p) or "it fits what you asked for"
    return phrase[0].upper() + phrase[1:] + "."


def specific(sentence: str, c: Candidate) -> bool:
    """Does the sentence name at least one of the item's own facts (a value, its year or decade, its
    category, the item it is liked with)? "It matches your request" names none."""
    text = f" {_words(sentence)} "
    values = [v for key in FACT_KEYS if (v := c.metadata.get(key)) not in (None, "", [])]
    flat = [x for v in values for x in (v if isinstance(v, list) else [v])] + ([c.because] if c.because else [])
    if any(_in_decade(c.metadata.get("year"), *d) for d in decades_named(sentence)):
        return True
    return any(f" {_words(str(v))} " in text for v in flat if _words(str(v)))


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def grounded(sentence: str, item: Candidate, shown: Sequence[Candidate], vocabulary: Sequence[str] = ()) -> bool:
    """Does the sentence keep to the item's facts? (`rejection` says why not.)"""
    return rejection(sentence, item, shown, vocabulary) is None


def decades_named(sentence: str) -> list[tuple[int | None, int]]:
    """The decades a sentence names, as (century or None, decade digit): "the 1990s" (19, 9), "90s" and
    "the nineties" (None, 9)."""
    found = [(int(c) if c else None, int(d)) for c, d in _DECADE.findall(sentence)]
    return found + [(None, _DECADE_WORDS[w]) for w in re.findall(r"[a-z]+", sentence.lower()) if w in _DECADE_WORDS]


def _in_decade(year: Any, century: int | None, digit: int) -> bool:
    if not isinstance(year, int | float):
        return False
    y = int(year)
    return (y // 10) % 10 == digit and (century is None or y // 100 == century)


def rejection(sentence: str, item: Candidate, shown: Sequence[Candidate], vocabulary: Sequence[str] = ()) -> str | None:
    """Why the sentence does not keep to the item's facts, or None. A year it names must be one of the
    item's ("wrong_year"), a decade ("the 90s") its year's ("wrong_decade"); it must not talk about the
    labels or the prompt ("label_talk", "prompt_talk"); "fans of X" / "people who liked X" must name the
    item it was found with (`because`: "wrong_evidence"); "from the 1995" is not English
    ("ungrammatical"); it must not name another shown item ("other_title"); a catalog value (a genre, a
    colour...: `vocabulary`, plus other shown items' list values) it names must be the item's own
    ("other_value"); a name it brings in (a capitalised word the item's facts lack: an actor, a place) is
    not allowed ("unknown_name"). Small models otherwise graft one film's facts onto another."""
    own = facts(item).lower()
    if reason := _wording(sentence, item, own):
        return reason
    text = f" {_words(sentence)} "
    mine = {str(v).lower() for vals in item.metadata.values() for v in (vals if isinstance(vals, list) else [vals])}
    for other in shown:
        if other.item_id == item.item_id:
            continue
        title = _words(other.title)
        if len(title) >= 5 and f" {title} " in text and title not in own:
            return "other_title"
    values = [*vocabulary, *(v for o in shown if o.item_id != item.item_id
                             for vals in o.metadata.values() if isinstance(vals, list) for v in vals)]
    for v in dict.fromkeys(map(str, values)):
        word = _words(v)
        if len(word) >= 3 and v.lower() not in mine and str(item.metadata.get("category", "")).lower() != v.lower() \
                and re.search(rf" {re.escape(word)}(?:s|es)? ", text):
            return "other_value"
    return "unknown_name" if _unknown_name(sentence, own) is not None else None


def repaired(sentence: str, item: Candidate) -> str:
    """A sentence whose closing clause credits fans of an item it was not found with ("A 1993 western,
    loved by fans of Tombstone." said of Tombstone) loses that clause: "A 1993 western." Small models copy
    the clause from the prompt's example onto every line."""
    m = _EVIDENCE_CLAUSE.search(sentence)
    if m and not (item.because and _words(m.group(1)).startswith(_words(item.because))):
        return sentence[:m.start()].rstrip() + "."
    return sentence


def _wording(sentence: str, item: Candidate, own: str) -> str | None:
    """The checks on the sentence's own wording: a sentence at all (three words or more: "nope", "Sure!" and
    "OK" explain nothing), its years and decades, label or prompt talk, evidence ("fans of X") the item was
    not found with, "from the 1995"."""
    if len(sentence.split()) < 3:
        return "too_short"
    if any(year not in own for year in _YEAR.findall(sentence)):
        return "wrong_year"
    if any(not _in_decade(item.metadata.get("year"), c, d) for c, d in decades_named(sentence)):
        return "wrong_decade"
    if _LABEL_TALK.search(sentence):
        return "label_talk"
    if _PROMPT_TALK.search(sentence):
        return "prompt_talk"
    if _BAD_YEAR.search(sentence):
        return "ungrammatical"
    because = _words(item.because or "")
    if any(not because or not _words(rest).startswith(because) for rest in _EVIDENCE.findall(sentence)):
        return "wrong_evidence"
    return None


def _unknown_name(sentence: str, own: str) -> str | None:
    """The first capitalised word inside a sentence (not its first word) that the item's facts do not
    contain: an actor, a director, a place, a title the model brought in ("starring Tom Hanks")."""
    known = set(_words(own).split())
    for part in re.split(r"(?<=[.!?;:])\s+", sentence):
        for word in re.findall(r"[A-Za-z][A-Za-z'-]*", part)[1:]:
            if word[0].isupper() and any(ch.islower() for ch in word) and not set(_words(word).split()) <= known:
                return word
    return None


def _whole_sentences(text: str) -> str:
    """A reply cut by the length limit ends mid-sentence: keep the complete sentences, if any."""
    text = text.strip()
    if text.endswith((".", "!", "?")) or len(text) < WHY_MAX_CHARS - 10:
        return text
    cut = max(text.rfind(". "), text.rfind("! "), text.rfind("? "))
    return text[:cut + 1] if cut > 0 else ""


_LINE = re.compile(r"^\s*[*#]*\s*(\d{1,2}|[A-Z])\s*\**\s*[:.)\-]\s*\**\s*(.+?)\s*$")


def explain_facts(c: Candidate) -> str:
    """What the explainer may say about an item: "Alien (1979, the 1970s); genres: Horror, Sci-Fi; people who
    liked Aliens also liked it". The decade is written out: a small model otherwise takes the request's
    ("a thriller, nothing older than 1980" -> "a thriller from the 1980s" about a 1991 film)."""
    m = c.metadata
    year, head = m.get("year"), c.title
    if isinstance(year, int | float):
        decade = f", the {int(year) // 10 * 10}s" if year >= 1000 else ""
        head = f"{c.title} ({year:g}{decade})"
    parts = [head]
    for key in FACT_KEYS[1:]:
        value = m.get(key)
        if value not in (None, "", []):
            parts.append(f"{key}: {', '.join(map(str, value)) if isinstance(value, list) else value}")
    if c.because:
        parts.append(f"people who liked {c.because} also liked it")
    return "; ".join(parts)


def explain(model: ChatModel, request: str, items: Sequence[Candidate], trace: RankTrace,
            vocabulary: Sequence[str] = (), on_token: Callable[[str], None] | None = None,
            on_explained: Callable[[str, str], None] | None = None,
            cancelled: Callable[[], bool] = lambda: False, cfg: RankerConfig | None = None) -> dict[str, str]:
    """item id -> one sentence. `ranker.explain_calls`: "one" streamed model call that writes a line per
    item ("1: …"), or "per_item" short calls sent together (the server batches them). Each sentence is
    checked as soon as it is complete (`on_explained(item_id, sentence)`); `on_token` sees the raw text
    as it arrives. A sentence that names facts the item lacks, or one that never came, is replaced by one
    built from the item's own facts. `cancelled()` true stops reading the model."""
    cfg = cfg or RankerConfig()
    out: dict[str, str] = {}
    why_not: dict[str, str] = {}       # item id -> why its sentence was not used

    def take(item: Candidate, raw: str, line: str) -> None:
        sentence = repaired(_whole_sentences(raw[:WHY_MAX_CHARS]), item)
        reason = rejection(sentence, item, items, vocabulary) if sentence else "cut_short"
        if reason is None:
            out[item.item_id] = sentence
            if on_explained:
                on_explained(item.item_id, sentence)
        else:
            why_not[item.item_id] = reason
            trace.explain_rejected += 1
            trace.reject(reason, line.strip())

    write = _explain_each if cfg.explain_calls == "per_item" else _explain_in_one
    failed = False
    try:
        write(model, request, items, trace, cfg.explain_words, take, lambda: out.keys() | why_not.keys(),
              on_token, cancelled)
    except LLMError:
        trace.explain_fallback = failed = True
    trace.explain_fallback = trace.explain_fallback or not out     # the model gave nothing usable
    for c in items:
        if c.item_id not in out and c.item_id not in why_not:   # no line for it: the call failed, or stopped
            trace.reject("model_error" if failed else "missing")
    return _with_fallbacks(items, out, trace, on_explained)


Take = Callable[[Candidate, str, str], None]


def _shots(prompt: dict[str, Any], key: str) -> list[dict[str, str]]:
    """The prompt's few-shot turns (user, assistant, ...) under `key`."""
    return [{"role": role, "content": turn[role].strip()}
            for turn in prompt.get(key, []) for role in ("user", "assistant")]


def _explain_in_one(model: ChatModel, request: str, items: Sequence[Candidate], trace: RankTrace, words: int,
                    take: Take, done: Callable[[], set[str]], on_token: Callable[[str], None] | None,
                    cancelled: Callable[[], bool]) -> None:
    """One streamed call: a numbered line per item, each taken as soon as it is complete."""
    prompt = load_prompt("ranker")
    numbered = {str(n): c for n, c in enumerate(items, 1)} | dict(zip(LABELS, items, strict=False))
    lines = "\n".join(f"{n}. {explain_facts(c)}" for n, c in enumerate(items, 1))
    messages = [{"role": "system", "content": prompt["explain_system"].strip()}, *_shots(prompt, "explain_examples"),
                {"role": "user", "content": prompt["explain_user"].format(
                    request=request, items=lines, count=len(items), words=words).strip()}]

    def line_of(line: str) -> None:
        m = _LINE.match(line)
        item = numbered.get(m.group(1)) if m else None
        if item is None or item.item_id in done():
            if line.strip():
                trace.explain_stray_lines += 1
            return
        take(item, m.group(2), line)

    trace.model_calls += 1
    pending = ""
    for piece in stream_text(model, messages, max_tokens=(2 * words + 8) * len(items) + 16):
        if on_token:
            on_token(piece)
        pending += piece
        *complete, pending = pending.split("\n")
        for line in complete:
            line_of(line)
        if cancelled() or len(done()) >= len(items):   # every item had its line
            return
    line_of(pending)


def _explain_each(model: ChatModel, request: str, items: Sequence[Candidate], trace: RankTrace, words: int,
                  take: Take, done: Callable[[], set[str]], on_token: Callable[[str], None] | None,
                  cancelled: Callable[[], bool]) -> None:
    """A short call per item, all sent at once (the server batches them); each sentence is taken as its call
    ends, in the order they end."""
    from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

    prompt = load_prompt("ranker")

    shots = _shots(prompt, "explain_one_examples")
    system = prompt["explain_one_system"].strip() + f" At most {words} words."

    def one(c: Candidate) -> str:
        messages = [{"role": "system", "content": system}, *shots,
                    {"role": "user", "content": prompt["explain_one_user"].format(
                        request=request, item=explain_facts(c)).strip()}]
        return model.chat(messages, max_tokens=2 * words + 8).text.strip().split("\n")[0]

    trace.model_calls += len(items)
    pool = ThreadPoolExecutor(max_workers=len(items))
    try:
        pending = {pool.submit(one, c): c for c in items}
        while pending and not cancelled():
            finished, _ = wait(pending, timeout=0.25, return_when=FIRST_COMPLETED)
            for future in finished:
                item = pending.pop(future)
                text = future.result()
                if on_token:
                    on_token(text + "\n")
                take(item, text, text)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def _with_fallbacks(items: Sequence[Candidate], out: dict[str, str], trace: RankTrace,
                    on_explained: Callable[[str, str], None] | None) -> dict[str, str]:
    for c in items:
        if c.item_id not in out:
            out[c.item_id] = fallback_reason(c)
            trace.explain_fallbacks += 1
            if on_explained:
                on_explained(c.item_id, out[c.item_id])
        trace.explained += 1
        trace.explain_specific += specific(out[c.item_id], c)
    return out


def rank(model: ChatModel, request: str, candidates: Sequence[Candidate], k: int, cfg: RankerConfig,
         history: Sequence[str] = (), explain_items: bool | None = None,
         vocabulary: Sequence[str] = (), scorer: ChatModel | None = None,
         store_llm_weight: float = 0.0, store_mmr: float = 0.9) -> tuple[list[Ranked], RankTrace]:
    """The top `k` of `candidates`, best first, each with its blended score (and explanation).
    `scorer` (default `model`) reads the label log-probabilities: a tuned adapter is trained for that
    one token, so explanations stay with the base `model`. The model's weight is `ranker.llm_weight`, and
    MMR's lambda `ranker.mmr_lambda`; when unset, the store's fitted `store_llm_weight` / `store_mmr`."""
    trace = RankTrace()
    unique = list({c.item_id: c for c in candidates}.values())
    weight = cfg.llm_weight if cfg.llm_weight is not None else store_llm_weight
    asks_model = bool(unique) and weight > 0   # no weight, no model call
    llm = llm_scores(scorer or model, request, history, unique, cfg.window, trace) if asks_model else {}
    blended = blend(unique, llm, weight) if unique else {}
    order = sorted(unique, key=lambda c: (-blended[c.item_id], unique.index(c)))
    shown = mmr(order, blended, k, cfg.mmr_lambda if cfg.mmr_lambda is not None else store_mmr)
    whys = explain(model, request, shown, trace, vocabulary, cfg=cfg) if shown and (cfg.explain if explain_items is None
                                                              else explain_items) else {}
    return [Ranked(c, round(blended[c.item_id], 6), llm.get(c.item_id), whys.get(c.item_id)) for c in shown], trace


def as_dict(r: Ranked) -> dict[str, Any]:
    scores = {**r.candidate.scores, **({"llm": round(r.llm, 4)} if r.llm is not None else {})}
    return {"item_id": r.candidate.item_id, "title": r.candidate.title, "score": r.score,
            "explanation": r.explanation, "metadata": r.candidate.metadata, "scores": scores,
            "because": r.candidate.because}
