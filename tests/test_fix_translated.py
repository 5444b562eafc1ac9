"""SL005's safe fix for the two keys whose value Spark translates for their replacement
(SparkConf.configsWithAlternatives): the key renamed and the value written as Spark computes it, in each
syntax the key can be written in, byte for byte; no fix where Spark's translation would not be exact."""

from __future__ import annotations

import pytest

from fixcheck import assert_fixes, findings
from sparklint.knowledge.translations import translated_value

NOTEBOOK = (
    '{\n "cells": [\n  {\n   "cell_type": "code",\n   "execution_count": null,\n   "metadata": {},\n'
    '   "outputs": [],\n   "source": [\n    "%%configure -f\\n",\n'
    '    "{\\"conf\\": {\\"spark.kryoserializer.buffer.mb\\": \\"0.064\\",\\n",\n'
    '    "  \\"spark.app.name\\": \\"etl\\"}}\\n"\n   ]\n  }\n ],\n'
    ' "metadata": {},\n "nbformat": 4,\n "nbformat_minor": 5\n}\n')
SUBMIT = ('{"applicationId": "00abc", "executionRoleArn": "arn:aws:iam::1:role/r",\n'
          ' "jobDriver": {"sparkSubmit": {"entryPoint": "s3://b/main.py",\n'
          '   "sparkSubmitParameters": "--conf spark.kryoserializer.buffer.mb=2 --conf spark.executor.memory=4g"}}}\n')
K8S = ("apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\nmetadata:\n  name: etl\nspec:\n"
       "  type: Python\n  mainApplicationFile: local:///app.py\n  sparkConf:\n")

CASES = [
    ("properties, separator and CRLF kept", "spark-defaults.conf",
     "# serializer\r\nspark.kryoserializer.buffer.mb   0.064\r\nspark.executor.memory 4g\r\n",
     "# serializer\r\nspark.kryoserializer.buffer   64k\r\nspark.executor.memory 4g\r\n"),
    ("properties, waitTries with '=' and no newline at the end", "spark-defaults.conf",
     "spark.yarn.applicationMaster.waitTries=10", "spark.yarn.am.waitTime=100s"),
    ("JSON number becomes a string", "livy.json",
     '{"file": "s3://b/a.py",\n "conf": {"spark.kryoserializer.buffer.mb": 2,\n          "spark.app.name": "x"}}\n',
     '{"file": "s3://b/a.py",\n "conf": {"spark.kryoserializer.buffer": "2000k",\n          "spark.app.name": "x"}}\n'),
    ("YAML, plain scalar and comment kept", "app.yaml",
     K8S + "    spark.kryoserializer.buffer.mb: 0.5   # small records\n    spark.app.name: etl\n",
     K8S + "    spark.kryoserializer.buffer: 500k   # small records\n    spark.app.name: etl\n"),
    ("YAML, single quotes kept", "app.yaml",
     K8S + "    'spark.kryoserializer.buffer.mb': '1'\n",
     K8S + "    'spark.kryoserializer.buffer': '1000k'\n"),
    ("notebook %%configure cell", "session.ipynb", NOTEBOOK,
     NOTEBOOK.replace('buffer.mb\\": \\"0.064', 'buffer\\": \\"64k')),
    ("Terraform map", "main.tf",
     'resource "databricks_cluster" "etl" {\n  cluster_name  = "etl"\n  spark_version = "13.3.x-scala2.12"\n'
     '  num_workers   = 2\n  spark_conf = {\n    "spark.kryoserializer.buffer.mb" = "0.25" # rows are small\n  }\n}\n',
     'resource "databricks_cluster" "etl" {\n  cluster_name  = "etl"\n  spark_version = "13.3.x-scala2.12"\n'
     '  num_workers   = 2\n  spark_conf = {\n    "spark.kryoserializer.buffer" = "250k" # rows are small\n  }\n}\n'),
    ("session builder, quotes kept", "job.py",
     'from pyspark.sql import SparkSession\nspark = (SparkSession.builder\n'
     "         .config('spark.kryoserializer.buffer.mb', '0.128')\n         .getOrCreate())\n",
     'from pyspark.sql import SparkSession\nspark = (SparkSession.builder\n'
     "         .config('spark.kryoserializer.buffer', '128k')\n         .getOrCreate())\n"),
    ("spark-submit string in JSON", "job.json", SUBMIT,
     SUBMIT.replace("spark.kryoserializer.buffer.mb=2", "spark.kryoserializer.buffer=2000k")),
    ("shell heredoc", "setup.sh",
     "#!/bin/bash\ncat > /opt/spark/conf/spark-defaults.conf <<EOF\nspark.kryoserializer.buffer.mb 0.064\nEOF\n",
     "#!/bin/bash\ncat > /opt/spark/conf/spark-defaults.conf <<EOF\nspark.kryoserializer.buffer 64k\nEOF\n"),
]


