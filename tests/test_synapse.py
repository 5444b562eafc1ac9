"""Azure Synapse and Microsoft Fabric: Spark pools (Terraform), Spark configurations, notebooks, pipelines,
Fabric environments.

Real files (tests/fixtures/synapse/, unchanged copies):
- dev_test.json, py_table_exists.json, py_raw_to_std.json: Planning-Inspectorate/ODW-Service @ 9894bb5
  `workspace/notebook/Dev test.json`, `py_table_exists.json` and `py_raw_to_std.json` (a `%%configure -f` cell) (notebooks as Synapse's git integration saves them; 478 of
  the repository's 480 notebooks carry the UI's dynamic-allocation block);
- data_validation_test.json, rel_1298_relevant_representation.json: same repository, `workspace/pipeline/`
  (SynapseNotebook activities: the UI's nulls, `executorSize: Small`, a conf that turns dynamic allocation on);
- synapse-spark-pool.tf: same repository @ a379cd7^ `infrastructure/modules/synapse-workspace-private/synapse-spark-pool.tf`
  (two pools whose spark_config heredocs interpolate `${var.x}`);
- Sparkcompute.yml: microsoft/fabric-cicd @ 415914e `sample/workspace/World.Environment/Setting/Sparkcompute.yml`.
And ../shared/corpus2/052-synapse-spark-configuration.json (NOTES: none), 053-synapse-spark-pool.tf (NOTES:
`spark.shuffle.spill` has had no effect since Spark 1.6).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import SHARED
from sparklint.dialects import recognise
from sparklint.load import load

FIXTURES = Path(__file__).parent / "fixtures" / "synapse"
CORPUS2 = SHARED / "corpus2"


def read(name: str, text: str, syntax: str):
    documents, errors = load(name, text, syntax)
    assert errors == []
    return [config for document in documents for config in recognise(document)]


def settings_of(config) -> list[tuple[str, str, int, str]]:
    return [(setting.key, setting.value, setting.span.line, setting.field) for setting in config.written()]


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


@pytest.mark.skipif(not CORPUS2.is_dir(), reason="the shared corpus is not here")
def test_corpus2_terraform_pool_reads_its_spark_config_heredoc_at_the_tf_lines(lint):
    text = (CORPUS2 / "053-synapse-spark-pool.tf").read_text(encoding="utf-8")
    (config,) = read("pool.tf", text, "hcl")
    assert (config.dialect, config.platform) == ("terraform-synapse-spark-pool", "synapse")
    assert [(s.key, s.value, s.span.line, s.span.column) for s in config.written()] == [
        ("spark.shuffle.spill", "true", 27, 40)]
    pool = config.synapse
    assert (pool.node_size, pool.cores, pool.memory, pool.min_nodes, pool.max_nodes) == ("Small", 4, 32 * 1024**3, 3, 50)
    run = lint({"pool.tf": text})
    assert [(f["rule"], f["line"], f["column"], f["severity"]) for f in run.findings] == [("SL005", 27, 5, "warning")]
    assert "no effect since Spark 1.6" in run.findings[0]["message"]


@pytest.mark.skipif(not CORPUS2.is_dir(), reason="the shared corpus is not here")
def test_corpus2_spark_configuration_artifact_is_read_and_quiet(lint):
    text = (CORPUS2 / "052-synapse-spark-configuration.json").read_text(encoding="utf-8")
    (config,) = read("MaxBuffer.json", text, "json")
    assert (config.dialect, config.name, config.platform) == ("synapse-spark-configuration", "MaxBuffer", "synapse")
    assert settings_of(config) == [("spark.kryoserializer.buffer.max", "2047m", 5, "properties.configs"),
                                   ("spark.driver.maxResultSize", "10g", 6, "properties.configs"),
                                   ("spark.rpc.message.maxSize", "1280", 7, "properties.configs")]
    assert lint({"MaxBuffer.json": text}).findings == []


def test_notebook_session_is_read_without_the_block_the_ui_writes(lint):
    text = fixture("dev_test.json")
    (config,) = read("Dev test.json", text, "json")
    assert (config.dialect, config.kind, config.name) == ("synapse-notebook", "session", "Dev test")
    assert settings_of(config) == [
        ("spark.dynamicAllocation.enabled", "false", 20, "properties.sessionProperties.conf"),
        ("spark.driver.memory", "28g", 14, "properties.sessionProperties.driverMemory"),
        ("spark.driver.cores", "4", 15, "properties.sessionProperties.driverCores"),
        ("spark.executor.memory", "28g", 16, "properties.sessionProperties.executorMemory"),
        ("spark.executor.cores", "4", 17, "properties.sessionProperties.executorCores"),
        ("spark.executor.instances", "2", 18, "properties.sessionProperties.numExecutors")]
    assert (config.declared_version.text, config.declared_version.ref.span.line) == ("3.4", 45)
    # Before: SL205 twice on every such notebook (min/max "ignored" next to enabled=false).
    assert lint({"Dev test.json": text, "py_table_exists.json": fixture("py_table_exists.json")}).findings == []


def test_notebook_with_dynamic_allocation_on_keeps_its_bounds():
    body = json.loads(fixture("py_table_exists.json"))
    conf = body["properties"]["sessionProperties"]["conf"]
    conf["spark.dynamicAllocation.enabled"] = "true"
    conf["spark.dynamicAllocation.maxExecutors"] = "6"
    (config,) = read("nb.json", json.dumps(body, indent=1), "json")
    assert config.value("spark.dynamicAllocation.minExecutors") == "2"
    assert config.value("spark.dynamicAllocation.maxExecutors") == "6"
    assert config.value("spark.autotune.trackingId") is None


def test_notebook_configure_cell_is_read_over_the_session_at_its_lines(lint):
    text = fixture("py_raw_to_std.json")
    (config,) = read("py_raw_to_std.json", text, "json")
    configured = [(s.key, s.value, s.span.line, s.field) for s in config.written() if "%%configure" in s.field]
    assert configured == [
        ("spark.kryoserializer.buffer.max", "2047m", 103, "conf in %%configure (notebook cell 3)"),
        ("spark.driver.maxResultSize", "10g", 104, "conf in %%configure (notebook cell 3)"),
        ("spark.rpc.message.maxSize", "1280", 105, "conf in %%configure (notebook cell 3)")]
    assert config.effective("spark.driver.maxResultSize").layer.name == "synapse-configure-conf"
    assert lint({"py_raw_to_std.json": text}).findings == []
    broken = text.replace('"    \\"conf\\": {\\n",', '"    \\"conf\\": {{\\n",')
    assert broken != text
    run = lint({"py_raw_to_std.json": broken})
    assert [(f["rule"], f["line"], f["severity"]) for f in run.findings] == [("SL001", 102, "error")]


def test_spark_job_definition_import_json():
    # The example of Microsoft's "Create an Apache Spark job definition" page (import a local JSON file).
    body = {"targetBigDataPool": {"referenceName": "socdemolarge", "type": "BigDataPoolReference"},
            "requiredSparkVersion": "3.3", "language": "scala",
            "jobProperties": {"name": "robinSparkDefinitiontest", "file": "adl://x/wordcount.jar", "className": "WordCount",
                              "conf": {"spark.dynamicAllocation.enabled": "false",
                                       "spark.dynamicAllocation.minExecutors": "2",
                                       "spark.dynamicAllocation.maxExecutors": "2"},
                              "numExecutors": 2, "executorCores": 8, "executorMemory": "24g", "driverCores": 8,
                              "driverMemory": "24g"}}
    (config,) = read("job.json", json.dumps(body, indent=2), "json")
    assert (config.dialect, config.name, config.declared_version.spark) == (
        "synapse-spark-job-definition", "robinSparkDefinitiontest", "3.3")
    assert [key for key, *_ in settings_of(config)] == [  # the UI's bounds beside enabled=false are not read
        "spark.dynamicAllocation.enabled", "spark.executor.instances", "spark.executor.cores", "spark.executor.memory",
        "spark.driver.cores", "spark.driver.memory"]
    (wrapped,) = read("job.json", json.dumps({"name": "job", "properties": body}, indent=2), "json")
    assert wrapped.name == "job" and settings_of(wrapped)[0][3] == "properties.jobProperties.conf"


ARM = {"resources": [{"type": "Microsoft.Resources/deployments", "name": "synapse", "properties": {"template": {
    "resources": [{"type": "Microsoft.Synapse/workspaces/bigDataPools", "apiVersion": "2021-06-01",
                   "name": "[format('{0}/{1}', parameters('name'), parameters('sparkpoolName'))]",
                   "properties": {"sparkVersion": "3.3", "nodeCount": 3, "nodeSize": "Small",
                                  "nodeSizeFamily": "MemoryOptimized",
                                  "autoScale": {"enabled": True, "minNodeCount": 3, "maxNodeCount": 4},
                                  "dynamicExecutorAllocation": {"enabled": True, "minExecutors": 1,
                                                                "maxExecutors": 8},
                                  "sparkConfigProperties": {"content": "spark.executor.memory 40g\n",
                                                            "filename": "config.txt",
                                                            "configurationType": "File"}}}]}}}]}


def test_arm_template_big_data_pool(lint):
    text = json.dumps(ARM, indent=2)
    (config,) = read("azuredeploy.json", text, "json")
    assert (config.dialect, config.declared_version.spark) == ("synapse-big-data-pool", "3.3")
    pool = config.synapse
    assert (pool.node_size, pool.cores, pool.min_nodes, pool.max_nodes) == ("Small", 4, 3, 4)
    assert [key for key, *_ in settings_of(config)] == [
        "spark.dynamicAllocation.enabled", "spark.dynamicAllocation.minExecutors", "spark.dynamicAllocation.maxExecutors",
        "spark.executor.memory"]
    run = lint({"azuredeploy.json": text})
    assert [f["rule"] for f in run.findings] == ["SL371"]  # 40g + 4g overhead on 32 GB nodes (SL372 then moot)
    # The platform keeps shuffle data when its pool turns dynamic allocation on (SL203 stays quiet), also on
    # Spark 3.1, whose shuffle tracking is off by default.
    old_spark = text.replace('"sparkVersion": "3.3"', '"sparkVersion": "3.1"').replace("spark.executor.memory 40g", "")
    assert [f["rule"] for f in lint({"azuredeploy.json": old_spark}).findings] == ["SL372"]  # not SL203
    fitting = text.replace("spark.executor.memory 40g", "spark.executor.memory 20g")
    run = lint({"azuredeploy.json": fitting})
    assert [f["rule"] for f in run.findings] == ["SL372"]  # 8 executors, 3 workers × 1
    assert "the pool holds at most 3" in run.findings[0]["message"]


def test_pipeline_activities_skip_the_ui_nulls_and_read_sizes(lint):
    (sized,) = read("data_validation_test.json", fixture("data_validation_test.json"), "json")
    assert (sized.dialect, sized.name) == ("synapse-pipeline-activity", "data_validation_test: data validation notebook")
    assert [(key, value, line) for key, value, line, _ in settings_of(sized)] == [
        ("spark.executor.cores", "4", 27), ("spark.executor.memory", "28g", 27),
        ("spark.driver.cores", "4", 33), ("spark.driver.memory", "28g", 33)]
    (turned_on,) = read("rel.json", fixture("rel_1298_relevant_representation.json"), "json")
    assert settings_of(turned_on) == [("spark.dynamicAllocation.enabled", "true", 116,
                                       "properties.activities[3].typeProperties.conf")]
    # Before: SL006 "is empty" on every null (1,623 warnings over the repository's pipelines).
    run = lint({"a.json": fixture("data_validation_test.json"), "b.json": fixture("rel_1298_relevant_representation.json")})
    assert run.findings == [] and run.code == 0


def test_nested_activities_are_read():
    pipeline = {"name": "p", "properties": {"activities": [{"name": "loop", "type": "ForEach", "typeProperties": {
        "activities": [{"name": "nb", "type": "SynapseNotebook", "typeProperties": {
            "conf": {"spark.executor.memory": "56g"}, "numExecutors": 3}}]}}]}}
    (config,) = read("p.json", json.dumps(pipeline, indent=2), "json")
    assert [(key, value, field) for key, value, _, field in settings_of(config)] == [
        ("spark.executor.memory", "56g", "properties.activities[0].typeProperties.activities[0].typeProperties.conf"),
        ("spark.executor.instances", "3",
         "properties.activities[0].typeProperties.activities[0].typeProperties.numExecutors")]


def test_fabric_environment_sparkcompute(lint):
    text = fixture("Sparkcompute.yml")
    (config,) = read("Sparkcompute.yml", text, "yaml")
    assert (config.dialect, config.platform) == ("fabric-environment", "fabric")
    assert [(key, value, line) for key, value, line, _ in settings_of(config)] == [
        ("spark.driver.cores", "8", 2), ("spark.driver.memory", "56g", 3), ("spark.executor.cores", "8", 4),
        ("spark.executor.memory", "56g", 5), ("spark.dynamicAllocation.enabled", "true", 7),
        ("spark.dynamicAllocation.minExecutors", "1", 8), ("spark.dynamicAllocation.maxExecutors", "9", 9)]
    assert (config.declared_version.text, config.declared_version.spark) == ("1.3", "3.5")
    assert lint({"Setting/Sparkcompute.yml": text}).findings == []


def test_fabric_environment_written_by_the_ui_with_allocation_off():
    text = ("enable_native_execution_engine: false\ninstance_pool_id: 72c68dbc-0775-4d59-909d-a47896f4573b\n"
            "driver_cores: 16\ndriver_memory: 112g\nexecutor_cores: 16\nexecutor_memory: 112g\n"
            "dynamic_executor_allocation:\n    enabled: false\n    min_executors: 31\n    max_executors: 31\n"
            "spark_conf:\n  spark.acls.enable: true\nruntime_version: 1.2\n")
    (config,) = read("Sparkcompute.yml", text, "yaml")
    assert config.value("spark.dynamicAllocation.enabled") == "false"
    assert config.value("spark.dynamicAllocation.maxExecutors") is None
    assert (config.value("spark.acls.enable"), config.declared_version.spark) == ("true", "3.4")


def test_terraform_pools_with_interpolated_heredocs_keep_the_templates_unjudged(lint):
    text = fixture("synapse-spark-pool.tf")
    preview, main = read("synapse-spark-pool.tf", text, "hcl")
    assert [(key, value, line) for key, value, line, _ in settings_of(preview)] == [
        ("spark.executorEnv.dataLakeAccountName", "${var.data_lake_account_name}", 32),
        ("spark.executorEnv.keyVaultName", "${var.key_vault_name}", 33)]
    assert [key for key, *_ in settings_of(main)][2:] == ["spark.sql.parquet.int96RebaseModeInWrite",
                                                         "spark.sql.constraintPropagation.enabled"]
    assert (preview.synapse.cores, preview.declared_version) == (None, None)  # var.spark_pool_node_size, version
    assert lint({"synapse-spark-pool.tf": text}).findings == []


def test_terraform_pool_dynamic_allocation_and_quoted_content():
    text = ('resource "azurerm_synapse_spark_pool" "p" {\n  name = "pool"\n  node_size_family = "MemoryOptimized"\n'
            '  node_size = "Medium"\n  node_count = 5\n  spark_version = "3.3"\n'
            '  dynamic_executor_allocation_enabled = true\n  min_executors = 1\n  max_executors = 4\n'
            '  spark_config {\n    content = "spark.executor.memory 20g\\nspark.sql.shuffle.partitions 64"\n'
            '    filename = "c.txt"\n  }\n}\n')
    (config,) = read("main.tf", text, "hcl")
    assert [(key, value, line) for key, value, line, _ in settings_of(config)] == [
        ("spark.dynamicAllocation.enabled", "true", 7), ("spark.dynamicAllocation.minExecutors", "1", 8),
        ("spark.dynamicAllocation.maxExecutors", "4", 9), ("spark.executor.memory", "20g", 11),
        ("spark.sql.shuffle.partitions", "64", 11)]
    assert (config.name, config.declared_version.spark, config.synapse.node_count, config.synapse.cores) == (
        "pool", "3.3", 5, 8)


def test_terraform_pool_indented_heredoc_of_key_equals_value_lines():
    text = ('resource "azurerm_synapse_spark_pool" "main" {\n  node_size = var.size\n  spark_config {\n'
            '    content  = <<-EOT\nspark.sql.adaptive.enabled=true\n'
            'spark.serializer=org.apache.spark.serializer.KryoSerializer\n    EOT\n'
            '    filename = "spark-config.conf"\n  }\n  spark_version = 3.4\n}\n')
    (config,) = read("main.tf", text, "hcl")
    assert [(key, line) for key, _, line, _ in settings_of(config)] == [("spark.sql.adaptive.enabled", 5),
                                                                        ("spark.serializer", 6)]
    assert (config.synapse.cores, config.declared_version.spark) == (None, "3.4")


@pytest.mark.parametrize("name, text", [
    ("package.json", '{"name": "x", "properties": {"configs": {"a": 1}}}'),
    ("arm.json", '{"properties": {"activities": [{"type": "Copy", "typeProperties": {"conf": {"spark.x": "1"}}}]}}'),
    ("ci.yml", "jobs:\n  build:\n    runs-on: ubuntu-latest\n    driver_cores: 4\n"),
    ("other.tf", 'resource "azurerm_synapse_sql_pool" "s" {\n  sku_name = "DW100c"\n}\n'),
])
def test_other_files_are_not_synapse(name, text):
    syntax = {"json": "json", "yml": "yaml", "tf": "hcl"}[name.rsplit(".", 1)[1]]
    assert [config.dialect for config in read(name, text, syntax) if config.dialect.startswith(("synapse", "fabric",
                                                                                              "terraform-synapse"))] == []


_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-5, 10**12), st.text(max_size=12))
_KEYS = st.sampled_from(["sessionProperties", "conf", "nbformat", "cells", "metadata", "a365ComputeOptions",
                         "sparkVersion", "activities", "typeProperties", "type", "SynapseNotebook", "cases",
                         "numExecutors", "executorSize", "driverSize", "configs", "configMergeRule",
                         "spark.dynamicAllocation.enabled", "spark.dynamicAllocation.minExecutors", "name",
                         "resources", "template", "properties", "jobProperties", "targetBigDataPool", "nodeSize",
                         "sparkConfigProperties", "content", "autoScale", "dynamicExecutorAllocation", "enabled",
                         "maxExecutors", "maxNodeCount", "source", "cell_type"])
_TREES = st.recursive(_SCALARS, lambda children: st.one_of(
    st.lists(children, max_size=4), st.dictionaries(_KEYS, children, max_size=5)), max_leaves=30)
_YAML_KEYS = st.sampled_from(["driver_cores", "driver_memory", "executor_cores", "executor_memory",
                              "dynamic_executor_allocation", "enabled", "min_executors", "max_executors",
                              "spark_conf", "runtime_version"])
_YAML_TREES = st.recursive(_SCALARS, lambda children: st.dictionaries(_YAML_KEYS, children, max_size=5), max_leaves=20)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tree=_TREES, yaml_tree=_YAML_TREES)
def test_fuzzed_synapse_shapes_never_raise(tree, yaml_tree):
    import yaml

    read("nb.json", json.dumps({"name": "n", "properties": {"nbformat": 4, "sessionProperties": tree,
                                                            "metadata": tree, "activities": [tree]}}), "json")
    read("p.json", json.dumps({"properties": {"activities": [{"type": "SynapseNotebook", "typeProperties": tree}],
                                              "configs": tree, "configMergeRule": {}}}), "json")
    read("arm.json", json.dumps({"type": "Microsoft.Synapse/workspaces/bigDataPools", "properties": tree,
                                 "resources": [tree, {"properties": {"template": tree}}]}), "json")
    read("job.json", json.dumps({"jobProperties": tree, "targetBigDataPool": tree, "properties": tree}), "json")
    read("nb.json", json.dumps({"properties": {"nbformat": 4, "sessionProperties": {}, "cells": [
        {"cell_type": "code", "source": ["%%configure -f\n", json.dumps(tree)]}, tree]}}), "json")
    read("Sparkcompute.yml", yaml.safe_dump({"driver_cores": 4, "executor_memory": "28g", "x": yaml_tree}), "yaml")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(content=st.text(max_size=80), size=st.text(max_size=10))
def test_fuzzed_terraform_pool_never_raises(content, size):
    escaped = json.dumps(content)
    text = (f'resource "azurerm_synapse_spark_pool" "p" {{\n  node_size = {json.dumps(size)}\n  spark_config {{\n'
            f'    content = {escaped}\n  }}\n  spark_config {{\n    content = <<EOF\n{content.replace("EOF", "")}\nEOF\n'
            f'  }}\n}}\n')
    documents, _ = load("p.tf", text, "hcl")
    for document in documents:
        recognise(document)


@pytest.mark.skipif(not CORPUS2.is_dir(), reason="the shared corpus is not here")
def test_explain_works_on_each_synapse_and_fabric_shape(tmp_path, capsys, monkeypatch):
    from sparklint.cli import main

    shapes = {
        "pool.tf": (CORPUS2 / "053-synapse-spark-pool.tf").read_text(encoding="utf-8"),
        "MaxBuffer.json": (CORPUS2 / "052-synapse-spark-configuration.json").read_text(encoding="utf-8"),
        "notebook.json": fixture("dev_test.json"),
        "pipeline.json": fixture("data_validation_test.json"),
        "Sparkcompute.yml": fixture("Sparkcompute.yml"),
    }
    expected = {"pool.tf": ("synapse", "3.5"), "MaxBuffer.json": ("synapse", "3.5"),
                "notebook.json": ("synapse", "3.4"), "pipeline.json": ("synapse", "3.5"),
                "Sparkcompute.yml": ("fabric", "3.5")}
    for name, text in shapes.items():
        folder = tmp_path / name.replace(".", "_")
        folder.mkdir()
        (folder / name).write_text(text, encoding="utf-8")
        monkeypatch.chdir(folder)
        capsys.readouterr()
        assert main(["explain", "--format", "json", name]) == 0
        (config, *_) = json.loads(capsys.readouterr().out)["configs"]
        assert (name, config["platform"], config["spark_version"]) == (name, *expected[name])


POOL = """\
resource "azurerm_synapse_spark_pool" "etl" {
  name             = "etl"
  node_size_family = "MemoryOptimized"
  node_size        = "Small"
  auto_scale {
    min_node_count = 3
    max_node_count = 5
  }
  dynamic_executor_allocation_enabled = true
  min_executors                       = 1
  max_executors                       = 12
  spark_config {
    content  = <<EOF
spark.executor.cores 8
spark.driver.memory 30g
spark.executor.memory 20g
EOF
    filename = "config.txt"
  }
}
"""


def test_pool_rules_on_node_size_and_node_count(lint):
    run = lint({"main.tf": POOL})
    assert [(f["rule"], f["line"], f["severity"]) for f in run.findings] == [
        ("SL371", 14, "warning"),  # 8 cores per executor on 4-vCore nodes
        ("SL371", 15, "warning"),  # a 30g driver + 3g overhead on a 32 GB node
    ]
    assert run.code == 1
    assert "a Small node has 4 vCores and 32 GB [main.tf:4 (azurerm_synapse_spark_pool.etl.node_size)" in \
        run.findings[0]["message"]
    assert "each driver asks YARN for 33 GiB (heap 30 GiB" in run.findings[1]["message"]
    fitting = POOL.replace("spark.executor.cores 8", "spark.executor.cores 4").replace("spark.driver.memory 30g",
                                                                                       "spark.driver.memory 20g")
    run = lint({"main.tf": fitting})
    assert [(f["rule"], f["line"]) for f in run.findings] == [("SL372", 11)]  # 12 executors, 4 workers × 1
    message = run.findings[0]["message"]
    assert message.startswith("asks for up to 12 executors [main.tf:11 (azurerm_synapse_spark_pool.etl.max_executors)]"
                              ", but the pool holds at most 4: Small nodes (4 vCores, 32 GB), autoscale 3-5 nodes")
    assert "4 worker nodes × 1 executor of spark.executor.cores=4" in message and "the other 8 never start" in message
    assert lint({"main.tf": fitting.replace("max_executors                       = 12",
                                            "max_executors                       = 4")}).findings == []


def test_pool_rules_stay_quiet_where_the_pool_is_not_known(lint):
    templated = POOL.replace('node_size        = "Small"', "node_size        = var.node_size")
    gpu = POOL.replace('"MemoryOptimized"', '"HardwareAcceleratedGPU"')
    reference = json.dumps({"type": "Microsoft.Synapse/workspaces/bigDataPools", "name": "string", "properties": {
        "autoScale": {"enabled": "bool", "maxNodeCount": "int", "minNodeCount": "int"},
        "dynamicExecutorAllocation": {"enabled": "bool", "maxExecutors": "int", "minExecutors": "int"},
        "nodeSize": "string", "sparkConfigProperties": {"content": "string"}, "sparkVersion": "string"}}, indent=2)
    assert lint({"reference.json": reference}).findings == []  # the ARM reference page's placeholders
    for text in (templated, gpu):
        assert [f["rule"] for f in lint({"main.tf": text}).findings if f["rule"].startswith("SL37")] == []


def test_fabric_sizes_not_offered(lint):
    text = fixture("Sparkcompute.yml").replace("executor_memory: 56g", "executor_memory: 60g").replace(
        "driver_cores: 8", "driver_cores: 6")
    run = lint({"Sparkcompute.yml": text})
    assert [(f["rule"], f["line"], f["severity"]) for f in run.findings] == [("SL373", 2, "warning"),
                                                                            ("SL373", 5, "warning")]
    assert run.findings[1]["message"].startswith("executor_memory: 60g is not a size Fabric offers (28g, 56g, 112g, "
                                                 "224g, 400g;")


def test_synapse_and_fabric_keys_are_known_where_they_are_read(lint):
    conf = ("spark_conf:\n  spark.synapse.diagnostic.emitters: LA\n  spark.synapse.logAnalytics.enabled: true\n"
            "  spark.sql.parquet.vorder.default: true\n")
    assert lint({"Sparkcompute.yml": fixture("Sparkcompute.yml") + conf}).findings == []
    text = "spark.master yarn\nspark.sql.parquet.vorder.default true\nspark.synapse.logAnalytics.enabled true\n"
    run = lint({"spark-defaults.conf": text}, "--platform", "emr")
    assert [(f["rule"], f["line"]) for f in run.findings] == [("SL003", 2), ("SL003", 3)]
    assert "is a Microsoft Fabric setting" in run.findings[0]["message"]
