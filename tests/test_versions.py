"""The Spark version a file declares: the platform tables, which catalog version judges a config, the
precedence of `--spark-version` and the config file, and what explain and `--verbose` say about it."""

from __future__ import annotations

import json

import pytest

from sparklint.knowledge.catalog import catalog
from sparklint.knowledge.versions import (judged_version, spark_for_databricks_runtime, spark_for_dataproc_image,
                                          spark_for_dataproc_serverless, spark_for_emr_release,
                                          spark_for_glue_version)


@pytest.mark.parametrize("label, spark", [
    ("emr-5.36.1", "2.4"),  # not listed: between 5.35 (2.4.8) and 6.0 (2.4.4), one Spark minor
    ("emr-5.35.0", "2.4.8"),  # EMR on EKS 5.35.0 release notes: Spark 2.4.8-amzn-1
    ("emr-6.2.0", "3.0.1"), ("emr-6.9.0", "3.3.0"), ("emr-6.9.1", "3.3.0"), ("emr-6.9.0-latest", "3.3.0"),
    ("emr-6.10.0-20230624", "3.3.1"), ("emr-6.14.0", "3.4.1"), ("emr-6.15.0", "3.4.1"),
    ("emr-7.1.0", "3.5.0"),
    ("EMR-7.2.0", "3.5"),  # between 7.1 (3.5.0) and 7.3 (3.5.1)
    ("emr-7.13.0", "3.5.6"),
])
def test_emr_release_labels(label, spark):
    assert spark_for_emr_release(label).spark == spark


@pytest.mark.parametrize("label, inferred", [("emr-5.35.0", False), ("emr-5.36.0", True), ("emr-7.2.0", True)])
def test_a_release_no_page_settles_is_marked_inferred(label, inferred):
    assert spark_for_emr_release(label).inferred is inferred


@pytest.mark.parametrize("label", ["emr-6.7.0", "emr-8.0.0", "emr-latest", "6.9.0", ""])
def test_emr_release_labels_the_docs_do_not_settle_are_unknown(label):
    # 6.7 lies between 3.2 and 3.3 lines; 8.0 is beyond the table.
    assert spark_for_emr_release(label) is None


@pytest.mark.parametrize("function, written, spark", [
    (spark_for_glue_version, "2.0", "2.4"), (spark_for_glue_version, "3.0", "3.1.1"),
    (spark_for_glue_version, "4.0", "3.3.0"), (spark_for_glue_version, "5.0", "3.5.4"),
    (spark_for_databricks_runtime, "13.3.x-scala2.12", "3.4.1"),
    (spark_for_databricks_runtime, "14.3.x-photon-scala2.12", "3.5.0"),
    (spark_for_databricks_runtime, "15.4.x-cpu-ml-scala2.12", "3.5.0"),
    (spark_for_databricks_runtime, "15.1.x-scala2.12", "3.5"),  # between 14.3 and 15.4
    (spark_for_databricks_runtime, "17.3.x-scala2.13", "4.0.0"),
    (spark_for_dataproc_image, "2.1-debian11", "3.3"), (spark_for_dataproc_image, "2.2.20-debian12", "3.5"),
    (spark_for_dataproc_image, "3.0-debian12", "4.0.0"),
    (spark_for_dataproc_serverless, "1.1", "3.3.4"), (spark_for_dataproc_serverless, "2.1", "3.4.0"),
    (spark_for_dataproc_serverless, "2.2", "3.5.1"),
])
def test_platform_versions(function, written, spark):
    assert function(written).spark == spark


@pytest.mark.parametrize("function, written", [
    (spark_for_databricks_runtime, "custom:my-image"), (spark_for_databricks_runtime, "17.0.x-scala2.13"),
    (spark_for_glue_version, "9.0"), (spark_for_dataproc_serverless, "latest"),
])
def test_unknown_platform_versions(function, written):
    assert function(written) is None


