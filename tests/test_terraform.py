"""Terraform `aws_emrserverless_application`: its maximumCapacity and runtimeConfiguration reach the jobs
linted with it, its own capacity is checked (SL307), settings point at their Terraform lines, and
`#` / `//` directives suppress."""

from __future__ import annotations

import json

APPLICATION = '''resource "aws_emrserverless_application" "etl" {
  name          = "etl"
  release_label = "emr-7.1.0"
  type          = "SPARK"

  maximum_capacity {
    cpu    = "400 vCPU"
    memory = "3000 GB"
    disk   = "150 GB"
  }

  runtime_configuration {
    classification = "spark-defaults"
    properties = {
      "spark.executor.memory" = "1.5g"
    }
  }
}
'''
JOB = json.dumps({"applicationId": "etl", "jobDriver": {"sparkSubmit": {
    "entryPoint": "s3://b/m.py", "sparkSubmitParameters": "--conf spark.executor.instances=10"}}})


def test_the_application_caps_its_jobs_and_its_settings_point_at_terraform_lines(lint):
    run = lint({"infra/emr.tf": APPLICATION, "jobs/run.json": JOB})
    found = {(finding["path"], finding["rule"], finding["line"], finding["column"]) for finding in run.findings}
    assert ("infra/emr.tf", "SL006", 15, 33) in found  # "1.5g" in runtime_configuration properties
    (disk,) = [finding for finding in run.findings if finding["rule"] == "SL304"]
    assert disk["path"] == "jobs/run.json"
    assert "allows 150 GB [infra/emr.tf:6 (aws_emrserverless_application.etl.maximum_capacity)]" in disk["message"]
    assert "only 6 executors fit" in disk["message"]


def test_an_application_too_small_for_a_driver_and_an_executor(lint):
    small = APPLICATION.replace('"400 vCPU"', '"2 vCPU"').replace('"3000 GB"', '"4 GB"').replace(
        '      "spark.executor.memory" = "1.5g"\n', "")
    run = lint({"emr.tf": small}, "--select", "SL307")
    assert run.code == 1
    assert [(rule, line) for rule, line, _ in run.rules()] == [("SL307", 6)]
    assert "cannot hold one driver and one executor" in run.findings[0]["message"]
    for directive in ("  # sparklint: disable=SL307\n", "  // sparklint: disable=SL307\n"):
        suppressed = small.replace("  maximum_capacity {\n", directive + "  maximum_capacity {\n")
        assert lint({"emr.tf": suppressed}, "--select", "SL307").code == 0


def test_computed_values_are_unknown_not_wrong(lint):
    computed = APPLICATION.replace('"150 GB"', "var.disk").replace('"1.5g"', '"${var.memory}g"')
    run = lint({"infra/emr.tf": computed, "jobs/run.json": JOB})
    assert run.code == 0 and run.findings == []  # no cap on disk known, no value to judge


def test_other_terraform_is_not_ours(lint):
    run = lint({"main.tf": 'resource "aws_s3_bucket" "b" {\n  bucket = "spark-data"\n}\n'}, "--verbose")
    assert run.code == 0 and "main.tf: not a Spark configuration we recognise; skipped" in run.err


def test_initial_capacity_blocks_are_read(lint):
    workers = '''  initial_capacity {
    initial_capacity_type = "Executor"
    initial_capacity_config {
      worker_count = 50
      worker_configuration {
        cpu    = "4 vCPU"
        memory = "16 GB"
      }
    }
  }
'''
    application = APPLICATION.replace('      "spark.executor.memory" = "1.5g"\n', "").replace(
        "  maximum_capacity {\n", workers + "  maximum_capacity {\n")
    run = lint({"emr.tf": application}, "--select", "SL307")
    (finding,) = run.findings
    # 50 pre-initialized executors of the smallest disk, 20 GB each, under a 150 GB cap.
    assert finding["line"] == 16 and "1000 GB > 150 GB disk (initialCapacity 50 EXECUTOR × 4 vCPU / 16 GB" in finding["message"]


