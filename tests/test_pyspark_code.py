"""PySpark code: `SparkSession.builder` chains and `SparkConf()` settings read with `ast`, in .py files and in
notebook code cells, literal arguments only.

Real examples (tests/fixtures/python/, copied byte for byte):
- db.py: intx4/sigmod2021 `db.py` @ fbbb0150;
- spark_manager.py: Sheiphan/Complaints_Prediction_NLP `src/config/spark_manager.py` @ b031bfa8.
"""

from __future__ import annotations

import json
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures" / "python"


def _explain(tmp_path, capsys, monkeypatch, files: dict[str, str]) -> list[dict]:
    from sparklint.cli import main

    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    assert main(["explain", "--format", "json", *files]) == 0
    return json.loads(capsys.readouterr().out)["configs"]


def test_real_session_builders_are_quiet(lint):
    files = {name: (FIXTURES / name).read_text(encoding="utf-8") for name in ("db.py", "spark_manager.py")}
    run = lint(files)
    assert run.code == 0 and run.findings == []


def test_builder_settings_with_their_positions_in_explain(tmp_path, capsys, monkeypatch):
    text = (FIXTURES / "spark_manager.py").read_text(encoding="utf-8")
    (explained,) = _explain(tmp_path, capsys, monkeypatch, {"spark_manager.py": text})
    assert explained["platform"] == "local"  # from .master('local[*]')
    settings = {item["key"]: item for item in explained["settings"]}
    assert settings["spark.master"]["source"] == "spark_manager.py:9 (SparkSession.builder.master())"
    assert settings["spark.executor.memoryOverhead"]["source"] == "spark_manager.py:13 (SparkSession.builder.config())"


def test_builder_mistakes_point_at_the_literal(lint):
    text = ("from pyspark.sql import SparkSession\n"
            "spark = (SparkSession.builder\n"
            "    .config('spark.executor.memry', '4g')\n"
            "    .config('spark.sql.shuffle.partitions', 'many')\n"
            "    .config('SPARK.sql.adaptive.enabled', True)\n"
            "    .config('spark.sql.shuffle.partitions', 8)\n"
            "    .getOrCreate())\n")
    run = lint({"job.py": text})
    assert run.rules() == [("SL003", 3, 13), ("SL002", 4, 45), ("SL006", 4, 45), ("SL004", 5, 13)]



def test_a_file_saved_with_a_byte_order_mark_is_read_as_python_reads_it(lint):
    """Python takes a leading UTF-8 BOM as the encoding mark (sparkmagic's livysession.py has one); the
    file is read, not skipped as a syntax error, and columns count the mark as the JSON reader does."""
    text = ("conf = SparkConf().set('spark.executor.memory', '1.5g')\n"
            "from pyspark import SparkConf\n"
            "spark = SparkSession.builder.config('spark.executor.memry', '4g').getOrCreate()\n")
    run = lint({"plain.py": text, "marked.py": "\ufeff" + text})
    found = sorted((f["path"], f["rule"], f["line"], f["column"], f["severity"]) for f in run.findings)
    assert found == [("marked.py", "SL003", 3, 37, "warning"), ("marked.py", "SL006", 1, 50, "error"),
                     ("plain.py", "SL003", 3, 37, "warning"), ("plain.py", "SL006", 1, 49, "error")]

def test_a_sparkconf_variable_collects_its_set_calls_and_feeds_the_builder(tmp_path, capsys, monkeypatch, lint):
    text = ("from pyspark import SparkConf\nfrom pyspark.sql import SparkSession\n"
            "conf = SparkConf().setAppName('etl').setMaster('yarn')\n"
            "conf.set('spark.executor.instances', '2')\n"
            "conf.setAll([('spark.dynamicAllocation.enabled', 'true'),\n"
            "             ('spark.dynamicAllocation.initialExecutors', '4')])\n"
            "spark = SparkSession.builder.config(conf=conf).config(map={'spark.executor.cores': '2'}).getOrCreate()\n")
    run = lint({"job.py": text})
    # One config (the SparkConf is read into the builder that uses it), so one finding, not two.
    assert run.rules() == [("SL201", 4, 38)]
    assert "starts 4 executors, not 2" in run.findings[0]["message"]
    (explained,) = _explain(tmp_path, capsys, monkeypatch, {"job2.py": text})
    settings = {item["key"]: item for item in explained["settings"]}
    assert explained["platform"] == "yarn"
    assert settings["spark.executor.cores"]["source"] == "job2.py:7 (SparkSession.builder.config())"
    assert settings["spark.executor.instances"]["source"] == "job2.py:4 (SparkSession.builder.set())"


