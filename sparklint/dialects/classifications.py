"""EMR configuration classifications: `[{classification, properties, configurations}]`.

EMR Serverless (`applicationConfiguration`, `runtimeConfiguration`) spells the keys in lower case,
EMR on EC2 `Configurations` capitalised (shared/reference/platforms.md §1.6, §2); both are accepted.
Only the `spark-defaults` classification holds Spark properties.
"""

from __future__ import annotations

from typing import Iterator

from sparklint.dialects.common import add_map, lookup
from sparklint.model import JobConfig, Layer
from sparklint.tree import Document, Pairs


def classifications(entries: object, path: str = "") -> Iterator[tuple[str, Pairs, str]]:
    """(classification name, properties map, field path) for each entry, nested ones included."""
    if not isinstance(entries, list):
        return
    for position, entry in enumerate(entries):
        if not isinstance(entry, Pairs):
            continue
        _, name = lookup(entry, "classification")
        _, properties = lookup(entry, "properties")
        field = f"{path}[{position}]"
        if isinstance(name, str) and isinstance(properties, Pairs):
            yield name, properties, field
        _, nested = lookup(entry, "configurations")
        yield from classifications(nested, f"{field}.configurations")


def is_classification_list(value: object) -> bool:
    """A non-empty list whose maps all carry a classification name."""
    return (isinstance(value, list) and bool(value)
            and all(isinstance(item, Pairs) and lookup(item, "classification")[0] >= 0 for item in value))


def add_spark_defaults(config: JobConfig, document: Document, entries: object, layer: Layer, path: str) -> None:
    for name, properties, field in classifications(entries, path):
        if name == "spark-defaults":
            add_map(config, document, properties, layer, f"{field} spark-defaults")
