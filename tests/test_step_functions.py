"""AWS Step Functions state machines running EMR: createCluster (a RunJobFlow body), addStep (a
spark-submit step), emr-serverless / emr-containers startJobRun, as standalone definitions and as
Terraform `aws_sfn_state_machine` definitions with positions inside the .tf file.

Real file: tests/fixtures/step_functions/028-emr-sfn-createcluster.tf, an unchanged copy of
ThomazRossito/edc-xpe-desafio-mod1 `emr.tf` @ f0e2a59 (../shared/corpus2/028-emr-sfn-createcluster.tf). The
other definitions below are written from the Step Functions developer guide's EMR, EMR Serverless and
EMR on EKS integration pages (their Parameters are the APIs' request bodies, capitalised).
"""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from sparklint.dialects import recognise
from sparklint.load import load

FIXTURE = Path(__file__).parent / "fixtures" / "step_functions" / "028-emr-sfn-createcluster.tf"


def read(name: str, text: str, syntax: str = ""):
    documents, errors = load(name, text, syntax)
    assert errors == []
    return [config for document in documents for config in recognise(document)]


def written(config) -> list[tuple[str, str, int, int]]:
    return [(s.key, s.value, s.span.line, s.span.column) for s in config.written()]


def test_the_real_terraform_state_machine_is_read_at_its_lines(lint):
    text = FIXTURE.read_text(encoding="utf-8")
    cluster, step = read("emr.tf", text)
    defaults = [("spark.submit.deployMode", "cluster", 24, 44), ("spark.speculation", "false", 25, 38),
                ("spark.sql.adaptive.enabled", "true", 26, 47),
                ("spark.serializer", "org.apache.spark.serializer.KryoSerializer", 27, 37)]
    assert (cluster.kind, cluster.platform, cluster.platform_source) == ("defaults", "emr",
                                                                         "Step Functions createCluster")
    assert written(cluster) == defaults
    assert (cluster.declared_version.text, cluster.declared_version.spark) == ("emr-6.8.0", "3.3.0")
    # The addStep task runs on the machine's one cluster: its spark-defaults, then the step's options.
    assert (step.kind, step.name, step.platform_source) == ("job", "SparkJob-desafio-mod1", "Step Functions addStep")
    assert written(step) == defaults + [("spark.master", "yarn", 93, 27), ("spark.submit.deployMode", "cluster", 94, 32)]
    assert step.declared_version.text == "emr-6.8.0"
    assert (lint({"emr.tf": text}).code, lint({"emr.tf": text}).findings) == (0, [])


def test_explain_shows_the_state_machines_settings(tmp_path, capsys, monkeypatch):
    from sparklint.cli import main

    (tmp_path / "emr.tf").write_bytes(FIXTURE.read_bytes())
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    assert main(["explain", "--format", "json", "emr.tf"]) == 0
    configs = json.loads(capsys.readouterr().out)["configs"]
    assert [(config["kind"], config["platform"], config["spark_version"]) for config in configs] == [
        ("defaults", "emr", "3.3"), ("job", "emr", "3.3")]
    assert "spark.speculation" in json.dumps(configs[0])


SERVERLESS = {
    "Comment": "EMR Serverless job",
    "StartAt": "Run",
    "States": {
        "Run": {
            "Type": "Task",
            "Resource": "arn:aws:states:::emr-serverless:startJobRun.sync",
            "Parameters": {
                "ApplicationId.$": "$.applicationId",
                "ExecutionRoleArn": "arn:aws:iam::1:role/job",
                "Name": "etl",
                "JobDriver": {"SparkSubmit": {
                    "EntryPoint": "s3://b/etl.py",
                    "SparkSubmitParameters": "--conf spark.executor.cores=4 --conf spark.executor.memory=8g"}},
                "ConfigurationOverrides": {"ApplicationConfiguration": [
                    {"Classification": "spark-defaults",
                     "Properties": {"spark.sql.shuffle.partitions": "200", "spark.driver.memory.$": "$.memory"}}]},
            },
            "End": True,
        },
    },
}


