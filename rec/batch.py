"""`rec batch`: many recommendation requests from a JSONL file, N at a time, crash-safe.

Input lines are `{"id", "user_id"?, "query"? | "messages"?, "k"?, "filters"?}`; with `--users`, a file
of user ids (one per line, or `{"user_id", "id"?, "k"?}` lines) asks for each user's top-K from their
history. The input is streamed, never loaded whole. Results are written **in input order**, and every
line carries its request's `id`: `{"id", "response_id", "items": [{"item_id", "score", "explanation"?}]}`
(a request for no list, e.g. a question about earlier items sent as `messages`, has empty `items` and its
`"answer"` text) or `{"id", "error"}` (a line with no usable id gets `"id": null` and its `"line"` number).

Crash safety: each result is one `write()` of a whole line to a file opened for appending. Killed at any
point (even SIGKILL), a re-run with `--resume` drops a torn last line, skips the ids already written and
appends the rest, so the output ends with every id exactly once. Errors that concern one line are
recorded and the run goes on; a model server or store that is down stops the run (resume it later).
"""

from __future__ import annotations

import json
import os
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from rec.errors import InputError, LLMUnavailableError, RecError, StoreError, validation_summary
from rec.schema import MAX_CONSTRAINTS, Constraint, Message, RecRequest, RecResponse

FATAL = (LLMUnavailableError, StoreError)   # a run stops on these (model server or store down): resume later


class BatchLine(BaseModel):
    """One request line of a batch input."""

    model_config = ConfigDict(extra="forbid")

    id: str | int = Field(union_mode="left_to_right")
    user_id: str | int | None = None
    query: str | None = None
    messages: list[Message] | None = None
    k: int = Field(10, ge=1, le=50)
    filters: list[Constraint] = Field(default_factory=list, max_length=MAX_CONSTRAINTS)

    def request(self) -> RecRequest:
        uid = None if self.user_id is None else str(self.user_id)
        return RecRequest(query=self.query, messages=self.messages, user_id=uid, k=self.k, filters=self.filters)


@dataclass
class Job:
    line: int
    id: str | None                 # the id as text (for duplicates and --resume)
    request: RecRequest | None = None
    error: str | None = None
    raw_id: str | int | None = None  # the id as the input wrote it (an integer stays an integer)
    text: str = ""                   # the line as read (a Parquet row as JSON)


@dataclass
class Summary:
    total: int = 0          # lines in the input
    skipped: int = 0        # already in the output (--resume)
    written: int = 0
    errors: int = 0
    output: str = ""
    config: str = ""
    order: str = "input order; every line carries its id"
    error_examples: list[str] = field(default_factory=list)


def read_jobs(path: Path, users: bool = False, k: int | None = None) -> Iterator[Job]:
    """Parse the input lazily; a bad line becomes a Job with its error, never an exception.
    A `.parquet` file is read row group by row group, each row as one JSON line (its row number is its line)."""
    first_line: dict[str, int] = {}
    for n, text in _input_lines(path):
        job = parse_line(n, text, users, k)
        if job.id is not None and job.id in first_line:
            job = Job(n, None, error=f"duplicate id {job.id!r} (first on line {first_line[job.id]})")
        elif job.id is not None:
            first_line[job.id] = n
        job.text = text
        yield job


def is_parquet(path: Path) -> bool:
    return path.suffix.lower() in (".parquet", ".pq")


def _input_lines(path: Path) -> Iterator[tuple[int, str]]:
    """(line number, text) of every non-blank line; a Parquet row becomes the JSON of its non-null columns."""
    if is_parquet(path):
        yield from _parquet_lines(path)
        return
    with path.open("rb") as f:
        for n, raw in enumerate(f, 1):
            text = raw.decode("utf-8", "replace").strip()
            if text:
                yield n, text


def _parquet_file(path: Path) -> Any:
    import pyarrow.parquet as pq

    try:
        return pq.ParquetFile(path)
    except Exception as e:   # pyarrow's errors have no common root (ArrowInvalid, OSError...)
        raise InputError(f"{path} is not a readable Parquet file: {str(e).splitlines()[0]}") from None


def _parquet_lines(path: Path) -> Iterator[tuple[int, str]]:
    n = 0
    for batch in _parquet_file(path).iter_batches(batch_size=1024):
        for row in batch.to_pylist():
            n += 1
            yield n, json.dumps({key: value for key, value in row.items() if value is not None}, default=str)


def parse_line(n: int, text: str, users: bool, k: int | None) -> Job:
    """Line `n` of an input as a Job (its request, or its error); no duplicate check (`read_jobs` does that)."""
    if users and not text.startswith("{"):
        return Job(n, text, RecRequest(user_id=text, k=k or 10))
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        return Job(n, None, error=f"not JSON: {e.msg} at column {e.colno}")
    if not isinstance(data, dict):
        return Job(n, None, error="a line must be a JSON object")
    if users:
        data = {"k": k or 10, **data, "id": data.get("id", data.get("user_id"))}
        if data.get("user_id") is None:
            return Job(n, None, error="a --users line needs a user_id")
    raw_id = data.get("id")
    rid = str(raw_id) if isinstance(raw_id, str | int) and not isinstance(raw_id, bool) and str(raw_id) else None
    if rid is None:
        return Job(n, None, error="missing or invalid id (a non-empty string or an integer)")
    try:
        return Job(n, rid, BatchLine.model_validate(data).request(), raw_id=raw_id)
    except ValidationError as e:
        return Job(n, rid, error=validation_summary(e), raw_id=raw_id)


