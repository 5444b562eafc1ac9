"""Shared test helpers: lint files written into a temporary directory through the real CLI."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from sparklint.cli import main


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # No user cache, no GitHub Actions auto-format, no colour, whatever the developer's shell has.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / ".cache"))
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)


class Run:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err

    @property
    def findings(self) -> list[dict]:
        return json.loads(self.out)

    def rules(self) -> list[tuple[str, int, int]]:
        """(rule, line, column) of every finding."""
        return [(finding["rule"], finding["line"], finding["column"]) for finding in self.findings]


@pytest.fixture
def lint(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    """lint({"name": text, ...}, *flags) -> Run, with --format json unless a format is given; cwd is tmp_path."""

    def run(files: dict[str, str], *flags: str, paths: tuple[str, ...] = (".",)) -> Run:
        for name, text in files.items():
            target = tmp_path / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        monkeypatch.chdir(tmp_path)
        arguments = list(flags)
        if not any(flag.startswith("--format") for flag in flags):
            arguments += ["--format", "json"]
        capsys.readouterr()
        code = main([*arguments, *paths])
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("SPARKLINT_SHARED", REPO.parent / "shared"))
