"""The typed records that cross module boundaries (DESIGN.md §3).

Later parts (responses, feedback events) add their records to this module.
"""

from __future__ import annotations

import math
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Scalar = str | int | float | bool
AttrValue = Scalar | list[Scalar]
# Top-level catalog fields; any other key of a catalog row is an attribute.
ITEM_FIELDS = ("id", "title", "text", "category", "attributes", "price", "image", "caption")
EVENTS = ("view", "click", "purchase", "like", "dislike", "rating")
RESERVED_METADATA = ("item_id", "kind")  # the store's own keys on every document

# Bounds on filters, generous for real use but far from what breaks the store. Chroma turns a filter
# into one SQLite expression: a list field's `in` becomes an OR of one `$contains` per value, and
# SQLite refuses an expression tree deeper than 1,000 (1,000 values: a 503), while ~10,000 overflow
# the stack of Chroma's Rust bindings (SIGSEGV: the server dies). 256 values per list is more than any
# shop's size or color facet; 32 constraints is more than a person states in one request (the API
# allowed 32 already); together they stay below depth 300, which Chroma answers in milliseconds.
MAX_FILTER_VALUES = 256
MAX_CONSTRAINTS = 32
MAX_WHERE_DEPTH = 8     # `--where` nesting of $and/$or: real filters use 2 or 3 levels


# Bounds on a catalog row. Every field ends up in Chroma's metadata, the lexical index and, for the
# categorical ones, in every planner prompt (the manifest lists their values): a list attribute with
# 8,000 values broke Chroma's compaction for good, and a 40 KB category pushed every prompt past the
# model's context. The limits are far above real catalogs (titles of a few words, descriptions of a
# few paragraphs, facets of a few dozen values) and far below what hurts.
MAX_TITLE_CHARS = 512
MAX_TEXT_CHARS = 20_000        # a long product description or plot summary
MAX_CATEGORY_CHARS = 128
MAX_ATTRIBUTES = 64
MAX_ATTRIBUTE_NAME_CHARS = 64
MAX_ATTRIBUTE_CHARS = 256      # one string value of an attribute
MAX_ATTRIBUTE_VALUES = 64      # values of a list attribute (sizes, genres, tags)
MAX_REF_CHARS = 2048           # an image path or URL


def check_unicode(v: Any) -> Any:
    """Raise ValueError for text that is not valid Unicode (a lone surrogate, as JSON's "\\ud800"
    decodes to). Pydantic refuses it in a `str` field but lets it through a union with `str`
    (`str | list`, Scalar), and it fails later, where it cannot be reported: when the text is encoded
    for SQLite, Chroma, a log or the response."""
    for text in (v if isinstance(v, list) else [v]):
        if isinstance(text, str):
            try:
                text.encode("utf-8")
            except UnicodeEncodeError as e:
                raise ValueError(f"is not valid Unicode text (a lone surrogate at character {e.start})") from None
    return v


def _finite(v: float | None) -> float | None:
    if v is not None and not math.isfinite(v):
        raise ValueError("must be a finite number")
    return v