def done_keys(out: Path) -> set[str]:
    """Ids (and `line:N` for id-less errors) already written; a torn last line is cut off."""
    keys: set[str] = set()
    if not out.exists():
        return keys
    good = 0
    with out.open("rb+") as f:
        for raw in f:
            if not raw.endswith(b"\n"):
                break                       # torn by a crash mid-write: rewritten on resume
            try:
                row = json.loads(raw)
            except json.JSONDecodeError:
                raise InputError(f"{out} is not a rec batch output (byte {good}); pick another --out") from None
            keys.add(str(row["id"]) if row.get("id") is not None else f"line:{row.get('line')}")
            good += len(raw)
        f.truncate(good)
    return keys


def result_line(job: Job, response: RecResponse | None, error: str | None) -> dict[str, Any]:
    out_id = job.raw_id if job.raw_id is not None else job.id
    if error is not None:
        return {"id": out_id, "error": error} if job.id is not None else {"id": None, "line": job.line,
                                                                          "error": error}
    assert response is not None
    line = {"id": out_id, "response_id": response.id,
            "items": [{"item_id": i.item_id, "score": i.score, **({"explanation": i.explanation}
                                                                  if i.explanation else {})}
                      for i in response.items]}
    return {**line, "answer": response.answer} if response.answer and not response.items else line


def count_lines(path: Path) -> int:
    """Non-blank lines (the progress bar's total), read in one streaming pass; a Parquet file's row count."""
    if is_parquet(path):
        return _parquet_file(path).metadata.num_rows
    with path.open("rb") as f:
        return sum(1 for line in f if line.strip())


@dataclass
class Output:
    """A run's output file, opened for appending whole lines, with what it already holds and the summary."""

    fd: int
    done: set[str]
    summary: Summary
    advance: Callable[[int], None]

    def write(self, text: str, error: str | None, line: int) -> None:
        """One result line (`text`: its JSON), counted; `error`: the line's error, if it has one."""
        if error is not None:
            self.summary.errors += 1
            if len(self.summary.error_examples) < 3:
                self.summary.error_examples.append(f"line {line}: {error}")
        data = (text + "\n").encode()
        while data:   # a short write (disk nearly full) must not leave half a line behind a whole one
            data = data[os.write(self.fd, data):]
        self.summary.written += 1
        self.advance(1)

    def close(self) -> None:
        os.fsync(self.fd)
        os.close(self.fd)


def open_output(cfg: Any, src: Path, out: Path, *, resume: bool,
                progress: Callable[[str, int], Callable[[int], None]] | None) -> Output:
    """Check the paths, read what `out` holds already (`resume`), write the config beside it and open it."""
    if not src.is_file():
        raise InputError(f"input file not found: {src}")
    if out.exists() and out.stat().st_size and not resume:
        raise InputError(f"{out} already has results; pass --resume to continue it, or choose another --out")
    out.parent.mkdir(parents=True, exist_ok=True)
    done = done_keys(out) if resume else set()
    summary = Summary(total=count_lines(src), output=str(out), config=str(write_config(cfg, out)))
    advance = progress("requests", max(summary.total - len(done), 0)) if progress else (lambda n: None)
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_APPEND | (0 if resume else os.O_TRUNC), 0o644)
    return Output(fd, done, summary, advance)


def job_key(job: Job) -> str:
    """What `done_keys` reads back for the job's line: its id, else `line:N`."""
    return job.id if job.id is not None else f"line:{job.line}"


def run_batch(rec: Any, src: Path, out: Path, *, users: bool = False, k: int | None = None, resume: bool = False,
              workers: int = 4, progress: Callable[[str, int], Callable[[int], None]] | None = None) -> Summary:
    """Run every request of `src` through `rec` (a Recommender), `workers` at a time, into `out`.
    `users`: `src` lists user ids (top-`k` each from their history)."""
    output = open_output(rec.cfg, src, out, resume=resume, progress=progress)
    window: deque[tuple[Job, Future | None]] = deque()   # submitted, not yet written (bounded)
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="rec-batch")
    try:
        for job in read_jobs(src, users, k):
            if job_key(job) in output.done:
                output.summary.skipped += 1
                continue
            future = pool.submit(rec.recommend, job.request, remember=False) if job.request else None
            window.append((job, future))
            while window and (len(window) > 2 * workers or _ready(window[0][1])):
                _write(output, *window.popleft())
        while window:
            _write(output, *window.popleft())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)   # on an error: drop what has not started
        output.close()
    return output.summary


def _ready(future: Future | None) -> bool:
    return future is None or future.done()


def _write(output: Output, job: Job, future: Future | None) -> None:
    response, error = None, job.error
    if future is not None:
        try:
            response = future.result()
        except FATAL:        # every later line would fail too: stop; --resume goes on
            raise
        except RecError as e:  # this line's problem (its input, the model's answer)
            error = str(e)
    output.write(json.dumps(result_line(job, response, error), ensure_ascii=False), error, job.line)


def write_config(cfg: Any, out: Path) -> Path:
    """The resolved config beside the output (DESIGN.md §7), so a result says how it was made."""
    path = out.with_name(out.name + ".config.yaml")
    tmp = path.with_suffix(".tmp")
    tmp.write_text(cfg.to_yaml(redact=True))
    os.replace(tmp, path)
    return path

