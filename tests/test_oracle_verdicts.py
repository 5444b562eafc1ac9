"""sparklint against the recorded verdicts of real Spark (tests/verdicts/spark-<version>.json, written by
tools/oracle_verdicts.py from the cases tests/oracle_cases.py derives from the catalog).

The recorded tables are checked without Spark in every run: where Spark refused, sparklint reports an
error; where Spark started, no error. The live test starts Spark again for a fixed sample of a table's
cases and checks that it still does what the table says: the pin (3.5.9, every 10th generated case) and
the versions of oracle.LIVE_VERSIONS (every 80th recorded generated case and every 16th check outside
the converters: 6 cases), each from its own pyspark, which tools/install_pyspark.sh installs.

CI's budget (`.ci/run` under 15 minutes in all, about 9.5 with the pin and 4.3.0 live at step 40). An
extra version costs its pyspark, a 300-470 MB wheel: 84-95 s from PyPI with an empty pip cache (3.4.4
84 s, 4.0.5 91 s, 3.3.4 95 s; 4.1.4 300 s at load 19), 28 s from pip's cache (4.0.5); and its live
sample: 10 cases of 4.0.5 at step 40 took 246 s at load 14 (each JVM start and first SQL query is most
of it). Installing and sampling all five recorded versions at step 40 would add about 3 x 4.5 minutes,
well past 13. So CI samples LIVE_VERSIONS = 4.3.0 (the newest) and 3.3.4 (the oldest, whose harness needs
the most adaptation: cloudpickle, py4j 0.10.9.5, CapturedException), at step 80; the tables of 3.4.4,
4.0.5, 4.1.4 and 4.2.1 are checked here without Spark only (install their pyspark with
`bash tools/install_pyspark.sh 3.4.4 4.0.5 4.1.4 4.2.1` and this test re-runs them too)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import oracle
import oracle_agreement
import oracle_cases
from sparklint.knowledge import reads
from sparklint.registry import load_rules

REPO = Path(__file__).resolve().parent.parent
VERDICTS = REPO / "tests" / "verdicts"
TABLES = oracle_agreement.tables(VERDICTS)
NAMES = [table["spark"] for table in TABLES]


def test_a_table_is_recorded_for_the_oracle_pin():
    assert oracle.PYSPARK_PIN in NAMES


@pytest.mark.parametrize("table", TABLES, ids=NAMES)
def test_the_table_covers_the_generated_cases(table):
    minor = ".".join(table["spark"].split(".")[:2])
    assert [row["conf"] for row in table["cases"]] == oracle_cases.sampled_cases(minor, table.get("every", 1)), (
        "the generator changed: re-run tools/oracle_verdicts.py with this pyspark")
    assert all(row["started"] is not None for row in table["cases"]), "a case has no verdict"


@pytest.mark.parametrize("table", TABLES, ids=NAMES)
def test_every_refusal_is_an_error_and_every_start_has_none(table):
    score = oracle_agreement.score(table)
    assert score.refused_silent == [], "Spark refused, sparklint reported no error"
    assert score.started_error == [], "Spark started, sparklint reported an error"
    assert score.refused_error > 0 and score.started_quiet > 0


def test_reads_data_is_what_the_tables_say(tmp_path):
    out = tmp_path / "reads.json"
    oracle_agreement.write_reads(VERDICTS, out)
    committed = (REPO / "sparklint" / "data" / "reads.json").read_text(encoding="utf-8")
    assert out.read_text(encoding="utf-8") == committed, "run `python tools/oracle_verdicts.py --report`"


def test_agreement_report_is_current(tmp_path):
    out = tmp_path / "agreement.md"
    oracle_agreement.write_report(VERDICTS, out)
    committed = (REPO / "docs" / "oracle-agreement.md").read_text(encoding="utf-8")
    assert out.read_text(encoding="utf-8") == committed, "run `python tools/oracle_verdicts.py --report`"


def test_sl006_names_the_versions_it_was_proven_on():
    docs = load_rules()["SL006"].docs
    for version in reads.measured_versions():
        assert f"Spark {version}" in docs


def test_a_key_spark_does_not_read_at_start_is_a_warning(tmp_path, capsys):
    from sparklint.cli import main

    table = next(t for t in TABLES if t["spark"] == oracle.PYSPARK_PIN)
    unread = oracle_agreement.unread_keys(table)
    assert unread, "every key was read at start"
    target = tmp_path / "spark-defaults.conf"
    target.write_text(f"{unread[0]} zz\nspark.sql.shuffle.partitions zz\n", encoding="utf-8")
    main(["--format", "json", "--spark-version", oracle.PYSPARK_PIN, str(target)])
    found = [(f["line"], f["severity"]) for f in json.loads(capsys.readouterr().out) if f["rule"] == "SL006"]
    assert found == [(1, "warning"), (2, "error")]


def _live_sample(table: dict, step: int) -> list:
    """Every `step`-th generated case and every `step // 5`-th case checked outside the converters: a
    fixed sample. A case that hangs Spark (the table says the job did not finish) costs minutes and is
    left to the recorded table."""
    rows = table["cases"]
    outside = len(oracle_cases.OUTSIDE_CASES)
    sample = rows[: len(rows) - outside][::step] + rows[len(rows) - outside:][::max(1, step // 5)]
    return [row for row in sample if "did not finish" not in (row["error"] or "")]


def _pyspark_for(version: str) -> oracle.Pyspark:
    """The installed pyspark of `version`: the oracle's own (the pin), or tools/install_pyspark.sh's folder."""
    oracle.require_spark()
    own = oracle.find_pyspark()
    if own is not None and own.version == version:
        return own
    other = oracle.other_pysparks().get(version)
    if other is None and version not in oracle.LIVE_VERSIONS:
        pytest.skip(f"pyspark {version}: its table is checked without Spark (not in LIVE_VERSIONS, CI's budget); "
                    f"bash tools/install_pyspark.sh {version} to re-run it")
    if other is None:
        reason = f"pyspark {version} not installed: run bash tools/install_pyspark.sh"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (CI=true: CI installs every version with a recorded table)", pytrace=False)
        pytest.skip(reason)
    return other


@pytest.mark.spark
@pytest.mark.parametrize("table", TABLES, ids=NAMES)
def test_spark_still_does_what_the_table_says(table):
    """A live sample of each recorded table, started again in that version's real Spark: every tenth
    generated case for the oracle's pin, every eightieth for the other versions (CI's budget)."""
    pyspark = _pyspark_for(table["spark"])
    sample = _live_sample(table, 10 if table["spark"] == oracle.PYSPARK_PIN else 80)
    answers = oracle.start_spark_many(
        [oracle.SparkCase(row["conf"], submit_check=True, workload=True) for row in sample], timeout=180,
        pyspark=pyspark)
    changed = [(row["conf"], row["started"], answer.error) for row, answer in zip(sample, answers)
               if answer.started != row["started"]]
    assert changed == []
    assert any(row["started"] for row in sample) and not all(row["started"] for row in sample)


def test_every_live_version_has_a_table():
    """tools/install_pyspark.sh installs LIVE_VERSIONS for the live test; each must have a recorded table."""
    assert set(oracle.LIVE_VERSIONS) <= set(NAMES) and oracle.PYSPARK_PIN not in oracle.LIVE_VERSIONS
