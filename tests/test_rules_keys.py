"""SL002 duplicate-key, SL004 ignored-non-spark-key, SL007 overridden-setting across syntaxes and dialects:
given this file, sparklint reports rule X at line L, column C."""

from __future__ import annotations

import json

import pytest

SPARKAPP = """apiVersion: sparkoperator.k8s.io/v1beta2
kind: SparkApplication
metadata: {name: etl}
spec:
  sparkConf:
    spark.executor.memory: "2g"
    spark.executor.memory: "3g"
    SPARK.serializer: org.apache.spark.serializer.KryoSerializer
  executor:
    memory: "4g"
"""


@pytest.mark.parametrize("name, text, rule, expected", [
    # spark-defaults.conf: the first of two lines is the one without effect.
    ("spark-defaults.conf", "spark.master yarn\nspark.executor.cores 2\nspark.executor.cores 4\n", "SL002", [(2, 22)]),
    # JSON map with a repeated key (the loader keeps both).
    ("session.json", '{"conf": {"spark.executor.cores": "2",\n "spark.executor.cores": "4"}, "numExecutors": 2}',
     "SL002", [(1, 35)]),
    # YAML sparkConf with a repeated key.
    ("app.yaml", SPARKAPP, "SL002", [(6, 28)]),
    # spark-submit string with --conf twice: points inside the string at the first one.
    ("job.json", json.dumps({"jobDriver": {"sparkSubmit": {"entryPoint": "s3://b/m.py",
      "sparkSubmitParameters": "--conf spark.executor.cores=2 --conf spark.executor.cores=4"}}}), "SL002", [(1, 94)]),
    ("spark-defaults.conf", "spark.master yarn\nhive.exec.dynamic.partition true\n", "SL004", [(2, 1)]),
    ("app.yaml", SPARKAPP, "SL004", [(8, 5)]),
    ("session.json", '{"kind": "pyspark", "conf": {"executorCores": "4"}}', "SL004", [(1, 30)]),
    ("job.json", json.dumps({"jobDriver": {"sparkSubmit": {"entryPoint": "s3://b/m.py",
      "sparkSubmitParameters": "--conf hive.metastore.uris=thrift://h:9083"}}}), "SL004", [(1, 94)]),
    ("emr.json", json.dumps([{"Classification": "spark-defaults", "Properties": {"mapreduce.x": "1"}}]), "SL004",
     [(1, 54)]),
    # A byte-order mark makes the first key "\ufeffspark.master" (Java keeps it); before a comment it is harmless.
    ("spark-defaults.conf", "\ufeffspark.master yarn\nspark.app.name a\n", "SL004", [(1, 1)]),
    ("spark-defaults.conf", "\ufeff# settings\nspark.master yarn\n", "SL004", []),
    ("spark-defaults.conf", "spark.master yarn\n", "SL004", []),
    # EMR's `spark` classification key put in spark-defaults.
    ("emr.json", json.dumps([{"Classification": "spark-defaults", "Properties": {"maximizeResourceAllocation": "true"}}]),
     "SL004", [(1, 54)]),
    # A generic map in some tool's values file may hold other keys: not flagged.
    ("values.yaml", "spark:\n  conf:\n    spark.executor.memory: 2g\n    workerReplicas: 3\n", "SL004", []),
    ("app.yaml", SPARKAPP, "SL007", [(7, 28)]),
    ("session.json", '{"numExecutors": 2, "conf": {"spark.executor.instances": "8"}}', "SL007", [(1, 58)]),
    ("session.json", '{"numExecutors": 2, "conf": {"spark.executor.instances": "2"}}', "SL007", []),
    ("job.json", json.dumps({"jobDriver": {"sparkSubmit": {"entryPoint": "s3://b/m.py",
      "sparkSubmitParameters": "--executor-memory 8g --conf spark.executor.memory=2g"}}}), "SL007", [(1, 115)]),
])
def test_positions(lint, name, text, rule, expected):
    run = lint({name: text}, "--select", rule, paths=(name,))
    assert [(line, column) for found, line, column in run.rules() if found == rule] == expected


def test_duplicate_message_names_the_winner(lint):
    run = lint({"spark-defaults.conf": "spark.executor.cores 2\nspark.executor.cores 4\n"}, "--select", "SL002")
    assert run.findings[0]["message"] == ("spark.executor.cores is set again at spark-defaults.conf:2; only the "
                                          "last value counts, so Spark uses '4', not '2'")


def test_overridden_message_says_which_wins_and_why(lint):
    run = lint({"app.yaml": SPARKAPP}, "--select", "SL007")
    assert run.findings[0]["message"] == (
        "spark.executor.memory=3g has no effect: spark.executor.memory=4g at app.yaml:10 (spec.executor.memory) "
        "wins (SparkApplication field overrides spec.sparkConf)")


