"""The config search stops at the repository's root (issue 18): a `.sparklint.toml` above the folder
holding `.git` belongs to someone else and does not apply inside; `--verbose` says which config applied."""

from __future__ import annotations

import pytest

from conftest import write
from sparklint.cli import main

TYPO = "spark.executor.memoryy 4g\n"


@pytest.mark.parametrize("git", ["folder", "file"])  # a worktree or submodule has a .git file
def test_a_config_above_the_repository_does_not_apply(tmp_path, monkeypatch, capsys, git):
    write(tmp_path, {".sparklint.toml": 'ignore = ["SL003"]\n', "repo/jobs/spark-defaults.conf": TYPO})
    if git == "folder":
        (tmp_path / "repo" / ".git").mkdir()
    else:
        (tmp_path / "repo" / ".git").write_text("gitdir: /elsewhere/.git/worktrees/repo\n")
    monkeypatch.chdir(tmp_path / "repo")
    assert main(["--verbose", "."]) == 1
    out, err = capsys.readouterr()
    assert "SL003" in out
    assert ("sparklint: jobs: no .sparklint.toml or [tool.sparklint] in pyproject.toml up to the repository "
            "root; the defaults apply") in err.splitlines()


def test_without_a_repository_the_search_goes_up(tmp_path, monkeypatch, capsys):
    write(tmp_path, {".sparklint.toml": 'ignore = ["SL003"]\n', "repo/jobs/spark-defaults.conf": TYPO})
    monkeypatch.chdir(tmp_path / "repo")
    assert main(["--verbose", "."]) == 0
    assert capsys.readouterr().out.startswith("All clean")


def test_verbose_names_the_config_that_applied(tmp_path, monkeypatch, capsys):
    write(tmp_path, {"repo/.sparklint.toml": 'ignore = ["SL003"]\n', "repo/jobs/spark-defaults.conf": TYPO,
                     "other.toml": 'fail-on = "error"\n'})
    (tmp_path / "repo" / ".git").mkdir()
    monkeypatch.chdir(tmp_path / "repo")
    assert main(["--verbose", "jobs"]) == 0
    assert ("sparklint: .sparklint.toml: the configuration applied (the nearest), first to files in jobs"
            in capsys.readouterr().err.splitlines())
    assert main(["--verbose", "--config", "../other.toml", "jobs"]) == 0  # SL003 is a warning, below error
    assert (f"sparklint: {tmp_path / 'other.toml'}: the configuration applied (given with --config), first to "
            f"files in jobs" in capsys.readouterr().err.splitlines())
