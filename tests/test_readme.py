"""The README and docs/ stay true: every `rec ...` line in their code blocks names a real command with
real options, links stay inside the repository, and CI runs the README's test command."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
GLOBAL_WITH_VALUE = {"--home", "--store", "--config", "--set"}
FLAG = re.compile(r"(?<![\w-])--?[a-zA-Z][\w-]*")


def shown_commands(path: Path) -> list[str]:
    """`rec ...` lines inside fenced code blocks, one per command (`a && b` is two; `x | y` keeps x)."""
    lines, inside = [], False
    for line in path.read_text().splitlines():
        if line.startswith("```"):
            inside = not inside
            continue
        for part in line.split("&&") if inside else []:
            part = re.split(r"\s#|\s{2,}", part.strip())[0].split(" | ")[0]
            part = re.sub(r"^(?:[A-Z_]+=\S+\s+)+", "", part)        # REC_STORE=x rec ...
            if part.startswith("rec "):
                lines.append(part)
    return lines


def resolve(line: str):
    """The click command a shown line runs, and the options it passes to it."""
    import typer

    from rec.cli import app

    words = line.split()[1:]
    command = typer.main.get_command(app)
    while words and words[0].startswith("-"):                   # global options come first
        words = words[2:] if words[0] in GLOBAL_WITH_VALUE else words[1:]
    while words and hasattr(command, "commands") and words[0] in command.commands:
        command, words = command.commands[words[0]], words[1:]
    return command, FLAG.findall(" ".join(words))


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.name)
def test_every_shown_command_exists_with_its_options(path):
    shown = shown_commands(path)
    assert shown or path.name not in ("README.md", "cli.md")
    for line in shown:
        command, flags = resolve(line)
        assert not hasattr(command, "commands"), f"{path.name}: {line!r} names no command"
        known = {opt for p in command.params for opt in p.opts}
        assert not set(flags) - known, f"{path.name}: {line!r}: {sorted(set(flags) - known)} unknown"


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.name)
def test_links_stay_inside_the_repository(path):
    for target in re.findall(r"\]\(([^)#\s]+)", path.read_text()):
        if not re.match(r"https?://", target):
            resolved = (path.parent / target).resolve()
            assert resolved.is_relative_to(ROOT) and resolved.exists(), f"{path.name}: {target}"
    assert "../shared" not in path.read_text()


def test_ci_runs_the_readme_test_command():
    readme, ci = (ROOT / "README.md").read_text(), (ROOT / ".ci" / "run").read_text()
    assert "make test " in readme and re.search(r"^make test$", ci, re.M)
    assert ". .venv/bin/activate" in readme
    prepare, serve = readme.find("rec models prepare"), readme.find("rec llm serve")
    assert 0 <= prepare < serve
