"""The Python API (issue 11 §4): `sparklint.lint_paths` and `sparklint.lint_text` return the findings the
command line prints, raise instead of printing, and never exit."""

from __future__ import annotations

import json

import pytest

import sparklint
from sparklint.cli import main
from sparklint.settings import ConfigError


def test_lint_paths_returns_what_the_cli_prints(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "spark-defaults.conf").write_text("spark.executor.memory 1.5g\nspark.executor.memory 2g\n")
    findings = sparklint.lint_paths(["conf"])
    assert [(finding.rule, finding.line, finding.severity) for finding in findings] == [
        ("SL002", 1, "warning"), ("SL006", 1, "error")]
    assert main(["--format", "json", "conf"]) == 1
    assert [finding.to_json() for finding in findings] == json.loads(capsys.readouterr().out)


def test_lint_text_reads_the_text_as_a_file_of_that_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (finding,) = sparklint.lint_text("spark.executor.memory 1.5g\n", "spark-defaults.conf")
    assert (finding.path, finding.rule, finding.line, finding.column, finding.key) == \
        ("spark-defaults.conf", "SL006", 1, 23, "spark.executor.memory")
    assert sparklint.lint_text('{"numExecutors": 2}', "session.json", select=["SL2"]) == []
    secret = sparklint.lint_text("spark.hadoop.fs.s3a.secret.key Qz8vTq2LmW4xR7pK\n", "spark-defaults.conf")
    assert [finding.rule for finding in secret] == ["SL601"] and "Qz8vTq2LmW4xR7pK" not in repr(secret)


def test_mistakes_raise(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError, match="did you mean SL201"):
        sparklint.lint_text("spark.master yarn\n", select=["SL2O1"])
    with pytest.raises(FileNotFoundError):
        sparklint.lint_paths(["nope.conf"])
    (tmp_path / ".sparklint.toml").write_text('fail-on = "sometimes"\n')
    with pytest.raises(ConfigError):
        sparklint.lint_paths(["."])


def test_the_readme_api_example_runs_as_written(monkeypatch, capsys):
    import re

    from conftest import REPO

    (example,) = re.findall(r"```python\n(.*?)```", (REPO / "README.md").read_text(encoding="utf-8"), re.DOTALL)
    monkeypatch.chdir(REPO)
    exec(compile(example, "README.md", "exec"), {})  # noqa: S102 (our own README)
    printed = capsys.readouterr().out.splitlines()
    assert "examples/emr-serverless/small-session.json:7: SL201 starts 3 executors, not 1: dynamic allocation is on " \
           "(EMR Serverless default, jobs-spark.html), and Spark starts max(minExecutors=0 [EMR Serverless default, " \
           "jobs-spark.html], initialExecutors=3 [EMR Serverless default, jobs-spark.html], spark.executor.instances=1)" \
           in printed
    assert any(line.startswith("examples/emr-serverless/backfill.ipynb:23: SL304 ") for line in printed)
