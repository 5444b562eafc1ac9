"""Plain maps of Spark properties in JSON/YAML: flat (`{"spark.executor.memory": "4g"}`) or under a
`conf`, `sparkConf`, `spark_conf`, `properties`, `spark-defaults` or `sparkProperties` key anywhere in
the document (Databricks `spark_conf`, Helm values, app config files)."""

from __future__ import annotations

from typing import Optional

from sparklint.dialects.common import add_map
from sparklint.model import RANK_DEFAULTS, JobConfig, Layer
from sparklint.tree import Document, Pairs, Ref

LAYER = Layer("properties-map", RANK_DEFAULTS, "Spark properties map")
_CONTAINER_KEYS = {"conf", "sparkConf", "spark_conf", "properties", "spark-defaults", "sparkProperties"}
_MAX_DEPTH = 12


def recognise(document: Document) -> Optional[list[JobConfig]]:
    root = document.root
    found: list[tuple[Pairs, str, Optional[Pairs]]] = []
    if isinstance(root, Pairs) and _has_spark_key(root):
        found.append((root, "", None))
    else:
        _walk(root, "", 0, found)
    configs = []
    for pairs, field, parent in found:
        platform = "databricks" if isinstance(parent, Pairs) and "spark_version" in parent else "generic"
        config = JobConfig(document.path, "defaults", "properties-map", platform=platform,
                           platform_source="Databricks cluster spec" if platform == "databricks" else "",
                           document=document, ref=Ref(document, pairs, 0, on_key=True), name=field)
        add_map(config, document, pairs, LAYER, field or "properties map")
        configs.append(config)
    return configs or None


def _has_spark_key(pairs: Pairs) -> bool:
    return any(key.startswith("spark.") for key in pairs.keys)


def _walk(value: object, path: str, depth: int, found: list) -> None:
    if depth > _MAX_DEPTH:
        return
    if isinstance(value, Pairs):
        for key, child in value.items():
            child_path = f"{path}.{key}" if path else key
            if key in _CONTAINER_KEYS and isinstance(child, Pairs) and _has_spark_key(child):
                found.append((child, child_path, value))
            else:
                _walk(child, child_path, depth + 1, found)
    elif isinstance(value, list):
        for position, child in enumerate(value):
            _walk(child, f"{path}[{position}]", depth + 1, found)
