"""Precision on real public configs (../shared/corpus): no traceback anywhere, no warning or error on the
files whose NOTES.md says `none`, and every problem NOTES.md lists under the implemented rules is found."""

from __future__ import annotations

import json
import os
import re
import shutil

import pytest

from conftest import SHARED
from sparklint.cli import main

CORPUS = SHARED / "corpus"

pytestmark = pytest.mark.skipif(not CORPUS.is_dir() and os.environ.get("CI") != "true",
                                reason=f"the shared corpus is not at {CORPUS}")

# (file, rule, line): problems NOTES.md names that fall under the implemented rules.
EXPECTED = {
    ("002-spark-defaults.conf", "SL002", 8),   # spark.serializer set twice
    ("002-spark-defaults.conf", "SL005", 17),  # spark.localExecution.enabled: removed (Spark 1.5)
    ("011-spark-defaults.conf", "SL002", 6),   # spark.driver.extraClassPath defined twice
    ("019-sparkapp.yaml", "SL201", 43),        # instances=1 with initialExecutors=2
    ("023-sparkapp.yaml", "SL003", 67),        # spark.driverEnv.PYTHONPATH is not a Spark property
    ("032-spark-defaults.conf", "SL004", 4),   # parquet.* without spark.hadoop.
    ("038-spark-defaults.conf", "SL003", 1),   # spark.app.id set by hand
    ("038-spark-defaults.conf", "SL003", 12),  # spark.dynamicAllocation.shuffleTracking.enable typo
    ("044-configure.json", "SL004", 2),        # driverMemory inside conf
    ("044-configure.json", "SL004", 3),        # executorMemory inside conf
    ("052-emr-configurations.json", "SL001", 51),  # not valid JSON
    ("053-emr-configurations.json", "SL005", 15),  # spark.sql.legacy.parquet.*RebaseMode* names
    ("053-emr-configurations.json", "SL005", 16),
    ("053-emr-configurations.json", "SL005", 20),
    ("053-emr-configurations.json", "SL005", 26),
    ("062-spark-defaults.conf", "SL003", 57),  # spark.shuffle.consolidateFiles (Spark 1.x)
    ("062-spark-defaults.conf", "SL003", 60),  # spark.sql.tungsten.enabled
    ("062-spark-defaults.conf", "SL003", 61),  # spark.sql.codegen
    ("062-spark-defaults.conf", "SL003", 62),  # spark.sql.unsafe.enabled
    ("062-spark-defaults.conf", "SL005", 78),  # spark.yarn.executor.memoryOverhead (deprecated name)
    ("022-sparkapp.yaml", "SL601", 21),        # keystore/truststore passwords in extraJavaOptions
    ("022-sparkapp.yaml", "SL601", 22),
    ("023-sparkapp.yaml", "SL601", 72),        # S3 access/secret keys hard-coded in sparkConf
    ("023-sparkapp.yaml", "SL601", 73),
    ("034-spark-defaults.conf", "SL601", 28),  # hard-coded S3 access/secret key
    ("034-spark-defaults.conf", "SL601", 29),
    ("043-livy-batch.json", "SL106", 10),      # 10 cores x 1G executors: ~43 MiB unified memory per task
    ("062-spark-defaults.conf", "SL104", 78),  # memoryOverhead 12288 (MiB) above the 10G heap
    ("062-spark-defaults.conf", "SL205", 34),  # dynamicAllocation min/max set while it is disabled
    ("062-spark-defaults.conf", "SL205", 35),
    ("040-glue-job.tf", "SL004", 22),          # SPARK.serializer / SPARK.sql.hive... in the Glue --conf (two
    #                                            findings on that one line, pinned as one row)
    ("067-glue-job.tf", "SL004", 17),          # Spark settings passed as Glue job arguments "--spark...."
    ("067-glue-job.tf", "SL004", 18),
    ("067-glue-job.tf", "SL004", 19),
    ("067-glue-job.tf", "SL004", 20),
    ("067-glue-job.tf", "SL004", 21),
    # Not in NOTES.md, and right: no Spark from 3.3 to 4.3 registers these streaming keys.
    ("062-spark-defaults.conf", "SL003", 69),  # spark.streaming.dynamicAllocation.debug
    ("062-spark-defaults.conf", "SL003", 70),  # spark.streaming.dynamicAllocation.delay.rounds
}


def none_files() -> list[str]:
    notes = (CORPUS / "NOTES.md").read_text(encoding="utf-8")
    return re.findall(r"^- `([^`]+)` \([^\n]*?\): none\b", notes, re.MULTILINE)


@pytest.fixture(scope="module")
def corpus_findings(tmp_path_factory) -> list[dict]:
    copy = tmp_path_factory.mktemp("corpus")
    shutil.copytree(CORPUS, copy, dirs_exist_ok=True)  # lint a copy: a stray config above it must not apply
    return _lint(copy)


def _lint(root) -> list[dict]:
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    cwd = os.getcwd()
    os.chdir(root)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["--format", "json", "."])
    finally:
        os.chdir(cwd)
    assert code in (0, 1), err.getvalue()
    assert "Traceback" not in err.getvalue()
    return json.loads(out.getvalue())


def test_quiet_on_files_noted_none(corpus_findings):
    quiet = none_files()
    assert len(quiet) >= 5, "NOTES.md format changed?"
    noisy = [(f["path"], f["rule"], f["line"], f["message"]) for f in corpus_findings
             if f["path"] in quiet and f["severity"] in ("warning", "error")]
    assert noisy == []


def test_finds_every_noted_problem_under_implemented_rules(corpus_findings):
    found = {(f["path"], f["rule"], f["line"]) for f in corpus_findings}
    assert EXPECTED - found == set()


def test_reports_nothing_unexpected(corpus_findings):
    """Everything reported is a problem NOTES.md names (precision on the files with notes, too)."""
    found = {(f["path"], f["rule"], f["line"]) for f in corpus_findings}
    assert found - EXPECTED == set()