def test_application_runtime_configuration_loses_to_the_job(lint):
    files = {
        "app.json": json.dumps({"name": "a", "releaseLabel": "emr-7.1.0", "type": "SPARK",
                                "maximumCapacity": {"cpu": "40vCPU", "memory": "300GB"},
                                "runtimeConfiguration": [{"classification": "spark-defaults",
                                                          "properties": {"spark.executor.cores": "2"}}]}),
        "job.json": json.dumps({"jobDriver": {"sparkSubmit": {"entryPoint": "s3://b/m.py"}},
                                "configurationOverrides": {"applicationConfiguration": [
                                    {"classification": "spark-defaults", "properties": {"spark.executor.cores": "4"}}]}}),
    }
    run = lint(files, "--select", "SL007")
    (finding,) = run.findings
    assert finding["path"] == "app.json"
    assert "spark.executor.cores=4 at job.json:1" in finding["message"]


def test_a_byte_order_mark_is_named_as_the_cause(lint):
    run = lint({"spark-defaults.conf": "\ufeffspark.executor.memory 3g\n"}, "--select", "SL004")
    (finding,) = run.findings
    assert finding["severity"] == "warning" and run.code == 1
    assert "'\\ufeffspark.executor.memory'" in finding["message"]
    assert "starts with a UTF-8 byte-order mark" in finding["message"]
    assert finding["fix"] == "Save the file as UTF-8 without a byte-order mark (BOM)."


def test_an_environment_variable_in_spark_defaults_says_where_it_goes(lint):
    run = lint({"spark-defaults.conf": "spark.master yarn\nPYSPARK_PYTHON /usr/bin/python3\n"}, "--select", "SL004")
    (finding,) = run.findings
    assert finding["line"] == 2 and "looks like an environment variable" in finding["message"]
    assert "spark.executorEnv.PYSPARK_PYTHON" in finding["fix"]


def test_an_applications_own_properties_file_is_not_held_to_spark_only_keys(lint):
    """A `.properties` file not named spark-defaults may be an application's config with a few spark.*
    keys: its other keys are not reported (a spark-defaults.conf's are)."""
    text = "spark.master local[2]\nbootstrap.servers=localhost:9092\n"
    assert lint({"app/application.properties": text}, "--select", "SL004").findings == []
    assert lint({"conf/spark-defaults.conf": text}, "--select", "SL004", paths=("conf",)).rules() == [("SL004", 2, 1)]


NEAR_MISSES = ("spark-master yarn\nspark_executor_memory 4g\nspark.executor.memmory 4g\nspark.executor_memory 4g\n"
               "spark executor.cores 4\nexecutor.instances 3\nparquet.block.size 1\n")


def test_did_you_mean_across_unknown_and_dropped_keys(lint):
    run = lint({"spark-defaults.conf": NEAR_MISSES}, "--select", "SL003,SL004")
    assert [(f["rule"], f["line"], f["severity"]) for f in run.findings] == [
        ("SL004", 1, "warning"), ("SL004", 2, "warning"), ("SL003", 3, "warning"), ("SL003", 4, "warning"),
        ("SL004", 5, "warning"), ("SL004", 6, "warning"), ("SL004", 7, "warning")]
    assert run.code == 1
    fixes = [f["fix"] for f in run.findings]
    assert fixes[:4] == ["Use spark.master.", "Use spark.executor.memory.", "Use spark.executor.memory.",
                         "Use spark.executor.memory."]
    assert run.findings[0]["message"].endswith(
        "did you mean spark.master?); the job runs without this setting (it stays at local[*], spark-submit's "
        "default without --master or MASTER)")
    assert run.findings[1]["message"].endswith("(it stays at Spark's default '1g')")
    assert "spark.hadoop.spark-master" not in run.out
    assert fixes[4] == "Remove the blank so the key reads spark.executor.cores."
    assert "a blank after 'spark' split spark.executor.cores" in run.findings[4]["message"]
    assert fixes[5] == "Use spark.executor.instances."
    assert fixes[6].startswith("Use 'spark.hadoop.parquet.block.size' for a Hadoop setting")  # no Spark key is close


