"""Plots for people: metrics per system or version as bars, latencies as boxes (PNG, matplotlib Agg)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any


def bar_plot(path: Path, rows: dict[str, dict[str, Any]], metrics: Sequence[str], muted: Iterable[str] = (),
             title: str = "") -> Path:
    """One panel per metric, one bar per row that has it; `muted` rows (published references, versions
    not in production) are grey, the others green."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    grey = set(muted)
    fig, axes = plt.subplots(1, len(metrics), figsize=(4.2 * len(metrics), 3.6))
    axes = axes if len(metrics) > 1 else [axes]
    for ax, metric in zip(axes, metrics, strict=True):
        names = [n for n in rows if metric in rows[n]]
        ax.bar(range(len(names)), [rows[n][metric] for n in names],
               color=["#999" if n in grey else "#4a7" for n in names])
        ax.set_xticks(range(len(names)), names, rotation=40, ha="right", fontsize=7)
        ax.set_title(metric)
    fig.suptitle(title)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return path


def box_plot(path: Path, series: dict[str, Sequence[float]], title: str = "") -> Path:
    """Latency distributions, one box per series (turn, planner, retriever, ranker...)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = [n for n, v in series.items() if v]
    fig, ax = plt.subplots(figsize=(1.6 * max(len(names), 2) + 2, 3.6))
    ax.boxplot([series[n] for n in names], tick_labels=names)
    ax.set_ylabel("seconds")
    ax.set_title(title)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return path