class Item(BaseModel):
    """One catalog line: `{"id", "title", "text"?, "category"?, "attributes"?, "price"?, "image"?, "caption"?}`."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=512)
    title: str = Field(min_length=1, max_length=MAX_TITLE_CHARS)
    text: str | None = Field(None, max_length=MAX_TEXT_CHARS)
    category: str | None = Field(None, max_length=MAX_CATEGORY_CHARS)
    attributes: dict[str, AttrValue] = Field(default_factory=dict)
    price: float | None = Field(None, ge=0)
    image: str | None = Field(None, max_length=MAX_REF_CHARS)
    caption: str | None = Field(None, max_length=MAX_TEXT_CHARS)

    @field_validator("id", mode="before")
    @classmethod
    def _id_as_text(cls, v: Any) -> Any:
        return str(v) if isinstance(v, int) and not isinstance(v, bool) else v

    @field_validator("id", "title")
    @classmethod
    def _stripped(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("must not be blank")
        return v.strip()

    @field_validator("price")
    @classmethod
    def _finite_price(cls, v: float | None) -> float | None:
        return _finite(v)

    @field_validator("attributes")
    @classmethod
    def _attributes(cls, attrs: dict[str, AttrValue]) -> dict[str, AttrValue]:
        if len(attrs) > MAX_ATTRIBUTES:
            raise ValueError(f"{len(attrs)} attributes; at most {MAX_ATTRIBUTES}")
        for key, val in attrs.items():
            if len(key) > MAX_ATTRIBUTE_NAME_CHARS:
                raise ValueError(f"attribute name {key[:20]!r}... is over {MAX_ATTRIBUTE_NAME_CHARS} characters")
            if key in ITEM_FIELDS or key in RESERVED_METADATA or not key or key.startswith(("_", "#", "$")):
                raise ValueError(f"attribute name {key!r} is reserved")
            if isinstance(val, list) and len(val) > MAX_ATTRIBUTE_VALUES:
                raise ValueError(f"attribute {key!r}: {len(val)} values; at most {MAX_ATTRIBUTE_VALUES}")
            values = val if isinstance(val, list) else [val]
            try:
                check_unicode(values)
            except ValueError as e:
                raise ValueError(f"attribute {key!r} {e}") from None
            if any(isinstance(x, str) and len(x) > MAX_ATTRIBUTE_CHARS for x in values):
                raise ValueError(f"attribute {key!r}: a value is longer than {MAX_ATTRIBUTE_CHARS} characters")
            if isinstance(val, list) and len({type(x) for x in val}) > 1:
                raise ValueError(f"attribute {key!r}: list values must all have one type")
            if any(isinstance(x, float) and not math.isfinite(x) for x in values):
                raise ValueError(f"attribute {key!r}: numbers must be finite")  # NaN breaks Chroma for good
        return attrs


def is_positive(event: str, value: float | None) -> bool:
    """click, purchase, like, or a rating of 4 or more (on a 5-point scale)."""
    return (value or 0) >= 4 if event == "rating" else event in ("click", "purchase", "like")


class _Engagement(BaseModel):
    """What a user did with an item: the event, its value, and their checks (shared by imported
    interactions and feedback on a response)."""

    model_config = ConfigDict(extra="forbid")

    item_id: str = Field(min_length=1)
    event: Literal["view", "click", "purchase", "like", "dislike", "rating"]
    value: float | None = None

    @field_validator("value")
    @classmethod
    def _finite_value(cls, v: float | None) -> float | None:
        return _finite(v)

    @property
    def positive(self) -> bool:
        """Engagement that says "I liked this" (ratings of 4 or more on a 5-point scale)."""
        return is_positive(self.event, self.value)

    @model_validator(mode="after")
    def _rating_has_value(self) -> _Engagement:
        if self.event == "rating" and self.value is None:
            raise ValueError("a rating needs a value")
        return self


class Interaction(_Engagement):
    """One interaction line: `{"user_id", "item_id", "event", "value"?, "ts"?}`."""

    user_id: str = Field(min_length=1)
    ts: float | None = None

    @field_validator("user_id", "item_id", mode="before")
    @classmethod
    def _ids_as_text(cls, v: Any) -> Any:
        return str(v) if isinstance(v, int) and not isinstance(v, bool) else v

    @field_validator("ts")
    @classmethod
    def _finite_ts(cls, v: float | None) -> float | None:
        return _finite(v)


class Candidate(BaseModel):
    """An item the retriever proposes, with the score of each source that found it."""

    item_id: str
    title: str
    score: float                      # the fused score (reciprocal-rank fusion)
    scores: dict[str, float] = Field(default_factory=dict)   # per source: dense, caption, lexical, collaborative
    ranks: dict[str, int] = Field(default_factory=dict)      # 1-based rank within each source
    metadata: dict[str, AttrValue] = Field(default_factory=dict)
    because: str | None = None        # title of the named or earlier item it is most co-engaged with


class Constraint(BaseModel):
    """A hard constraint over a catalog metadata field, e.g. year gte 1990."""

    model_config = ConfigDict(extra="forbid")

    field: str = Field(description="a metadata field of the catalog, e.g. genres, year, price")
    op: Literal["eq", "ne", "gt", "gte", "lt", "lte", "in", "nin", "contains"]
    value: Scalar | list[Scalar]

    @field_validator("value")
    @classmethod
    def _bounded(cls, v: Scalar | list[Scalar]) -> Scalar | list[Scalar]:
        if isinstance(v, list) and len(v) > MAX_FILTER_VALUES:
            raise ValueError(f"at most {MAX_FILTER_VALUES} values, got {len(v)}")
        return check_unicode(v)


class Plan(BaseModel):
    """What the planner understood: the contract between planner and retriever."""

    model_config = ConfigDict(extra="forbid")

    intent: Literal["recommend", "refine", "more_like", "explain", "chit_chat"] = "recommend"
    query: str = Field(description="short text to search the catalog with")
    hard_constraints: list[Constraint] = Field(default_factory=list)
    soft_preferences: list[str] = Field(default_factory=list)
    reference_items: list[str] = Field(default_factory=list, description="titles the user refers to")
    exclusions: list[str] = Field(default_factory=list, description="titles or traits the user rules out")
    k: int = Field(10, ge=1, le=50)

    def compact(self) -> str:
        """The plan as the model reads and writes it: JSON without the fields at their defaults (empty lists,
        intent recommend, k 10): a quarter fewer tokens on the phrasing suites' plans (63 -> 48)."""
        return self.model_dump_json(exclude_defaults=True)


