"""The typed records that cross module boundaries (DESIGN.md §3).

Only what has landed is here; later parts (items, candidates, responses,
feedback events) add their records to this module.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Scalar = str | int | float | bool


class Constraint(BaseModel):
    """A hard constraint over a catalog metadata field, e.g. year gte 1990."""

    model_config = ConfigDict(extra="forbid")

    field: str = Field(description="a metadata field of the catalog, e.g. genres, year, price")
    op: Literal["eq", "ne", "gt", "gte", "lt", "lte", "in", "nin", "contains"]
    value: Scalar | list[Scalar]


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
