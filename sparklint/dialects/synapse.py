"""Azure Synapse and Microsoft Fabric: Spark pools, Spark configurations, notebooks, pipelines, environments.

Shapes (recognised by their fields; a cheap text test first, so ordinary JSON/YAML costs nothing):
- Spark pools (Terraform `azurerm_synapse_spark_pool`, ARM / REST `bigDataPools`): synapse_pool.py.
- A Spark job definition (`sparkJobDefinition/<name>.json`, or the JSON its import takes): Livy batch fields
  in `jobProperties`, `requiredSparkVersion`.
- A Synapse workspace's Spark configuration artifact (`sparkConfiguration/<name>.json`):
  `properties.configs` (Spark properties; `configMergeRule` is Synapse's own bookkeeping).
- A Synapse notebook as the workspace's git integration saves it (`notebook/<name>.json`):
  `properties.sessionProperties` (the Livy fields `driverMemory`, `executorCores`, `numExecutors`, ... and
  `conf`), `properties.metadata.a365ComputeOptions.sparkVersion`. The block the notebook UI writes itself
  is recognised: with dynamic allocation off, its `spark.dynamicAllocation.minExecutors` / `maxExecutors`
  are the UI's slider values, which Spark never reads, and `spark.autotune.trackingId` is the UI's id
  (sparklint/knowledge/synapse.py); they are not read as the author's settings. A `%%configure` cell's
  body restarts the session with its fields, over `sessionProperties`. The pool the notebook names
  (`bigDataPool.referenceName`), when its repository defines it, gives the session its nodes, Spark
  configuration and version (sparklint/synapse_pools.py).
- A Synapse pipeline (`pipeline/<name>.json`): each `SynapseNotebook` / `SparkJob` activity, also inside
  ForEach / IfCondition / Switch / Until: `typeProperties.conf`, `numExecutors`, `executorSize`,
  `driverSize`; the `null` the UI writes for a value the activity does not override is not a value.
- A Microsoft Fabric environment's `Setting/Sparkcompute.yml` (Fabric REST API environment definition):
  `driver_cores`, `driver_memory`, `executor_cores`, `executor_memory`, `dynamic_executor_allocation
  { enabled, min_executors, max_executors }`, `spark_conf`, `runtime_version` (Fabric runtime -> Spark).
"""

from __future__ import annotations

from typing import Optional

from sparklint.dialects.common import add_map, add_typed, mentions_any, spark_string
from sparklint.knowledge import synapse
from sparklint.knowledge.versions import declared
from sparklint.model import RANK_CONF, RANK_DEFAULTS, RANK_TYPED, JobConfig, Layer, Setting
from sparklint.tree import Document, LoadError, Pairs, Ref, Value

CONFIGS = Layer("synapse-spark-configuration", RANK_DEFAULTS, "Synapse Spark configuration")
SESSION = Layer("synapse-session-field", RANK_TYPED, "Synapse session")
SESSION_CONF = Layer("synapse-session-conf", RANK_CONF, "Synapse session conf")
CONFIGURE = Layer("synapse-configure-field", RANK_TYPED + 1, "%%configure field")  # restarts the session with it
CONFIGURE_CONF = Layer("synapse-configure-conf", RANK_CONF + 1, "%%configure conf")
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
BIG_DATA_POOL = "Microsoft.Synapse/workspaces/bigDataPools"
_TEXT_MARKERS = ("sessionProperties", "configMergeRule", "SynapseNotebook", "SparkJob", "executor_memory",
                 "dynamic_executor_allocation", "sparkconfigurations", "driver_cores", "jobProperties", BIG_DATA_POOL)
_ACTIVITY_TYPES = ("SynapseNotebook", "SparkJob")
_NESTED = ("activities", "ifTrueActivities", "ifFalseActivities", "defaultActivities")
_MAX_DEPTH = 20
_UI_WRITTEN = ("spark.dynamicAllocation.minExecutors", "spark.dynamicAllocation.maxExecutors")
_UI_ID = "spark.autotune.trackingId"


def recognise(document: Document) -> Optional[list[JobConfig]]:
    """Synapse artifacts (JSON) and Fabric `Sparkcompute.yml` (YAML)."""
    root = document.root
    if not isinstance(root, Pairs) or not mentions_any(document.text, _TEXT_MARKERS):
        return None
    if document.syntax == "yaml":
        if sum(1 for key in _FABRIC_MARKERS if key in root) >= 2:
            return [_fabric(document, root)]
        return None
    if document.syntax != "json":
        return None
    if BIG_DATA_POOL in document.text:
        from sparklint.dialects.synapse_pool import arm_pools

        pools = arm_pools(document, root)
        if pools is not None:
            return pools
    properties = root.get("properties")
    if not isinstance(properties, Pairs):
        properties = root if "jobProperties" in root else None  # the job definition import JSON
    if properties is None:
        return None
    name = _text(root.get("name"))
    job = properties.get("jobProperties")
    if isinstance(job, Pairs) and ("targetBigDataPool" in properties or "requiredSparkVersion" in properties):
        return [_job_definition(document, properties, job, name)]
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
        _session_conf(config, document, conf, "properties.sessionProperties.conf")
    add_typed(config, document, session, SESSION_FIELDS, SESSION, "properties.sessionProperties.")
    cells = properties.get("cells")
    if isinstance(cells, list) and "%%configure" in document.text:
        _configure_cells(config, document, cells)
    metadata = properties.get("metadata")
    compute = metadata.get("a365ComputeOptions") if isinstance(metadata, Pairs) else None
    if isinstance(compute, Pairs):
        index = compute.positions.get("sparkVersion", -1)
        if index >= 0:
            config.declared_version = declared(compute.values[index], "a365ComputeOptions.sparkVersion",
                                               Ref(document, compute, index), document.path)
    _on_pool(config, properties, compute)
    return config


