"""Every rec module imports alone, in a fresh interpreter (no import cycle bites whichever comes first),
and the model layer never reaches up into tuning."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("module", ["rec.llm.vllm_server", "rec.tuning.registry", "rec.llm.lora",
                                    "rec.recommender", "rec.llm.langchain_backend"])
def test_module_imports_alone(module):
    done = _run(f"import {module}")
    assert done.returncode == 0, done.stderr


def test_the_vllm_server_does_not_import_tuning():
    done = _run("import sys, rec.llm.vllm_server; print(sorted(m for m in sys.modules if m.startswith('rec.tuning')))")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
