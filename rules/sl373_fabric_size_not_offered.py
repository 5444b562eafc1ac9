"""SL373 fabric-size-not-offered: a Fabric environment's driver or executor size that Fabric does not offer.

## What it flags
A Microsoft Fabric environment (`Setting/Sparkcompute.yml`) whose `driver_cores` / `executor_cores` is
not one of 4, 8, 16, 32, 64, or whose `driver_memory` / `executor_memory` is not one of 28g, 56g, 112g,
224g, 400g.

## Why is this bad?
Fabric sizes an environment's driver and executors from a fixed list, not from free Spark values: the
environment definition's `driverCores` / `executorCores` and `driverMemory` / `executorMemory` are
enumerations of those values (Fabric REST API, environment definition), the sizes a node of the pool
can run (4 vCores / 28g on a Small node up to 64 / 400g on an XXLarge one). Another value is not a size
Fabric can give the session: the environment does not publish as written. What Fabric does with such a
file is not documented beyond the enumeration, so this is a warning.

## Example
```yaml Sparkcompute.yml
enable_native_execution_engine: false
driver_cores: 4
driver_memory: 28g
executor_cores: 4
executor_memory: 32g
runtime_version: 1.3
```

## Use instead
```yaml Sparkcompute.yml
enable_native_execution_engine: false
driver_cores: 4
driver_memory: 28g
executor_cores: 4
executor_memory: 28g
runtime_version: 1.3
```

## Options
None.

## References
- Microsoft Fabric REST API, environment definition and `SparkCompute` (`driverCores`, `driverMemory`,
  `executorCores`, `executorMemory` enumerations; microsoft/fabric-rest-api-specs `environment/definitions.json`;
  https://learn.microsoft.com/rest/api/fabric/articles/item-management/definitions/environment-definition).
- sparklint/knowledge/synapse.py (EXECUTOR_SIZES).
"""

from __future__ import annotations

from typing import Iterator

from sparklint.knowledge.synapse import EXECUTOR_SIZES, SIZES_SOURCE
from sparklint.knowledge.values import is_templated
from sparklint.model import JobConfig
from sparklint.rule import Hit, NoOptions, Rule

_CORES = ", ".join(str(cores) for cores in EXECUTOR_SIZES)
_MEMORY = ", ".join(f"{memory}g" for memory in EXECUTOR_SIZES.values())
_FIELDS = {"driver_cores": "cores", "executor_cores": "cores", "driver_memory": "memory", "executor_memory": "memory"}


def check(config: JobConfig, options: NoOptions) -> Iterator[Hit]:
    if config.dialect != "fabric-environment":
        return
    for setting in config.written():
        kind = _FIELDS.get(setting.raw_key)
        if kind is None or is_templated(setting.value):
            continue
        value = setting.value.strip().lower()
        offered = {str(cores) for cores in EXECUTOR_SIZES} if kind == "cores" else \
            {f"{memory}g" for memory in EXECUTOR_SIZES.values()}
        if value in offered:
            continue
        choices = _CORES if kind == "cores" else _MEMORY
        yield Hit(f"{setting.raw_key}: {setting.value} is not a size Fabric offers ({choices}; {SIZES_SOURCE}): "
                  f"the environment cannot give the session that {kind}",
                  f"Set {setting.raw_key} to one of {choices}.", at=setting)


RULE = Rule(
    id="SL373",
    name="fabric-size-not-offered",
    severity="warning",
    summary="A Fabric environment's driver or executor cores or memory that Fabric does not offer.",
    check=check,
    docs=__doc__ or "",
    kinds=("defaults",),
    platforms=("fabric",),  # the fabric-environment dialect always sets it
)
