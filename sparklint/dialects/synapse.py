"""Azure Synapse and Microsoft Fabric: Spark pools, Spark configurations, notebooks, pipelines, environments.

Shapes (recognised by their fields; a cheap text test first, so ordinary JSON/YAML costs nothing):
- Terraform `azurerm_synapse_spark_pool` (`recognise_terraform`; hashicorp/terraform-provider-azurerm
  `website/docs/r/synapse_spark_pool.html.markdown`): `spark_config { content, filename }` (a
  spark-defaults text, read line for line with the .tf file's positions), `node_size` / `node_size_family`,
  `node_count` or `auto_scale { min_node_count, max_node_count }`, `dynamic_executor_allocation_enabled`
  with `min_executors` / `max_executors`, and `spark_version` (the Spark version itself).
- A Synapse workspace's Spark configuration artifact (`sparkConfiguration/<name>.json`):
  `properties.configs` (Spark properties; `configMergeRule` is Synapse's own bookkeeping).
- A Synapse notebook as the workspace's git integration saves it (`notebook/<name>.json`):
  `properties.sessionProperties` (the Livy fields `driverMemory`, `executorCores`, `numExecutors`, ... and
  `conf`), `properties.metadata.a365ComputeOptions.sparkVersion`. The block the notebook UI writes itself
  is recognised: with dynamic allocation off, its `spark.dynamicAllocation.minExecutors` / `maxExecutors`
  are the UI's slider values, which Spark never reads, and `spark.autotune.trackingId` is the UI's id
  (sparklint/knowledge/synapse.py); they are not read as the author's settings.
- A Synapse pipeline (`pipeline/<name>.json`): each `SynapseNotebook` / `SparkJob` activity, also inside
  ForEach / IfCondition / Switch / Until: `typeProperties.conf`, `numExecutors`, `executorSize`,
  `driverSize`; the `null` the UI writes for a value the activity does not override is not a value.
- A Microsoft Fabric environment's `Setting/Sparkcompute.yml` (Fabric REST API environment definition):
  `driver_cores`, `driver_memory`, `executor_cores`, `executor_memory`, `dynamic_executor_allocation
  { enabled, min_executors, max_executors }`, `spark_conf`, `runtime_version` (Fabric runtime -> Spark).
"""

from __future__ import annotations

import re
from typing import Optional

from sparklint.dialects.common import add_map, add_typed, spark_string
from sparklint.knowledge import synapse
from sparklint.knowledge.versions import declared
from sparklint.model import RANK_APPLICATION, RANK_CONF, RANK_DEFAULTS, RANK_TYPED, JobConfig, Layer, Setting
from sparklint.span import Span
from sparklint.tree import Document, LoadError, Pairs, Ref, Value

POOL_CONFIG = Layer("synapse-pool-spark-config", RANK_DEFAULTS, "Synapse pool Spark configuration")
POOL_SETTING = Layer("synapse-pool-setting", RANK_APPLICATION, "Synapse pool setting")
CONFIGS = Layer("synapse-spark-configuration", RANK_DEFAULTS, "Synapse Spark configuration")
SESSION = Layer("synapse-session-field", RANK_TYPED, "Synapse session")
SESSION_CONF = Layer("synapse-session-conf", RANK_CONF, "Synapse session conf")
ACTIVITY = Layer("synapse-activity-field", RANK_TYPED + 2, "pipeline activity")  # overrides the notebook's
ACTIVITY_CONF = Layer("synapse-activity-conf", RANK_CONF + 2, "pipeline activity conf")
FABRIC = Layer("fabric-environment-field", RANK_TYPED, "Fabric environment compute")
FABRIC_CONF = Layer("fabric-spark-conf", RANK_DEFAULTS, "Fabric environment spark_conf")

SESSION_FIELDS = {"driverMemory": "spark.driver.memory", "driverCores": "spark.driver.cores",
                  "executorMemory": "spark.executor.memory", "executorCores": "spark.executor.cores",
                  "numExecutors": "spark.executor.instances"}
FABRIC_FIELDS = {"driver_cores": "spark.driver.cores", "driver_memory": "spark.driver.memory",
                 "executor_cores": "spark.executor.cores", "executor_memory": "spark.executor.memory"}
_FABRIC_MARKERS = ("executor_memory", "executor_cores", "driver_memory", "driver_cores", "dynamic_executor_allocation",
                   "runtime_version", "instance_pool_id", "enable_native_execution_engine")
