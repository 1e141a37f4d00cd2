"""What sharing a store's artifacts through PostgreSQL costs (issue 16 item 2): publish, a cold pull (a new
host), a warm pull (nothing changed) and the per-request version check, on a copy of a real store's files.

    python bench/shared_artifacts.py [--store-dir ~/.rec/stores/movielens] [--checks 1000]

Starts a throwaway PostgreSQL (pgserver); reads the store directory, writes nothing there.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from pathlib import Path

from rec.retrieval.artifacts import ARTIFACTS, PostgresArtifacts


def _timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--store-dir", type=Path, default=Path("~/.rec/stores/movielens").expanduser())
    ap.add_argument("--checks", type=int, default=1000)
    args = ap.parse_args()
    import pgserver

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        names = [n for n in ARTIFACTS if (args.store_dir / n).exists()]
        src = root / "one"
        src.mkdir()
        for n in names:
            (shutil.copytree if (args.store_dir / n).is_dir() else shutil.copy2)(args.store_dir / n, src / n)
        size = sum(p.stat().st_size for p in src.rglob("*") if p.is_file())
        server = pgserver.get_server(root / "pg", cleanup_mode="stop")
        try:
            one = PostgresArtifacts(server.get_uri(), "bench", src, check_s=0)
            two = PostgresArtifacts(server.get_uri(), "bench", root / "two", check_s=0)
            local_copy = _timed(lambda: shutil.copytree(src, root / "copy"))
            publish = _timed(lambda: one.publish(names))
            cold = _timed(two.pull)
            warm = _timed(two.pull)
            check = _timed(lambda: [two.version() for _ in range(args.checks)]) / args.checks
            one.close()
            two.close()
        finally:
            server.cleanup()
    print(json.dumps({"files": names, "bytes": size, "local_copy_s": round(local_copy, 3),
                      "publish_s": round(publish, 3), "cold_pull_s": round(cold, 3), "warm_pull_s": round(warm, 4),
                      "version_check_ms": round(check * 1000, 3)}, indent=2))


if __name__ == "__main__":
    main()
