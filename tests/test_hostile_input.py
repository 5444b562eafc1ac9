"""Hostile files (issue 16): no secret in any output, nothing a file can forge in a terminal or CI log, no
traceback, and still the right finding. Each case is linted in every format, with `--verbose`, and
explained in every format (`hostile.outputs`); `hostile.check_promises` holds what all of them promise."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import write
from hostile import check_promises, explain_json, lint_json, outputs

SECRET = "Pw-SECRET"
PASTED_KEY = "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY"
SUBMIT = '{"jobDriver": {"sparkSubmit": {"entryPoint": "s3://b/m.py", "sparkSubmitParameters": %s}}}\n'


def case(tmp_path: Path, files: dict[str, str], secrets: tuple[str, ...] = ()) -> list[dict]:
    """Lint and explain `files` every way; check the promises; the findings (JSON format)."""
    write(tmp_path, files)
    check_promises(outputs(tmp_path), secrets)
    return lint_json(tmp_path)


def found(findings: list[dict]) -> list[tuple[str, int]]:
    return [(finding["rule"], finding["line"]) for finding in findings]


# 1. Secret values ----------------------------------------------------------------------------------

@pytest.mark.parametrize("parameters", [
    "--conf spark.ssl.keyPassword:Pw-SECRET",
    '--conf "spark.ssl.trustStorePassword Pw-SECRET"',
    "--conf spark.executor.cores=2 --conf 'spark.authenticate.secret  Pw-SECRET'",
])
def test_a_conf_without_equals_holding_a_secret_is_sl001_without_the_secret(tmp_path, parameters):
    findings = case(tmp_path, {"job.json": SUBMIT % json.dumps(parameters)}, (SECRET,))
    (finding,) = [finding for finding in findings if finding["rule"] == "SL001"]
    assert "Invalid argument to --conf" in finding["message"] and "****" in finding["message"]


def test_a_conf_without_equals_in_terraform_step_args(tmp_path):
    files = {"main.tf": (
        'resource "aws_emr_cluster" "c" {\n  name = "c"\n  step {\n    name = "nightly"\n    hadoop_jar_step {\n'
        '      jar  = "command-runner.jar"\n'
        '      args = ["spark-submit", "--conf", "spark.ssl.keyPassword Pw-SECRET", "--conf",\n'
        '              "spark.ssl.trustStorePassword:Pw-SECRET2", "s3://b/job.py"]\n    }\n  }\n}\n')}
    findings = case(tmp_path, files, (SECRET, "Pw-SECRET2"))
    assert found(findings) == [("SL001", 7), ("SL001", 8)]


def test_a_yaml_parse_error_quoting_the_secret(tmp_path):
    findings = case(tmp_path, {"spark.yaml": "spark.ssl.keyPassword: *Pw-SECRET\nspark.executor.memory: 2g\n"}, (SECRET,))
    assert found(findings) == [("SL001", 1)]


@pytest.mark.parametrize("name, text", [
    ("bad.json", '{"spark.ssl.keyPassword": "Pw-SECRET"\n "spark.executor.memory": "2g"}\n'),
    ("bad.yaml", "spark.ssl.keyPassword: 'Pw-SECRET\n"),
    ("main.tf", 'resource "aws_glue_job" "j" {\n  default_arguments = {\n    "--conf" = "spark.ssl.keyPassword=Pw-SECRET\n'),
])
def test_other_parse_errors_beside_a_secret(tmp_path, name, text):
    case(tmp_path, {name: text}, (SECRET,))


def test_a_verbose_note_on_an_unparseable_file_masks_the_secret(tmp_path):
    # Not Spark-looking, so no SL001: --verbose says why it was skipped, quoting libyaml's alias token.
    findings = case(tmp_path, {"creds.yaml": "password: *Pw-SECRET\n"}, (SECRET,))
    assert findings == []


def test_a_secret_pasted_into_the_key(tmp_path):
    text = json.dumps({f"spark.hadoop.fs.s3a.secret.key.{PASTED_KEY}": "x", "spark.executor.memory": "2g"})
    findings = case(tmp_path, {"conf.json": text}, (PASTED_KEY,))
    assert "SL601" in [rule for rule, _ in found(findings)]
    assert any("spark.hadoop.fs.s3a.secret.key.****" in finding["message"] for finding in findings)
    # The baseline file (committed beside the code) records the key masked, and still matches the finding.
    baseline = tmp_path.parent / f"{tmp_path.name}-baseline.json"
    lint_json(tmp_path, "--write-baseline", str(baseline))
    assert PASTED_KEY not in baseline.read_text(encoding="utf-8")
    assert lint_json(tmp_path, "--baseline", str(baseline)) == []


def test_a_secret_in_java_options_and_in_explain(tmp_path):
    files = {"spark-defaults.conf": "spark.executor.memory 4g\n"
                                    "spark.executor.extraJavaOptions -Djavax.net.ssl.keyStorePassword=Pw-SECRET\n"
                                    "spark.ssl.keyPassword Pw-SECRET\n"}
    findings = case(tmp_path, files, (SECRET,))
    assert sorted(found(findings)) == [("SL601", 2), ("SL601", 3)]


# 2. Output a file can forge -------------------------------------------------------------------------

def test_a_key_with_a_workflow_command_after_a_newline(tmp_path):
    key = "spark.authenticate.secret\n::error file=README.md,line=1::injected workflow command\n"
    findings = case(tmp_path, {"conf.json": json.dumps({key: "x", "spark.executor.memory": "2g"})})
    assert {"SL003", "SL601"} <= {rule for rule, _ in found(findings)}


@pytest.mark.parametrize("key", [
    "spark.exec\u001b[1A\u001b[2Kutor.memory",
    "spark.x\u001b]52;c;aGVsbG8=\u0007.password",
    "spark.executor.memory\u009b2K",
    "spark.app.name\u202e",
    "spark.\u2028executor.memory",
])
def test_keys_with_terminal_escapes_are_shown_escaped(tmp_path, key):
    findings = case(tmp_path, {"conf.json": json.dumps({key: "abc", "spark.executor.memory": "2g"})})
    assert "SL003" in [rule for rule, _ in found(findings)]


def test_a_value_with_escapes_in_explain(tmp_path):
    # explain shows values of sizing keys: escaped, as findings are.
    case(tmp_path, {"spark-defaults.conf": "spark.executor.cores 2\u001b[2K\nspark.master local\u0007\n"})


def test_a_path_that_looks_like_a_workflow_command(tmp_path):
    findings = case(tmp_path, {"::error file=x::y.conf": "spark.executor.memory 2x\u001b\n"})
    assert found(findings) == [("SL006", 1)]


# 3. No traceback ------------------------------------------------------------------------------------

def test_a_lone_surrogate_in_a_key(tmp_path):
    findings = case(tmp_path, {"conf.json": '{"spark.\\ud800executor.memory": "2g", "spark.executor.memory": "2g"}\n'})
    assert found(findings) == [("SL003", 1)]


BIG = "9" * 5000


@pytest.mark.parametrize("name, text, expected", [
    ("main.tf", 'resource "aws_emrserverless_application" "a" {\n  name = "a"\n  type = "spark"\n'
                '  maximum_capacity {\n    cpu = ' + BIG + '\n    memory = "100 GB"\n  }\n}\n', []),
    ("app.yaml", "apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\nspec:\n  executor:\n"
                 f"    instances: {BIG}\n", [("SL006", 5)]),
    ("spark.yaml", f"spark.executor.instances: {BIG}\n", [("SL006", 1)]),
    ("spark-defaults.conf", f"spark.executor.memory {BIG}g\nspark.task.cpus {BIG}\n", [("SL006", 1), ("SL006", 2)]),
    ("conf.json", '{"spark.executor.instances": ' + BIG + "}\n", [("SL001", 1)]),
])
def test_integers_past_pythons_digit_limit(tmp_path, name, text, expected):
    findings = case(tmp_path, {name: text})
    assert found(findings) == expected
    for finding in findings:
        assert len(finding["message"]) < 400 and "set_int_max_str_digits" not in finding["message"]


def test_a_number_beyond_a_long_is_refused_as_spark_refuses_it(tmp_path):
    # JavaUtils.byteStringAs and timeStringAs read the number with Long.parseLong.
    findings = case(tmp_path, {"spark-defaults.conf": "spark.executor.memory 9223372036854775808m\n"
                                                      "spark.network.timeout 9223372036854775807s\n"})
    assert found(findings) == [("SL006", 1)]
    assert "out of range for a 64-bit long" in findings[0]["message"]


def test_explain_on_nan_infinity_and_huge_values(tmp_path):
    zeros = "0" * 400
    files = {"spark-defaults.conf": f"spark.memory.fraction NaN\nspark.executor.memory 1{zeros}g\n"
                                    "spark.driver.memoryOverheadFactor Infinity\nspark.executor.cores 1e400\n"}
    findings = case(tmp_path, files)
    assert {finding["rule"] for finding in findings} == {"SL006"}
    (config,) = explain_json(tmp_path)
    # 3.5's SparkConf.validateSettings lets NaN through; (usable × NaN).toLong is 0.
    assert config["driver"]["unified"] == 0
    assert config["executor"]["heap"] is None  # beyond a long: does not parse
    # (Infinity × 1024 MiB).toInt saturates at Int.MaxValue MiB.
    assert config["driver"]["overhead"] == (2**31 - 1) * 2**20


@pytest.mark.parametrize("lines", [
    # SL104, SL106, SL107, SL108, SL204, SL307 and explain, each at the edges of what its parser accepts.
    ["spark.executor.memory 9223372036854775807p", "spark.executor.memoryOverhead 9223372036854775807t"],
    ["spark.executor.memory 9223372036854775807k", "spark.executor.cores 2147483647", "spark.memory.fraction 1e-320"],
    ["spark.driver.maxResultSize 9223372036854775807p", "spark.driver.memory 1m"],
    ["spark.network.timeout 9223372036854775807d", "spark.executor.heartbeatInterval 9223372036854775807us"],
    ["spark.executor.cores -2147483648", "spark.task.cpus 2147483647"],
    ["spark.memory.fraction NaN", "spark.memory.storageFraction NaN", "spark.executor.memoryOverheadFactor NaN"],
    ["spark.memory.fraction -Infinity", "spark.executor.memoryOverheadFactor 1e308", "spark.executor.memory 8g"],
])
def test_rules_take_the_whole_range_of_their_values(tmp_path, lines):
    case(tmp_path, {"spark-defaults.conf": "\n".join(lines) + "\n"})
    job = {"applicationId": "a", "jobDriver": {"sparkSubmit": {
        "entryPoint": "s3://b/m.py", "sparkSubmitParameters": " ".join(f"--conf {line.replace(' ', '=', 1)}" for line in lines)}}}
    application = {"name": "a", "type": "SPARK", "releaseLabel": "emr-7.0.0",
                   "maximumCapacity": {"cpu": "9223372036854775807 vCPU", "memory": "1 GB", "disk": "20 GB"}}
    case(tmp_path / "emr", {"job.json": json.dumps(job), "application.json": json.dumps(application)})


@pytest.mark.parametrize("version", ["3.5", "4.0", "4.3"])
@pytest.mark.parametrize("lines", [
    ["spark.task.cpus NaN", "spark.executor.cores 2", "spark.master yarn"],  # a decimal from 4.3: BigDecimal refuses NaN
    ["spark.task.cpus sNaN", "spark.master local[4]"],
    ["spark.task.cpus 1E+999999999", "spark.master local[99999999999999999999]"],
    ["spark.task.cpus 2", "spark.master local[" + "9" * 5000 + "]"],
])
def test_task_cpus_and_local_threads_at_their_edges(tmp_path, version, lines):
    write(tmp_path, {"spark-defaults.conf": "\n".join(lines) + "\n"})
    check_promises(outputs(tmp_path, flags=["--spark-version", version]))
    rules = {finding["rule"] for finding in lint_json(tmp_path, "--spark-version", version)}
    assert rules <= {"SL006", "SL204"}


# 4. Also found ---------------------------------------------------------------------------------------

GLUE = ('resource "aws_glue_job" "etl" {\n  command {\n    name            = "glueetl"\n'
        '    script_location = "s3://b/etl.py"\n  }\n  default_arguments = {\n'
        '    "--conf" = "spark.sql.extension=org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions"\n  }\n}\n')
APPLICATION = ('resource "aws_emrserverless_application" "app" {\n  name          = "app"\n'
               '  release_label = "emr-6.15.0"\n  type          = "spark"\n}\n\n')


def test_a_glue_job_beside_an_emr_serverless_application_is_checked(tmp_path):
    findings = case(tmp_path, {"main.tf": APPLICATION + GLUE})
    assert found(findings) == [("SL003", 13)]


DEFAULTS_SL201 = ("spark.master yarn\nspark.dynamicAllocation.enabled true\nspark.dynamicAllocation.minExecutors 2\n"
                  "{directive}spark.executor.instances 1\n")


@pytest.mark.parametrize("directive, expected", [
    ("", [("SL201", 4)]),
    ("# sparklint: disable=SL201\r", []),
    ("# sparklint: disable=SL201\r\n", []),
    ("# sparklint: disable=SL201\r# another comment\r", []),
    ("# sparklint: disable=SL201\n", []),
])
def test_a_suppression_before_a_lone_carriage_return(tmp_path, directive, expected):
    # java.util.Properties (LineReader) ends a line at a lone CR.
    findings = case(tmp_path, {"spark-defaults.conf": DEFAULTS_SL201.format(directive=directive)})
    assert found(findings) == expected
