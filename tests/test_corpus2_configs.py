"""corpus2's configuration files (../shared/corpus2, not the Python, notebook and shell files, which have their own
tests), each linted alone as `sparklint FILE` lints it: the exact (rule, line, severity) set NOTES.md supports.

Alone, because the forty files come from forty repositories: an EMR Serverless job of one repository must not be
matched to another repository's application (031 and 032 do not belong together).
"""

from __future__ import annotations

import json
import os
import shutil

import pytest

from conftest import SHARED
from sparklint.cli import main

CORPUS2 = SHARED / "corpus2"
pytestmark = pytest.mark.skipif(not CORPUS2.is_dir() and os.environ.get("CI") != "true",
                                reason=f"the shared corpus is not at {CORPUS2}")

W, E = "warning", "error"
EXPECTED = {
    "001-spark-defaults.conf": [("SL004", 2, W),    # spark-master: did you mean spark.master
                                ("SL002", 16, W)],  # spark.yarn.historyServer.address set twice (16/32)
    # spark.connect.grpc.binding.host / .arrow.enabled (NOTES, second reading); seven keys set twice
    "002-spark-defaults.conf": [("SL003", 3, W), ("SL003", 4, W), ("SL002", 7, W), ("SL002", 8, W), ("SL002", 54, W),
                                ("SL002", 55, W), ("SL002", 58, W), ("SL002", 59, W), ("SL002", 84, W)],
    "005-spark-defaults.conf": [("SL601", 31, E)],  # username=admin,password=... in the UI filter's .params
    "014-sparkapp.yaml": [("SL004", 17, W)],  # fs.http.impl without spark.hadoop.
    # maxResultSize 5g over the 4G heap; SL106 (4 task slots on 1500m) is disputed, see test_corpus.DISPUTED2.
    # Not SL104: the 4000m overhead over the 1500m heap is deliberate (Python/GDAL), NOTES "not a problem".
    "019-sparkapp.yaml": [("SL107", 33, W), ("SL106", 143, W)],
    # four s3a keys written twice; not SL601: credentials.provider.mapping holds class names
    "020-sparkapp.yaml": [("SL002", 90, W), ("SL002", 91, W), ("SL002", 92, W), ("SL002", 93, W)],
    "026-emr-cluster.tf": [("SL004", 61, W)],  # maximizeResourceAllocation in spark-defaults
    # hive.metastore.client.factory.class without spark.hadoop.; 3 executors start, not 2
    "032-emr-serverless-job-driver.json": [("SL004", 4, W), ("SL201", 4, W)],
    # AWS_SECRET_ACCESS_KEY=password in the environment of the three Spark services (not minio's own)
    # Databricks (read by dialects/databricks.py, NOTES: none): the UI's single-node layout (num_workers 0, singleNode
    # profile, local[*, 4]) is not SL354; dbx spark_env_vars take keys through {{secrets/...}}, not SL601.
    "046-databricks-cluster.json": [],
    "047-databricks-dbx-deployment.json": [],
    # Dataproc (dialects/dataproc.py): a BigQuery Spark procedure on Serverless runtime 2.1 (Spark 3.4.0 on the
    # runtime page) pulls Iceberg's runtime for Spark 3.3 (NOTES).
    "049-bigquery-spark-procedure.tf": [("SL323", 91, W)],
    # Synapse (read by dialects/synapse.py): the artifact's values are legal (NOTES: none); the pool's spark_config
    # sets spark.shuffle.spill, which Spark ignores since 1.6 (NOTES).
    "052-synapse-spark-configuration.json": [],
    "053-synapse-spark-pool.tf": [("SL005", 27, W)],
    "058-docker-compose.yml": [("SL601", 20, E), ("SL601", 87, E), ("SL601", 116, E)],
}


def _lint_alone(name: str, tmp_path, capsys) -> tuple[int, list[tuple[str, int, str]]]:
    folder = tmp_path / name.replace(".", "_")
    folder.mkdir()
    shutil.copy(CORPUS2 / name, folder / name)
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        capsys.readouterr()
        code = main(["--format", "json", name])
    finally:
        os.chdir(cwd)
    out = capsys.readouterr().out
    return code, [(finding["rule"], finding["line"], finding["severity"]) for finding in json.loads(out)]


def test_each_configuration_file_gets_exactly_what_notes_supports(tmp_path, capsys):
    names = sorted(name for name in os.listdir(CORPUS2)
                   if name[:3].isdigit() and not name.endswith((".py", ".ipynb", ".sh")))
    assert set(EXPECTED) <= set(names) and len(names) >= 30
    for name in names:
        code, found = _lint_alone(name, tmp_path, capsys)
        expected = EXPECTED.get(name, [])
        assert (name, found) == (name, expected)
        assert code == (1 if expected else 0), name
