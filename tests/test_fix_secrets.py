"""SL601's unsafe fix outside docker-compose: a secret Spark or Hadoop reads with substitution becomes
a reference resolved at run time (`${env:NAME}` for Spark's SSL passwords, `${env.NAME}` for
`spark.hadoop.*`), byte for byte in each syntax; no fix where the reference would not be read as one,
and the secret never printed, not even on the diff's `-` line."""

from __future__ import annotations

import pytest

from fixcheck import assert_fixes, findings, run

SECRET = "Zq8m1T3xR7pL2vN6sB4kW0yH5jD9fG2c"
K8S = ("apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\nmetadata:\n  name: etl\nspec:\n"
       "  type: Python\n  mainApplicationFile: local:///app.py\n  sparkConf:\n")
NOTEBOOK = (
    '{\n "cells": [\n  {\n   "cell_type": "code",\n   "execution_count": null,\n   "metadata": {},\n'
    '   "outputs": [],\n   "source": [\n    "%%configure -f\\n",\n'
    '    "{\\"conf\\": {\\"spark.ssl.keyStorePassword\\": \\"VALUE\\"}}\\n"\n   ]\n  }\n ],\n'
    ' "metadata": {},\n "nbformat": 4,\n "nbformat_minor": 5\n}\n')

CASES = [
    ("properties: S3A keys get the AWS SDK's variable names", "spark-defaults.conf",
     f"spark.hadoop.fs.s3a.access.key   AKIAZ7Q2M4X8C1V5B9N3\r\nspark.hadoop.fs.s3a.secret.key   {SECRET}\r\n",
     "spark.hadoop.fs.s3a.access.key   ${env.AWS_ACCESS_KEY_ID}\r\n"
     "spark.hadoop.fs.s3a.secret.key   ${env.AWS_SECRET_ACCESS_KEY}\r\n"),
    ("properties: an SSL password gets Spark's ${env:NAME}", "spark-defaults.conf",
     f"spark.ssl.enabled true\nspark.ssl.keyStore /etc/spark/ks.jks\nspark.ssl.keyStorePassword={SECRET}",
     "spark.ssl.enabled true\nspark.ssl.keyStore /etc/spark/ks.jks\n"
     "spark.ssl.keyStorePassword=${env:SPARK_SSL_KEY_STORE_PASSWORD}"),
    ("YAML SparkApplication: quoted, the comment kept", "app.yaml",
     K8S + f"    spark.ssl.ui.trustStorePassword: {SECRET}   # from the vault\n    spark.app.name: etl\n",
     K8S + "    spark.ssl.ui.trustStorePassword: \"${env:SPARK_SSL_UI_TRUST_STORE_PASSWORD}\"   # from the vault\n"
     "    spark.app.name: etl\n"),
    ("YAML SparkApplication: an ABFS account key", "app.yaml",
     K8S + f"    'spark.hadoop.fs.azure.account.key.acct.dfs.core.windows.net': '{SECRET}'\n",
     K8S + "    'spark.hadoop.fs.azure.account.key.acct.dfs.core.windows.net': "
     "'${env.FS_AZURE_ACCOUNT_KEY_ACCT_DFS_CORE_WINDOWS_NET}'\n"),
    ("JSON Livy body", "livy.json",
     '{"file": "s3://b/a.py",\n "conf": {"spark.hadoop.fs.s3a.secret.key": "' + SECRET + '", "spark.app.name": "x"}}\n',
     '{"file": "s3://b/a.py",\n "conf": {"spark.hadoop.fs.s3a.secret.key": "${env.AWS_SECRET_ACCESS_KEY}", '
     '"spark.app.name": "x"}}\n'),
    ("notebook %%configure cell", "session.ipynb", NOTEBOOK.replace("VALUE", SECRET),
     NOTEBOOK.replace("VALUE", "${env:SPARK_SSL_KEY_STORE_PASSWORD}")),
    ("session builder, double quotes", "job.py",
     'from pyspark.sql import SparkSession\nspark = (SparkSession.builder\n'
     f'         .config("spark.hadoop.fs.s3a.secret.key", "{SECRET}")\n         .getOrCreate())\n',
     'from pyspark.sql import SparkSession\nspark = (SparkSession.builder\n'
     '         .config("spark.hadoop.fs.s3a.secret.key", "${env.AWS_SECRET_ACCESS_KEY}")\n'
     '         .getOrCreate())\n'),
]


