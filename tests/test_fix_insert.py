"""SL201's unsafe fix where the file writes no initialExecutors: a new entry
`spark.dynamicAllocation.initialExecutors` after the entry it is about, in the map the file already has,
written as that entry is written (quoting, separator, indentation, line ending, comma), byte for byte."""

from __future__ import annotations

import pytest

from fixcheck import assert_fixes, findings

SERVERLESS = 'platform = "emr-serverless"\n'  # EMR Serverless starts 3 executors by default
NOTEBOOK = (
    '{\n "cells": [\n  {\n   "cell_type": "code",\n   "execution_count": null,\n   "metadata": {},\n'
    '   "outputs": [],\n   "source": [\n    "%%configure -f\\n",\n'
    '    "{\\"conf\\": {\\"spark.executor.instances\\": \\"1\\",\\n",\n'
    '    "  \\"spark.executor.memory\\": \\"4g\\"}}\\n"\n   ]\n  }\n ],\n'
    ' "metadata": {},\n "nbformat": 4,\n "nbformat_minor": 5\n}\n')
JOB_HEAD = ('{\n  "applicationId": "00abc",\n  "executionRoleArn": "arn:aws:iam::1:role/r",\n'
            '  "jobDriver": {"sparkSubmit": {"entryPoint": "s3://b/main.py"}},\n'
            '  "configurationOverrides": {\n    "applicationConfiguration": [\n      {\n'
            '        "classification": "spark-defaults",\n        "properties": {\n')
YAML_HEAD = ("applicationId: 00abc\nexecutionRoleArn: arn:aws:iam::1:role/r\njobDriver:\n  sparkSubmit:\n"
             "    entryPoint: s3://b/main.py\nconfigurationOverrides:\n  applicationConfiguration:\n"
             "    - classification: spark-defaults\n      properties:\n")
TF_HEAD = ('resource "aws_emr_cluster" "etl" {\n  name          = "etl"\n  release_label = "emr-7.1.0"\n'
           '  configurations_json = jsonencode([\n    {\n      Classification = "spark-defaults"\n'
           '      Properties = {\n')
TF_TAIL = '      }\n    }\n  ])\n}\n'

# (case, file name, before, after, .sparklint.toml or "")
CASES = [
    ("JSON StartJobRun, the anchor not last: its comma kept", "job.json",
     JOB_HEAD + '          "spark.executor.instances": "1",\n          "spark.executor.memory": "4g"\n'
     '        }\n      }\n    ]\n  }\n}\n',
     JOB_HEAD + '          "spark.executor.instances": "1",\n'
     '          "spark.dynamicAllocation.initialExecutors": "1",\n          "spark.executor.memory": "4g"\n'
     '        }\n      }\n    ]\n  }\n}\n', ""),
    ("JSON StartJobRun, the anchor last, a number", "job.json",
     JOB_HEAD + '          "spark.executor.memory": "4g",\n          "spark.executor.instances": 1\n'
     '        }\n      }\n    ]\n  }\n}\n',
     JOB_HEAD + '          "spark.executor.memory": "4g",\n          "spark.executor.instances": 1,\n'
     '          "spark.dynamicAllocation.initialExecutors": "1"\n        }\n      }\n    ]\n  }\n}\n', ""),
    ("JSON one-line map", "job.json",
     '{"applicationId": "00abc", "executionRoleArn": "arn:aws:iam::1:role/r", "jobDriver": {"sparkSubmit": '
     '{"entryPoint": "s3://b/main.py"}}, "configurationOverrides": {"applicationConfiguration": [{"classification": '
     '"spark-defaults", "properties": {"spark.executor.instances": "2"}}]}}',
     '{"applicationId": "00abc", "executionRoleArn": "arn:aws:iam::1:role/r", "jobDriver": {"sparkSubmit": '
     '{"entryPoint": "s3://b/main.py"}}, "configurationOverrides": {"applicationConfiguration": [{"classification": '
     '"spark-defaults", "properties": {"spark.executor.instances": "2", '
     '"spark.dynamicAllocation.initialExecutors": "2"}}]}}', ""),
    ("YAML block map, the comment stays on its line, the number quoted", "job.yaml",
     YAML_HEAD + "        spark.executor.instances: 1  # one is enough\n        spark.executor.memory: 4g\n",
     YAML_HEAD + "        spark.executor.instances: 1  # one is enough\n"
     "        spark.dynamicAllocation.initialExecutors: \"1\"\n        spark.executor.memory: 4g\n", ""),
    ("YAML block map, quoted key and value, last line without a newline", "job.yaml",
     YAML_HEAD + "        'spark.executor.instances': '2'",
     YAML_HEAD + "        'spark.executor.instances': '2'\n        'spark.dynamicAllocation.initialExecutors': '2'", ""),
    ("YAML flow map", "job.yaml",
     YAML_HEAD.replace("      properties:\n", "      properties: {spark.executor.instances: \"1\", "
                       "spark.executor.memory: 4g}\n"),
     YAML_HEAD.replace("      properties:\n", "      properties: {spark.executor.instances: \"1\", "
                       "spark.dynamicAllocation.initialExecutors: \"1\", spark.executor.memory: 4g}\n"), ""),
    ("properties, separator and CRLF copied", "spark-defaults.conf",
     "# sizing\r\nspark.executor.instances   2\r\nspark.executor.memory 4g\r\n",
     "# sizing\r\nspark.executor.instances   2\r\nspark.dynamicAllocation.initialExecutors   2\r\n"
     "spark.executor.memory 4g\r\n", SERVERLESS),
    ("properties, the last line without a newline", "spark-defaults.conf",
     "spark.executor.memory=4g\nspark.executor.instances=1",
     "spark.executor.memory=4g\nspark.executor.instances=1\nspark.dynamicAllocation.initialExecutors=1", SERVERLESS),
    ("notebook %%configure: on the anchor's source line", "session.ipynb", NOTEBOOK,
     NOTEBOOK.replace('instances\\": \\"1\\",',
                      'instances\\": \\"1\\", \\"spark.dynamicAllocation.initialExecutors\\": \\"1\\",'),
     SERVERLESS),
]


