"""Team policies (`[[policy]]` in .sparklint.toml): each operator on each config shape, effective values
across layers, combinations, scope, and the mistakes a policy author makes (exit 2, exact place)."""

from __future__ import annotations

import json
import re

import pytest

from sparklint.cli import main

POLICY = """
[[policy]]
id = "ACME001"
name = "team-policy"
severity = "error"
summary = "The platform team's rule"
check = {check}
"""


def _config(check: str, **extra: str) -> str:
    text = POLICY.replace("{check}", check)
    for key, value in extra.items():
        text = text.replace('\ncheck =', f"\n{key} = {value}\ncheck =")
    return text


# --- shapes: settings -> (file name, text); each setting on a line of its own where the shape allows --------

def _conf(settings: dict[str, str]) -> tuple[str, str]:
    return "spark-defaults.conf", "spark.app.name etl\n" + "".join(f"{k} {v}\n" for k, v in settings.items())


def _start_job_run(settings: dict[str, str]) -> tuple[str, str]:
    parameters = " ".join(f"--conf {k}={v}" for k, v in {"spark.app.name": "etl", **settings}.items())
    body = {"applicationId": "00abc", "executionRoleArn": "arn:aws:iam::123456789012:role/job",
            "jobDriver": {"sparkSubmit": {"entryPoint": "s3://bucket/etl.py", "sparkSubmitParameters": parameters}}}
    return "start-job-run.json", json.dumps(body, indent=2) + "\n"


def _spark_application(settings: dict[str, str]) -> tuple[str, str]:
    lines = ["apiVersion: sparkoperator.k8s.io/v1beta2", "kind: SparkApplication", "metadata:", "  name: etl",
             "spec:", "  type: Scala", "  mode: cluster", "  image: spark:3.5.1", "  mainClass: com.acme.Etl",
             "  mainApplicationFile: local:///opt/etl.jar", "  sparkConf:", '    "spark.app.name": "etl"']
    lines += [f'    "{k}": "{v}"' for k, v in settings.items()]
    lines += ["  driver:", "    cores: 1", "  executor:", "    instances: 2"]
    return "etl-sparkapp.yaml", "\n".join(lines) + "\n"


def _submit_script(settings: dict[str, str]) -> tuple[str, str]:
    lines = ["#!/bin/bash", "spark-submit \\", "  --master yarn \\", "  --conf spark.app.name=etl \\"]
    lines += [f"  --conf {k}={v} \\" for k, v in settings.items()]
    lines += ["  s3://bucket/etl.jar"]
    return "submit.sh", "\n".join(lines) + "\n"


def _airflow_dag(settings: dict[str, str]) -> tuple[str, str]:
    lines = ["from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator", "",
             "etl = SparkSubmitOperator(", "    task_id='etl',", "    application='s3://bucket/etl.jar',",
             "    conf={", "        'spark.app.name': 'etl',"]
    lines += [f"        '{k}': '{v}'," for k, v in settings.items()]
    lines += ["    },", ")"]
    return "dags/etl.py", "\n".join(lines) + "\n"


SHAPES = {"spark-defaults": _conf, "start-job-run": _start_job_run, "spark-application": _spark_application,
          "spark-submit-script": _submit_script, "airflow-dag": _airflow_dag}

# operator -> (check table, settings that break it, settings that keep it); the break names the key it is at
OPERATORS = {
    "require": ('{ key = "spark.eventLog.dir", require = true }', {}, {"spark.eventLog.dir": "s3://logs/"}),
    "require-explicit": ('{ key = "spark.eventLog.dir", require = "explicit" }', {},
                         {"spark.eventLog.dir": "s3://logs/"}),
    "forbid": ('{ key = "spark.driver.extraJavaOptions", forbid = true }',
               {"spark.driver.extraJavaOptions": "-Dx=1"}, {}),
    "equals": ('{ key = "spark.eventLog.enabled", equals = true }', {"spark.eventLog.enabled": "false"},
               {"spark.eventLog.enabled": "true"}),
    "one-of": ('{ key = "spark.serializer", one-of = ["org.apache.spark.serializer.KryoSerializer"] }',
               {"spark.serializer": "org.apache.spark.serializer.JavaSerializer"},
               {"spark.serializer": "org.apache.spark.serializer.KryoSerializer"}),
    "matches": ('{ key = "spark.yarn.queue", matches = "^team-" }', {"spark.yarn.queue": "default"},
                {"spark.yarn.queue": "team-etl"}),
    "min": ('{ key = "spark.executor.memory", min = "2g" }', {"spark.executor.memory": "1g"},
            {"spark.executor.memory": "4g"}),
    "max": ('{ key = "spark.sql.shuffle.partitions", max = 2000 }', {"spark.sql.shuffle.partitions": "4000"},
            {"spark.sql.shuffle.partitions": "200"}),
    "quantity-max": ('{ quantity = "executor.container", max = "10g" }', {"spark.executor.memory": "10g"},
                     {"spark.executor.memory": "6g"}),
}


