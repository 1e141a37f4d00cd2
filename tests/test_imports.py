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


def _rec_imports(package: str) -> set[str]:
    """Every `rec.*` module the package's source names in an import, at any depth (lazy imports too)."""
    import ast

    found: set[str] = set()
    for path in (ROOT / package.replace(".", "/")).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("rec"):
                found.add(node.module)
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name.startswith("rec"))
    return found


@pytest.mark.parametrize("package", ["rec.tuning", "rec.ranking", "rec.retrieval", "rec.agents", "rec.llm"])
def test_lower_layers_do_not_reach_up_into_evaluation(package):
    """Evaluation sits on top (it runs whole systems); what tuning and ranking need lives in rec.measure."""
    assert not {m for m in _rec_imports(package) if m.startswith("rec.evaluation")}


def test_measure_imports_nothing_of_rec():
    assert {m for m in _rec_imports("rec.measure") if m != "rec.measure"} == set()