def test_judged_version_keeps_catalog_versions_and_clamps_the_others():
    versions = catalog().versions
    assert judged_version("3.4.1", versions) == ("3.4", "")
    assert judged_version("4.2.0", versions) == ("4.2", "")
    older = judged_version("3.1.1", versions)
    assert older.catalog == versions[0] and "older than sparklint's catalog" in older.note
    newer = judged_version("9.0.0", versions)
    assert newer.catalog == versions[-1] and "newer than sparklint's catalog" in newer.note
    assert judged_version("latest", versions) is None


def spark_application(version: str) -> str:
    return f"""apiVersion: sparkoperator.k8s.io/v1beta2
kind: SparkApplication
metadata:
  name: pi
spec:
  type: Scala
  sparkVersion: "{version}"
  sparkConf:
    spark.log.structuredLogging.enabled: "true"
    spark.driver.timeout: "30min"
"""


SPARK4_ONLY = [("SL003", 9, 5), ("SL003", 10, 5)]  # keys Spark 4.0 added


def test_a_spark4_application_is_judged_by_spark4(lint):
    assert lint({"app.yaml": spark_application("4.2.0")}).rules() == []


def test_the_same_keys_under_spark_3_5_are_unknown(lint):
    run = lint({"app.yaml": spark_application("3.5.1")})
    assert run.rules() == SPARK4_ONLY
    assert all("Spark 3.5 has no property" in finding["message"] for finding in run.findings)


def test_spark_version_flag_overrides_the_file(lint):
    run = lint({"app.yaml": spark_application("4.2.0")}, "--spark-version", "3.5", "--verbose")
    assert run.rules() == SPARK4_ONLY
    assert "the file declares Spark 4.2.0 (spec.sparkVersion); --spark-version sets 3.5, which wins" in run.err


def test_config_file_overrides_the_file(lint):
    run = lint({"app.yaml": spark_application("4.2.0"), ".sparklint.toml": 'spark-version = "3.5"\n'})
    assert run.rules() == SPARK4_ONLY


def test_an_older_spark_is_judged_by_the_oldest_catalog_version_with_a_note(lint):
    run = lint({"app.yaml": spark_application("3.1.1")}, "--verbose")
    oldest = catalog().versions[0]
    assert run.rules() == SPARK4_ONLY
    assert all(f"Spark {oldest} has no property" in finding["message"] for finding in run.findings)
    assert f"app.yaml: Spark 3.1.1 is older than sparklint's catalog ({oldest}–" in run.err
    assert "judged by Spark 3.5" not in run.err


def test_the_note_is_verbose_only(lint):
    assert "older than" not in lint({"app.yaml": spark_application("3.1.1")}).err


APPLICATION = json.dumps({"name": "etl", "releaseLabel": "emr-6.9.0", "type": "SPARK",
                          "maximumCapacity": {"cpu": "400vCPU", "memory": "3000GB", "disk": "20000GB"}}, indent=2)
JOB = json.dumps({"applicationId": "etl", "name": "nightly", "jobDriver": {"sparkSubmit": {
    "entryPoint": "s3://bucket/job.py", "sparkSubmitParameters": "--conf spark.log.level=WARN"}}}, indent=2)


def test_an_emr_serverless_job_runs_on_its_applications_release(lint):
    # spark.log.level exists from Spark 3.5: on emr-6.9.0 (Spark 3.3.0) it is unknown.
    run = lint({"application.json": APPLICATION, "job.json": JOB})
    assert run.rules() == [("SL003", 7, 40)]  # the key inside sparkSubmitParameters
    assert run.findings[0]["path"] == "job.json" and "Spark 3.3 has no property spark.log.level" in \
        run.findings[0]["message"]
    newer = APPLICATION.replace("emr-6.9.0", "emr-7.1.0")
    assert lint({"application.json": newer, "job.json": JOB}).rules() == []


def test_emr_on_eks_release_label(lint):
    job = json.dumps({"name": "x", "virtualClusterId": "abc", "releaseLabel": "emr-6.9.0-latest",
                      "jobDriver": {"sparkSubmitJobDriver": {"entryPoint": "s3://b/job.py",
                                                             "sparkSubmitParameters": "--conf spark.log.level=WARN"}}},
                     indent=2)
    assert [rule for rule, _, _ in lint({"job.json": job}).rules()] == ["SL003"]