def _line_of(text: str, key: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), 1) if key in line)


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("operator", OPERATORS)
def test_each_operator_on_each_shape(lint, shape: str, operator: str) -> None:
    check, breaking, keeping = OPERATORS[operator]
    name, bad_text = SHAPES[shape](breaking)
    bad = lint({".sparklint.toml": _config(check), name: bad_text})
    found = [finding for finding in bad.findings if finding["rule"] == "ACME001"]
    assert len(found) == 1, bad.out
    assert found[0]["severity"] == "error" and found[0]["path"] == name and bad.code == 1
    if breaking:  # the finding points at the setting that decides the value
        assert found[0]["line"] == _line_of(bad_text, next(iter(breaking)).split(".")[-1])
    name, good_text = SHAPES[shape](keeping)
    good = lint({".sparklint.toml": _config(check), name: good_text})
    assert [finding for finding in good.findings if finding["rule"] == "ACME001"] == []


# --- effective values -----------------------------------------------------------------------------------

def test_a_spark_default_is_the_effective_value(lint) -> None:
    run = lint({".sparklint.toml": _config('{ key = "spark.eventLog.enabled", equals = true }'),
                "spark-defaults.conf": "spark.app.name etl\n"})
    (finding,) = run.findings
    assert finding["rule"] == "ACME001" and "false (Spark 3.5 default)" in finding["message"]


def test_an_emr_serverless_default_is_the_effective_value(lint) -> None:
    """Nothing written: EMR Serverless gives executors 14g, which the 8g cap catches."""
    _, text = _start_job_run({})
    run = lint({".sparklint.toml": _config('{ key = "spark.executor.memory", max = "8g" }'), "job.json": text})
    (finding,) = [finding for finding in run.findings if finding["rule"] == "ACME001"]
    assert "14g" in finding["message"] and "EMR Serverless" in finding["message"]


def test_an_application_runtime_configuration_is_the_effective_value(lint) -> None:
    application = {"name": "analytics", "releaseLabel": "emr-7.1.0", "type": "SPARK",
                   "runtimeConfiguration": [{"classification": "spark-defaults",
                                             "properties": {"spark.executor.memory": "20g"}}]}
    _, job = _start_job_run({"spark.executor.cores": "4"})
    files = {".sparklint.toml": _config('{ key = "spark.executor.memory", max = "16g" }'),
             "application.json": json.dumps(application, indent=2) + "\n", "job.json": job}
    run = lint(files)
    (finding,) = [finding for finding in run.findings if finding["rule"] == "ACME001"]
    assert finding["path"] == "application.json" and finding["line"] == _line_of(files["application.json"], "20g")
    # The job's own --conf beats the application's runtimeConfiguration: 8g is within the cap.
    _, job = _start_job_run({"spark.executor.memory": "8g"})
    run = lint({**files, "job.json": job})
    assert [finding for finding in run.findings if finding["rule"] == "ACME001"] == []


def test_a_typed_field_beats_conf(lint) -> None:
    text = _spark_application({"spark.executor.memory": "4g"})[1].replace(
        "    instances: 2", "    instances: 2\n    memory: 32g")
    run = lint({".sparklint.toml": _config('{ key = "spark.executor.memory", max = "16g" }'), "app.yaml": text})
    (finding,) = [finding for finding in run.findings if finding["rule"] == "ACME001"]
    assert finding["line"] == _line_of(text, "32g") and "32g" in finding["message"]


def test_sizes_compare_in_the_keys_own_unit(lint) -> None:
    """spark.executor.memoryOverhead is read in MiB: 2048 is 2 GiB, within "2g"; 2049 is above."""
    config = _config('{ key = "spark.executor.memoryOverhead", max = "2g" }')
    run = lint({".sparklint.toml": config, "a.conf": "spark.executor.memoryOverhead 2048\n"})
    assert [f for f in run.findings if f["rule"] == "ACME001"] == []
    run = lint({".sparklint.toml": config, "a.conf": "spark.executor.memoryOverhead 2049\n"})
    (finding,) = [f for f in run.findings if f["rule"] == "ACME001"]
    assert finding["line"] == 1 and "2049 MiB" in finding["message"]