_TEXT_MARKERS = ("sessionProperties", "configMergeRule", "SynapseNotebook", "SparkJob", "executor_memory",
                 "dynamic_executor_allocation", "sparkconfigurations", "driver_cores")
_ACTIVITY_TYPES = ("SynapseNotebook", "SparkJob")
_NESTED = ("activities", "ifTrueActivities", "ifFalseActivities", "defaultActivities")
_MAX_DEPTH = 20
_NOT_NEWLINE = re.compile(r"[^\n]")
_UI_WRITTEN = ("spark.dynamicAllocation.minExecutors", "spark.dynamicAllocation.maxExecutors")
_UI_ID = "spark.autotune.trackingId"


def recognise(document: Document) -> Optional[list[JobConfig]]:
    """Synapse artifacts (JSON) and Fabric `Sparkcompute.yml` (YAML)."""
    root = document.root
    if not isinstance(root, Pairs) or not any(marker in document.text for marker in _TEXT_MARKERS):
        return None
    if document.syntax == "yaml":
        if sum(1 for key in _FABRIC_MARKERS if key in root) >= 2:
            return [_fabric(document, root)]
        return None
    properties = root.get("properties")
    if document.syntax != "json" or not isinstance(properties, Pairs):
        return None
    name = _text(root.get("name"))
    if isinstance(properties.get("sessionProperties"), Pairs) and ("nbformat" in properties or "cells" in properties):
        return [_notebook(document, properties, name)]
    configs = properties.get("configs")
    if isinstance(configs, Pairs) and ("configMergeRule" in properties or "sparkconfigurations" in document.text):
        config = _config(document, "defaults", "synapse-spark-configuration", name, properties)
        add_map(config, document, configs, CONFIGS, "properties.configs")
        return [config]
    activities = properties.get("activities")
    if isinstance(activities, list):
        found: list[JobConfig] = []
        claimed = _activities(document, activities, "properties.activities", name, found, 0)
        return found if claimed else None
    return None


def _text(value: Value) -> str:
    return value if isinstance(value, str) and "${" not in value else ""


def _config(document: Document, kind: str, dialect: str, name: str, body: Pairs, platform: str = "synapse") -> JobConfig:
    return JobConfig(document.path, kind, dialect, platform=platform, platform_source=dialect, document=document,
                     name=name, ref=Ref(document, body, 0, on_key=True) if len(body) else None)


def _notebook(document: Document, properties: Pairs, name: str) -> JobConfig:
    config = _config(document, "session", "synapse-notebook", name, properties)
    session = properties.get("sessionProperties")
    assert isinstance(session, Pairs)
    conf = session.get("conf")
    if isinstance(conf, Pairs):
        off = (spark_string(conf.get("spark.dynamicAllocation.enabled")) or "").strip().lower() == "false"
        for index, key, value in conf.entries():
            text = spark_string(value)
            if text is None or key == _UI_ID or (off and key in _UI_WRITTEN):
                continue  # the notebook UI's own record (module docstring), not a setting Spark acts on
            config.add(Setting(key, text, SESSION_CONF, Ref(document, conf, index),
                               "properties.sessionProperties.conf"))
    add_typed(config, document, session, SESSION_FIELDS, SESSION, "properties.sessionProperties.")
    metadata = properties.get("metadata")
    compute = metadata.get("a365ComputeOptions") if isinstance(metadata, Pairs) else None
    if isinstance(compute, Pairs):
        index = compute.positions.get("sparkVersion", -1)
        if index >= 0:
            config.declared_version = declared(compute.values[index], "a365ComputeOptions.sparkVersion",
                                               Ref(document, compute, index), document.path)
    return config


