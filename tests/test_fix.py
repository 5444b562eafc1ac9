"""`sparklint --fix`: each fix on each file shape it applies to, byte for byte; round trip, idempotence,
the safe/unsafe split, `--diff` (a patch git accepts), `--fix-only`, exit codes, SARIF and JSON edits."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from fixcheck import assert_fixes, findings, run

NOTEBOOK_BEFORE = (
    '{\n "cells": [\n  {\n   "cell_type": "code",\n   "execution_count": null,\n   "metadata": {},\n'
    '   "outputs": [],\n   "source": [\n    "%%configure -f\\n",\n'
    '    "{\\"conf\\": {\\"spark.executor.memory\\": \\"1.5g\\",\\n",\n'
    '    "  \\"spark.sql.shuffle.partitions\\": \\"10\\",\\n",\n'
    '    "  \\"spark.sql.shuffle.partitions\\": \\"20\\"}}\\n"\n   ]\n  }\n ],\n'
    ' "metadata": {},\n "nbformat": 4,\n "nbformat_minor": 5\n}\n')

# (case, file name, before, after, extra flags, the rules whose findings the fix removes)
CASES = [
    ("SL006 properties, CRLF and comments kept", "spark-defaults.conf",
     "# sizes\r\nspark.executor.memory   1.5g\r\nspark.driver.memory 2g\r\n",
     "# sizes\r\nspark.executor.memory   1536m\r\nspark.driver.memory 2g\r\n", (), {"SL006"}),
    ("SL006 IEC suffix in JSON, the escapes around kept", "livy.json",
     '{\n  "file": "s3://b/app.py",\n  "conf": {"spark.executor.memory": "4gib",\n'
     '           "spark.app.name": "caf\\u00e9"}\n}\n',
     '{\n  "file": "s3://b/app.py",\n  "conf": {"spark.executor.memory": "4g",\n'
     '           "spark.app.name": "caf\\u00e9"}\n}\n', (), {"SL006"}),
    ("SL006 YAML, quoting style and comment kept", "app.yaml",
     "apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\nmetadata:\n  name: etl\nspec:\n"
     "  type: Python\n  mainApplicationFile: local:///app.py\n  sparkConf:\n"
     "    spark.executor.memory: '1.5g'   # heap\n    \"spark.driver.memory\": \"2 g\"\n",
     "apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\nmetadata:\n  name: etl\nspec:\n"
     "  type: Python\n  mainApplicationFile: local:///app.py\n  sparkConf:\n"
     "    spark.executor.memory: '1536m'   # heap\n    \"spark.driver.memory\": \"2g\"\n", (), {"SL006"}),
    ("SL006 and SL002 in a notebook's %%configure cell", "session.ipynb", NOTEBOOK_BEFORE,
     NOTEBOOK_BEFORE.replace('1.5g', '1536m').replace('    "  \\"spark.sql.shuffle.partitions\\": \\"10\\",\\n",\n', ''),
     (), {"SL006", "SL002"}),
    ("SL006 and SL005 in Terraform, the comment kept", "main.tf",
     'resource "databricks_cluster" "etl" {\n  cluster_name  = "etl"\n  spark_version = "13.3.x-scala2.12"\n'
     '  num_workers   = 2\n  spark_conf = {\n    # heap\n    "spark.executor.memory" = "1.5g"\n'
     '    "spark.yarn.executor.memoryOverhead" = "512"\n  }\n}\n',
     'resource "databricks_cluster" "etl" {\n  cluster_name  = "etl"\n  spark_version = "13.3.x-scala2.12"\n'
     '  num_workers   = 2\n  spark_conf = {\n    # heap\n    "spark.executor.memory" = "1536m"\n'
     '    "spark.executor.memoryOverhead" = "512"\n  }\n}\n', (), {"SL006", "SL005"}),
    ("SL006 and SL005 in Terraform jsonencode, the comment kept", "main.tf",
     'resource "aws_emr_cluster" "c" {\n  name          = "c"\n  release_label = "emr-6.15.0"\n'
     '  configurations_json = jsonencode([\n    {\n      Classification = "spark-defaults"\n      Properties = {\n'
     '        "spark.executor.memory"              = "1.5g" # heap\n'
     '        "spark.yarn.executor.memoryOverhead" = "512"\n      }\n    }\n  ])\n}\n',
     'resource "aws_emr_cluster" "c" {\n  name          = "c"\n  release_label = "emr-6.15.0"\n'
     '  configurations_json = jsonencode([\n    {\n      Classification = "spark-defaults"\n      Properties = {\n'
     '        "spark.executor.memory"              = "1536m" # heap\n'
     '        "spark.executor.memoryOverhead" = "512"\n      }\n    }\n  ])\n}\n', (), {"SL006", "SL005"}),
    ("SL006 and SL005 in a shell heredoc", "setup.sh",
     "#!/bin/bash\ncat > /opt/spark/conf/spark-defaults.conf <<EOF\nspark.executor.memory 1.5g\n"
     "spark.yarn.executor.memoryOverhead 512\nEOF\n",
     "#!/bin/bash\ncat > /opt/spark/conf/spark-defaults.conf <<EOF\nspark.executor.memory 1536m\n"
     "spark.executor.memoryOverhead 512\nEOF\n", (), {"SL006", "SL005"}),
    ("SL005 in a session builder, quotes kept", "job.py",
     'from pyspark.sql import SparkSession\nspark = (SparkSession.builder\n'
     "         .config('spark.yarn.executor.memoryOverhead', '512')\n         .getOrCreate())\n",
     'from pyspark.sql import SparkSession\nspark = (SparkSession.builder\n'
     "         .config('spark.executor.memoryOverhead', '512')\n         .getOrCreate())\n", (), {"SL005"}),
    ("SL005 in JSON with a number value", "livy.json",
     '{"file": "s3://b/app.py", "conf": {"spark.yarn.executor.memoryOverhead": 512}}',
     '{"file": "s3://b/app.py", "conf": {"spark.executor.memoryOverhead": 512}}', (), {"SL005"}),
    ("SL002 properties: the earlier line goes, the comment above the winner stays", "spark-defaults.conf",
     "spark.serializer  org.apache.spark.serializer.JavaSerializer\nspark.executor.memory 4g\n# Kryo\n"
     "spark.serializer  org.apache.spark.serializer.KryoSerializer\n",
     "spark.executor.memory 4g\n# Kryo\nspark.serializer  org.apache.spark.serializer.KryoSerializer\n",
     (), {"SL002"}),
    ("SL002 in a one-line JSON map", "livy.json",
     '{"file": "s3://b/app.py", "conf": {"spark.sql.shuffle.partitions": "10", "spark.sql.shuffle.partitions": "20"}}\n',
     '{"file": "s3://b/app.py", "conf": {"spark.sql.shuffle.partitions": "20"}}\n', (), {"SL002"}),
    ("SL002 in YAML", "app.yaml",
     "apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\nmetadata:\n  name: etl\nspec:\n"
     "  type: Python\n  mainApplicationFile: local:///app.py\n  sparkConf:\n"
     "    spark.sql.shuffle.partitions: \"10\"  # old\n    # tuned\n    spark.sql.shuffle.partitions: \"20\"\n",
     "apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\nmetadata:\n  name: etl\nspec:\n"
     "  type: Python\n  mainApplicationFile: local:///app.py\n  sparkConf:\n"
     "    # tuned\n    spark.sql.shuffle.partitions: \"20\"\n", (), {"SL002"}),
    ("SL006, SL005 and SL002 inside an EMR Serverless sparkSubmitParameters string", "job.json",
     '{"applicationId": "00abc", "executionRoleArn": "arn:aws:iam::1:role/r",\n'
     ' "jobDriver": {"sparkSubmit": {"entryPoint": "s3://b/main.py",\n'
     '   "sparkSubmitParameters": "--conf spark.executor.memory=4608k --conf spark.driver.memory=2.5g '
     '--conf spark.yarn.executor.memoryOverhead=512 --conf spark.sql.shuffle.partitions=10 '
     '--conf spark.sql.shuffle.partitions=20"}}}\n',
     '{"applicationId": "00abc", "executionRoleArn": "arn:aws:iam::1:role/r",\n'
     ' "jobDriver": {"sparkSubmit": {"entryPoint": "s3://b/main.py",\n'
     '   "sparkSubmitParameters": "--conf spark.executor.memory=4608k --conf spark.driver.memory=2560m '
     '--conf spark.executor.memoryOverhead=512 --conf spark.sql.shuffle.partitions=20"}}}\n',
     (), {"SL006", "SL005", "SL002"}),
    ("SL201 (unsafe): initialExecutors added after spark.executor.instances", "job.json",
     '{"applicationId": "00abc", "executionRoleArn": "arn:aws:iam::1:role/r",\n'
     ' "jobDriver": {"sparkSubmit": {"entryPoint": "s3://b/main.py",\n'
     '   "sparkSubmitParameters": "--conf spark.executor.instances=1 --conf spark.executor.memory=4g"}}}\n',
     '{"applicationId": "00abc", "executionRoleArn": "arn:aws:iam::1:role/r",\n'
     ' "jobDriver": {"sparkSubmit": {"entryPoint": "s3://b/main.py",\n'
     '   "sparkSubmitParameters": "--conf spark.executor.instances=1 --conf spark.dynamicAllocation.initialExecutors=1 '
     '--conf spark.executor.memory=4g"}}}\n', ("--unsafe-fixes",), {"SL201"}),
    ("SL201 (unsafe): the written initialExecutors lowered, in YAML", "app.yaml",
     "apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\nmetadata:\n  name: etl\nspec:\n"
     "  type: Python\n  mainApplicationFile: local:///app.py\n  sparkConf:\n"
     "    spark.dynamicAllocation.enabled: \"true\"\n    spark.dynamicAllocation.shuffleTracking.enabled: \"true\"\n"
     "    spark.dynamicAllocation.initialExecutors: \"5\"  # warm start\n    spark.executor.instances: \"2\"\n",
     "apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\nmetadata:\n  name: etl\nspec:\n"
     "  type: Python\n  mainApplicationFile: local:///app.py\n  sparkConf:\n"
     "    spark.dynamicAllocation.enabled: \"true\"\n    spark.dynamicAllocation.shuffleTracking.enabled: \"true\"\n"
     "    spark.dynamicAllocation.initialExecutors: \"2\"  # warm start\n    spark.executor.instances: \"2\"\n",
     ("--unsafe-fixes",), {"SL201"}),
    ("SL101 (unsafe): a unit-less heap gets the MiB it is sized in, in a Livy body", "livy.json",
     '{"file": "s3://b/app.py", "conf": {"spark.executor.memory": "4096", "spark.driver.memory": 2048}}\n',
     '{"file": "s3://b/app.py", "conf": {"spark.executor.memory": "4096m", "spark.driver.memory": "2048m"}}\n',
     ("--unsafe-fixes",), {"SL101"}),
    ("SL601 (unsafe): a compose service's secret becomes a ${VARIABLE}", "docker-compose.yml",
     "services:\n  spark-master:\n    image: bitnami/spark:3.5\n    environment:\n      SPARK_MODE: master\n"
     "      AWS_SECRET_ACCESS_KEY: wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY   # from the console\n",
     "services:\n  spark-master:\n    image: bitnami/spark:3.5\n    environment:\n      SPARK_MODE: master\n"
     "      AWS_SECRET_ACCESS_KEY: \"${AWS_SECRET_ACCESS_KEY}\"   # from the console\n",
     ("--unsafe-fixes",), {"SL601"}),
    ("SL003 did-you-mean (unsafe) in properties, no newline at the end", "spark-defaults.conf",
     "spark.executr.cores 2", "spark.executor.cores 2", ("--unsafe-fixes",), {"SL003"}),
]


_run, _findings = run, findings


@pytest.mark.parametrize("case,name,before,after,flags,fixed_rules", CASES, ids=[case[0] for case in CASES])
def test_fix_rewrites_only_the_edited_span(case, name, before, after, flags, fixed_rules, tmp_path, capsys,
                                           monkeypatch):
    assert_fixes(tmp_path, capsys, monkeypatch, name, before, after, flags, fixed_rules)


def test_unsafe_fix_needs_the_flag(tmp_path, capsys, monkeypatch):
    target = tmp_path / "spark-defaults.conf"
    target.write_text("spark.executr.cores 2\n", encoding="utf-8")
    code, out, err = _run(tmp_path, capsys, monkeypatch, "--fix", ".")
    assert target.read_text(encoding="utf-8") == "spark.executr.cores 2\n"
    assert code == 1 and "SL003" in out
    assert "1 more with --unsafe-fixes" in err
    edit = _findings(tmp_path, capsys, monkeypatch)[0]["edit"]
    assert edit["safe"] is False and edit["replacement"] == "spark.executor.cores"


def test_diff_changes_nothing_and_git_applies_it(tmp_path, capsys, monkeypatch):
    before = "spark.executor.memory 1.5g\nspark.yarn.executor.memoryOverhead 512\n"
    (tmp_path / "spark-defaults.conf").write_text(before, encoding="utf-8")
    (tmp_path / "livy.json").write_text('{"file": "a.py", "conf": {"spark.driver.memory": "0.5g"}}',
                                        encoding="utf-8")
    code, out, _ = _run(tmp_path, capsys, monkeypatch, "--diff", ".")
    assert code == 1
    assert (tmp_path / "spark-defaults.conf").read_text(encoding="utf-8") == before
    assert "+spark.executor.memory 1536m\n" in out and "\\ No newline at end of file\n" in out
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    (tmp_path / "fixes.patch").write_text(out, encoding="utf-8")
    subprocess.run(["git", "apply", "--check", "fixes.patch"], cwd=tmp_path, check=True)
    subprocess.run(["git", "apply", "fixes.patch"], cwd=tmp_path, check=True)
    assert (tmp_path / "livy.json").read_text(encoding="utf-8") == '{"file": "a.py", "conf": {"spark.driver.memory": "512m"}}'


@pytest.mark.skipif(os.sep == "\\", reason="a backslash separates folders on Windows")
def test_diff_names_a_file_with_a_backslash_as_it_is(tmp_path, capsys, monkeypatch):
    name = 'q"\\}.conf'  # a backslash (and a quote) are a POSIX file name's own characters
    (tmp_path / name).write_text("spark.executor.memory 1.5g\n", encoding="utf-8")
    code, out, _ = _run(tmp_path, capsys, monkeypatch, "--diff", ".")
    assert code == 1 and f"--- a/{name}\n+++ b/{name}\n" in out
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    (tmp_path / "fixes.patch").write_text(out, encoding="utf-8")
    subprocess.run(["git", "apply", "fixes.patch"], cwd=tmp_path, check=True)
    assert (tmp_path / name).read_text(encoding="utf-8") == "spark.executor.memory 1536m\n"


def test_fix_only_reports_nothing_else_and_exits_0(tmp_path, capsys, monkeypatch):
    (tmp_path / "spark-defaults.conf").write_text("spark.executor.memory 1.5g\nspark.executr.cores 2\n",
                                                  encoding="utf-8")
    code, out, err = _run(tmp_path, capsys, monkeypatch, "--fix-only", ".")
    assert (code, out) == (0, "")
    assert "fixed 1 finding in 1 file" in err
    assert (tmp_path / "spark-defaults.conf").read_text(encoding="utf-8") == "spark.executor.memory 1536m\nspark.executr.cores 2\n"


def test_fix_reports_what_is_left(tmp_path, capsys, monkeypatch):
    (tmp_path / "spark-defaults.conf").write_text("spark.executor.memory 1.5g\nspark.memory.fraction 1.5\n",
                                                  encoding="utf-8")
    code, out, _ = _run(tmp_path, capsys, monkeypatch, "--fix", "--format", "json", ".")
    left = json.loads(out)
    assert code == 1
    assert [(finding["rule"], finding["line"]) for finding in left] == [("SL006", 2)]


def test_clean_files_are_not_touched(tmp_path, capsys, monkeypatch):
    target = tmp_path / "spark-defaults.conf"
    target.write_text("spark.executor.memory 4g\n", encoding="utf-8")
    stamp = target.stat().st_mtime_ns
    assert _run(tmp_path, capsys, monkeypatch, "--fix", ".")[0] == 0
    assert target.stat().st_mtime_ns == stamp


def test_a_conf_word_with_escapes_or_quotes_gets_no_fix(tmp_path, capsys, monkeypatch):
    # An escape in the JSON string, or shell quotes in the word: string positions are not file positions.
    (tmp_path / "job.json").write_text(
        '{"applicationId": "a", "executionRoleArn": "arn:aws:iam::1:role/r", "jobDriver": {"sparkSubmit": '
        '{"entryPoint": "s3://b/m.py", "sparkSubmitParameters": "--conf \\"spark.app.name=x y\\" '
        '--conf spark.executor.memory=1.5g --conf \'spark.driver.memory=2.5g\'"}}}', encoding="utf-8")
    found = _findings(tmp_path, capsys, monkeypatch)
    assert {finding["rule"] for finding in found} >= {"SL006"}
    assert all("edit" not in finding for finding in found)


def test_a_size_not_whole_in_the_keys_unit_gets_no_fix(tmp_path, capsys, monkeypatch):
    # spark.executor.memory is read in MiB (truncating): 0.5m is 512 KiB, not a whole MiB.
    (tmp_path / "spark-defaults.conf").write_text("spark.executor.memory 4.5k\n", encoding="utf-8")
    assert all("edit" not in finding for finding in _findings(tmp_path, capsys, monkeypatch))


def test_an_edit_that_would_change_anything_else_is_refused():
    from sparklint.fix.apply import proves
    from sparklint.fix.intent import Edit, Expect

    text = "spark.executor.memory 1.5g\nspark.driver.memory 2g\n"
    expect = Expect("properties", 0, -1, (), 0, "value", "1536m")
    good = Edit(True, "", 22, 26, "1536m", 1, 23, 1, 27, expect)
    assert proves("spark-defaults.conf", text, "properties", good)
    # The same promise, but the replacement also eats the next line's key.
    greedy = good._replace(end=len("spark.executor.memory 1.5g\nspark."), text="1536m\n")
    assert not proves("spark-defaults.conf", text, "properties", greedy)
    # Right value, wrong spot: the text now holds a different key.
    assert not proves("spark-defaults.conf", text, "properties", good._replace(start=0, end=5, text="1536m"))


def test_sarif_and_json_carry_the_same_edit(tmp_path, capsys, monkeypatch):
    (tmp_path / "spark-defaults.conf").write_text("spark.executor.memory 1.5g\n", encoding="utf-8")
    edit = _findings(tmp_path, capsys, monkeypatch)[0]["edit"]
    assert edit == {"safe": True, "title": "Set spark.executor.memory to 1536m", "line": 1, "column": 23,
                    "end_line": 1, "end_column": 27, "replacement": "1536m"}
    log = json.loads(_run(tmp_path, capsys, monkeypatch, "--format", "sarif", ".")[1])
    fix = log["runs"][0]["results"][0]["fixes"][0]
    change = fix["artifactChanges"][0]
    assert change["artifactLocation"]["uri"] == "spark-defaults.conf"
    assert change["replacements"] == [{"deletedRegion": {"startLine": 1, "startColumn": 23, "endLine": 1,
                                                         "endColumn": 27}, "insertedContent": {"text": "1536m"}}]
    assert fix["description"]["text"].startswith("Set spark.executor.memory to 1536m (safe")


def test_readme_fix_example_prints_the_diff_it_shows(tmp_path, capsys, monkeypatch):
    import re

    from conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    example = re.search(r"<!-- fix-example: begin -->\n```conf\n(.*?)```\n", readme, re.DOTALL).group(1)
    shown = re.search(r"<!-- fix-diff: begin -->\n```diff\n(.*?)```\n", readme, re.DOTALL).group(1)
    (tmp_path / "spark-defaults.conf").write_text(example, encoding="utf-8")
    code, out, _ = _run(tmp_path, capsys, monkeypatch, "--diff", "--unsafe-fixes", "spark-defaults.conf")
    assert (code, out) == (1, shown)
    assert (tmp_path / "spark-defaults.conf").read_text(encoding="utf-8") == example
    code, out, _ = _run(tmp_path, capsys, monkeypatch, "--fix", "spark-defaults.conf")
    assert code == 1 and "SL003" in out and "spark.executr.cores" in out


def test_diff_never_prints_a_secret_or_a_control_character(tmp_path, capsys, monkeypatch):
    (tmp_path / "docker-compose.yml").write_text(
        "services:\n  spark:\n    image: bitnami/spark:3.5\n    environment:\n"
        "      AWS_SECRET_ACCESS_KEY: wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY\n", encoding="utf-8")
    (tmp_path / "spark-defaults.conf").write_text("spark.executor.memory 1.5g\nspark.app.name a\x1b[2J\n",
                                                  encoding="utf-8")
    code, out, err = _run(tmp_path, capsys, monkeypatch, "--diff", "--unsafe-fixes", ".")
    assert code == 1
    assert "EXAMPLEKEY" not in out + err and "\x1b" not in out
    assert '+      AWS_SECRET_ACCESS_KEY: "${AWS_SECRET_ACCESS_KEY}"\n' in out
    assert "docker-compose.yml: its diff masks secrets" in err


def test_standard_input_is_not_fixed(tmp_path, capsys, monkeypatch):
    import io

    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"spark.executor.memory 1.5g\n")))
    code, out, err = _run(tmp_path, capsys, monkeypatch, "--fix", "--stdin-filename", "spark-defaults.conf", "-")
    assert code == 1 and "SL006" in out
    assert "spark-defaults.conf: read from standard input, not fixed" in err
    assert not (tmp_path / "spark-defaults.conf").exists()


def test_a_did_you_mean_that_is_no_typo_gets_no_edit(tmp_path, capsys, monkeypatch):
    # corpus 062: `debug` is not a slip of `testing` (an internal switch); the message may name it, the
    # unsafe fix must not write it. `enable` -> `enabled` is one letter: fixed.
    (tmp_path / "spark-defaults.conf").write_text(
        "spark.streaming.dynamicAllocation.debug true\nspark.dynamicAllocation.shuffleTracking.enable true\n",
        encoding="utf-8")
    found = [finding for finding in _findings(tmp_path, capsys, monkeypatch) if finding["rule"] == "SL003"]
    assert [(finding["line"], "edit" in finding) for finding in found] == [(1, False), (2, True)]
