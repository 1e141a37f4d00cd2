"""Shared by the benchmarks: medians/percentiles and the one way results are emitted."""

from __future__ import annotations

import json
from pathlib import Path

RESULTS = Path(__file__).parent / "results"


def percentile_ms(values: list[float], q: float) -> float:
    """The q-quantile of durations in seconds, in milliseconds (nearest rank)."""
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 2)


def emit(name: str, results: dict) -> None:
    """Print one JSON document on stdout and keep it as bench/results/NAME.json."""
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(results, indent=2))
    print(json.dumps(results))
