"""Databricks cluster specs: Clusters / Jobs API JSON, Asset Bundles, dbx deployment files, Terraform.

Real files (tests/fixtures/databricks/, unchanged copies):
- development_cluster.databricks.yml: databricks/bundle-examples @ a4c43ad
  `knowledge_base/development_cluster/databricks.yml` (a target's cluster resource, single node);
- private_wheel_cluster.job.yml: same repository, `knowledge_base/private_wheel_packages/resources/cluster.job.yml`;
- dbx-06-jobs-api-2.1.yaml: databrickslabs/dbx @ 07a2368 `tests/deployment-configs/06-yaml-jobs-api-2.1-example.yaml`
  (YAML anchors and `<<:` merge keys);
- shared_autoscaling_cluster.tf, multi_task_job.tf: databricks/terraform-provider-databricks
  `docs/resources/cluster.md` and `docs/resources/job.md`, their first `hcl` examples.
And ../shared/corpus2/046-databricks-cluster.json, 047-databricks-dbx-deployment.json (NOTES: none).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import SHARED
from sparklint.dialects import recognise
from sparklint.load import load

FIXTURES = Path(__file__).parent / "fixtures" / "databricks"
CORPUS2 = SHARED / "corpus2"


def read(name: str, text: str, syntax: str):
    documents, errors = load(name, text, syntax)
    assert errors == []
    return [config for document in documents for config in recognise(document)]


def settings_of(config) -> list[tuple[str, str, int, str]]:
    return [(setting.key, setting.value, setting.span.line, setting.field) for setting in config.written()]


def explain(tmp_path, capsys, monkeypatch, name: str, text: str) -> list[dict]:
    from sparklint.cli import main

    (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    assert main(["explain", "--format", "json", name]) == 0
    return json.loads(capsys.readouterr().out)["configs"]


@pytest.mark.skipif(not CORPUS2.is_dir(), reason="the shared corpus is not here")
def test_corpus2_cluster_json_is_read_with_its_runtime_and_no_finding(lint):
    text = (CORPUS2 / "046-databricks-cluster.json").read_text(encoding="utf-8")
    (config,) = read("cluster.json", text, "json")
    assert (config.dialect, config.platform, config.name) == ("databricks-cluster", "databricks", "Aniket's Cluster")
    assert settings_of(config) == [("spark.master", "local[*, 4]", 5, "spark_conf"),
                                   ("spark.databricks.cluster.profile", "singleNode", 6, "spark_conf"),
                                   ("spark.databricks.catalog.enabled", "true", 7, "spark_conf")]
    assert (config.declared_version.text, config.declared_version.spark, config.declared_version.ref.span.line) == (
        "14.3.x-scala2.12", "3.5.0", 3)
    assert config.databricks.single_node and config.databricks.size.num_workers == 0
    run = lint({"cluster.json": text})
    assert (run.code, run.findings) == (0, [])


@pytest.mark.skipif(not CORPUS2.is_dir(), reason="the shared corpus is not here")
def test_corpus2_dbx_deployment_gives_one_job_per_cloud_with_its_environment(lint, tmp_path, capsys, monkeypatch):
    text = (CORPUS2 / "047-databricks-dbx-deployment.json").read_text(encoding="utf-8")
    configs = read("deployment.json", text, "json")
    assert [(config.dialect, config.name, config.declared_version.spark) for config in configs] == [
        ("dbx-deployment", "dbx-metrics-example", "3.1.2")] * 3
    aws = configs[0]
    assert [(setting.key, setting.span.line) for setting in aws.environment] == [
        ("DD_ENV", 16), ("DD_API_KEY", 17), ("DD_SITE", 18)]
    assert aws.is_python is True and aws.databricks.size.num_workers == 1
    run = lint({"deployment.json": text})  # {{secrets/...}} references are not plain-text credentials
    assert (run.code, run.findings) == (0, [])
    explained = explain(tmp_path, capsys, monkeypatch, "deployment.json", text)
    assert [(config["platform"], config["spark_version"]) for config in explained] == [("databricks", "3.3")] * 3
    assert "older than sparklint's catalog" in explained[0]["spark_version_note"]


def test_bundle_target_cluster_resource_is_read(lint):
    text = (FIXTURES / "development_cluster.databricks.yml").read_text(encoding="utf-8")
    (config,) = read("databricks.yml", text, "yaml")
    assert (config.dialect, config.name, config.kind) == ("databricks-bundle", "dev: Development cluster", "defaults")
    assert settings_of(config) == [
        ("spark.databricks.cluster.profile", "singleNode", 34, "targets.dev.resources.clusters.development_cluster.spark_conf"),
        ("spark.master", "local[*, 4]", 35, "targets.dev.resources.clusters.development_cluster.spark_conf")]
    assert config.declared_version.spark == "3.5.0"  # 15.4 LTS
    assert lint({"databricks.yml": text}).findings == []


def test_bundle_job_cluster_and_its_task(lint):
    text = (FIXTURES / "private_wheel_cluster.job.yml").read_text(encoding="utf-8")
    (config,) = read("cluster.job.yml", text, "yaml")
    assert config.name == "Example to demonstrate using a private wheel package on a job cluster [default]"
    assert [(key, line) for key, _, line, _ in settings_of(config)] == [
        ("spark.databricks.cluster.profile", 32), ("spark.master", 33)]
    assert config.is_python is True  # its task is a spark_python_task
    assert lint({"cluster.job.yml": text}).findings == []


def test_dbx_yaml_anchors_and_merge_keys():
    text = (FIXTURES / "dbx-06-jobs-api-2.1.yaml").read_text(encoding="utf-8")
    (config,) = read("deployment.yml", text, "yaml")
    assert (config.dialect, config.name) == ("dbx-deployment", "dbx_jobs_v21_test [basic-cluster]")
    # the runtime is written once, in the anchor the job cluster merges in
    assert (config.declared_version.text, config.declared_version.ref.span.line) == ("9.1.x-cpu-ml-scala2.12", 3)
    assert config.databricks.size.num_workers == 1


def test_terraform_cluster_and_job_resources(lint):
    text = (FIXTURES / "shared_autoscaling_cluster.tf").read_text(encoding="utf-8")
    (cluster,) = read("main.tf", text, "hcl")
    assert (cluster.dialect, cluster.name, cluster.declared_version) == (
        "terraform-databricks-cluster", "Shared Autoscaling", None)  # data.databricks_spark_version: not known here
    assert [(key, value, line) for key, value, line, _ in settings_of(cluster)] == [
        ("spark.databricks.io.cache.enabled", "true", 19), ("spark.databricks.io.cache.maxDiskUsage", "50g", 20),
        ("spark.databricks.io.cache.maxMetaDataCache", "1g", 21)]
    assert cluster.databricks.size.workers() == "autoscale 1-50 workers"
    assert lint({"main.tf": text}).findings == []
    job_text = (FIXTURES / "multi_task_job.tf").read_text(encoding="utf-8")
    configs = read("job.tf", job_text, "hcl")
    assert [(config.name, config.databricks.size.num_workers) for config in configs] == [
        ("Job with multiple tasks [j]", 2), ("Job with multiple tasks [a]", 1)]


JOBS_21 = {
    "name": "nightly",
    "job_clusters": [{"job_cluster_key": "main", "new_cluster": {
        "spark_version": "13.3.x-scala2.12", "node_type_id": "i3.xlarge", "num_workers": 4,
        "spark_conf": {"spark.sql.shuffle.partitions": "64"},
        "spark_env_vars": {"PYSPARK_PYTHON": "/databricks/python3/bin/python3"}}}],
    "tasks": [{"task_key": "etl", "job_cluster_key": "main", "spark_submit_task": {
        "parameters": ["--class", "com.acme.Main", "--conf", "spark.sql.shuffle.partitions=128",
                       "--driver-memory", "8g", "dbfs:/jars/etl.jar", "2024-01-01"]}}],
}


def test_jobs_api_spark_submit_parameters_are_a_command_line_on_the_task_cluster():
    text = json.dumps(JOBS_21, indent=2)
    (config,) = read("job.json", text, "json")
    assert (config.dialect, config.name, config.kind, config.declared_version.spark) == (
        "databricks-job", "nightly [main]", "job", "3.4.1")
    # --conf beats spark_conf; a dedicated option beats --conf
    assert config.value("spark.sql.shuffle.partitions") == "128"
    assert config.effective("spark.sql.shuffle.partitions").field == \
        "--conf in tasks[0].spark_submit_task.parameters"
    assert config.value("spark.driver.memory") == "8g"
    assert config.databricks.submit is True


def test_jobs_api_2_0_and_wrapped_shapes():
    job_20 = {"name": "old", "new_cluster": {"spark_version": "10.4.x-scala2.12", "num_workers": 2,
                                             "spark_conf": {"spark.speculation": "true"}},
              "spark_jar_task": {"main_class_name": "Main"}}
    for body in (job_20, {"job_id": 1, "settings": job_20}, {"jobs": [{"job_id": 1, "settings": job_20}]}):
        (config,) = read("job.json", json.dumps(body, indent=1), "json")
        assert (config.name, config.value("spark.speculation"), config.is_python) == ("old", "true", False)
        assert config.declared_version.spark == "3.2.1"


def test_bundle_target_overrides_merge_over_the_job_cluster_by_key():
    text = """\
