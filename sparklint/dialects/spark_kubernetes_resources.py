"""`container_resources` in a SparkKubernetesOperator template: the provider turns it into the
SparkApplication's driver / executor `cores`, `coreLimit` and `memory` before creating the resource.

apache/airflow `providers/cncf/kubernetes/.../operators/custom_object_launcher.py`: when
`spec.driver.container_resources` is set, `SparkJobSpec.update_resources` pops it (and the executor's) and
`SparkResources` writes, over the fields already there: `cores = int(float(cpu.request))`, `coreLimit =
str(cpu.limit)`, and `memory` = the memory limit in MiB ("4G" / "4Gi" x 1024, "512m" as is) divided by 1.4
("the operator adds 40% to the given value"), as `"<int>m"`; `memory.request` is not used. Each of these is
read here as a typed field of the template, at the YAML / dict entry it comes from.
"""

from __future__ import annotations

from typing import Optional

from sparklint.model import RANK_TYPED, JobConfig, Layer, Setting
from sparklint.tree import Document, Pairs, Ref

LAYER = Layer("container-resources", RANK_TYPED + 1, "SparkKubernetesOperator container_resources")


def add_container_resources(config: JobConfig, document: Document, spec: Pairs, prefix: str) -> None:
    driver = spec.get("driver")
    if not isinstance(driver, Pairs) or not driver.get("container_resources"):
        return  # the provider converts only when the driver's block is set (and then the executor's too)
    for role in ("driver", "executor"):
        pod = spec.get(role)
        resources = pod.get("container_resources") if isinstance(pod, Pairs) else None
        if not isinstance(resources, Pairs):
            continue
        field = f"{prefix}{role}.container_resources"
        cpu, memory = resources.get("cpu"), resources.get("memory")
        if isinstance(cpu, Pairs):
            _add(config, document, cpu, "request", f"spark.{role}.cores", _cores, f"{field}.cpu.request")
            _add(config, document, cpu, "limit", f"spark.kubernetes.{role}.limit.cores", _text, f"{field}.cpu.limit")
        if isinstance(memory, Pairs):
            _add(config, document, memory, "limit", f"spark.{role}.memory", heap_from_limit, f"{field}.memory.limit")


def _add(config: JobConfig, document: Document, block: Pairs, name: str, key: str, convert, field: str) -> None:
    index = block.index(name)
    value = block.values[index] if index >= 0 else None
    if not value:  # the provider skips a null or empty field
        return
    text = convert(value)
    if text is not None:
        config.add(Setting(key, text, LAYER, Ref(document, block, index), field=field, raw_key=name))


def _cores(value: object) -> Optional[str]:
    try:
        return str(int(float(str(value))))
    except (TypeError, ValueError, OverflowError):
        return None


def _text(value: object) -> Optional[str]:
    return None if isinstance(value, (Pairs, list)) else str(value)


def heap_from_limit(value: object) -> Optional[str]:
    """The `spark.<role>.memory` the provider writes for a memory limit (SparkResources.convert_resources)."""
    if not isinstance(value, str) or "${" in value or "{{" in value:
        return None  # a number here makes the provider fail (`float / 1.4` on a non-str); a template is unknown
    try:
        if "G" in value or "Gi" in value:
            mib = float(value.rstrip("Gi G")) * 1024
        elif "m" in value:
            mib = float(value.rstrip("m"))
        else:
            return None  # "4096": the provider divides a str by 1.4 and fails
        return f"{int(mib / 1.4)}m"
    except (ValueError, OverflowError):
        return None
