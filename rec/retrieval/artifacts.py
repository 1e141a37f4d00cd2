"""Where a store's artifacts live: the manifest, the lexical index, the behaviour models, the blend.

Every reader loads them from the store's directory (REC_HOME/stores/NAME), by the file names below.

- Embedded (the default), `LocalArtifacts`: that directory *is* where they live, exactly as before;
  the version is the manifest file's identity (it is replaced, never edited, by each write).
- Several hosts (`retrieval.url` a Chroma server and `feedback.url` PostgreSQL), `PostgresArtifacts`:
  PostgreSQL holds them (table `rec_artifacts`, one row per file keyed by store and path, with its
  sha256, the store version that wrote it and updated_at; `rec_artifact_versions` holds each store's
  version, bumped by every publish). The directory becomes each host's cache: `pull` brings it to the
  shared version before the store is (re)opened, downloading only files whose hash changed; a writer
  saves files locally as before and `publish`es them with the manifest in one transaction, so a reader
  never sees a new manifest without the files it describes. The manifest itself is read from the
  database, so "is the store being written?" is answered for every host at once.

PostgreSQL rather than Chroma or an object store: feedback.url is already a PostgreSQL every host
reaches, a transaction publishes several files atomically with their version (Chroma has no blobs nor
transactions; an object store is one more service and has no multi-object atomicity), and a version
check is one indexed row read.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Hashable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from pathlib import Path
from typing import Any, Protocol

from rec.config import RecConfig, redact_url
from rec.errors import StoreError, first_line

MANIFEST = "store.json"
# Every file (or folder) the readers load from a store directory; `pull` removes those the shared store
# no longer has. (captions.sqlite is a cache of captions by image hash: each host keeps its own.)
ARTIFACTS = (MANIFEST, "lexical", "collaborative.json", "collaborative.npz", "popularity.json", "ease.json",
             "ease.npy", "sequential.pt", "blend.json", "interactions.jsonl")
RECORD = ".shared.json"   # what this host last pulled: {"version": N, "files": {path: sha256}}

SCHEMA = [
    "CREATE TABLE IF NOT EXISTS rec_artifact_versions (store TEXT PRIMARY KEY, version BIGINT NOT NULL, "
    "updated_at TIMESTAMPTZ NOT NULL DEFAULT now())",
    "CREATE TABLE IF NOT EXISTS rec_artifacts (store TEXT NOT NULL, name TEXT NOT NULL, data BYTEA NOT NULL, "
    "sha256 TEXT NOT NULL, version BIGINT NOT NULL, updated_at TIMESTAMPTZ NOT NULL DEFAULT now(), "
    "PRIMARY KEY (store, name))",
]


class ArtifactStore(Protocol):
    shared: bool        # True: other hosts read the same artifacts (publish/pull do something)
    location: str

    def version(self) -> Hashable | None: ...                 # cheap; changes with every write
    def read(self, name: str) -> bytes | None: ...            # one artifact as it is now (None: absent)
    def publish(self, names: Iterable[str]) -> None: ...      # local files (folders) -> where hosts read
    def pull(self) -> None: ...                               # the local directory brought up to date
    def writing(self) -> AbstractContextManager[None]: ...    # one writer of the store at a time
    def stores(self) -> dict[str, int]: ...                   # store name -> its manifest's item count
    def close(self) -> None: ...


def is_shared(cfg: RecConfig) -> bool:
    """Several hosts serve a store when its vectors and its feedback are both in shared services."""
    from rec.postgres import is_postgres

    return bool(cfg.retrieval.url) and is_postgres(cfg.feedback.url)


def open_artifacts(cfg: RecConfig) -> ArtifactStore:
    if is_shared(cfg):
        assert cfg.feedback.url is not None
        return PostgresArtifacts(cfg.feedback.url, cfg.store, cfg.store_dir, check_s=cfg.retrieval.shared_check_s)
    return LocalArtifacts(cfg.store_dir)


def manifest_count(data: bytes | None) -> int:
    try:
        return int(json.loads(data or b"{}").get("items") or 0)
    except (ValueError, TypeError, AttributeError):
        return 0


def write_lock(store_dir: Path) -> AbstractContextManager[None]:
    """Exclusive writer lock; a second writer fails at once instead of corrupting the store."""
    from rec.locks import held_alone

    path = store_dir / "write.lock"
    return held_alone(path, lambda: StoreError(f"store {store_dir.name!r} is being written by another process "
                                               f"(lock {path}); try again when it has finished"))


class LocalArtifacts:
    """The store directory itself (embedded default, or one host)."""

    shared = False

    def __init__(self, store_dir: Path):
        self.dir = store_dir
        self.location = str(store_dir)

    def version(self) -> tuple[int, int, int] | None:
        try:
            st = (self.dir / MANIFEST).stat()
        except OSError:
            return None
        return st.st_ino, st.st_mtime_ns, st.st_size

    def read(self, name: str) -> bytes | None:
        try:
            return (self.dir / name).read_bytes()
        except OSError:
            return None

    def publish(self, names: Iterable[str]) -> None:
        return None

    def pull(self) -> None:
        return None

    def writing(self) -> AbstractContextManager[None]:
        return write_lock(self.dir)

    def stores(self) -> dict[str, int]:
        root = self.dir.parent
        return {d.name: manifest_count(LocalArtifacts(d).read(MANIFEST)) for d in root.iterdir() if d.is_dir()} \
            if root.is_dir() else {}

    def close(self) -> None:
        return None


class PostgresArtifacts:
    """A store's artifacts in PostgreSQL, cached in the store directory of each host (see the module)."""

    shared = True

    def __init__(self, url: str, store: str, store_dir: Path, *, check_s: float = 1.0):
        from rec.postgres import open_pool

        self.store, self.dir, self.check_s = store, store_dir, check_s
        self.location = f"{redact_url(url)} (rec_artifacts, store {store!r})"
        self._pool = open_pool(url, "artifact database", max_size=3)
        self._seen: tuple[Hashable | None, float] | None = None
        with self._tx() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(7317)")   # two hosts starting at once create them once
            for statement in SCHEMA:
                cur.execute(statement)

    @contextmanager
    def _tx(self, what: str = "read the store's artifacts") -> Iterator[Any]:
        import psycopg

        from rec.postgres import connection

        with connection(self._pool, f"artifact database {self.location}") as conn:
            try:
                with conn.transaction(), conn.cursor() as cur:
                    yield cur
            except psycopg.Error as e:
                raise StoreError(f"failed to {what} ({self.location}): {first_line(e)}") from e

    def version(self) -> Hashable | None:
        """The store's version, asked of the database at most once per `check_s` seconds."""
        now = time.monotonic()
        if self._seen is not None and now - self._seen[1] < self.check_s:
            return self._seen[0]
        with self._tx() as cur:
            cur.execute("SELECT version FROM rec_artifact_versions WHERE store = %s", (self.store,))
            row = cur.fetchone()
        self._seen = (row[0] if row else None, now)
        return self._seen[0]

    def read(self, name: str) -> bytes | None:
        with self._tx() as cur:
            cur.execute("SELECT data FROM rec_artifacts WHERE store = %s AND name = %s", (self.store, name))
            row = cur.fetchone()
        return bytes(row[0]) if row else None

    def stores(self) -> dict[str, int]:
        with self._tx() as cur:
            cur.execute("SELECT store, data FROM rec_artifacts WHERE name = %s", (MANIFEST,))
            return {store: manifest_count(bytes(data)) for store, data in cur.fetchall()}

    def _local_files(self, names: Iterable[str]) -> tuple[dict[str, bytes | None], list[str]]:
        """path -> bytes (None: gone) for `names`, folders expanded; and the folders."""
        files: dict[str, bytes | None] = {}
        folders = []
        for name in names:
            path = self.dir / name
            if path.is_dir():
                folders.append(name)
                files.update({f.relative_to(self.dir).as_posix(): f.read_bytes() for f in sorted(path.rglob("*"))
                              if f.is_file() and not f.name.startswith(".")})
            else:
                files[name] = path.read_bytes() if path.is_file() else None
        return files, folders

    def publish(self, names: Iterable[str]) -> None:
        """Write `names` (files or folders under the store directory; a missing one is deleted) and bump the
        store's version, in one transaction."""
        files, folders = self._local_files(names)
        digests = {name: hashlib.sha256(data).hexdigest() for name, data in files.items() if data is not None}
        with self._tx("publish the store's artifacts") as cur:
            cur.execute("INSERT INTO rec_artifact_versions (store, version) VALUES (%s, 1) ON CONFLICT (store) DO "
                        "UPDATE SET version = rec_artifact_versions.version + 1, updated_at = now() RETURNING version",
                        (self.store,))
            version = cur.fetchone()[0]
            for folder in folders:   # files of an earlier version of a folder that this one no longer has
                cur.execute("DELETE FROM rec_artifacts WHERE store = %s AND starts_with(name, %s) "
                            "AND NOT (name = ANY(%s))", (self.store, f"{folder}/", list(files)))
            for name, data in files.items():
                if data is None:
                    cur.execute("DELETE FROM rec_artifacts WHERE store = %s AND name = %s", (self.store, name))
                    continue
                cur.execute("INSERT INTO rec_artifacts (store, name, data, sha256, version) "
                            "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (store, name) DO UPDATE SET data = "
                            "EXCLUDED.data, sha256 = EXCLUDED.sha256, version = EXCLUDED.version, updated_at = now()",
                            (self.store, name, data, digests[name], version))
        self._seen = None
        kept = {n: d for n, d in self._record()["files"].items()
                if n not in files and not any(n.startswith(f"{f}/") for f in folders)}
        self._save_record({"files": {**kept, **digests}})   # this host has them: its next pull downloads none

    def pull(self) -> None:
        """Bring the local directory to the shared version: changed files downloaded (whole, then renamed
        into place), files the store no longer has removed. One host's processes pull one at a time."""
        from filelock import FileLock

        self.dir.mkdir(parents=True, exist_ok=True)
        with FileLock(str(self.dir / ".shared.lock")):
            record = self._record()
            with self._tx() as cur:
                cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")   # one consistent version
                cur.execute("SELECT name, sha256 FROM rec_artifacts WHERE store = %s", (self.store,))
                remote = dict(cur.fetchall())
                wanted = [n for n, sha in remote.items()
                          if record["files"].get(n) != sha or not (self.dir / n).is_file()]
                cur.execute("SELECT name, data FROM rec_artifacts WHERE store = %s AND name = ANY(%s)",
                            (self.store, wanted))
                fetched = {name: bytes(data) for name, data in cur.fetchall()}
            for name, data in fetched.items():
                _write_atomic(self.dir / name, data)
            for name in self._stale(remote):
                _remove(self.dir / name)
            self._save_record({"files": remote})

    def _stale(self, remote: dict[str, str]) -> list[str]:
        """Local artifact files the shared store does not have (left by an earlier version or host)."""
        out = []
        for name in ARTIFACTS:
            path = self.dir / name
            found = [f.relative_to(self.dir).as_posix() for f in path.rglob("*") if f.is_file()] \
                if path.is_dir() else [name] if path.is_file() else []
            out += [f for f in found if f not in remote]
        return out

    def writing(self) -> AbstractContextManager[None]:
        return self._writing()

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """This host's file lock and a PostgreSQL advisory lock every host sees, for the whole write."""
        from rec.postgres import connection

        with write_lock(self.dir), connection(self._pool, f"artifact database {self.location}") as conn:
            conn.autocommit = True
            key = int.from_bytes(hashlib.sha256(f"rec-store:{self.store}".encode()).digest()[:8], "big", signed=True)
            if not conn.execute("SELECT pg_try_advisory_lock(%s)", (key,)).fetchone()[0]:
                raise StoreError(f"store {self.store!r} is being written by another host; "
                                 "try again when it has finished")
            try:
                yield
            finally:
                with suppress(Exception):   # the server went away: its session, and the lock with it, are gone
                    conn.execute("SELECT pg_advisory_unlock(%s)", (key,))
                    conn.autocommit = False

    def _record(self) -> dict[str, Any]:
        try:
            record = json.loads((self.dir / RECORD).read_text())
            return record if isinstance(record.get("files"), dict) else {"files": {}}
        except (OSError, ValueError, AttributeError):
            return {"files": {}}

    def _save_record(self, record: dict[str, Any]) -> None:
        _write_atomic(self.dir / RECORD, json.dumps(record, sort_keys=True).encode())

    def close(self) -> None:
        self._pool.close()


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def _remove(path: Path) -> None:
    with suppress(OSError):
        path.unlink()