def test_values_a_policy_cannot_judge_are_left_alone(lint) -> None:
    config = _config('{ key = "spark.executor.memory", max = "16g" }')
    run = lint({".sparklint.toml": config, "a.conf": "spark.executor.memory ${EXECUTOR_MEMORY}\n"})
    assert [finding for finding in run.findings if finding["rule"] == "ACME001"] == []


# --- combinations and scope ------------------------------------------------------------------------------

WHEN_DYNAMIC = ('{ key = "spark.dynamicAllocation.maxExecutors", require = true }',
                '{ key = "spark.dynamicAllocation.enabled", equals = true }')


def test_when_limits_a_policy_to_configs_where_it_holds(lint) -> None:
    check, when = WHEN_DYNAMIC
    config = _config(check, when=when)
    on = lint({".sparklint.toml": config, "a.conf": "spark.dynamicAllocation.enabled true\n"})
    assert [(f["rule"], f["line"]) for f in on.findings] == [("ACME001", 1)]
    off = lint({".sparklint.toml": config, "a.conf": "spark.executor.instances 4\n"})
    assert off.findings == []


def test_all_any_not(lint) -> None:
    check = ('{ any = [ { key = "spark.master", matches = "^yarn" }, '
             '{ not = { key = "spark.submit.deployMode", equals = "client" } } ] }')
    config = _config(check)
    assert lint({".sparklint.toml": config, "a.conf": "spark.master yarn\nspark.submit.deployMode client\n"}).findings == []
    bad = lint({".sparklint.toml": config, "a.conf": "spark.master local[2]\nspark.submit.deployMode client\n"})
    assert [f["rule"] for f in bad.findings] == ["ACME001"]
    both = _config('{ all = [ { key = "spark.executor.cores", min = 2 }, { key = "spark.executor.cores", max = 5 } ] }')
    assert lint({".sparklint.toml": both, "a.conf": "spark.executor.cores 4\n"}).findings == []
    (finding,) = lint({".sparklint.toml": both, "a.conf": "spark.executor.cores 8\n"}).findings
    assert "above the maximum 5" in finding["message"]


@pytest.mark.parametrize("where, inside, outside", [
    ('{ platforms = ["kubernetes"] }', "k8s.conf", "yarn.conf"),
    ('{ paths = ["jobs/**"] }', "jobs/nightly/a.conf", "other/a.conf"),
])
def test_where_scopes_a_policy(lint, where: str, inside: str, outside: str) -> None:
    config = _config('{ key = "spark.executor.memory", max = "16g" }', where=where)
    master = {"k8s.conf": "spark.master k8s://https://k8s:443\n", "yarn.conf": "spark.master yarn\n"}
    files = {".sparklint.toml": config}
    for name in (inside, outside):
        files[name] = master.get(name, "") + "spark.executor.memory 32g\n"
    run = lint(files)
    assert [f["path"] for f in run.findings] == [inside]


def test_where_spark_versions_and_a_spark_version_check(lint) -> None:
    text = _spark_application({})[1].replace("  type: Scala", '  type: Scala\n  sparkVersion: "3.3.1"')
    config = _config('{ spark-version = ">=3.5" }')
    (finding,) = lint({".sparklint.toml": config, "app.yaml": text}).findings
    assert finding["line"] == _line_of(text, "sparkVersion") and "Spark 3.3.1" in finding["message"]
    newer = lint({".sparklint.toml": config, "app.yaml": text.replace("3.3.1", "4.0.0")})
    assert [f for f in newer.findings if f["rule"] == "ACME001"] == []
    # A file that declares no version cannot be judged by a version policy.
    assert lint({".sparklint.toml": config, "a.conf": "spark.executor.cores 2\n"}, paths=("a.conf",)).findings == []
    scoped = _config('{ key = "spark.executor.cores", max = 1 }', where='{ spark-versions = "<3.4" }')
    run = lint({".sparklint.toml": scoped, "app.yaml": text.replace(
        "sparkConf:", "sparkConf:\n    \"spark.executor.cores\": \"2\"")})
    assert [f["rule"] for f in run.findings if f["rule"].startswith("ACME")] == ["ACME001"]
    # Scoping goes by the version the config is judged by: with none declared, sparklint's default 3.5.
    assert lint({".sparklint.toml": scoped, "a.conf": "spark.executor.cores 2\n"}, paths=("a.conf",)).findings == []
    assert [f["rule"] for f in lint({".sparklint.toml": scoped, "a.conf": "spark.executor.cores 2\n"},
                                    "--spark-version", "3.3", paths=("a.conf",)).findings] == ["ACME001"]