def _activities(document: Document, activities: list, field: str, pipeline: str, found: list[JobConfig],
                depth: int) -> bool:
    """JobConfigs of the Spark activities in `activities` (and those nested in control activities);
    True when one was seen (the file is a Synapse pipeline of Spark activities)."""
    if depth > _MAX_DEPTH:
        return False
    claimed = False
    for position, activity in enumerate(activities):
        if not isinstance(activity, Pairs):
            continue
        where = f"{field}[{position}].typeProperties"
        properties = activity.get("typeProperties")
        if not isinstance(properties, Pairs):
            continue
        for nested in _NESTED:
            inner = properties.get(nested)
            if isinstance(inner, list):
                claimed = _activities(document, inner, f"{where}.{nested}", pipeline, found, depth + 1) or claimed
        cases = properties.get("cases")
        for case_index, case in enumerate(cases if isinstance(cases, list) else ()):
            inner = case.get("activities") if isinstance(case, Pairs) else None
            if isinstance(inner, list):
                claimed = _activities(document, inner, f"{where}.cases[{case_index}].activities", pipeline, found,
                                      depth + 1) or claimed
        if activity.get("type") not in _ACTIVITY_TYPES:
            continue
        claimed = True
        label = _text(activity.get("name"))
        config = _config(document, "job", "synapse-pipeline-activity", f"{pipeline}: {label}" if pipeline else label,
                         activity)
        conf = properties.get("conf")
        if isinstance(conf, Pairs):
            for index, key, value in conf.entries():
                if value is not None and spark_string(value) is not None:  # null: not overridden
                    config.add(Setting(key, spark_string(value) or "", ACTIVITY_CONF, Ref(document, conf, index),
                                       f"{where}.conf"))
        _activity_sizes(config, document, properties, where)
        if config.settings or config.dropped:
            found.append(config)
    return claimed


def _activity_sizes(config: JobConfig, document: Document, properties: Pairs, where: str) -> None:
    """`numExecutors` and the `executorSize` / `driverSize` names ("Small": 4 cores, 28g)."""
    index = properties.positions.get("numExecutors", -1)
    if index >= 0 and synapse.count(properties.values[index]) is not None:
        config.add(Setting("spark.executor.instances", str(synapse.count(properties.values[index])), ACTIVITY,
                           Ref(document, properties, index), f"{where}.numExecutors", "numExecutors"))
    for field, role in (("executorSize", "executor"), ("driverSize", "driver")):
        index = properties.positions.get(field, -1)
        value = properties.values[index] if index >= 0 else None
        cores = synapse.SIZE_NAMES.get(value.strip().lower()) if isinstance(value, str) else None
        if cores is None:
            continue
        ref = Ref(document, properties, index)
        config.add(Setting(f"spark.{role}.cores", str(cores), ACTIVITY, ref, f"{where}.{field}", field))
        config.add(Setting(f"spark.{role}.memory", f"{synapse.EXECUTOR_SIZES[cores]}g", ACTIVITY, ref,
                           f"{where}.{field}", field))


def _fabric(document: Document, root: Pairs) -> JobConfig:
    config = _config(document, "defaults", "fabric-environment", "", root, platform="fabric")
    add_typed(config, document, root, FABRIC_FIELDS, FABRIC, "")
    allocation = root.get("dynamic_executor_allocation")
    if isinstance(allocation, Pairs):
        _allocation(config, document, allocation, "enabled", "min_executors", "max_executors",
                    FABRIC, "dynamic_executor_allocation.")
    spark_conf = root.get("spark_conf")
    if isinstance(spark_conf, Pairs):
        add_map(config, document, spark_conf, FABRIC_CONF, "spark_conf")
    index = root.positions.get("runtime_version", -1)
    if index >= 0:
        config.declared_version = declared(root.values[index], "runtime_version", Ref(document, root, index),
                                           document.path, "fabric")
    return config


def _allocation(config: JobConfig, document: Document, body: Pairs, enabled: str, low: str, high: str,
                layer: Layer, prefix: str) -> None:
    """Dynamic allocation as a pool or environment writes it. The bounds count only when it is on: with
    it off, the UI keeps the last bounds it showed, and Spark reads none of them."""
    index = body.positions.get(enabled, -1)
    text = spark_string(body.values[index]) if index >= 0 else None
    if text is None or "${" in text:
        return
    config.add(Setting("spark.dynamicAllocation.enabled", text, layer, Ref(document, body, index),
                       prefix + enabled, enabled))
    if text.strip().lower() != "true":
        return
    for field, key in ((low, "spark.dynamicAllocation.minExecutors"), (high, "spark.dynamicAllocation.maxExecutors")):
        index = body.positions.get(field, -1)
        if index >= 0 and synapse.count(body.values[index]) is not None:
            config.add(Setting(key, str(synapse.count(body.values[index])), layer, Ref(document, body, index),
                               prefix + field, field))


# Terraform ---------------------------------------------------------------------------------------


def recognise_terraform(document: Document) -> Optional[list[JobConfig]]:
    """`azurerm_synapse_spark_pool` resources of a .tf file."""
    if document.syntax != "hcl" or "azurerm_synapse_spark_pool" not in document.text:
        return None
    from sparklint.dialects.terraform import resources

    found = [_pool(document, name, body) for name, body in resources(document, "azurerm_synapse_spark_pool")]
    return found or None