def test_a_standalone_definition_with_an_emr_serverless_job(lint):
    text = json.dumps(SERVERLESS, indent=2)
    (job,) = read("etl.asl.json", text)
    assert (job.kind, job.platform, job.platform_source) == ("job", "emr-serverless",
                                                             "Step Functions emr-serverless:startJobRun")
    values = {s.key: s.value for s in job.written()}
    assert values == {"spark.executor.cores": "4", "spark.executor.memory": "8g",
                      "spark.sql.shuffle.partitions": "200", "spark.driver.memory": "${$.memory}"}
    assert job.application_id == "${$.applicationId}"  # a JSONPath: known at run time only
    line = next(n for n, row in enumerate(text.split("\n"), 1) if "shuffle.partitions" in row)
    assert [s.span.line for s in job.written() if s.key == "spark.sql.shuffle.partitions"] == [line]
    assert lint({"etl.asl.json": text}).findings == []


def test_an_emr_on_eks_job_inside_a_parallel_branch_in_yaml(lint):
    text = ("StartAt: Both\nStates:\n  Both:\n    Type: Parallel\n    End: true\n    Branches:\n"
            "      - StartAt: Eks\n        States:\n          Eks:\n            Type: Task\n"
            "            Resource: arn:aws:states:::emr-containers:startJobRun.sync\n            End: true\n"
            "            Parameters:\n              VirtualClusterId: abc\n              ReleaseLabel: emr-6.15.0-latest\n"
            "              JobDriver:\n                SparkSubmitJobDriver:\n"
            "                  EntryPoint: s3://b/etl.py\n"
            "                  SparkSubmitParameters: --conf spark.executor.instances=2\n")
    (job,) = read("machine.yaml", text)
    assert (job.platform, written(job)) == ("kubernetes", [("spark.executor.instances", "2", 19, 49)])
    assert job.declared_version.text == "emr-6.15.0-latest"


def test_terraform_jsonencode_definition_and_several_clusters(lint):
    text = ('resource "aws_sfn_state_machine" "m" {\n  definition = jsonencode({\n    StartAt = "A"\n    States = {\n'
            '      A = {\n        Type = "Task"\n        Resource = "arn:aws:states:::elasticmapreduce:createCluster.sync"\n'
            '        Parameters = {\n          ReleaseLabel = "emr-7.1.0"\n          Configurations = [{\n'
            '            Classification = "spark-defaults"\n            Properties = { "spark.executor.memory" = "4g" }\n'
            '          }]\n        }\n        Next = "B"\n      }\n      B = {\n        Type = "Task"\n'
            '        Resource = "arn:aws:states:::elasticmapreduce:addStep.sync"\n'
            '        Parameters = {\n          "ClusterId.$" = "$.ClusterId"\n          Step = {\n            Name = "s"\n'
            '            HadoopJarStep = { Jar = "command-runner.jar", Args = ["spark-submit", "--num-executors", "3", "a.py"] }\n'
            '          }\n        }\n        End = true\n      }\n    }\n  })\n}\n')
    cluster, step = read("main.tf", text)
    assert written(cluster) == [("spark.executor.memory", "4g", 12, 54)]
    assert written(step) == [("spark.executor.memory", "4g", 12, 54), ("spark.executor.instances", "3", 24, 102)]
    # With two clusters in the machine, which one the step runs on is not known: it stands alone.
    two = text.replace('Next = "B"', 'Next = "C"').replace(
        '    }\n  })', '      C = {\n        Type = "Task"\n'
        '        Resource = "arn:aws:states:::elasticmapreduce:createCluster"\n'
        '        Parameters = { Configurations = [{ Classification = "spark-defaults", '
        'Properties = { "spark.executor.cores" = "2" } }] }\n        End = true\n      }\n    }\n  })')
    configs = read("main.tf", two)
    assert [(config.kind, config.platform_source) for config in configs] == [
        ("defaults", "Step Functions createCluster"), ("defaults", "Step Functions createCluster"),
        ("job", "Step Functions addStep")]
    assert written(configs[2]) == [("spark.executor.instances", "3", 24, 102)]
    assert lint({"main.tf": text}).findings == []


