"""How long `rec --help` takes, against `python -c pass` measured in the same run.

Prints one JSON document (and writes it to bench/results/cli_startup.json):
medians over N runs and the ratio, which holds on a noisy machine where raw
seconds do not.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

from common import emit


def _median_s(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main(runs: int = 15) -> dict:
    py = sys.executable
    subprocess.run([py, "-m", "rec.cli", "--help"], check=True, capture_output=True)  # warm the page cache
    baseline = _median_s([py, "-c", "pass"], runs)
    results = {
        "benchmark": "cli_startup",
        "runs": runs,
        "python_pass_median_s": round(baseline, 4),
    }
    for label, args in (("rec_help", ["--help"]), ("rec_llm_help", ["llm", "--help"]),
                        ("rec_config_show", ["config", "show"])):
        median = _median_s([py, "-m", "rec.cli", *args], runs)
        results[f"{label}_median_s"] = round(median, 4)
        results[f"{label}_ratio"] = round(median / baseline, 2)
    emit("cli_startup", results)
    return results


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