def test_application_kind_and_maximum_capacity(lint) -> None:
    config = _config('{ quantity = "maximum-capacity.cpu", require = true }', where='{ kinds = ["application"] }')
    application = {"name": "analytics", "releaseLabel": "emr-7.1.0", "type": "SPARK"}
    run = lint({".sparklint.toml": config, "app.json": json.dumps(application, indent=2)})
    assert [f["rule"] for f in run.findings] == ["ACME001"]
    application["maximumCapacity"] = {"cpu": "400vCPU", "memory": "3000GB", "disk": "500GB"}
    assert lint({".sparklint.toml": config, "app.json": json.dumps(application, indent=2)}).findings == []


# --- messages, selection, suppression, outputs ---------------------------------------------------------

def test_message_placeholders_and_fix(lint) -> None:
    config = _config('{ key = "spark.executor.memory", max = "16g" }',
                     message='"{key} is {value} ({source}), {effective}; cap {limit} [{policy}]"',
                     fix='"Use 16g or less."')
    (finding,) = lint({".sparklint.toml": config, "a.conf": "spark.executor.memory 20g\n"}).findings
    assert finding["message"] == "spark.executor.memory is 20g (a.conf:1), 20 GiB; cap 16g [ACME001]"
    assert finding["fix"] == "Use 16g or less."


def test_policies_obey_select_ignore_suppressions_and_severity(lint) -> None:
    config = _config('{ key = "spark.executor.memory", max = "16g" }')
    files = {".sparklint.toml": config, "a.conf": "spark.executor.memory 20g\n"}
    assert [f["rule"] for f in lint(files, "--select", "ACME").findings] == ["ACME001"]
    assert lint(files, "--ignore", "ACME001").findings == []
    assert lint(files, "--ignore", "team-policy").findings == []
    quiet = {**files, "a.conf": "# sparklint: disable=ACME001\nspark.executor.memory 20g\n"}
    assert lint(quiet).findings == []
    ignored = {**files, ".sparklint.toml": '[per-file-ignores]\n"a.conf" = ["ACME001"]\n' + config}
    assert lint(ignored).findings == []
    lowered = {**files, ".sparklint.toml": config + '\n[rules.ACME001]\nseverity = "info"\n'}
    (finding,) = lint(lowered).findings
    assert finding["severity"] == "info" and lint(lowered).code == 0


def test_policies_in_sarif_rules_and_rule_pages(lint, capsys) -> None:
    config = _config('{ key = "spark.executor.memory", max = "16g" }')
    run = lint({".sparklint.toml": config, "a.conf": "spark.executor.memory 20g\n"}, "--format", "sarif")
    sarif = json.loads(run.out)["runs"][0]
    (descriptor,) = [rule for rule in sarif["tool"]["driver"]["rules"] if rule["id"] == "ACME001"]
    (result,) = sarif["results"]
    assert result["ruleId"] == "ACME001" and result["level"] == "error"
    assert "What it flags" not in descriptor["fullDescription"]["text"]
    assert "spark.executor.memory is at most 16g" in descriptor["fullDescription"]["text"]
    assert descriptor["id"] == "ACME001" and descriptor["shortDescription"]["text"] == "The platform team's rule"
    assert descriptor["defaultConfiguration"]["level"] == "error"
    assert main(["rules"]) == 0
    assert any(line.startswith("ACME001  team-policy") for line in capsys.readouterr().out.splitlines())
    assert main(["rule", "ACME001"]) == 0
    page = capsys.readouterr().out
    assert page.startswith("ACME001 team-policy (default severity: error)") and "spark.executor.memory is at most 16g" in page


def test_a_shared_policy_file(lint) -> None:
    files = {".sparklint.toml": 'policies = ["policies/team.toml"]\n',
             "policies/team.toml": _config('{ key = "spark.executor.memory", max = "16g" }'),
             "jobs/a.conf": "spark.executor.memory 20g\n"}
    assert [f["rule"] for f in lint(files).findings] == ["ACME001"]


def test_a_run_reads_its_config_and_policy_files_once(lint, monkeypatch) -> None:
    # The command line looks up `baseline` before the lint: the lint keeps the config it loaded, so 200
    # policies are read and compiled once per run, not twice.
    from sparklint import settings

    reads: list[str] = []
    read = settings._read_config_bytes

    def counted(absolute: str, shown: str) -> bytes:
        reads.append(absolute.replace("\\", "/").rsplit("/", 2)[-1])
        return read(absolute, shown)

    monkeypatch.setattr(settings, "_read_config_bytes", counted)
    files = {".sparklint.toml": 'policies = ["policies/team.toml"]\n',
             "policies/team.toml": _config('{ key = "spark.executor.memory", max = "16g" }'),
             "jobs/a.conf": "spark.executor.memory 20g\n"}
    assert [f["rule"] for f in lint(files).findings] == ["ACME001"]
    assert sorted(reads) == [".sparklint.toml", "team.toml"]
    files["policies/team.toml"] = files["policies/team.toml"].replace("16g", "32g")
    assert [f["rule"] for f in lint(files).findings] == []  # afresh on the next run: it may have changed
    assert sorted(reads) == [".sparklint.toml", ".sparklint.toml", "team.toml", "team.toml"]