def test_glue_version(lint):
    job = json.dumps({"Name": "etl", "GlueVersion": "4.0", "Command": {"Name": "glueetl"},
                      "DefaultArguments": {"--conf": "spark.log.level=WARN"}}, indent=2)
    assert [rule for rule, _, _ in lint({"glue.json": job}).rules()] == ["SL003"]  # Glue 4.0: Spark 3.3.0
    assert lint({"glue.json": job.replace('"4.0"', '"5.0"')}).rules() == []


def test_terraform_release_label(lint):
    tf = '''resource "aws_emrserverless_application" "etl" {
  name          = "etl"
  release_label = "emr-6.9.0"
  type          = "spark"
  runtime_configuration {
    classification = "spark-defaults"
    properties = {
      "spark.log.level" = "WARN"
    }
  }
}
'''
    assert [rule for rule, line, _ in lint({"main.tf": tf}, paths=("main.tf",)).rules()] == ["SL003"]
    assert lint({"main.tf": tf.replace("emr-6.9.0", "emr-7.1.0")}, paths=("main.tf",)).rules() == []


def explain(capsys, monkeypatch, tmp_path, files: dict[str, str], *arguments: str) -> str:
    from sparklint.cli import main

    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    assert main(["explain", *arguments, *files]) == 0
    return capsys.readouterr().out


def test_explain_says_which_version_and_where_from(capsys, monkeypatch, tmp_path):
    files = {"application.json": APPLICATION, "job.json": JOB}
    config = json.loads(explain(capsys, monkeypatch, tmp_path, files, "--format", "json"))["configs"][0]
    assert (config["spark_version"], config["spark_version_note"]) == ("3.3", "")
    assert config["spark_version_source"] == ("releaseLabel emr-6.9.0 at application.json:3 "
                                              "(Spark 3.3.0, EMR on EKS release notes)")
    text = explain(capsys, monkeypatch, tmp_path, files)
    assert ("Spark version: 3.3, from releaseLabel emr-6.9.0 at application.json:3 "
            "(Spark 3.3.0, EMR on EKS release notes).") in text.splitlines()
    markdown = explain(capsys, monkeypatch, tmp_path, files, "--format", "markdown")
    assert "Spark version: 3.3, from releaseLabel emr-6.9.0 at application.json:3" in markdown
    flagged = json.loads(explain(capsys, monkeypatch, tmp_path, files, "--format", "json", "--spark-version", "3.5"))
    assert (flagged["configs"][0]["spark_version"], flagged["configs"][0]["spark_version_source"]) == (
        "3.5", "--spark-version")
    assert "--spark-version sets 3.5, which wins" in flagged["configs"][0]["spark_version_note"]


def test_explain_notes_an_older_spark(capsys, monkeypatch, tmp_path):
    text = explain(capsys, monkeypatch, tmp_path, {"app.yaml": spark_application("3.1.1")})
    assert f"Spark 3.1.1 is older than sparklint's catalog ({catalog().versions[0]}–" in text


def test_unknown_release_label_is_judged_by_the_default_with_a_note(lint):
    unknown = APPLICATION.replace("emr-6.9.0", "emr-6.7.0")
    run = lint({"application.json": unknown, "job.json": JOB}, "--verbose")
    assert run.rules() == []  # Spark 3.5, the default, knows spark.log.level
    assert "releaseLabel emr-6.7.0: not in sparklint's table of EMR releases" in run.err


def test_templated_versions_are_not_declarations(lint):
    assert lint({"app.yaml": spark_application("{{ .Values.sparkVersion }}")}).rules() == SPARK4_ONLY


def test_emr_cluster_release_label(lint):
    cluster = json.dumps({"Name": "c", "ReleaseLabel": "emr-6.9.0", "Configurations": [
        {"Classification": "spark-defaults", "Properties": {"spark.log.level": "WARN"}}]}, indent=2)
    assert [rule for rule, _, _ in lint({"cluster.json": cluster}).rules()] == ["SL003"]
    assert lint({"cluster.json": cluster.replace("emr-6.9.0", "emr-7.0.0")}).rules() == []
