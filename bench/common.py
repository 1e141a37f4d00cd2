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


def median_ci(values: list[float], digits: int = 4, boot: int = 2000, seed: int = 0) -> dict:
    """The median of `values` with a 95% bootstrap interval (percentile method)."""
    import numpy as np

    x = np.asarray(values, dtype=float)
    rng = np.random.default_rng(seed)
    meds = np.median(rng.choice(x, size=(boot, len(x)), replace=True), axis=1)
    lo, hi = np.percentile(meds, [2.5, 97.5])
    return {"median": round(float(np.median(x)), digits), "ci95": [round(float(lo), digits), round(float(hi), digits)],
            "n": len(x)}


def ratio_ci(num: list[float], den: list[float], digits: int = 3, boot: int = 2000, seed: int = 0) -> dict:
    """median(num) / median(den) with a 95% bootstrap interval (the two samples resampled independently)."""
    import numpy as np

    a, b = np.asarray(num, dtype=float), np.asarray(den, dtype=float)
    rng = np.random.default_rng(seed)
    ratios = (np.median(rng.choice(a, size=(boot, len(a))), axis=1)
              / np.median(rng.choice(b, size=(boot, len(b))), axis=1))
    lo, hi = np.percentile(ratios, [2.5, 97.5])
    return {"ratio": round(float(np.median(a) / np.median(b)), digits), "ci95": [round(float(lo), digits),
                                                                               round(float(hi), digits)]}


def wilson(k: int, n: int, digits: int = 3) -> dict:
    """A share k/n with its 95% Wilson interval."""
    import math

    if n == 0:
        return {"share": None, "ci95": None, "n": 0}
    z, p = 1.96, k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return {"share": round(p, digits), "ci95": [round(max(0.0, centre - half), digits),
                                               round(min(1.0, centre + half), digits)], "n": n}


def machine_load() -> dict:
    """What else the machine was doing: load averages (1, 5, 15 min) and the cores this process may use."""
    import os

    return {"loadavg": [round(v, 2) for v in os.getloadavg()], "cpus": len(os.sched_getaffinity(0))}