def _on_pool(config: JobConfig, properties: Pairs, compute: Value) -> None:
    """The pool the notebook runs on, when its repository defines it (sparklint/synapse_pools.py): the
    session starts from the pool's Spark configuration (below the notebook's own settings), on the pool's
    nodes, in the pool's Spark version when the notebook names none."""
    pool_reference = properties.get("bigDataPool")
    name = pool_reference.get("referenceName") if isinstance(pool_reference, Pairs) else None
    if not isinstance(name, str) and isinstance(compute, Pairs):
        name = compute.get("name")
    if not isinstance(name, str) or not name.strip() or "${" in name:
        return
    from sparklint.synapse_pools import pool_named

    pool = pool_named(name.strip(), config.path)
    if pool is None:
        return
    config.settings[:0] = pool.settings  # below the session's own layers, whatever their order
    config.synapse = pool.synapse
    if config.declared_version is None:
        config.declared_version = pool.declared_version


def _session_conf(config: JobConfig, document: Document, conf: Pairs, field: str) -> None:
    """A session's `conf` as the Synapse UI writes it: with dynamic allocation off, the bounds beside it are
    the UI's slider values, and `spark.autotune.trackingId` its id (module docstring); neither is read."""
    off = (spark_string(conf.get("spark.dynamicAllocation.enabled")) or "").strip().lower() == "false"
    for index, key, value in conf.entries():
        text = spark_string(value)
        if text is None or key == _UI_ID or (off and key in _UI_WRITTEN):
            continue
        config.add(Setting(key, text, SESSION_CONF, Ref(document, conf, index), field))


def _configure_cells(config: JobConfig, document: Document, cells: list) -> None:
    """`%%configure` cells: Livy fields and `conf` that the session is restarted with, over sessionProperties."""
    from sparklint.load.notebook import _MAGIC, _load_body, cell_places, code_cells

    lines = document.text.split("\n")
    for cell_index, cell, source, parts, cell_source in code_cells(cells):
        magic = _MAGIC.match(cell_source)
        if magic is None:
            continue
        places = cell_places(document, cell, source, parts, lines)
        try:
            body = _load_body(document.path, document.text, cell_index, cell_source, magic, places)
        except LoadError as error:
            config.problems.append((f"cell {cell_index + 1}: {error.message}",
                                    Ref.at(document, error.span) if error.span is not None else None))
            continue
        root = body.root
        assert isinstance(root, Pairs)
        field = f"%%configure (notebook cell {cell_index + 1})"
        conf = root.get("conf")
        if isinstance(conf, Pairs):
            add_map(config, body, conf, CONFIGURE_CONF, f"conf in {field}")
        add_typed(config, body, root, SESSION_FIELDS, CONFIGURE, f"{field} ")


def _job_definition(document: Document, properties: Pairs, job: Pairs, name: str) -> JobConfig:
    """A Spark job definition artifact (`sparkJobDefinition/<name>.json`): Livy batch fields in jobProperties."""
    config = _config(document, "job", "synapse-spark-job-definition", name or _text(job.get("name")), properties)
    prefix = "properties." if properties is not document.root else ""
    conf = job.get("conf")
    if isinstance(conf, Pairs):
        _session_conf(config, document, conf, f"{prefix}jobProperties.conf")
    add_typed(config, document, job, SESSION_FIELDS, SESSION, f"{prefix}jobProperties.")
    file = job.get("file")
    if isinstance(file, str):
        config.is_python = file.strip().endswith(".py")
    index = properties.positions.get("requiredSparkVersion", -1)
    if index >= 0:
        config.declared_version = declared(properties.values[index], f"{prefix}requiredSparkVersion",
                                           Ref(document, properties, index), document.path)
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
        add_allocation(config, document, allocation, "enabled", "min_executors", "max_executors",
                    FABRIC, "dynamic_executor_allocation.")
    spark_conf = root.get("spark_conf")
    if isinstance(spark_conf, Pairs):
        add_map(config, document, spark_conf, FABRIC_CONF, "spark_conf")
    index = root.positions.get("runtime_version", -1)
    if index >= 0:
        config.declared_version = declared(root.values[index], "runtime_version", Ref(document, root, index),
                                           document.path, "fabric")
    return config


def add_allocation(config: JobConfig, document: Document, body: Pairs, enabled: str, low: str, high: str,
                layer: Layer, prefix: str) -> None:
    """Dynamic allocation as a pool or environment writes it. The bounds count only when it is on: with
    it off, the UI keeps the last bounds it showed, and Spark reads none of them."""
    index = body.positions.get(enabled, -1)
    text = spark_string(body.values[index]) if index >= 0 else None
    if text is None or text.strip().lower() not in ("true", "false"):
        return  # `${var.on}`, an ARM expression, or a reference page's placeholder ("bool")
    config.add(Setting("spark.dynamicAllocation.enabled", text, layer, Ref(document, body, index),
                       prefix + enabled, enabled))
    if text.strip().lower() != "true":
        return
    for field, key in ((low, "spark.dynamicAllocation.minExecutors"), (high, "spark.dynamicAllocation.maxExecutors")):
        index = body.positions.get(field, -1)
        if index >= 0 and synapse.count(body.values[index]) is not None:
            config.add(Setting(key, str(synapse.count(body.values[index])), layer, Ref(document, body, index),
                               prefix + field, field))
