"""Evaluation reports: JSON for machines, Markdown and PNG plots for people, and the resolved config
beside them (DESIGN.md §7), in one directory per run under REC_HOME/reports/."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any


def report_dir(home: Path, kind: str) -> Path:
    path = Path(home) / "reports" / f"{kind}-{time.strftime('%Y%m%d-%H%M%S')}"
    path.mkdir(parents=True, exist_ok=True)
    return path


def write(path: Path, doc: dict[str, Any], markdown: str, config_yaml: str) -> None:
    (path / "report.json").write_text(json.dumps(doc, indent=2, default=str))
    (path / "report.md").write_text(markdown + "\n")
    (path / "config.yaml").write_text(config_yaml)