@pytest.mark.parametrize("case,name,before,after", CASES, ids=[case[0] for case in CASES])
def test_translated_rename(case, name, before, after, tmp_path, capsys, monkeypatch):
    assert before != after
    assert_fixes(tmp_path, capsys, monkeypatch, name, before, after, (), {"SL005"})


@pytest.mark.parametrize("value", ["0.0005", "1e3", "-1", "0x10", "2m", "1.0001", "3000000"])
def test_no_fix_where_the_translation_is_not_exact(value, tmp_path, capsys, monkeypatch):
    # 0.0005 * 1000 is truncated to 0 by .toInt; 3000000 * 1000 overflows an Int; the rest are not
    # plain decimals (Java's parseDouble reads 1e3 and a trailing d or f, we do not guess).
    (tmp_path / "spark-defaults.conf").write_text(f"spark.kryoserializer.buffer.mb {value}\n", encoding="utf-8")
    found = [finding for finding in findings(tmp_path, capsys, monkeypatch) if finding["rule"] == "SL005"]
    assert found and all("edit" not in finding for finding in found)


def test_no_fix_when_the_replacement_is_set_too(tmp_path, capsys, monkeypatch):
    (tmp_path / "spark-defaults.conf").write_text(
        "spark.kryoserializer.buffer.mb 1\nspark.kryoserializer.buffer 64k\n", encoding="utf-8")
    found = [finding for finding in findings(tmp_path, capsys, monkeypatch) if finding["rule"] == "SL005"]
    assert [finding["line"] for finding in found] == [1] and "edit" not in found[0]


def test_the_edit_names_spark_s_value_and_is_safe(tmp_path, capsys, monkeypatch):
    (tmp_path / "spark-defaults.conf").write_text("spark.kryoserializer.buffer.mb 2\n", encoding="utf-8")
    finding = findings(tmp_path, capsys, monkeypatch)[0]
    assert finding["rule"] == "SL005" and finding["fix"] == "Replace it with spark.kryoserializer.buffer=2000k."
    assert finding["edit"]["safe"] is True
    assert (finding["edit"]["column"], finding["edit"]["end_column"]) == (1, 33)
    assert finding["edit"]["replacement"] == "spark.kryoserializer.buffer 2000k"


def test_every_translated_key_of_the_catalog_has_its_translation():
    # A Spark release that adds a translated alternative must add it to knowledge/translations.py too.
    from sparklint.knowledge.catalog import catalog
    from sparklint.knowledge.translations import has_translation

    spark = catalog()
    translated = {key for version in spark.versions for key in ("spark.kryoserializer.buffer.mb",
                  "spark.yarn.applicationMaster.waitTries") if spark.deprecation(key, version).translated}
    assert translated == {"spark.kryoserializer.buffer.mb", "spark.yarn.applicationMaster.waitTries"}
    import json

    from sparklint.knowledge import catalog as module

    data = json.loads(module._DATA.read_text(encoding="utf-8"))
    flagged = {key for key, variants in data["deprecated"].items()
               if any(len(variant) > 3 and (variant[3] or 0) & 32 for variant in variants)}
    assert all(has_translation(key) for key in flagged) and flagged


def test_translations_as_spark_computes_them():
    assert translated_value("spark.kryoserializer.buffer.mb", "0.064") == "64k"
    assert translated_value("spark.kryoserializer.buffer.mb", "2") == "2000k"  # x1000, as Spark does
    assert translated_value("spark.yarn.applicationMaster.waitTries", "10") == "100s"
    assert translated_value("spark.yarn.applicationMaster.waitTries", "+1") is None
    assert translated_value("spark.kryoserializer.buffer.max.mb", "64") is None  # read as written
