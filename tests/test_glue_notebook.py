"""AWS Glue interactive-session notebooks: `%glue_version`, `%worker_type`, `%number_of_workers`,
`%spark_conf` and `%%configure` (Glue job arguments, `conf` meaning `--conf`) read as the Glue session
they create, each setting at its line of the .ipynb; the Livy reading of `%%configure` does not apply."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import SHARED
from hostile import check_promises, outputs
from test_fuzz_hostile import EXAMPLES, KEYS, VALUES, texts


def notebook(*cells: str, kernel: str = "glue_pyspark") -> str:
    return json.dumps({"cells": [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
                                  "source": cell.splitlines(True)} for cell in cells],
                       "metadata": {"kernelspec": {"display_name": "Glue PySpark", "language": "python",
                                                   "name": kernel}},
                       "nbformat": 4, "nbformat_minor": 5}, indent=1)


def line_of(text: str, needle: str) -> int:
    return text[:text.index(needle)].count("\n") + 1


def column_of(text: str, needle: str) -> int:
    at = text.index(needle)
    return at - text.rfind("\n", 0, at)


SESSION = ('%glue_version 4.0\n%worker_type G.1X\n%number_of_workers 5\n%%configure\n{\n'
           '  "conf": "spark.sql.adaptive.enabled=true --conf spark.executor.memmory=4g",\n'
           '  "--datalake-formats": "delta"\n}')


def test_the_configure_body_is_glue_job_arguments_at_their_notebook_lines(lint):
    text = notebook(SESSION, "df = spark.read.parquet('s3://b/t')")
    run = lint({"session.ipynb": text})
    # The key inside the "conf" string, at its own characters of the .ipynb (past the escaped quotes).
    assert run.rules() == [("SL003", line_of(text, "spark.executor.memmory"), column_of(text, "spark.executor.memmory"))]
    assert "did you mean spark.executor.memory?" in run.findings[0]["message"]


def test_explain_shows_the_glue_session(lint):
    text = notebook(SESSION.replace("spark.executor.memmory=4g", "spark.executor.memory=4g"))
    run = lint({"session.ipynb": text}, "explain", "--format", "json")
    (config,) = run.findings["configs"]
    assert config["platform"] == "glue"
    assert "%glue_version" not in config["spark_version_source"]  # the CreateSession field it stands for
    assert "GlueVersion 4.0" in config["spark_version_source"] and config["spark_version"] == "3.3"
    memory = next(item for item in config["settings"] if item["key"] == "spark.executor.memory")
    assert f"session.ipynb:{line_of(text, 'spark.executor.memory=4g')}" in memory["source"]


def test_line_magics_set_the_conf_argument(lint):
    text = notebook("%glue_version 3.0\n%spark_conf spark.sql.shuffle.partitions=0\n")
    run = lint({"nb.ipynb": text})
    assert [(rule, line) for rule, line, _ in run.rules()] == [("SL006", line_of(text, "%spark_conf"))]


def test_spark_properties_as_job_arguments_never_reach_spark(lint):
    text = notebook('%%configure\n{"--spark.sql.shuffle.partitions": "400", "--enable-glue-datacatalog": "true"}')
    run = lint({"nb.ipynb": text})
    (finding,) = run.findings
    assert (finding["rule"], finding["line"]) == ("SL004", line_of(text, "--spark.sql.shuffle.partitions"))


def test_a_python_literal_body_is_not_evaluated_nor_reported(lint):
    text = notebook("%%configure\n{'--conf': 'spark.executor.memmory=4g', 'number_of_workers': 2}")
    run = lint({"nb.ipynb": text})
    assert (run.code, run.findings) == (0, [])


def test_glue_magics_mark_a_glue_notebook_under_another_kernel_name(lint):
    text = notebook("%worker_type G.2X\n%%configure\n{\"--conf\": \"spark.executor.memmory=4g\"}", kernel="python3")
    run = lint({"nb.ipynb": text})
    assert [rule for rule, _, _ in run.rules()] == ["SL003"]


@pytest.mark.skipif(not (SHARED / "corpus2").is_dir() and os.environ.get("CI") != "true",
                    reason="the shared corpus is not there")
def test_the_corpus_glue_notebook_is_read_and_quiet(lint):
    text = (SHARED / "corpus2" / "044-glue-notebook.ipynb").read_text(encoding="utf-8")
    run = lint({"glue.ipynb": text}, "explain", "--format", "json")
    configs = run.findings["configs"]  # the Glue session and its session-builder cell, which runs in it
    assert len(configs) == 2 and all(config["platform"] == "glue" for config in configs)
    assert all("GlueVersion 3.0" in config["spark_version_source"] for config in configs)
    assert lint({"glue.ipynb": text}).findings == []  # NOTES: none
    # Its --conf is read at its line: a misspelt key there is caught there.
    typo = lint({"glue.ipynb": text.replace("spark.sql.extensions=", "spark.sql.extension=")})
    assert [(rule, line) for rule, line, _ in typo.rules()] == [("SL003", line_of(text, "IcebergSparkSessionExtensions"))]


def test_the_code_cells_run_in_the_glue_session(lint):
    text = notebook("%glue_version 4.0\n%worker_type G.1X\n",
                    "from pyspark.sql import SparkSession\n"
                    "spark = SparkSession.builder.config('spark.sql.shuffle.partitions', '64').getOrCreate()")
    run = lint({"nb.ipynb": text}, "explain", "--format", "json")
    configs = run.findings["configs"]
    assert len(configs) == 2 and {config["platform"] for config in configs} == {"glue"}
    assert all("GlueVersion 4.0" in config["spark_version_source"] for config in configs)


@st.composite
def glue_notebooks(draw) -> str:
    lines = []
    for _ in range(draw(st.integers(0, 3))):
        magic = draw(st.sampled_from(["glue_version", "worker_type", "number_of_workers", "spark_conf", "idle_timeout"]))
        lines.append(f"%{magic} {draw(st.sampled_from(VALUES) | texts)}".replace("\n", " "))
    body = {draw(st.sampled_from(["conf", "--conf", "worker_type", "glue_version", "--spark.x", "tags"])):
            draw(st.sampled_from(VALUES) | texts | st.integers() | st.none())
            for _ in range(draw(st.integers(0, 3)))}
    if draw(st.booleans()):
        body["--conf"] = " --conf ".join(f"{draw(st.sampled_from(KEYS))}={draw(st.sampled_from(VALUES))}"
                                         for _ in range(draw(st.integers(1, 3))))
    cell = "\n".join(lines) + "\n%%configure\n" + json.dumps(body, indent=draw(st.sampled_from([None, 1])))
    if draw(st.booleans()):
        at = draw(st.integers(0, len(cell)))
        cell = cell[:at] + draw(st.sampled_from(["{", '"', "\\", "%", "\n"])) + cell[at:]
    return notebook(cell, kernel=draw(st.sampled_from(["glue_pyspark", "glue_spark", "python3"])))


@settings(max_examples=max(50, EXAMPLES // 3), deadline=None, suppress_health_check=list(HealthCheck))
@given(glue_notebooks())
def test_hostile_glue_notebooks_keep_every_promise(text):
    root = Path(tempfile.mkdtemp(prefix="sparklint-glue-nb-"))
    try:
        (root / "nb.ipynb").write_text(text, encoding="utf-8", errors="surrogatepass")
        check_promises(outputs(root), [])
    finally:
        shutil.rmtree(root, ignore_errors=True)