def test_computed_values_and_unbound_names_are_not_judged(lint):
    text = ("import os\nfrom pyspark.sql import SparkSession\n"
            "spark = (SparkSession.builder.config('spark.executor.memory', os.environ['MEM'])\n"
            "    .config('spark.sql.shuffle.partitions', PARTITIONS)\n"
            "    .config('spark.driver.memory', f'{gb}g').getOrCreate())\n")
    assert lint({"job.py": text}).findings == []


def test_in_code_settings_beat_spark_submit_options():
    from sparklint.dialects.session_builder import IN_CODE
    from sparklint.model import RANK_TYPED

    # "Properties set directly on the SparkConf take highest precedence, then flags passed to spark-submit".
    assert IN_CODE.rank > RANK_TYPED


def test_notebook_code_cells_are_read_past_magics(lint):
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": ["SparkSession notes"]},
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": [
            "%pip install pyspark\n", "from pyspark.sql import SparkSession\n", "spark = (SparkSession.builder\n",
            "    .config('spark.executor.memry', '4g')\n", "    .getOrCreate())"]},
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
         "source": "%%sql\nSELECT 'SparkSession'"},
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": ["SparkConf(\n"]},
    ]
    notebook = json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1)
    run = lint({"nb.ipynb": notebook}, "--verbose")
    (finding,) = run.findings
    line = notebook.split("\n").index("    \"    .config('spark.executor.memry', '4g')\\n\",") + 1
    assert (finding["rule"], finding["line"], finding["column"], finding["cell"]) == ("SL003", line, 18, 1)
    assert "cell 4: Python syntax error" in run.err


def test_a_notebook_with_configure_and_builder_cells_reads_both(lint):
    cells = [
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
         "source": ["%%configure -f\n", "{\"conf\": {\"spark.executor.memry\": \"4g\"}}"]},
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
         "source": ["spark = SparkSession.builder.config('spark.driver.memry', '1g').getOrCreate()"]},
    ]
    notebook = json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1)
    run = lint({"nb.ipynb": notebook})
    assert sorted((finding["rule"], finding["cell"]) for finding in run.findings) == [("SL003", 0), ("SL003", 1)]


def test_other_libraries_keys_in_code_are_kept_and_slips_still_reported(lint):
    # Set in code, a key without `spark.` is not dropped: SparkConf stores it and SharedState copies it into
    # the Hadoop configuration, where Hive and connectors read theirs (the shape of a Dataproc notebook's
    # Neo4j and Hive sessions). A near-miss of a Spark key and an environment variable's name still are.
    text = ("from pyspark import SparkConf\nfrom pyspark.sql import SparkSession\n"
            "spark = (SparkSession.builder\n"
            "    .config('hive.metastore.uris', 'thrift://metastore:9083')\n"
            "    .config('neo4j.url', 'bolt://neo4j:7687')\n"
            "    .config('spark_executor_memory', '4g')\n"
            "    .config('PYSPARK_PYTHON', '/usr/bin/python3')\n"
            "    .enableHiveSupport().getOrCreate())\n"
            "conf = SparkConf().set('fs.gs.project.id', 'p').set('executor.memory', '2g')\n")
    run = lint({"job.py": text})
    assert run.code == 1
    assert [(f["rule"], f["line"], f["severity"]) for f in run.findings] == [
        ("SL004", 6, "warning"), ("SL004", 7, "warning"), ("SL004", 9, "warning")]
    assert "did you mean spark.executor.memory" in run.findings[0]["message"]
    assert "reads no such key" in run.findings[0]["message"]
    assert "'executor.memory'" in run.findings[2]["message"]
    quiet = text.replace("    .config('spark_executor_memory', '4g')\n    .config('PYSPARK_PYTHON', '/usr/bin/python3')\n",
                         "").replace(".set('executor.memory', '2g')", "")
    assert lint({"job.py": quiet}).code == 0
