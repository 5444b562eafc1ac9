"""Nothing from the linted repository is imported (issue 18): a repository that plants a `sparklint/`
package, modules named like sparklint's dependencies, a `*.dist-info` registering a rule plugin and a
`.pth` file is linted every documented way (the `sparklint` command, `python -m sparklint`, the pre-commit
hook's entry) from its root, and none of the planted code runs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(sys.executable).parent / ("sparklint.exe" if sys.platform == "win32" else "sparklint")


def plant(repo: Path, marks: Path, with_package: bool = True) -> None:
    """Each planted module, if ever imported, writes a file named after itself into `marks`."""
    def body(name: str) -> str:
        return f"open({str(marks / name)!r}, 'w').close()\n"

    if with_package:
        (repo / "sparklint").mkdir()
        (repo / "sparklint" / "__init__.py").write_text(body("sparklint-package") + "__version__ = '6.6.6'\n")
        (repo / "sparklint" / "__main__.py").write_text(body("sparklint-main"))
    for module in ("yaml", "jsonschema", "tomli"):
        (repo / module).mkdir()
        (repo / module / "__init__.py").write_text(body(module))
    (repo / "evil_rule.py").write_text(body("plugin") + "RULE = None\n")
    (repo / "evil-1.0.dist-info").mkdir()
    (repo / "evil-1.0.dist-info" / "METADATA").write_text("Name: evil\nVersion: 1.0\n")
    (repo / "evil-1.0.dist-info" / "entry_points.txt").write_text("[sparklint.rules]\nEVIL001 = evil_rule:RULE\n")
    (repo / "evil.pth").write_text("import os; " + body("pth").strip() + "\n")
    (repo / "spark-defaults.conf").write_text("spark.executor.memoryy 4g\nspark.sql.adaptive.enabled true\n")
    (repo / "job.yaml").write_text("sparkConf:\n  spark.executor.cores: '2'\n")


def run(command: list[str], repo: Path) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=repo, capture_output=True, text=True, timeout=120)


def check(result: subprocess.CompletedProcess, marks: Path) -> None:
    assert list(marks.iterdir()) == [], result.stderr
    assert result.returncode == 1, result.stderr  # SL003 on spark.executor.memoryy: our rules ran
    assert "SL003" in result.stdout and "Traceback" not in result.stderr


@pytest.fixture
def repo(tmp_path: Path) -> tuple[Path, Path]:
    marks, repo = tmp_path / "marks", tmp_path / "repo"
    marks.mkdir()
    repo.mkdir()
    return repo, marks


@pytest.mark.skipif(not SCRIPT.exists(), reason="sparklint is not installed with its console script")
def test_the_sparklint_command_imports_nothing_from_the_repository(repo):
    repo, marks = repo
    plant(repo, marks)
    check(run([str(SCRIPT), "."], repo), marks)
    # The pre-commit hook's entry (.pre-commit-hooks.yaml): the command, with the staged files named.
    check(run([str(SCRIPT), "--force-exclude", "spark-defaults.conf", "job.yaml"], repo), marks)


def test_python_m_sparklint_imports_nothing_from_the_repository(repo):
    # A `sparklint/` folder in the working directory is found by Python itself before sparklint starts,
    # so only what sparklint imports can be guarded: its dependencies and plugins.
    repo, marks = repo
    plant(repo, marks, with_package=False)
    check(run([sys.executable, "-m", "sparklint", "."], repo), marks)


@pytest.mark.skipif(sys.version_info < (3, 11), reason="python -P is new in Python 3.11")
def test_python_p_m_sparklint_imports_nothing_from_the_repository(repo):
    repo, marks = repo
    plant(repo, marks)
    check(run([sys.executable, "-P", "-m", "sparklint", "."], repo), marks)
