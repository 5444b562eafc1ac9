"""AWS Glue jobs (Terraform `aws_glue_job`, CreateJob bodies): the `--conf` argument, chained settings
included, becomes Spark settings with positions inside the string; arguments named like Spark
properties are reported (SL004) because Glue hands them to the script, not to Spark."""

from __future__ import annotations

import json
from pathlib import Path

from sparklint.dialects import recognise
from sparklint.load import load

# Unchanged copy of NMDSdevopsServiceAdm/DataEngineering terraform/modules/glue-job/glue.tf @ 35455bd
# (../shared/corpus2/043-glue-job.tf): default_arguments = merge(var.job_parameters, {...}).
MERGED_ARGUMENTS = Path(__file__).parent / "fixtures" / "glue" / "043-glue-job.tf"

CHAINED = ('resource "aws_glue_job" "etl" {\n'
           '  command {\n'
           '    name            = "glueetl"\n'
           '    script_location = "s3://b/etl.py"\n'
           '  }\n'
           '  default_arguments = {\n'
           '    "--datalake-formats" = "iceberg"\n'
           '    "--conf" = "spark.sql.extensions=org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions'
           ' --conf spark.sql.catalog.glue_catalog=org.apache.iceberg.spark.SparkCatalog"\n'
           '  }\n'
           '}\n')


def test_a_chained_conf_is_read_and_quiet_when_right(lint):
    run = lint({"glue.tf": CHAINED})
    assert run.code == 0 and run.findings == []


def test_settings_inside_the_conf_value_point_at_themselves(lint):
    wrong = CHAINED.replace("spark.sql.extensions=", "spark.sql.extension=").replace(
        "--conf spark.sql.catalog", "--conf SPARK.sql.catalog")
    run = lint({"glue.tf": wrong})
    assert sorted(run.rules()) == [("SL003", 8, 17), ("SL004", 8, 110)]  # each key inside the one string
    messages = " ".join(finding["message"] for finding in run.findings)
    assert "did you mean spark.sql.extensions?" in messages and "'SPARK.sql.catalog.glue_catalog'" in messages


def test_spark_properties_as_job_arguments_never_reach_spark(lint):
    body = {"Name": "etl", "Role": "arn:aws:iam::1:role/glue", "Command": {"Name": "glueetl",
                                                                          "ScriptLocation": "s3://b/etl.py"},
            "DefaultArguments": {"--spark.sql.shuffle.partitions": "400", "--job-language": "python"}}
    run = lint({"create-job.json": json.dumps(body, indent=1)})
    (finding,) = run.findings
    assert (finding["rule"], finding["line"]) == ("SL004", 9)
    assert "a Glue job argument is handed to the script" in finding["message"]
    assert '"--conf" = "spark.sql.shuffle.partitions=... --conf ..."' in finding["fix"]


def test_python_shell_jobs_and_other_resources_are_not_ours(lint):
    shell = CHAINED.replace('"glueetl"', '"pythonshell"')
    run = lint({"glue.tf": shell}, "--verbose")
    assert run.code == 0 and "not a Spark configuration we recognise" in run.err


MODULE = ('module "rentsense_job" {\n'
          '  source               = "../modules/aws-glue-job"\n'
          '  glue_job_worker_type = "G.1X"\n'
          '  glue_version         = "4.0"\n'
          '  tags                 = module.tags.values\n'
          '  job_parameters = {\n'
          '    "--job-bookmark-option" = "job-bookmark-enable"\n'
          '    "--s3_bucket"           = module.refined_zone.bucket_id\n'
          '    "--conf"                = "spark.sql.legacy.timeParserPolicy=LEGACY'
          ' --conf spark.sql.legacy.parquet.int96RebaseModeInRead=LEGACY"\n'
          '  }\n'
          '  crawler_details = {\n'
          '    database_name = "refined"\n'
          '  }\n'
          '}\n')


def test_a_glue_module_call_is_read_from_its_job_arguments_input(lint):
    # A data platform's own Glue module (LBHackney-IT/Data-Platform terraform/etl/ has this shape): the
    # input map of `--` arguments is the job's default_arguments, and glue_version says Spark 3.3.
    run = lint({"etl/rentsense.tf": MODULE})
    assert [(f["rule"], f["line"], f["severity"]) for f in run.findings] == [("SL005", 9, "warning")]
    assert run.code == 1
    assert "use spark.sql.parquet.int96RebaseModeInRead" in run.findings[0]["message"]
    assert "(Spark 3.3)" in run.findings[0]["message"]


def test_module_inputs_that_are_not_glue_arguments_are_not_read(lint):
    # No --conf, or keys that are not `--` arguments: another module's map, nothing of Spark.
    no_conf = MODULE.replace('"--conf"', '"--extra-py-files"')
    mixed = MODULE.replace('"--job-bookmark-option"', '"job_bookmark"')
    for text in (no_conf, mixed):
        run = lint({"etl/rentsense.tf": text}, "--verbose")
        assert (run.code, run.findings) == (0, [])
        assert "not a Spark configuration we recognise" in run.err


def test_default_arguments_built_with_merge_are_read_from_its_literal_map(lint):
    text = MERGED_ARGUMENTS.read_text(encoding="utf-8")
    documents, errors = load("glue.tf", text, "hcl")
    assert errors == []
    (config,) = [config for document in documents for config in recognise(document)]
    assert (config.name, config.platform) == ("glue_job", "glue")
    # `=false${var.extra_conf}`: Terraform glues whatever the variable holds to "false", so the key is
    # known and its value stays a template (never judged); the --conf chain would go on inside it.
    assert [(s.key, s.value, s.span.line, s.span.column) for s in config.written()] == [
        ("spark.sql.sources.partitionColumnTypeInference.enabled", "false${var.extra_conf}", 24, 47)]
    run = lint({"glue.tf": text})
    assert run.code == 0 and run.findings == []  # corpus2 NOTES: none


def test_a_later_map_in_merge_overrides_an_earlier_one(lint):
    text = CHAINED.replace('default_arguments = {', 'default_arguments = merge(var.common, {\n'
                           '    "--conf" = "spark.sql.extension=x"\n  }, local.more, {').replace('\n  }\n}', '\n  })\n}')
    run = lint({"glue.tf": text})
    assert run.code == 0 and run.findings == []  # the misspelt --conf of the first map is replaced
    run = lint({"glue.tf": text.replace("local.more, {", "local.more, {\n    \"--spark.executor.memory\" = \"4g\"")})
    assert [rule for rule, _, _ in run.rules()] == ["SL004"]