# --- mistakes in policies: exit 2, with the exact place --------------------------------------------------

@pytest.mark.parametrize("check, place, words", [
    ('{ key = "spark.executor.memory", maximum = "16g" }', "policy[0].check.maximum", "max"),
    ('{ key = "spark.executor.memory", max = 16 }', "policy[0].check.max", "without a unit"),
    ('{ key = "spark.network.timeout", min = "120" }', "policy[0].check.min", "without a unit"),
    ('{ key = "spark.app.name", matches = "team-(" }', "policy[0].check.matches", "does not compile"),
    ('{ key = "spark.executor.memroy", max = "16g" }', "policy[0].check.key", "spark.executor.memory"),
    ('{ key = "spark.master", max = 3 }', "policy[0].check.max", "equals, one-of or matches"),
    ('{ quantity = "executors.maximum", max = 3 }', "policy[0].check.quantity", "executors.max"),
    ('{ key = "spark.master" }', "policy[0].check", "needs an operator"),
    ('{ key = "spark.master", quantity = "executors.max", max = 1 }', "policy[0].check", "exactly one"),
    ('{ spark-version = "at least 3.5" }', "policy[0].check.spark-version", "version comparison"),
    ('{ all = [ { key = "spark.executor.cores", max = "four" } ] }', "policy[0].check.all[0].max", "number"),
])
def test_a_bad_policy_is_exit_2_with_its_place(lint, check: str, place: str, words: str) -> None:
    run = lint({".sparklint.toml": _config(check), "a.conf": "spark.executor.cores 2\n"})
    assert run.code == 2 and run.out == ""
    assert place in run.err and words in run.err


@pytest.mark.parametrize("config, words", [
    (_config('{ key = "spark.master", forbid = true }').replace('"ACME001"', '"SL999"'), "policy[0].id"),
    (_config('{ key = "spark.master", forbid = true }', message='"{key} is {valu}"'), "unknown placeholder {valu}"),
    (_config('{ key = "spark.master", forbid = true }') * 2, "ACME001 is defined twice"),
    ('policies = ["missing.toml"]\n', "policies[0]"),
    (_config('{ key = "spark.master", forbid = true }').replace('name = "team-policy"',
                                                                 'name = "plaintext-secret"'), "SL601"),
])
def test_other_policy_mistakes_are_exit_2(lint, config: str, words: str) -> None:
    run = lint({".sparklint.toml": config, "a.conf": "spark.executor.cores 2\n"})
    assert run.code == 2 and words in run.err


def test_a_policy_file_holds_only_policies(lint) -> None:
    run = lint({".sparklint.toml": 'policies = ["team.toml"]\n', "team.toml": 'select = ["SL"]\n',
                "a.conf": "spark.executor.cores 2\n"})
    assert run.code == 2 and "team.toml" in run.err and "select" in run.err


def test_the_readme_policy_example_works(lint) -> None:
    from conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    example = re.search(r"```toml\n(# \.sparklint\.toml: policies.*?)```", readme, re.DOTALL).group(1)
    team = (REPO / "examples" / "policies" / "platform-team.toml").read_text(encoding="utf-8")
    job = "spark.master yarn\nspark.executor.memory 20g\nspark.dynamicAllocation.enabled true\n"
    run = lint({".sparklint.toml": example, "platform-team.toml": team, "jobs/etl.conf": job})
    found = sorted((f["rule"], f["line"]) for f in run.findings if not f["rule"].startswith("SL"))
    # ACME001 is scoped to kinds = ["job"], which a spark-defaults file is not; the 20g heap is a 22 GiB
    # container, within PLAT001's 22g; dynamic allocation without maxExecutors breaks ACME002 and PLAT003.
    assert found == [("ACME002", 3), ("PLAT003", 3)]
    script = "spark-submit --master yarn --executor-memory 20g s3://bucket/etl.py\n"
    run = lint({".sparklint.toml": example, "platform-team.toml": team, "jobs/etl.sh": script})
    assert [(f["rule"], f["line"]) for f in run.findings if f["rule"] == "ACME001"] == [("ACME001", 1)]
