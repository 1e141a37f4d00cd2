"""Read and validate catalogs and interaction files (JSONL, CSV/TSV, Parquet).

Every row is validated with pydantic (`rec.schema.Item` / `Interaction`). A bad
row is reported with its file and line and skipped, or, with `strict`, fails the
whole read before anything is written anywhere. Keys of a catalog row that are
not top-level catalog fields are folded into `attributes`, so a flat CSV with a
`color` column and a JSONL with `{"attributes": {"color": ...}}` mean the same.
"""

from __future__ import annotations

import csv
import json
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from rec.errors import InputError, validation_summary
from rec.schema import ITEM_FIELDS, Interaction, Item

T = TypeVar("T", bound=BaseModel)
FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv", ".tsv": "tsv",
           ".parquet": "parquet", ".pq": "parquet"}


@dataclass
class RowError:
    file: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.reason}"


@dataclass
class ReadResult(Generic[T]):
    records: list[T] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    rows: int = 0

    def raise_if(self, strict: bool, what: str) -> None:
        if strict and self.errors:
            shown = "; ".join(str(e) for e in self.errors[:3])
            more = f" (and {len(self.errors) - 3} more)" if len(self.errors) > 3 else ""
            raise InputError(f"{len(self.errors)} bad {what} rows, nothing was written: {shown}{more}")


def _rows(path: Path) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """(line number, raw row) for each data row; a str row is an unparseable line (its reason)."""
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise InputError(f"{path}: unknown format {path.suffix!r}; use .jsonl, .csv, .tsv or .parquet")
    try:
        if kind == "jsonl":
            yield from _jsonl_rows(path)
        elif kind == "parquet":
            yield from _parquet_rows(path)
        else:
            yield from _csv_rows(path, "\t" if kind == "tsv" else ",")
    except UnicodeDecodeError as e:
        raise InputError(f"{path}: not UTF-8 text ({e.reason} at byte {e.start})") from None
    except OSError as e:
        raise InputError(f"{path}: {e.strerror or e}") from None


def _jsonl_rows(path: Path) -> Iterator[tuple[int, dict[str, Any] | str]]:
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line, parse_constant=_no_constant)
            except ValueError as e:  # JSONDecodeError, or NaN/Infinity refused
                if not isinstance(e, json.JSONDecodeError):
                    yield n, str(e)
                    continue
                yield n, f"not valid JSON ({e.msg} at column {e.colno})"
                continue
            yield n, row if isinstance(row, dict) else f"expected a JSON object, got {type(row).__name__}"


def _no_constant(name: str):
    raise ValueError(f"{name} is not a number JSON allows")