@pytest.mark.parametrize("case,name,before,after", CASES, ids=[case[0] for case in CASES])
def test_secret_becomes_a_runtime_reference(case, name, before, after, tmp_path, capsys, monkeypatch):
    assert before != after
    assert_fixes(tmp_path, capsys, monkeypatch, name, before, after, ("--unsafe-fixes",), {"SL601"})


@pytest.mark.parametrize("name,text", [
    ("spark-defaults.conf", f"spark.authenticate.secret {SECRET}\n"),  # read with getOption: no substitution
    ("conf.json", f'{{"spark.hadoop.fs.s3a.secret.key.{SECRET}": "x"}}'),  # the edit's title would show it
    ("spark-defaults.conf", f"spark.driver.extraJavaOptions -Djavax.net.ssl.trustStorePassword={SECRET}\n"),
    ("setup.sh", "#!/bin/bash\ncat > /opt/spark/conf/spark-defaults.conf <<EOF\n"
                 f"spark.hadoop.fs.s3a.secret.key {SECRET}\nEOF\n"),  # the shell would expand ${...}
    ("job.json", '{"applicationId": "a", "executionRoleArn": "arn:aws:iam::1:role/r", "jobDriver": {"sparkSubmit": '
                 '{"entryPoint": "s3://b/m.py", "sparkSubmitParameters": '
                 f'"--conf spark.hadoop.fs.s3a.secret.key={SECRET}"}}}}}}'),  # EMR Serverless: use the job role
])
def test_no_reference_where_it_would_not_be_read_as_one(name, text, tmp_path, capsys, monkeypatch):
    (tmp_path / name).write_text(text, encoding="utf-8")
    found = [finding for finding in findings(tmp_path, capsys, monkeypatch) if finding["rule"] == "SL601"]
    assert found and all("edit" not in finding for finding in found)


def test_the_diff_masks_every_secret_of_the_file(tmp_path, capsys, monkeypatch):
    other = "Pw7rT2mX9qL4zN8v"
    (tmp_path / "spark-defaults.conf").write_text(
        f"spark.hadoop.fs.s3a.secret.key {SECRET}\n"
        f"spark.driver.extraJavaOptions -Djavax.net.ssl.trustStorePassword={other}\n", encoding="utf-8")
    code, out, err = run(tmp_path, capsys, monkeypatch, "--diff", "--unsafe-fixes", ".")
    assert code == 1
    assert SECRET not in out + err and other not in out + err
    assert "+spark.hadoop.fs.s3a.secret.key ${env.AWS_SECRET_ACCESS_KEY}\n" in out
    assert "\n-spark.hadoop.fs.s3a.secret.key ****\n" in out
    assert "spark-defaults.conf: its diff masks secrets" in err
    edit = next(finding["edit"] for finding in findings(tmp_path, capsys, monkeypatch) if "edit" in finding)
    assert edit["safe"] is False and SECRET not in str(edit)


def test_the_diff_masks_a_secret_under_a_key_spark_drops(tmp_path, capsys, monkeypatch):
    # `{spark.ssl.keyPassword` does not start with `spark.`: Spark drops it (SL004), but what it holds was
    # written as a password, and the diff shows its line as context of the fix above it.
    (tmp_path / "spark-defaults.conf").write_text(
        f"spark.executor.memory 1.5g\n{{spark.ssl.keyPassword {SECRET}\n", encoding="utf-8")
    code, out, err = run(tmp_path, capsys, monkeypatch, "--diff", "--unsafe-fixes", ".")
    assert code == 1
    assert "+spark.executor.memory 1536m\n" in out and " {spark.ssl.keyPassword ****\n" in out
    assert SECRET not in out + err
