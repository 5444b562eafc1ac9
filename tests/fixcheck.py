"""The round trip every fix test makes: lint a real-shaped file, fix it, compare it byte for byte with
the expected file, lint again (the fixed findings gone, no new rule), fix again (nothing changes)."""

from __future__ import annotations

import json
from pathlib import Path

from sparklint.cli import main


def run(tmp_path: Path, capsys, monkeypatch, *arguments: str) -> tuple[int, str, str]:
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    code = main(list(arguments))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def findings(tmp_path: Path, capsys, monkeypatch) -> list[dict]:
    return json.loads(run(tmp_path, capsys, monkeypatch, "--format", "json", ".")[1])


def assert_fixes(tmp_path: Path, capsys, monkeypatch, name: str, before: str, after: str, flags: tuple,
                 fixed_rules: set) -> None:
    target = tmp_path / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(before.encode("utf-8"))
    found = findings(tmp_path, capsys, monkeypatch)
    assert fixed_rules <= {finding["rule"] for finding in found if "edit" in finding}
    code, _, err = run(tmp_path, capsys, monkeypatch, "--fix", *flags, ".")
    assert target.read_bytes() == after.encode("utf-8")
    assert "sparklint: fixed" in err
    left = findings(tmp_path, capsys, monkeypatch)
    assert not fixed_rules & {finding["rule"] for finding in left}, "the fixed findings are gone"
    assert {finding["rule"] for finding in left} <= {finding["rule"] for finding in found}, "no new rule fires"
    assert code == (1 if left else 0)
    # Idempotent: a second --fix changes nothing and --diff has nothing to show (exit 0).
    run(tmp_path, capsys, monkeypatch, "--fix", *flags, ".")
    assert target.read_bytes() == after.encode("utf-8")
    assert run(tmp_path, capsys, monkeypatch, "--diff", *flags, ".")[0] == 0
