"""SL003 unknown-property, SL005 deprecated-property, SL006 invalid-value: rule, line and column per
syntax and dialect, and version-awareness."""

from __future__ import annotations

import json

import pytest

SUBMIT = json.dumps({"jobDriver": {"sparkSubmit": {"entryPoint": "s3://b/m.py",
                     "sparkSubmitParameters": "--conf spark.dynamicAllocation.enable=true --conf spark.executor.memory=1.5g"}}})


@pytest.mark.parametrize("name, text, rule, expected", [
    ("spark-defaults.conf", "spark.master yarn\nspark.dynamicAllocation.enable true\n", "SL003", [(2, 1)]),
    ("app.yaml", "apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\nspec:\n  sparkConf:\n"
                 "    spark.exector.memory: 4g\n", "SL003", [(5, 5)]),
    ("job.json", SUBMIT, "SL003", [(1, 94)]),
    ("spark-defaults.conf", "spark.hadoop.fs.s3a.fast.upload true\nspark.sql.catalog.lake.type hadoop\n"
                            "spark.armada.queue test\nspark.emr-serverless.driver.disk 30g\n", "SL003", []),
    ("spark-defaults.conf", "spark.yarn.executor.memoryOverhead 2048\nspark.storage.memoryFraction 0.5\n", "SL005",
     [(1, 1), (2, 1)]),
    ("session.json", '{"conf": {"spark.blacklist.enabled": "true"}, "numExecutors": 2}', "SL005", [(1, 11)]),
    ("job.json", SUBMIT, "SL006", [(1, 137)]),
    ("app.yaml", "apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\nspec:\n  executor:\n"
                 "    memory: 1.5g\n", "SL006", [(5, 13)]),
    ("spark-defaults.conf", "spark.executor.memory ${EXECUTOR_MEMORY}\nspark.dynamicAllocation.enabled {{ da }}\n",
     "SL006", []),
])
def test_positions(lint, name, text, rule, expected):
    run = lint({name: text}, "--select", rule, paths=(name,))
    assert [(line, column) for found, line, column in run.rules() if found == rule] == expected


def test_did_you_mean(lint):
    run = lint({"spark-defaults.conf": "spark.dynamicAllocation.shuffleTracking.enable true\n"}, "--select", "SL003")
    assert run.findings[0]["message"].endswith("did you mean spark.dynamicAllocation.shuffleTracking.enabled?")
    assert run.findings[0]["fix"] == "Use spark.dynamicAllocation.shuffleTracking.enabled."


def test_key_from_another_version(lint):
    run = lint({"spark-defaults.conf": "spark.executor.minMemoryOverhead 512m\n"}, "--select", "SL003")
    assert "Spark 3.5 has no property spark.executor.minMemoryOverhead (it exists in Spark 4.0" in run.findings[0]["message"]
    assert lint({"spark-defaults.conf": "spark.executor.minMemoryOverhead 512m\n"}, "--select", "SL003",
                "--spark-version", "4.0").findings == []


def test_blacklist_changes_meaning_with_the_version(lint):
    conf = {"spark-defaults.conf": "spark.blacklist.enabled true\n"}
    assert "Spark still reads its value" in lint(conf, "--select", "SL005").findings[0]["message"]
    assert "not used any more" in lint(conf, "--select", "SL005", "--spark-version", "4.3").findings[0]["message"]


def test_invalid_value_message(lint):
    run = lint({"spark-defaults.conf": "spark.memory.fraction 1.5\n"}, "--select", "SL006")
    (finding,) = run.findings
    assert (finding["severity"], finding["line"], finding["column"]) == ("error", 1, 23)
    assert finding["message"] == "Spark 3.5 refuses spark.memory.fraction='1.5': must be in (0, 1]"
    assert run.code == 1