class Message(BaseModel):
    """One turn of a conversation as the agents read it."""

    model_config = ConfigDict(extra="forbid")

    role: Literal["user", "assistant", "system"]
    content: str = Field(max_length=16_000)


class RecRequest(BaseModel):
    """One recommendation turn: a query or a conversation, for a user, in a thread. A user alone
    (no words) asks "what next?" from their history: the classic offline top-K."""

    model_config = ConfigDict(extra="forbid")

    query: str | None = Field(None, max_length=16_000)
    messages: list[Message] | None = Field(None, max_length=256)
    user_id: str | None = None
    k: int = Field(10, ge=1, le=50)
    thread_id: str | None = None    # conversation memory (follow-ups refine the previous plan)
    filters: list[Constraint] = Field(default_factory=list, max_length=MAX_CONSTRAINTS)   # from the caller

    @model_validator(mode="after")
    def _has_input(self) -> RecRequest:
        if not self.has_words and not self.user_id:
            raise ValueError("give a query, a user message with text, or a user_id (top-K from their history)")
        return self

    @property
    def has_words(self) -> bool:
        """Does the user say anything? (Without words the request is history-only.)"""
        return bool((self.query or "").strip()) or any(m.role == "user" and m.content.strip()
                                                       for m in self.messages or [])

    def conversation(self) -> list[dict[str, str]]:
        """The turns to add to the thread: the messages, or the query as one user message."""
        if self.messages:
            return [m.model_dump() for m in self.messages]
        return [{"role": "user", "content": self.query}] if (self.query or "").strip() else []


class RecItem(BaseModel):
    item_id: str
    title: str
    score: float
    label: str | None = None     # the title as a list shows it: with what tells it from a same-title item
    explanation: str | None = None
    metadata: dict[str, AttrValue] = Field(default_factory=dict)
    scores: dict[str, float] = Field(default_factory=dict)   # the evidence: llm lift and per-source retrieval scores


class RecResponse(BaseModel):
    """`rec recommend --json` prints this (DESIGN.md §3)."""

    id: str
    plan: Plan
    items: list[RecItem]
    note: str | None = None          # e.g. which constraint left nothing
    answer: str | None = None        # the turn's words when it is no list: about shown items, a reply, a question back
    intent: str = "recommend"        # recommend | explain | chit_chat | clarify
    thread_id: str | None = None     # pass it back to continue the conversation
    trace: list[dict[str, Any]] = Field(default_factory=list)


class FeedbackEvent(_Engagement):
    """What a user did with an item a response showed: `{response_id, item_id, event, value?}`."""

    response_id: str = Field(min_length=1)