resources:
  jobs:
    etl:
      job_clusters:
        - job_cluster_key: main
          new_cluster:
            spark_version: 14.3.x-scala2.12
            num_workers: ${var.workers}
            spark_conf:
              spark.sql.shuffle.partitions: 64
              spark.speculation: "true"
targets:
  prod:
    resources:
      jobs:
        etl:
          job_clusters:
            - job_cluster_key: main
              new_cluster:
                num_workers: 10
                spark_conf:
                  spark.sql.shuffle.partitions: 400
"""
    base, prod = read("databricks.yml", text, "yaml")
    assert (base.name, base.databricks.size.num_workers, base.value("spark.sql.shuffle.partitions")) == (
        "etl [main]", None, "64")  # ${var.workers} is a template
    assert (prod.name, prod.databricks.size.num_workers) == ("prod: etl [main]", 10)
    assert [(key, value, line) for key, value, line, _ in settings_of(prod)] == [
        ("spark.speculation", "true", 11), ("spark.sql.shuffle.partitions", "400", 22)]
    assert prod.declared_version.spark == "3.5.0"  # from the top-level job cluster


@pytest.mark.parametrize("name, text", [
    ("package.json", '{"name": "x", "version": "1.0.0", "scripts": {"test": "jest"}}'),
    ("tsconfig.json", '{"compilerOptions": {"target": "es2020", "spark_version": 3}}'),
    ("ci.yml", "jobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n"),
    ("values.yaml", "tasks:\n  - name: a\n    new_cluster: true\n"),
])
def test_other_json_and_yaml_stay_quiet(name, text):
    syntax = "json" if name.endswith(".json") else "yaml"
    assert read(name, text, syntax) == []


_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-5, 10**12), st.text(max_size=12))
_KEYS = st.sampled_from(["spark_version", "new_cluster", "job_clusters", "tasks", "task_key", "job_cluster_key",
                         "spark_conf", "spark_env_vars", "num_workers", "autoscale", "min_workers", "max_workers",
                         "spark_submit_task", "parameters", "resources", "jobs", "targets", "settings",
                         "environments", "workflows", "clusters", "node_type_id", "spark.x", "name"])
_TREES = st.recursive(_SCALARS, lambda children: st.one_of(
    st.lists(children, max_size=4), st.dictionaries(_KEYS, children, max_size=5)), max_leaves=30)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tree=_TREES)
def test_fuzzed_databricks_shapes_never_raise(tree):
    text = json.dumps({"spark_version": "13.3.x-scala2.12", "x": tree, "tasks": [tree], "new_cluster": tree})
    read("job.json", text, "json")
    read("job.json", json.dumps(tree), "json")


SUBMIT_JOB = """\
{
  "name": "etl",
  "job_clusters": [{"job_cluster_key": "main", "new_cluster": {
    "spark_version": "13.3.x-scala2.12", "node_type_id": "i3.xlarge",
    "autoscale": {"min_workers": 2, "max_workers": 8},
    "spark_conf": {"spark.executor.instances": "12"}}}],
  "tasks": [{"task_key": "load", "job_cluster_key": "main", "spark_submit_task": {"parameters": [
    "--class", "com.acme.Load", "--executor-cores", "4", "--deploy-mode", "cluster",
    "dbfs:/jars/load.jar"]}}]
}
"""


def test_spark_submit_task_rules_on_what_databricks_sets_itself(lint):
    run = lint({"job.json": SUBMIT_JOB})
    assert [(f["rule"], f["line"], f["severity"]) for f in run.findings] == [
        ("SL352", 5, "warning"),  # spark-submit on an autoscaling cluster
        ("SL353", 6, "warning"),  # 12 executors asked, the cluster scales between 2 and 8 workers
        ("SL351", 8, "warning"), ("SL351", 8, "warning")]  # --executor-cores, --deploy-mode
    assert run.code == 1
    messages = [f["message"] for f in run.findings]
    assert "between 2 and 8 executors" in messages[1] and "job.json:5 (job_clusters[0].new_cluster.autoscale)" in messages[1]
    assert messages[2].startswith("--executor-cores 4 [job.json:8 (--executor-cores in tasks[0].spark_submit_task")


def test_executor_instances_equal_to_workers_and_single_node_clusters_are_quiet(lint):
    same = {"cluster_name": "c", "spark_version": "14.3.x-scala2.12", "num_workers": 4,
            "spark_conf": {"spark.executor.instances": "4"}}
    single = {"cluster_name": "c", "spark_version": "14.3.x-scala2.12", "num_workers": 0,
              "spark_conf": {"spark.master": "local[*, 4]", "spark.databricks.cluster.profile": "singleNode"}}
    templated = {"cluster_name": "c", "spark_version": "14.3.x-scala2.12", "num_workers": "${var.n}",
                 "spark_conf": {"spark.executor.instances": "9", "spark.master": "local[*]"}}
    for body in (same, single, templated):
        assert lint({"cluster.json": json.dumps(body, indent=2)}).findings == []


def test_local_master_on_a_cluster_with_workers(lint):
    text = 'resource "databricks_cluster" "etl" {\n  cluster_name  = "etl"\n  spark_version = "15.4.x-scala2.12"\n' \
           '  num_workers   = 4\n  spark_conf = {\n    "spark.master" = "local[*]"\n  }\n}\n'
    run = lint({"main.tf": text})
    assert [(f["rule"], f["line"], f["severity"]) for f in run.findings] == [("SL354", 6, "warning")]
    assert "num_workers=4 [main.tf:4 (databricks_cluster.etl.num_workers)]" in run.findings[0]["message"]


def test_explain_works_on_each_databricks_shape(tmp_path, capsys, monkeypatch):
    shapes = {
        "cluster.json": json.dumps({"cluster_name": "c", "spark_version": "12.2.x-scala2.12", "num_workers": 1,
                                    "spark_conf": {"spark.sql.shuffle.partitions": "8"}}),
        "job.json": SUBMIT_JOB,
        "databricks.yml": (FIXTURES / "private_wheel_cluster.job.yml").read_text(encoding="utf-8"),
        "deployment.yml": (FIXTURES / "dbx-06-jobs-api-2.1.yaml").read_text(encoding="utf-8"),
        "main.tf": (FIXTURES / "shared_autoscaling_cluster.tf").read_text(encoding="utf-8"),
    }
    versions = {"cluster.json": "3.3", "job.json": "3.4", "databricks.yml": "3.5", "deployment.yml": "3.3",
                "main.tf": "3.5"}
    for name, text in shapes.items():
        folder = tmp_path / name.replace(".", "_")
        folder.mkdir()
        (config, *_) = explain(folder, capsys, monkeypatch, name, text)
        assert (name, config["platform"], config["spark_version"]) == (name, "databricks", versions[name])