def test_code_written_as_a_key_is_reported_without_its_arguments(lint):
    conf = {"spark_version": "13.3.x-scala2.12", "spark_conf": {
        "spark.conf.set('fs.azure.account.key.acct.dfs.core.windows.net', 'S3cr3tKeyValue')": "true",
        "spark.databricks.delta.preview.enabled": "true"}}
    run = lint({"cluster.json": json.dumps(conf, indent=1)}, "--select", "SL003")
    (finding,) = run.findings
    assert (finding["line"], finding["column"]) == (4, 3)
    assert finding["message"].startswith("the key 'spark.conf.set'… is not a property name: it holds '('")
    assert "S3cr3t" not in finding["message"] and "acct" not in finding["message"]


EMPTY = ("spark.executor.memory\nspark.driver.memory =\nspark.submit.deployMode=\nspark.network.timeout\n"
         "spark.sql.adaptive.enabled=\nspark.eventLog.dir=\n")


def test_empty_values_are_errors_only_where_spark_submit_refuses(lint):
    run = lint({"spark-defaults.conf": EMPTY}, "--select", "SL006")
    assert [(f["line"], f["severity"]) for f in run.findings] == [
        (1, "error"), (2, "error"), (3, "error"), (4, "warning"), (5, "warning")]  # the string key is not judged
    assert run.code == 1
    first, _, _, timeout, _ = run.findings
    assert first["message"] == ("spark-submit refuses to start: spark.executor.memory is empty [spark-defaults.conf:1], "
                                "and spark-submit checks it before anything runs "
                                "(\"Executor memory must be a positive number\")")
    assert first["fix"] == "Give spark.executor.memory a value or delete the line, so Spark uses its default '1g'."
    assert timeout["message"].startswith("spark.network.timeout is empty [spark-defaults.conf:4]: Spark keeps the "
                                         "empty string, which is not a time, so the job fails when Spark first reads")


def test_an_empty_value_spark_submit_does_not_check_is_a_warning_that_passes_fail_on_error(lint):
    conf = {"spark-defaults.conf": "spark.sql.adaptive.enabled=\n"}
    run = lint(conf, "--select", "SL006", "--fail-on", "error")
    assert [(f["rule"], f["line"], f["severity"]) for f in run.findings] == [("SL006", 1, "warning")]
    assert run.code == 0
    # the executor count is checked by spark-submit only without dynamic allocation
    allocated = lint({"spark-defaults.conf": "spark.dynamicAllocation.enabled TRUE\nspark.executor.instances=\n"},
                     "--select", "SL006")
    assert [(f["line"], f["severity"]) for f in allocated.findings] == [(2, "warning")]
    fixed = lint({"spark-defaults.conf": "spark.executor.instances=\n"}, "--select", "SL006")
    assert [(f["line"], f["severity"]) for f in fixed.findings] == [(1, "error")]


def test_a_hit_may_lower_the_configured_severity_but_never_raise_it(lint):
    conf = {"spark-defaults.conf": "spark.executor.memory=\nspark.network.timeout=\n",
            ".sparklint.toml": '[rules.SL006]\nseverity = "info"\n'}
    run = lint(conf, "--select", "SL006", paths=("spark-defaults.conf",))
    assert [(f["line"], f["severity"]) for f in run.findings] == [(1, "info"), (2, "info")]


PLATFORM_KEYS = ("spark.pyspark.virtualenv.enabled true\nspark.pyspark.virtualenv.type native\n"
                 "spark.pyspark.virtualenv.bin.pth /usr/bin/virtualenv\nspark.emr.default.executor.memory 4g\n"
                 "spark.yarn.heterogeneousExecutors.enabled false\nspark.synapse.logAnalytics.enabled true\n"
                 "spark.dataproc.driver.disk.sise 100g\nspark.dataproc.scaling.version 2\nspark.glue.JOB_NAME etl\n")