def _pool(document: Document, resource: str, body: Pairs) -> JobConfig:
    prefix = f"azurerm_synapse_spark_pool.{resource}."
    config = _config(document, "defaults", "terraform-synapse-spark-pool", _text(body.get("name")) or resource, body)
    index = body.positions.get("spark_version", -1)
    if index >= 0:
        config.declared_version = declared(body.values[index], prefix + "spark_version", Ref(document, body, index),
                                           document.path)
    _allocation(config, document, body, "dynamic_executor_allocation_enabled", "min_executors", "max_executors",
                POOL_SETTING, prefix)
    block = body.get("dynamic_executor_allocation")
    if isinstance(block, Pairs):
        _allocation(config, document, Pairs([("enabled", True)] + list(block.items())) if "enabled" not in block
                    else block, "enabled", "min_executors", "max_executors", POOL_SETTING,
                    prefix + "dynamic_executor_allocation.")
    spark_config = body.get("spark_config")
    if isinstance(spark_config, Pairs):
        index = spark_config.positions.get("content", -1)
        content = spark_config.values[index] if index >= 0 else None
        # A value Terraform computes (`templatefile(...)`, `var.x`) is unknown; `${...}` inside the text
        # leaves a value that is a template (never judged); `%{ }` directives make lines of their own.
        if isinstance(content, str) and "%{" not in content and not _computed(content):
            _add_content(config, document, spark_config, index, content, prefix + "spark_config.content")
    config.synapse = _pool_size(document, body, prefix)
    return config


def _pool_size(document: Document, body: Pairs, prefix: str) -> synapse.SparkPool:
    index = body.positions.get("node_size", -1)
    name = _text(body.values[index]) if index >= 0 else ""
    size = synapse.node_size(name)
    family = _text(body.get("node_size_family")) or "MemoryOptimized"
    if family.lower() not in ("memoryoptimized", "none"):
        size = None  # the node-size table is for Memory Optimized nodes
    scale = body.get("auto_scale")
    low = high = None
    if isinstance(scale, Pairs):
        low, high = synapse.count(scale.get("min_node_count")), synapse.count(scale.get("max_node_count"))
    return synapse.SparkPool(name, size[0] if size else None, size[1] if size else None,
                             synapse.count(body.get("node_count")), low, high, prefix + "node_size",
                             Ref(document, body, index) if index >= 0 else None, document.path)


def _add_content(config: JobConfig, document: Document, block: Pairs, index: int, content: str, field: str) -> None:
    """The pool's Spark configuration file (`key value` lines), each setting at its line of the .tf file:
    a heredoc is read in place (the rest of the file blanked, newlines kept); a quoted string points every
    setting at the attribute."""
    from sparklint.load.properties import load_properties

    whole = document.span_of(block, index)
    text = document.text
    starts = _line_starts(text)
    heredoc = (whole is not None and whole.line <= len(starts) and whole.end_line > whole.line + 1
               and text.startswith("<<", starts[whole.line - 1] + whole.column - 1))
    try:
        if heredoc:
            assert whole is not None
            start, end = starts[whole.line], starts[min(whole.end_line, len(starts)) - 1]
            padded = _NOT_NEWLINE.sub(" ", text[:start]) + text[start:end] + _NOT_NEWLINE.sub(" ", text[end:])
            body = load_properties(document.path, padded)
            spans: Optional[Span] = None
        else:
            body = load_properties(document.path, content)
            spans = whole or Span(1, 1, 1, 1)
    except LoadError:
        config.problems.append((f"{field}: not a Spark configuration file", Ref(document, block, index)))
        return
    root = body.root
    if not isinstance(root, Pairs):
        return
    if spans is not None:
        body.entry_spans(root)  # fill the string's own positions first, then point them all at the attribute
        body.spans[id(root)] = [(spans, spans)] * len(root)
    for position, key, value in root.entries():
        text_value = spark_string(value)
        if text_value is not None:
            config.add(Setting(key, text_value, POOL_CONFIG, Ref(body, root, position), field))



def _computed(value: str) -> bool:
    """A whole value Terraform computes: the HCL reader keeps it as `${<expression>}`."""
    stripped = value.strip()
    return stripped.startswith("${") and stripped.endswith("}") and stripped.count("${") == 1


def _line_starts(text: str) -> list[int]:
    """The offset of each line's first character."""
    starts = [0]
    position = text.find("\n")
    while position >= 0:
        starts.append(position + 1)
        position = text.find("\n", position + 1)
    return starts
