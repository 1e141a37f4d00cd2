"""Versioned LoRA adapters under REC_HOME/adapters/, and loading them into the running vLLM server.

Layout: `adapters/registry.json` (every version: its store and role, status, metrics, times) and one PEFT
directory per version (`adapters/<store>/<role>/v0001/`). Adapters are kept per store and role: a
`Registry(home, store, role)` sees the versions of that store's `ranker` or `planner`, and production is
at most one version per (store, role). Version names are unique over the whole registry, so one vLLM
server serves every store's adapters at once (multi-LoRA) under distinct names. Statuses: `candidate`
(trained, not yet judged), `production`, `retired` (was production), `rejected` (lost the gate). Writes hold
a file lock and replace the json atomically, so a crash never leaves a half-written registry.

Older registries (one ranker for every store, `adapters/v0001/`) are read as ranker versions of the store
their run record names (else of every store, `*`) and rewritten so on the next write; their directories
stay where they are.

Promotion loads the adapter into the running vLLM server (`POST /v1/load_lora_adapter`, no restart)
under the name `rec-<version>`; the ranker reads the production version from here on every turn (a
cached file stat), so it switches without a restart; `rec llm serve` passes the production adapter
(`production_adapters`) to the server it starts. The API lists each promoted version as `rec:<version>`.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rec.errors import InputError, ServerError
from rec.llm.lora import load_adapter

STATUSES = ("candidate", "production", "retired", "rejected")
ROLES = ("ranker", "planner")
ANY_STORE = "*"   # a version from before adapters were kept per store: it serves any store
BASE = "base"   # ask for the base model by this name, whatever is in production


def served_adapter_name(version: str) -> str:
    return f"rec-{version}"


def _migrate(doc: dict[str, Any]) -> dict[str, Any]:
    """Give versions from before per-store roles their role (ranker) and store (their run's, else any)."""
    stores = {r["version"]: r["store"] for r in doc.get("runs", []) if r.get("version") and r.get("store")}
    for v in doc.get("versions", []):
        v.setdefault("role", "ranker")
        v.setdefault("store", stores.get(v["version"], ANY_STORE))
    for r in doc.get("runs", []):
        r.setdefault("role", "ranker")
    return doc


class Registry:
    """The adapters of one store and role (`store` None: every store's, for status and start-up)."""

    def __init__(self, home: Path, store: str | None = None, role: str = "ranker"):
        if role not in ROLES:
            raise InputError(f"no adapter role {role!r}: one of {', '.join(ROLES)}")
        self.dir = Path(home) / "adapters"
        self.path = self.dir / "registry.json"
        self.store, self.role = store, role
        self._cache: tuple[tuple[int, int, int], dict[str, Any]] | None = None

    def mine(self, v: dict[str, Any]) -> bool:
        """Is version entry `v` one of this registry's store and role?"""
        return v.get("role", "ranker") == self.role and (
            self.store is None or v.get("store", ANY_STORE) in (self.store, ANY_STORE))

    # --- reading -------------------------------------------------------------------------------
    def read(self) -> dict[str, Any]:
        """The registry document (cached until the file changes)."""
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return {"versions": [], "runs": []}
        stamp = (st.st_ino, st.st_mtime_ns, st.st_size)   # os.replace gives a new inode on every write
        if self._cache is None or self._cache[0] != stamp:
            self._cache = (stamp, _migrate(json.loads(self.path.read_text())))
        return self._cache[1]

    def all_versions(self) -> list[dict[str, Any]]:
        """Every store's and role's versions."""
        return list(self.read()["versions"])

    def versions(self) -> list[dict[str, Any]]:
        return [v for v in self.read()["versions"] if self.mine(v)]

    def get(self, version: str) -> dict[str, Any]:
        for v in self.versions():
            if v["version"] == version:
                return v
        where = f" of store {self.store!r}" if self.store else ""
        raise InputError(f"no {self.role} adapter version {version!r}{where} (rec tune status lists them)")

    def production(self) -> dict[str, Any] | None:
        """This store's production version of the role; one of its own wins over a version for any store."""
        found = [v for v in self.versions() if v["status"] == "production"]
        return next((v for v in found if v.get("store") == self.store), found[0] if found else None)

    def promoted(self) -> list[dict[str, Any]]:
        """Versions that have been production at some point (the API lists them)."""
        return [v for v in self.versions() if v.get("promoted_at")]

    # --- writing -------------------------------------------------------------------------------
    @contextmanager
    def _edit(self) -> Iterator[dict[str, Any]]:
        from filelock import FileLock

        self.dir.mkdir(parents=True, exist_ok=True)
        with FileLock(str(self.dir / ".registry.lock"), timeout=60):
            self._cache = None
            doc = self.read()
            yield doc
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text(json.dumps(doc, indent=2))
            os.replace(tmp, self.path)
            self._cache = None

    def new_version_dir(self) -> tuple[str, Path]:
        """The next version name (unique over every store and role) and its (not yet existing) directory."""
        home = self.dir / (self.store or ANY_STORE) / self.role if self.store else self.dir
        home.mkdir(parents=True, exist_ok=True)
        taken = {v["version"] for v in self.all_versions()} | {    # a crashed run's .partial is reused
            p.name for p in [*self.dir.glob("v*"), *self.dir.glob("*/*/v*")] if not p.name.endswith(".partial")}
        n = 1 + max((int(name[1:]) for name in taken if name[1:].isdigit()), default=0)
        return f"v{n:04d}", home / f"v{n:04d}"

    def add(self, version: str, path: Path, *, base_model: str, metrics: dict[str, Any] | None = None,
            data: dict[str, Any] | None = None) -> dict[str, Any]:
        entry = {"version": version, "path": str(path), "status": "candidate", "created": time.time(),
                 "store": self.store or ANY_STORE, "role": self.role,
                 "base_model": base_model, "metrics": metrics or {}, "data": data or {}, "promoted_at": None}
        with self._edit() as doc:
            doc["versions"].append(entry)
        return entry

    def set(self, version: str, **fields: Any) -> None:
        with self._edit() as doc:
            for v in doc["versions"]:
                if v["version"] == version:
                    v.update(fields)
                    return
        raise InputError(f"no adapter version {version!r}")

    def record_run(self, run: dict[str, Any]) -> None:
        with self._edit() as doc:
            doc.setdefault("runs", []).append({"role": self.role, **run})
            doc["runs"] = doc["runs"][-200:]

    def promote(self, version: str, server: str | Sequence[str] | None = None,
                api_key: str = "EMPTY") -> dict[str, Any]:
        """Make `version` production (the previous one is retired) and load it into `server`."""
        entry = self.get(version)
        if server is not None:
            load_into_server(server, version, Path(entry["path"]), api_key=api_key)
        with self._edit() as doc:
            for v in doc["versions"]:
                if v["status"] == "production" and self.mine(v):
                    v["status"] = "retired"
                if v["version"] == version:
                    v.update(status="production", promoted_at=time.time())
        return self.get(version)

    def rollback(self, server: str | Sequence[str] | None = None, api_key: str = "EMPTY"
                 ) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
        """Retire production and bring back the version that was production before it (or the base
        model when there was none); a version that was itself rolled back never comes back this way.
        Returns (retired, now production)."""
        with self._edit() as doc:
            current = next((v for v in doc["versions"] if v["status"] == "production" and self.mine(v)), None)
            if current is None:
                raise InputError("nothing to roll back: no adapter is in production (the base model serves)")
            earlier = sorted((v for v in doc["versions"] if v["status"] == "retired" and self.mine(v)
                              and v.get("promoted_at") and not v.get("rolled_back_at")
                              and v["promoted_at"] < current["promoted_at"]),
                             key=lambda v: v["promoted_at"])
            previous = earlier[-1] if earlier else None
            if previous is not None and server is not None:
                load_into_server(server, previous["version"], Path(previous["path"]), api_key=api_key)
            current.update(status="retired", rolled_back_at=time.time())
            if previous is not None:
                previous["status"] = "production"
        return self.get(current["version"]), (self.get(previous["version"]) if previous else None)


def load_into_server(server_url: str | Sequence[str], version: str, path: Path, timeout_s: float = 120.0,
                     api_key: str = "EMPTY") -> None:
    """`POST /v1/load_lora_adapter` on the vLLM server at `server_url` (its /v1 base), or on each of several
    servers; they must run with --enable-lora and VLLM_ALLOW_RUNTIME_LORA_UPDATING=True. A name a server
    already has is not an error. Of several servers, one that cannot be reached is skipped (the router
    skips it too, and the next load, a minute on, reaches it) as long as one took the adapter; a server
    that refuses it is an error."""
    urls = [server_url] if isinstance(server_url, str) else list(server_url)
    unreachable: list[ServerError] = []
    for url in urls:
        try:
            load_adapter(url, served_adapter_name(version), path, timeout_s, api_key)
        except ServerError as e:
            if "already" in str(e):
                continue
            if len(urls) == 1 or "unreachable" not in str(e):
                raise
            unreachable.append(e)
    if urls and len(unreachable) == len(urls):
        raise ServerError(f"no model server took adapter {version}: {unreachable[0]}")


def production_adapters(home: Path) -> dict[str, Path]:
    """The adapters a vLLM start-up loads (served name -> PEFT dir): every store's production version of
    every role (the server must allow that many at once: `server.max_loras`)."""
    return {served_adapter_name(v["version"]): Path(v["path"]) for v in Registry(home).all_versions()
            if v["status"] == "production" and Path(v["path"]).is_dir()}