def test_no_executor_fitting_is_said_plainly(lint):
    small = APPLICATION.replace('"400 vCPU"', '"6 vCPU"').replace('      "spark.executor.memory" = "1.5g"\n', "")
    run = lint({"emr.tf": small, "jobs/run.json": JOB}, "--select", "SL305")
    (finding,) = run.findings
    assert "no executor fits beside the driver: the job gets none" in finding["message"]
    assert finding["fix"] == ("Lower spark.executor.cores or raise the application's maximumCapacity cpu to at "
                              "least 44 vCPU.")


CLUSTER = '''resource "aws_emr_cluster" "etl" {
  name          = "etl"
  release_label = "emr-7.1.0"

  configurations_json = <<EOF
[
  {
    "Classification": "spark-defaults",
    "Properties": {
      "spark.executor.memory": "1.5g",
      "spark.dynamicAllocation.enabled": "true"
    }
  }
]
EOF

  step {
    name = "nightly"
    hadoop_jar_step {
      jar  = "command-runner.jar"
      args = ["spark-submit", "--conf", "spark.executor.instances=1", "s3://b/job.py"]
    }
  }
}
'''


def test_emr_cluster_configurations_json_heredoc_and_steps(lint):
    # "1.5g" on its own line of the heredoc; the step asks for 1 executor, which is what dynamic
    # allocation starts while initialExecutors is Spark's default (minExecutors, 0).
    assert lint({"emr.tf": CLUSTER}).rules() == [("SL006", 10, 32)]
    with_initial = CLUSTER.replace('"true"\n', '"true",\n      "spark.dynamicAllocation.initialExecutors": "3"\n')
    run = lint({"emr.tf": with_initial})
    assert run.rules() == [("SL006", 10, 32), ("SL201", 22, 41)]
    assert "initialExecutors=3 [emr.tf:12 (aws_emr_cluster.etl.configurations_json[0] spark-defaults)]" in \
        run.findings[1]["message"]


def test_indented_heredoc_and_jsonencode_keep_positions(lint):
    indented = ('resource "aws_emr_cluster" "c" {\n'
                '  configurations_json = <<-EOF\n'
                '    [\n'
                '      {"Classification": "spark-defaults",\n'
                '       "Properties": {"spark.executor.memory": "1.5g"}}\n'
                '    ]\n'
                '  EOF\n'
                '}\n')
    # <<- strips the 4 spaces the body lines share; the column is the file's again.
    assert lint({"emr.tf": indented}).rules() == [("SL006", 5, 48)]
    encoded = ('resource "aws_emr_cluster" "c" {\n'
               '  configurations_json = jsonencode([\n'
               '    {\n'
               '      Classification = "spark-defaults"\n'
               '      Properties = { "spark.executor.memory" = "1.5g" }\n'
               '    }\n'
               '  ])\n'
               '}\n')
    assert lint({"emr.tf": encoded}).rules() == [("SL006", 5, 48)]
    quoted = ('resource "aws_emr_cluster" "c" {\n'
              '  configurations_json = "[{\\"Classification\\": \\"spark-defaults\\", '
              '\\"Properties\\": {\\"spark.executor.memory\\": \\"1.5g\\"}}]"\n'
              '}\n')
    assert lint({"emr.tf": quoted}).rules() == [("SL006", 2, 25)]  # the whole string: escapes shift columns


def test_a_templated_configurations_json_is_skipped(lint):
    templated = CLUSTER.replace('"1.5g"', "${var.memory}")  # not JSON until Terraform renders it
    run = lint({"emr.tf": templated})
    assert run.code == 0 and run.findings == []


def test_interpolations_inside_json_strings_leave_the_heredoc_readable(lint):
    logged = CLUSTER.replace('"spark.dynamicAllocation.enabled": "true"',
                             '"spark.eventLog.dir": "s3://${var.bucket}/spark-events"')
    assert lint({"emr.tf": logged}).rules() == [("SL006", 10, 32)]