def test_platform_keys_are_known_and_a_typo_inside_a_family_is_not(lint):
    run = lint({"spark-defaults.conf": PLATFORM_KEYS}, "--select", "SL003")
    assert [(f["rule"], f["line"], f["severity"]) for f in run.findings] == [
        ("SL003", 3, "warning"), ("SL003", 7, "warning")]
    assert run.code == 1
    typo, dataproc = run.findings
    assert typo["fix"] == "Use spark.pyspark.virtualenv.bin.path."
    assert "is not a key EMR reads (EMR Notebooks virtualenv" in typo["message"]
    assert dataproc["fix"] == "Use spark.dataproc.driver.disk.size."


def sparkapplication(image: str) -> str:
    return ("apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\nspec:\n"
            f"  image: {image}\n  sparkConf:\n    spark.pyspark.virtualenv.enabled: \"true\"\n"
            "    spark.sql.emr.internal.extensions: com.amazonaws.emr.spark.EmrSparkSessionExtensions\n")


def test_emr_keys_are_known_in_a_sparkapplication_on_an_emr_image(lint):
    emr = lint({"app.yaml": sparkapplication("public.ecr.aws/emr-on-eks/spark/emr-6.10.0:latest")}, "--select", "SL003")
    assert (emr.findings, emr.code) == ([], 0)
    plain = lint({"app.yaml": sparkapplication("apache/spark:3.5.0")}, "--select", "SL003")
    assert [(f["line"], f["column"], f["severity"]) for f in plain.findings] == [(6, 5, "warning"), (7, 5, "warning")]
    assert plain.findings[0]["message"] == (
        "spark.pyspark.virtualenv.enabled is an EMR setting (EMR Notebooks virtualenv, aws.amazon.com/blogs/big-data/"
        "install-python-libraries-on-a-running-cluster-with-emr-notebooks), and this config runs on Kubernetes "
        "(SparkApplication, image 'apache/spark:3.5.0', not an EMR on EKS image), where nothing reads it: it has no "
        "effect")


def test_a_misspelt_table_format_class(lint):
    conf = ("spark.sql.extensions io.delta.sql.DeltaSparkSessionExtensions,"
            "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions\n"
            "spark.sql.catalog.spark_catalog org.apache.spark.sql.delta.catalog.DeltaCatalogg\n"
            "spark.sql.catalog.lake org.apache.iceberg.spark.SparkCatalog\n"
            "spark.sql.catalog.lake.warehouse s3://bucket/warehouse\n"
            "spark.sql.catalog.other com.example.MyCatalog\n")
    run = lint({"spark-defaults.conf": conf}, "--select", "SL003")
    assert [(f["line"], f["column"], f["severity"]) for f in run.findings] == [(1, 22, "warning"), (2, 33, "warning")]
    extension, catalog = run.findings
    assert extension["fix"] == "Use io.delta.sql.DeltaSparkSessionExtension."
    assert "\"Cannot use ... to configure session extensions\"" in extension["message"]
    assert catalog["fix"] == "Use org.apache.spark.sql.delta.catalog.DeltaCatalog."


def test_emr_keys_are_known_on_a_custom_image_built_on_emr(lint):
    # aws-samples/emr-remote-shuffle-service runs EMR's Spark from its own image (tag emr6.10_clbtest) and sets
    # the EMRFS committer: the EMR keys are read there.
    by_tag = sparkapplication("public.ecr.aws/myang-poc/celeborn-rss:emr6.10_clbtest")
    by_runtime = sparkapplication("public.ecr.aws/myang-poc/celeborn-rss:clbtest") + (
        "    spark.sql.parquet.output.committer.class: com.amazon.emr.committer.EmrOptimizedSparkSqlParquetOutputCommitter\n")
    for text in (by_tag, by_runtime):
        run = lint({"app.yaml": text}, "--select", "SL003")
        assert (run.findings, run.code) == ([], 0)
    # An EMR class only in an EMR key itself is no evidence: still reported on a plain image.
    plain = lint({"app.yaml": sparkapplication("myrepo/openemr-spark:3.5.0")}, "--select", "SL003")
    assert [(f["line"], f["severity"]) for f in plain.findings] == [(6, "warning"), (7, "warning")]
