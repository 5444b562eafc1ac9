"""Synapse Spark pools: Terraform `azurerm_synapse_spark_pool` and ARM / REST `bigDataPools` resources.

- Terraform (hashicorp/terraform-provider-azurerm `website/docs/r/synapse_spark_pool.html.markdown`):
  `spark_config { content, filename }` (a spark-defaults text, read line for line with the .tf file's
  positions), `node_size` / `node_size_family`, `node_count` or `auto_scale { min_node_count,
  max_node_count }`, `dynamic_executor_allocation_enabled` with `min_executors` / `max_executors`, and
  `spark_version` (the Spark version itself).
- ARM templates, Bicep's JSON and the REST API body (`Microsoft.Synapse/workspaces/bigDataPools`, the
  template reference at learn.microsoft.com/azure/templates/microsoft.synapse/workspaces/bigdatapools):
  `properties.nodeSize`, `nodeSizeFamily`, `nodeCount`, `autoScale { enabled, minNodeCount, maxNodeCount }`,
  `dynamicExecutorAllocation { enabled, minExecutors, maxExecutors }`, `sparkConfigProperties.content`,
  `sparkVersion`; also in an ARM template's `resources` and nested deployments. ARM expressions
  (`[parameters('size')]`) are values the deployment computes.
Each pool is one JobConfig of kind `defaults` with the pool's size in `JobConfig.synapse`.
"""

from __future__ import annotations

import re
from typing import Optional

from sparklint.dialects.common import spark_string
from sparklint.dialects.synapse import BIG_DATA_POOL, _config, _text, add_allocation
from sparklint.knowledge import synapse
from sparklint.knowledge.versions import declared
from sparklint.model import RANK_APPLICATION, RANK_DEFAULTS, JobConfig, Layer, Setting
from sparklint.span import Span
from sparklint.tree import Document, LoadError, Pairs, Ref, Value

POOL_CONFIG = Layer("synapse-pool-spark-config", RANK_DEFAULTS, "Synapse pool Spark configuration")
POOL_SETTING = Layer("synapse-pool-setting", RANK_APPLICATION, "Synapse pool setting")
_NOT_NEWLINE = re.compile(r"[^\n]")
_TRAILING_NAME = re.compile(r"'/([A-Za-z0-9_-]+)'\s*\)\s*\]\s*$")


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
    add_allocation(config, document, body, "dynamic_executor_allocation_enabled", "min_executors", "max_executors",
                   POOL_SETTING, prefix)
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
    scale = body.get("auto_scale")
    low = high = None
    if isinstance(scale, Pairs):
        low, high = synapse.count(scale.get("min_node_count")), synapse.count(scale.get("max_node_count"))
    return _size(document, body, "node_size", _text(body.get("node_size_family")), body.get("node_count"), low, high,
                 prefix + "node_size")


def _size(document: Document, body: Pairs, size_field: str, family: str, nodes: Value, low: Optional[int],
          high: Optional[int], field: str) -> synapse.SparkPool:
    index = body.positions.get(size_field, -1)
    name = _text(body.values[index]) if index >= 0 else ""
    size = synapse.node_size(name)
    if (family or "MemoryOptimized").lower() not in ("memoryoptimized", "none"):
        size = None  # the node-size table is for Memory Optimized nodes
    return synapse.SparkPool(name if size else "", size[0] if size else None, size[1] if size else None,
                             synapse.count(nodes), low, high, field,
                             Ref(document, body, index) if index >= 0 else None, document.path)


def arm_pools(document: Document, root: Pairs) -> Optional[list[JobConfig]]:
    """`Microsoft.Synapse/workspaces/bigDataPools` resources: a resource body (REST API, Bicep/ARM reference)
    or the `resources` of an ARM template, also nested in the workspace's own `resources`."""
    found: list[JobConfig] = []
    claimed = False
    pending: list[tuple[Value, str, int]] = [(root, "", 0)]
    while pending:
        item, field, depth = pending.pop()
        if not isinstance(item, Pairs) or depth > 8:
            continue
        if item.get("type") == BIG_DATA_POOL:
            claimed = True
            properties = item.get("properties")
            if isinstance(properties, Pairs):
                found.append(_arm_pool(document, item, properties, f"{field}properties."))
        children = item.get("resources")
        for position, child in enumerate(children if isinstance(children, list) else ()):
            pending.append((child, f"{field}resources[{position}].", depth + 1))
        properties = item.get("properties")  # a nested deployment's template
        template = properties.get("template") if isinstance(properties, Pairs) else None
        if isinstance(template, Pairs):
            pending.append((template, f"{field}properties.template.", depth + 1))
    found.sort(key=lambda config: config.ref.span.line if config.ref and config.ref.span else 0)
    return found if claimed else None


def _arm(value: Value) -> Value:
    """An ARM template expression (`[parameters('size')]`) is a value the deployment computes."""
    return None if isinstance(value, str) and value.strip().startswith("[") else value


def _arm_pool(document: Document, resource: Pairs, properties: Pairs, prefix: str) -> JobConfig:
    name = _arm(resource.get("name"))
    if name is None:  # `[concat(parameters('workspaceName'), '/pool01')]`: the pool's own name is written
        trailing = _TRAILING_NAME.search(str(resource.get("name")))
        name = trailing.group(1) if trailing else None
    config = _config(document, "defaults", "synapse-big-data-pool", name if isinstance(name, str) else "", properties)
    index = properties.positions.get("sparkVersion", -1)
    if index >= 0 and isinstance(_arm(properties.values[index]), (str, int, float)):
        config.declared_version = declared(properties.values[index], prefix + "sparkVersion",
                                           Ref(document, properties, index), document.path)
    allocation = properties.get("dynamicExecutorAllocation")
    if isinstance(allocation, Pairs):
        add_allocation(config, document, allocation, "enabled", "minExecutors", "maxExecutors", POOL_SETTING,
                    prefix + "dynamicExecutorAllocation.")
    spark_config = properties.get("sparkConfigProperties")
    if isinstance(spark_config, Pairs):
        index = spark_config.positions.get("content", -1)
        content = _arm(spark_config.values[index]) if index >= 0 else None
        if isinstance(content, str):
            _add_content(config, document, spark_config, index, content, prefix + "sparkConfigProperties.content")
    scale = properties.get("autoScale")
    low = high = None
    if isinstance(scale, Pairs) and scale.get("enabled") is True:
        low, high = synapse.count(_arm(scale.get("minNodeCount"))), synapse.count(_arm(scale.get("maxNodeCount")))
    family = _arm(properties.get("nodeSizeFamily"))
    config.synapse = _size(document, properties, "nodeSize", family if isinstance(family, str) else "",
                           _arm(properties.get("nodeCount")) if high is None else None, low, high, prefix + "nodeSize")
    return config


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
    if not isinstance(root, Pairs) or not any(key.startswith("spark.") for key in root.keys):
        return  # not a Spark configuration file (a reference page's "string" placeholder, say)
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
