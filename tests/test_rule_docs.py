"""Every rule's docs follow the house sections, and their Example / Use instead blocks run as tests."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sparklint.cli import main
from sparklint.registry import load_rules

RULES = load_rules()
SECTIONS = ("## What it flags", "## Why is this bad?", "## Example", "## Use instead", "## Options", "## References")
_BLOCK = re.compile(r"```(\w+) ([^\n`]+)\n(.*?)```", re.DOTALL)


def blocks(docs: str, section: str) -> dict[str, str]:
    """{file name: text} of the fenced blocks of one section."""
    body = docs.split(f"## {section}\n", 1)[1].split("\n## ", 1)[0]
    return {name.strip(): text for _, name, text in _BLOCK.findall(body)}


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_docs_have_every_section_and_a_citation(rule_id):
    docs = RULES[rule_id].docs
    positions = [docs.find(section) for section in SECTIONS]
    assert -1 not in positions, f"{rule_id} lacks {SECTIONS[positions.index(-1)]}"
    assert positions == sorted(positions)
    references = docs.split("## References", 1)[1]
    assert re.search(r"\.(scala|java|go|py|json)\b|https://", references), "cite a source file or doc page"


def _lint_block(tmp_path: Path, files: dict[str, str], capsys, monkeypatch) -> list[str]:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    main(["--format", "json", "."])
    import json

    return [finding["rule"] for finding in json.loads(capsys.readouterr().out)]


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_example_triggers_the_rule(rule_id, tmp_path, capsys, monkeypatch):
    files = blocks(RULES[rule_id].docs, "Example")
    assert files, "the Example section needs a fenced block with a file name"
    assert rule_id in _lint_block(tmp_path, files, capsys, monkeypatch)


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_use_instead_is_quiet(rule_id, tmp_path, capsys, monkeypatch):
    files = blocks(RULES[rule_id].docs, "Use instead")
    assert files, "the Use instead section needs a fenced block with a file name"
    assert _lint_block(tmp_path, files, capsys, monkeypatch) == []


def test_generated_rules_page_is_current(capsys):
    """docs/rules.md is `sparklint rules --format markdown`; regenerate it when a rule changes."""
    from conftest import REPO

    assert main(["rules", "--format", "markdown"]) == 0
    generated = capsys.readouterr().out
    committed = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == generated, "docs/rules.md is stale: run `sparklint rules --format markdown > docs/rules.md`"


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_every_rule_page_says_which_fixes_are_safe(rule_id):
    # A rule that can yield an edit writes its own Fix safety section naming the class of each fix; a rule
    # without one gets the page's "No automatic fix" section (`sparklint rule`, docs/rules.md, SARIF help).
    import inspect

    from sparklint.commands import NO_FIX, page_of, render_rule

    rule = RULES[rule_id]
    module = inspect.getsource(inspect.getmodule(rule.check))
    gives_edits = re.search(r"\bedit=", module) is not None  # Hit(..., edit=...)
    own = "## Fix safety" in rule.docs
    assert own == gives_edits, f"{rule_id}: a Fix safety section of its own exactly when it gives edits"
    section = page_of(rule).split("## Fix safety\n", 1)[1].split("\n## ", 1)[0]
    if gives_edits:
        assert re.search(r"\b(safe|unsafe)\b", section), f"{rule_id}: say which fixes are safe or unsafe"
    else:
        assert section.strip() == NO_FIX
    assert "## Fix safety" in render_rule(rule)
