"""tools/sweep.py: anyone can repeat a sweep of a folder of real files and read what sparklint did."""

from __future__ import annotations

import io
import sys
from pathlib import Path

from conftest import REPO, write

sys.path.insert(0, str(REPO / "tools"))
import sweep  # noqa: E402


def test_sweep_counts_files_read_skipped_by_reason_and_findings(tmp_path: Path):
    write(tmp_path, {
        "conf/spark-defaults.conf": "spark.master yarn\nspark.executor.memory 4g\nspark.executor.memory 8g\n",
        "charts/app/templates/deploy.yaml": "{{- if .Values.on }}\nkind: Deployment\n{{- end }}\n",
        "charts/app/templates/job.yaml": "metadata:\n  name: {{ .Release.Name }}-job\n",
        "package.json": '{"name": "ui"}\n',
        "jobs/etl.py": "print('spark')\n",
        # Read, with a --verbose note on the Spark version it is judged by: not a skip.
        "emr/app.json": '{"name": "a", "releaseLabel": "emr-6.7.0", "type": "SPARK"}\n',
    })
    out = io.StringIO()
    assert sweep.summarise(str(tmp_path), named=False, show_findings=True, jobs=1, out=out)
    lines = out.getvalue().splitlines()
    assert lines[0].endswith("(sparklint .): exit 1")
    assert lines[1] == "files: 6 looked at, 2 read, 4 skipped, 1 with findings"
    assert "  skipped     2  a Helm chart template" in lines
    assert "  skipped     1  not a Spark configuration we recognise" in lines
    assert "findings: 1 (1 warning)" in lines
    assert "  SL002 warning      1" in lines
    assert any(line.startswith("    conf/spark-defaults.conf:2 SL002 warning: ") for line in lines)

    named = io.StringIO()
    assert sweep.summarise(str(tmp_path), named=True, show_findings=False, jobs=1, out=named)
    text = named.getvalue()
    assert "files: 6 looked at, 2 read, 4 skipped, 1 with findings" in text
    assert "  skipped     1  a Python file that names no Airflow Spark operator, SparkSession or SparkConf" in text


def test_reason_drops_the_particulars():
    assert sweep.reason_of("a Helm chart template ({{ at line 1): it becomes YAML only when rendered") == \
        "a Helm chart template"
    assert sweep.reason_of("a Python file; sparklint does not read .py files") == "a Python file"


def test_sweep_of_a_missing_folder_fails(tmp_path: Path):
    out = io.StringIO()
    assert not sweep.summarise(str(tmp_path / "nope"), named=False, show_findings=False, jobs=1, out=out)
    assert sweep.main([str(tmp_path / "nope")]) == 2


def test_a_file_judged_by_another_spark_version_counts_as_read(tmp_path: Path):
    # --verbose notes which Spark version judged an old SparkApplication; the file was read, not skipped.
    write(tmp_path, {"pi.yaml": "apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\n"
                                "metadata:\n  name: pi\nspec:\n  type: Scala\n  sparkVersion: 2.4.5\n",
                     "package.json": '{"name": "ui"}\n'})
    out = io.StringIO()
    assert sweep.summarise(str(tmp_path), named=False, show_findings=False, jobs=1, out=out)
    assert "files: 2 looked at, 1 read, 1 skipped, 0 with findings" in out.getvalue().splitlines()
