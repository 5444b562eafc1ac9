"""SparkApplication and SparkCluster of the Apache Spark Kubernetes Operator (apiVersion spark.apache.org/v1,
apache/spark-kubernetes-operator): read with their own Spark version, so keys that exist in the version
they run are known, and a cluster's sparkConf is judged as the standalone daemons' settings."""

from __future__ import annotations

from sparklint.knowledge.constraints import constraint

APPLICATION = """apiVersion: spark.apache.org/v1
kind: SparkApplication
metadata:
  name: pi
spec:
  mainClass: "org.apache.spark.examples.SparkPi"
  jars: "local:///opt/spark/examples/jars/spark-examples.jar"
  sparkConf:
    spark.driver.timeout: "10min"
    spark.executor.memory: "1.5g"
    spark.kubernetes.executor.pvc.resizeInterval: "5min"
  runtimeVersions:
    sparkVersion: "{version}"
"""

CLUSTER = """apiVersion: spark.apache.org/v1
kind: SparkCluster
metadata:
  name: prod
spec:
  runtimeVersions:
    sparkVersion: "4.2.0"
  clusterTolerations:
    instanceConfig:
      initWorkers: 3
  sparkConf:
    spark.master.ui.title: "Prod Spark Cluster"
    spark.master.rest.host: "0.0.0.0"
    spark.master.rest.enbled: "true"
"""


def test_an_application_is_judged_by_the_spark_version_it_runs(lint):
    run = lint({"pi.yaml": APPLICATION.replace("{version}", "4.2.0")})
    assert [(f["rule"], f["line"], f["severity"]) for f in run.findings] == [("SL006", 10, "error")]  # 1.5g
    assert "Spark 4.2 refuses spark.executor.memory='1.5g'" in run.findings[0]["message"]
    assert run.code == 1


def test_the_same_application_on_an_older_spark_gets_the_newer_key_reported(lint):
    run = lint({"pi.yaml": APPLICATION.replace("{version}", "3.5.1")})
    found = [(f["rule"], f["line"], f["severity"]) for f in run.findings]
    assert ("SL003", 9, "warning") in found  # spark.driver.timeout exists from Spark 4.0
    assert "Spark 3.5 has no property spark.driver.timeout" in run.findings[found.index(("SL003", 9, "warning"))]["message"]


def test_a_cluster_is_the_standalone_daemons_configuration(lint, capsys):
    run = lint({"cluster.yaml": CLUSTER})
    assert [(f["rule"], f["line"], f["severity"]) for f in run.findings] == [("SL003", 14, "warning")]
    assert "did you mean spark.master.rest.enabled" in run.findings[0]["message"]
    from sparklint.cli import main

    assert main(["explain", "cluster.yaml"]) == 0
    out = capsys.readouterr().out
    assert "platform standalone, Spark 4.2" in out
    assert "from spec.runtimeVersions.sparkVersion 4.2.0 at cluster.yaml:7" in out


def test_a_check_that_is_not_a_range_is_not_judged(lint):
    # Spark 4.2: "Interval must be 0 or a positive multiple of 5 minutes"; the probe's five ranges refused
    # 5min, so only the low end is judged: below 0 is refused, 5 min is not judged.
    limit = constraint("spark.kubernetes.executor.pvc.resizeInterval", "4.2")
    assert limit is not None and not limit.accepts(-1) and limit.accepts(0) and limit.accepts(5)
    assert constraint("spark.unsafe.sorter.spill.merge.factor", "4.2") is not None  # -1, or 2 and up: judged
    run = lint({"pi.yaml": APPLICATION.replace("{version}", "4.2.0").replace('"1.5g"', '"2g"')})
    assert run.findings == [] and run.code == 0


def test_below_the_low_end_of_such_a_check_is_still_an_error(lint):
    text = APPLICATION.replace("{version}", "4.2.0").replace('"1.5g"', '"2g"').replace('"5min"', '"-1"')
    run = lint({"pi.yaml": text})
    # A warning: Spark reads the key only when the resize plugin runs (sparklint/data/reads.json).
    assert [(f["rule"], f["line"], f["severity"]) for f in run.findings] == [("SL006", 11, "warning")]
    assert "refuses spark.kubernetes.executor.pvc.resizeInterval='-1' when it reads" in run.findings[0]["message"]


STACKABLE = """apiVersion: spark.stackable.tech/v1alpha1
kind: SparkApplication
metadata:
  name: pyspark-streaming
spec:
  sparkImage:
    productVersion: 4.1.1
  mode: cluster
  mainApplicationFile: local:///stackable/spark/examples/src/main/python/streaming/hdfs_wordcount.py
  sparkConf:
    spark.driver.timeout: "10min"
    spark.executor.instances: "4"
  executor:
    replicas: 1
"""


def test_a_stackable_application_is_judged_by_its_image_version(lint, capsys):
    run = lint({"app.yaml": STACKABLE})
    # spark.driver.timeout is a 4.x key: known in 4.1; replicas (the operator's executor count) beats sparkConf.
    assert [(f["rule"], f["line"], f["severity"]) for f in run.findings] == [("SL007", 12, "warning")]
    assert run.code == 1 and "spec.executor.replicas" in run.findings[0]["message"]
    from sparklint.cli import main

    assert main(["explain", "app.yaml"]) == 0
    out = capsys.readouterr().out
    assert "from spec.sparkImage.productVersion 4.1.1 at app.yaml:7" in out
    old = lint({"app.yaml": STACKABLE.replace("4.1.1", "3.5.2")})
    assert ("SL003", 11, "warning") in [(f["rule"], f["line"], f["severity"]) for f in old.findings]