def _csv_rows(path: Path, delimiter: str) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """Rows of a CSV/TSV file. A byte-order mark (Excel's "CSV UTF-8") is dropped, or the first
    header would be "\ufeffid". Quotes are read strictly and a quoted cell that swallowed lines which
    look like rows is refused: an unterminated quote must not silently eat the rows after it."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh, delimiter=delimiter, strict=True)
        end = 1   # the last line of the previous row (the header)
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as e:   # the reader resets and goes on with the next line
                start, end = end + 1, reader.line_num
                yield start, f"unterminated or stray quote in the row starting here (lines {start}-{end}): {e}"
                continue
            end = reader.line_num   # a row's first line: its last minus the line breaks inside its cells
            start = end - sum(v.count("\n") for v in row.values() if isinstance(v, str))
            if None in row:
                yield start, f"{len(row[None]) + len(reader.fieldnames or [])} cells but the header has " \
                             f"{len(reader.fieldnames or [])}"
                continue
            swallowed = _swallowed_row(row, reader.fieldnames or [], delimiter) if end > start else None
            if swallowed is not None:
                yield start, (f"a quoted cell runs over lines {start}-{end} and holds what looks like a row "
                              f"({swallowed[:60]!r}): an unterminated quote?")
                continue
            yield start, {k: (v if k in TEXT_COLUMNS else _cell(v)) for k, v in row.items()
                          if k and v not in (None, "")}


def _swallowed_row(row: dict[str, Any], header: list[str], delimiter: str) -> str | None:
    """A line inside a multi-line cell that parses as a whole row (the header's number of cells, the
    first one filled), as rows after an unterminated quote do; None if there is none."""
    for value in row.values():
        if not isinstance(value, str) or "\n" not in value:
            continue
        for line in value.splitlines()[1:]:
            cells = next(csv.reader([line], delimiter=delimiter), [])
            if len(cells) == len(header) > 1 and cells[0].strip():
                return line
    return None


TEXT_COLUMNS = ("id", "title", "text", "category", "image", "caption")


_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?(0|[1-9][0-9]*)?\.[0-9]+([eE][-+]?[0-9]+)?|[-+]?(0|[1-9][0-9]*)[eE][-+]?[0-9]+")


def _cell(text: str) -> Any:
    """A CSV cell is text unless it is plainly a number ("42", "19.90", not "007", "nan" or "1,5")
    or a JSON array/object."""
    raw = text.strip()
    if raw[:1] in "[{":
        try:
            return json.loads(raw, parse_constant=_no_constant)
        except ValueError:
            return text
    if _INT.fullmatch(raw):
        return int(raw)
    if _FLOAT.fullmatch(raw) and math.isfinite(float(raw)):
        return float(raw)
    return text


def _parquet_rows(path: Path) -> Iterator[tuple[int, dict[str, Any] | str]]:
    import pyarrow.parquet as pq

    try:
        table = pq.ParquetFile(path)
    except (ValueError, OSError) as e:  # pyarrow's ArrowInvalid / ArrowIOError
        raise InputError(f"{path}: not a readable Parquet file ({type(e).__name__})") from None
    n = 0
    for batch in table.iter_batches(batch_size=4096):
        for row in batch.to_pylist():
            n += 1
            yield n, {k: v for k, v in row.items() if v is not None}


def _as_item(row: dict[str, Any]) -> Item:
    attrs = row.get("attributes", {})
    if not isinstance(attrs, dict):
        raise ValueError("attributes must be an object")
    extra = {k: v for k, v in row.items() if k not in ITEM_FIELDS}
    body = {k: v for k, v in row.items() if k in ITEM_FIELDS}
    body["attributes"] = {**attrs, **extra}
    return Item.model_validate(body)


def _read(path: Path, build: Callable[[dict[str, Any]], T], key: Callable[[T], str] | None) -> ReadResult[T]:
    out: ReadResult[T] = ReadResult()
    seen: dict[str, int] = {}
    for line, row in _rows(path):
        out.rows += 1
        if isinstance(row, str):
            out.errors.append(RowError(path.name, line, row))
            continue
        try:
            record = build(row)
        except ValidationError as e:
            out.errors.append(RowError(path.name, line, validation_summary(e, 3, "row")))
            continue
        except ValueError as e:
            out.errors.append(RowError(path.name, line, str(e)))
            continue
        if key is not None:
            k = key(record)
            if k in seen:
                out.errors.append(RowError(path.name, line, f"duplicate id {k!r} (first at line {seen[k]})"))
                continue
            seen[k] = line
        out.records.append(record)
    return out


def read_catalog(path: Path, *, strict: bool = False) -> ReadResult[Item]:
    """Validated items of a catalog file; duplicate ids after the first are errors."""
    result = _read(Path(path), _as_item, key=lambda item: item.id)
    result.raise_if(strict, "catalog")
    return result


def read_interactions(path: Path, *, strict: bool = False, known_items: set[str] | None = None
                      ) -> ReadResult[Interaction]:
    """Validated interactions; with `known_items`, rows naming other items are errors."""
    def build(row: dict[str, Any]) -> Interaction:
        record = Interaction.model_validate(row)
        if known_items is not None and record.item_id not in known_items:
            raise ValueError(f"unknown item {record.item_id!r} (not in the catalog)")
        return record

    result = _read(Path(path), build, key=None)
    result.raise_if(strict, "interaction")
    return result