def test_state_machines_without_emr_tasks_are_skipped(lint):
    lambda_only = {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                                                    "Parameters": {"FunctionName": "f",
                                                                   "Payload": {"spark.executor.memory": "1"}},
                                                    "End": True}}}
    assert read("a.asl.json", json.dumps(lambda_only)) == []
    text = ('resource "aws_sfn_state_machine" "m" {\n  definition = <<EOF\n' + json.dumps(lambda_only, indent=1)
            + '\nEOF\n}\n')
    assert read("main.tf", text) == []
    # An EMR integration that holds no Spark settings (terminateCluster) is not a config either.
    terminate = {"StartAt": "T", "States": {"T": {"Type": "Task", "End": True,
                                                  "Resource": "arn:aws:states:::elasticmapreduce:terminateCluster.sync",
                                                  "Parameters": {"ClusterId.$": "$.id"}}}}
    assert read("t.asl.json", json.dumps(terminate)) == []
    run = lint({"a.asl.json": json.dumps(lambda_only), "t.asl.json": json.dumps(terminate), "main.tf": text})
    assert (run.code, run.findings) == (0, [])


_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=8),
                     st.sampled_from(["Task", "Parallel", "Map", "spark-defaults", "spark-submit", "$.x",
                                      "arn:aws:states:::elasticmapreduce:createCluster.sync",
                                      "arn:aws:states:::elasticmapreduce:addStep",
                                      "arn:aws:states:::emr-serverless:startJobRun",
                                      "arn:aws:states:::emr-containers:startJobRun.sync"]))
_NAMES = st.sampled_from(["StartAt", "States", "Type", "Resource", "Parameters", "Branches", "Iterator",
                          "ItemProcessor", "Configurations", "Classification", "Properties", "Steps", "Step",
                          "HadoopJarStep", "Args", "Args.$", "ReleaseLabel", "JobDriver", "SparkSubmit",
                          "EntryPoint", "EntryPoint.$", "SparkSubmitParameters", "ConfigurationOverrides",
                          "ApplicationConfiguration", "spark.executor.memory", "spark.executor.memory.$", "A"])
_TREES = st.recursive(_SCALARS, lambda children: st.one_of(
    st.lists(children, max_size=3), st.dictionaries(_NAMES, children, max_size=4)), max_leaves=25)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(states=st.dictionaries(_NAMES, _TREES, max_size=4), wrap=st.booleans())
def test_fuzzed_state_machines_never_raise(states, wrap):
    machine = {"StartAt": "A", "States": states}
    text = json.dumps(machine)
    if wrap:
        text = 'resource "aws_sfn_state_machine" "m" {\n  definition = <<EOF\n' + text + '\nEOF\n}\n'
    documents, _ = load("machine.tf" if wrap else "machine.asl.json", text)
    for document in documents:
        recognise(document)


def test_a_step_added_to_a_cluster_without_configurations_is_still_read():
    machine = {"StartAt": "C", "States": {
        "C": {"Type": "Task", "Resource": "arn:aws:states:::elasticmapreduce:createCluster.sync", "Next": "S",
              "Parameters": {"Name": "c", "ReleaseLabel": "emr-7.1.0", "Applications": [{"Name": "Spark"}]}},
        "S": {"Type": "Task", "Resource": "arn:aws:states:::elasticmapreduce:addStep", "End": True,
              "Parameters": {"ClusterId.$": "$.ClusterId", "Step": {"Name": "s", "HadoopJarStep": {
                  "Jar": "command-runner.jar", "Args": ["spark-submit", "--executor-memory", "4g", "a.py"]}}}}}}
    (step,) = read("m.asl.json", json.dumps(machine, indent=1))
    assert (step.kind, step.platform_source, [(s.key, s.value) for s in step.written()]) == (
        "job", "Step Functions addStep", [("spark.executor.memory", "4g")])


def test_a_job_without_jsonpath_keys_keeps_its_positions():
    machine = {"StartAt": "Run", "States": {"Run": {
        "Type": "Task", "Resource": "arn:aws:states:::emr-serverless:startJobRun", "End": True,
        "Parameters": {"ApplicationId": "00f1", "ExecutionRoleArn": "arn:aws:iam::1:role/job", "JobDriver": {
            "SparkSubmit": {"EntryPoint": "s3://b/etl.py",
                            "SparkSubmitParameters": "--conf spark.executor.cores=4"}}}}}}
    (job,) = read("run.asl.json", json.dumps(machine, indent=1))
    assert [(s.key, s.span.line, s.span.column) for s in job.written()] == [("spark.executor.cores", 14, 40)]