def test_a_key_a_blank_split_after_spark_dot(lint):
    run = lint({"spark-defaults.conf": "spark. executor.memory 4g\nspark.ssl. AKIAEXAMPLESECRET\nspark.\n"},
               "--select", "SL003")
    assert [(f["rule"], f["line"], f["column"], f["severity"]) for f in run.findings] == [
        ("SL003", 1, 1, "warning"), ("SL003", 2, 1, "warning"), ("SL003", 3, 1, "warning")]
    first, second, third = run.findings
    assert first["message"] == ("the key 'spark.' ends at a dot: a blank after it split spark.executor.memory, so "
                                "Spark stores the key 'spark.' with the rest of the line as its value, nothing reads "
                                "it, and this line does not set spark.executor.memory (it stays at Spark's default "
                                "'1g')")
    assert first["fix"] == "Remove the blank so the key reads spark.executor.memory."
    assert "AKIAEXAMPLESECRET" not in run.out  # the rest of a line is a value: shown only when it names a known key
    assert second["fix"] == third["fix"] == "Write the property's full name without blanks, or delete the line."
    # set elsewhere in the file: no claim about the default
    other = lint({"spark-defaults.conf": "spark. executor.memory 4g\nspark.executor.memory 2g\n"}, "--select", "SL003")
    assert other.findings[0]["message"].endswith("and this line does not set spark.executor.memory")


@pytest.mark.parametrize("name, text", [
    ("spark-defaults.conf", 'spark.executor.cores" 2\n"spark.executor.memory 4g\nspark.driver.memory\u201d 2g\n'
                            '\u201cspark.driver.cores\u201d 2\nspark.executor.memry" 4g\n'),
    ("app.yaml", 'apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\nmetadata: {name: etl}\nspec:\n'
                 '  sparkConf:\n    \'spark.executor.cores"\': "2"\n    \'"spark.executor.memory\': 4g\n'
                 '    spark.driver.memory\u201d: 2g\n    \u201cspark.driver.cores\u201d: "2"\n    \'spark.executor.memry"\': 4g\n'),
])
def test_a_key_with_a_stray_quote_says_so_and_what_spark_does(lint, name, text):
    run = lint({name: text}, "--select", "SL003,SL004")
    first = 1 if name.endswith(".conf") else 6
    assert [(f["rule"], f["line"]) for f in run.findings] == [
        ("SL003", first), ("SL004", first + 1), ("SL003", first + 2), ("SL004", first + 3), ("SL003", first + 4)]
    end, start, typographic, both, misspelt = run.findings
    assert end["message"].startswith(
        "the key 'spark.executor.cores\"' ends in a stray quote character (\"), which Spark keeps as part of the "
        "name: it stores 'spark.executor.cores\"' and nothing reads it, so this line does not set spark.executor.cores")
    if name.endswith(".conf"):  # (the operator's own default for a SparkApplication)
        assert end["message"].endswith(" (it stays at Spark's default '1')")
    assert end["fix"] == "Remove the quote so the key reads spark.executor.cores."
    if name.endswith(".conf"):  # unsafe, where the config does not set the key otherwise
        assert end["edit"]["replacement"] == "spark.executor.cores" and end["edit"]["safe"] is False
    assert "starts with a stray quote character (\")" in start["message"]
    assert start["fix"] == "Remove the quote so the key reads spark.executor.memory."
    assert "stray quote character (\u201d)" in typographic["message"] and "did you mean" not in typographic["message"]
    assert both["fix"] == "Remove the quotes so the key reads spark.driver.cores."
    assert misspelt["fix"] == "Remove the quote and use spark.executor.memory." and misspelt.get("edit") is None


def test_an_applications_own_spark_key_read_by_its_code_is_not_unknown(lint):
    # The shape of a streaming sample (Netcracker qubership-spark-on-k8s): the SparkApplication passes a key of
    # the application's own, and the Java code reads it back from the SparkConf.
    app = ("apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\nmetadata:\n  name: wc\nspec:\n"
           "  type: Java\n  sparkConf:\n    \"spark.checkpoint.directory\": \"s3a://spark/checkpoints\"\n"
           "    \"spark.default.output.path\": \"s3a://out\"\n")
    code = ("class WordCount {\n  void run(SparkSession spark) {\n"
            "    String dir = spark.sparkContext().getConf().get(\"spark.checkpoint.directory\", \"/tmp\");\n  }\n}\n")
    # Without a .git folder only the config's own folder is searched: the Java file is not seen.
    run = lint({"cr/app.yaml": app, "src/main/java/WordCount.java": code})
    assert [(f["rule"], f["line"]) for f in run.findings] == [("SL003", 8), ("SL003", 9)]
    # In the repository, the key the code reads is quiet; the one nothing reads is still reported, at its line.
    run = lint({".git/HEAD": "ref: refs/heads/main\n"})
    assert [(f["rule"], f["line"], f["severity"]) for f in run.findings] == [("SL003", 9, "warning")]
    assert "spark.default.output.path" in run.findings[0]["message"]
    # A near-miss of a Spark key is reported even when code mentions it.
    typo = app.replace("spark.checkpoint.directory", "spark.executor.memmory")
    code = code.replace("spark.checkpoint.directory", "spark.executor.memmory")
    run = lint({"typo/app.yaml": typo, "typo/Job.java": code}, paths=("typo/app.yaml",))
    assert ("SL003", 8) in [(f["rule"], f["line"]) for f in run.findings]
