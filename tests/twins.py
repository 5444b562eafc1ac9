"""Shared by the oracle test modules: lint a conf as spark-defaults.conf, and judge a refused case and
its accepted twin the same way everywhere."""

from __future__ import annotations

import json
from pathlib import Path

import oracle
from oracle import OracleResult, SparkCase
from sparklint.cli import main


def lint_conf(tmp_path: Path, capsys, conf: dict[str, str]) -> list[str]:
    """The rule ids sparklint reports for `conf` written as a spark-defaults.conf, judged as the oracle's Spark."""
    target = tmp_path / "spark-defaults.conf"
    target.write_text("".join(f"{key} {value}\n" for key, value in conf.items()), encoding="utf-8")
    main(["--format", "json", "--spark-version", oracle.PYSPARK_PIN, str(target)])
    return [finding["rule"] for finding in json.loads(capsys.readouterr().out)]


def assert_reported_and_refused(rule: str, reported: list[str], refused: OracleResult, words: str,
                                conf: dict[str, str]) -> None:
    assert rule in reported, f"sparklint did not report {rule} for {conf}"
    assert not refused.started, f"Spark started with {conf}"
    assert words.lower() in (refused.error or "").lower(), refused.error


def assert_quiet_and_started(rule: str, reported: list[str], started: OracleResult) -> None:
    assert rule not in reported
    assert started.started, started.error


# A table of twins: (rule, refused conf, words of Spark's refusal, accepted conf).
Twins = list[tuple[str, dict[str, str], str, dict[str, str]]]


def twin_cases(twins: Twins, **options: object) -> list[SparkCase]:
    """The SparkCases of a table of twins, refused then accepted, in table order (answers[2i], [2i + 1]).

    ``options`` go to every SparkCase (``submit_check=True``, ``workload=True``)."""
    cases = []
    for _, bad, _, good in twins:
        cases += [SparkCase(dict(bad), **options), SparkCase(dict(good), **options)]  # type: ignore[arg-type]
    return cases


def check_refused(twins: Twins, index: int, answers: list[OracleResult], tmp_path: Path, capsys) -> None:
    rule, bad, words, _ = twins[index]
    assert_reported_and_refused(rule, lint_conf(tmp_path, capsys, bad), answers[2 * index], words, bad)


def check_accepted(twins: Twins, index: int, answers: list[OracleResult], tmp_path: Path, capsys) -> None:
    rule, _, _, good = twins[index]
    assert_quiet_and_started(rule, lint_conf(tmp_path, capsys, good), answers[2 * index + 1])