@pytest.mark.parametrize("case,name,before,after,config", CASES, ids=[case[0] for case in CASES])
def test_initial_executors_added_to_the_map(case, name, before, after, config, tmp_path, capsys, monkeypatch):
    assert before != after
    if config:
        (tmp_path / ".sparklint.toml").write_text(config, encoding="utf-8")
    assert_fixes(tmp_path, capsys, monkeypatch, name, before, after, ("--unsafe-fixes",), {"SL201"})


def test_the_insert_is_unsafe_and_names_the_new_key(tmp_path, capsys, monkeypatch):
    (tmp_path / ".sparklint.toml").write_text(SERVERLESS, encoding="utf-8")
    (tmp_path / "spark-defaults.conf").write_text("spark.executor.instances 1\n", encoding="utf-8")
    finding = findings(tmp_path, capsys, monkeypatch)[0]
    assert finding["rule"] == "SL201"
    assert finding["edit"] == {"safe": False, "title": "Set spark.dynamicAllocation.initialExecutors to 1",
                               "line": 2, "column": 1, "end_line": 2, "end_column": 1,
                               "replacement": "spark.dynamicAllocation.initialExecutors 1\n"}


def test_no_insert_into_a_session_builder(tmp_path, capsys, monkeypatch):
    # A builder call is not a map entry to copy: the message offers the fix, no edit is made up.
    (tmp_path / ".sparklint.toml").write_text(SERVERLESS, encoding="utf-8")
    (tmp_path / "job.py").write_text(
        "from pyspark.sql import SparkSession\n"
        "spark = SparkSession.builder.config('spark.executor.instances', '1').getOrCreate()\n", encoding="utf-8")
    found = [finding for finding in findings(tmp_path, capsys, monkeypatch) if finding["rule"] == "SL201"]
    assert found and "edit" not in found[0]


def test_hcl_map_insert_copies_the_entry_layout():
    # No platform default of initialExecutors reaches a Terraform map today (EMR Serverless
    # applications are not jobs), so SL201 never asks for it there; the insert itself is proven here.
    from sparklint.engine import Linter
    from sparklint.fix.apply import apply_edits, proves
    from sparklint.fix.intent import insert_beside
    from sparklint.fix.resolve import resolve
    from sparklint.registry import load_rules
    from sparklint.settings import Settings

    before = (TF_HEAD + '        "spark.executor.instances" = "1", # small\n'
              '        "spark.executor.memory"    = "4g"\n' + TF_TAIL)
    after = (TF_HEAD + '        "spark.executor.instances" = "1", # small\n'
             '        "spark.dynamicAllocation.initialExecutors" = "1",\n'
             '        "spark.executor.memory"    = "4g"\n' + TF_TAIL)
    linter = Linter(load_rules())
    setting = next(setting for config in linter.read("main.tf", before, Settings()).configs
                   for setting in config.written() if setting.key == "spark.executor.instances")
    edit = resolve(insert_beside(setting, "spark.dynamicAllocation.initialExecutors", "1", safe=False))
    assert edit is not None and proves("main.tf", before, "hcl", edit)
    assert apply_edits(before, [edit]) == after
