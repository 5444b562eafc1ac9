"""SL205 dynamic-allocation-settings-ignored: executor bounds that Spark never reads.

## What it flags
- `spark.dynamicAllocation.minExecutors`, `maxExecutors` or `initialExecutors` written while dynamic
  allocation is off: `spark.dynamicAllocation.enabled=false`, a `local` / `local[N]` master, where
  Spark always turns it off, or, in a Kubernetes SparkApplication (a complete job spec), not set at all
  (Spark's default is false). Elsewhere an unset `enabled` stays quiet: the cluster's
  spark-defaults.conf or a `--conf` at submit time may turn it on (EMR does on every cluster).
- `spark.dynamicAllocation.initialExecutors` written below `minExecutors` while dynamic allocation is
  on: Spark ignores it and starts from `minExecutors`.

## Why is this bad?
The numbers look like they bound the job's executors, but they do nothing: without dynamic allocation
Spark starts `spark.executor.instances` executors (2 on YARN and Kubernetes when unset) and keeps them,
whatever `maxExecutors` says. An `initialExecutors` below `minExecutors` only produces the log line
"spark.dynamicAllocation.initialExecutors less than spark.dynamicAllocation.minExecutors is invalid,
ignoring its setting, please update your configs."

## Example
```conf spark-defaults.conf
spark.master                          yarn
spark.dynamicAllocation.enabled       false
spark.dynamicAllocation.minExecutors  2
spark.dynamicAllocation.maxExecutors  10
```

## Use instead
```conf spark-defaults.conf
spark.master                          yarn
spark.dynamicAllocation.enabled       false
spark.executor.instances              4
```

## Options
None.

## References
- Spark `core/src/main/scala/org/apache/spark/util/Utils.scala`: `isDynamicAllocationEnabled` (off for a
  `local` master) and `getDynamicAllocationInitialExecutors` (the warning about initialExecutors).
- EMR enables dynamic allocation on every cluster from emr-4.4.0 (awsdocs amazon-emr-release-guide
  `emr-spark-configure.md`; shared/reference/platforms.md §2): why an unset `enabled` outside a complete
  job spec is not taken as "off".
- Spark `core/src/main/scala/org/apache/spark/scheduler/cluster/SchedulerBackendUtils.scala`,
  `getInitialTargetExecutorNumber`: without dynamic allocation, spark.executor.instances or 2.
- docs/configuration.md, Dynamic Allocation (`spark.dynamicAllocation.enabled`, default false).
"""

from __future__ import annotations

from typing import Iterator

from sparklint.knowledge.executors import INITIAL, MAX, MIN, dynamic_allocation, is_local_master
from sparklint.model import JobConfig
from sparklint.rule import Hit, NoOptions, Rule


def check(config: JobConfig, options: NoOptions) -> Iterator[Hit]:
    allocation = dynamic_allocation(config)
    if allocation is None:
        return
    if allocation.enabled:
        initial, minimum = allocation.initial, allocation.min
        if initial.setting is not None and initial.setting.ref is not None and initial.value < minimum.value:
            yield Hit(
                f"ignored: initialExecutors={initial.value} is below minExecutors={minimum.value} "
                f"[{minimum.source}], so Spark logs that it is invalid and starts from minExecutors",
                f"Set spark.dynamicAllocation.initialExecutors to at least {minimum.value}, or remove it.",
                at=initial.setting,
                related=(minimum.setting,) if minimum.setting is not None else (),
            )
        return
    local = is_local_master(config.value("spark.master"))
    if allocation.setting is None and not local and config.platform != "kubernetes":
        # Off only by Spark's default: the cluster's spark-defaults.conf or a --conf at submit time (EMR
        # turns it on for every cluster) may enable it, so the bounds may well be read. Quiet.
        return
    fix = ("Remove it: dynamic allocation needs a cluster manager." if local
           else "Remove it, or set spark.dynamicAllocation.enabled=true.")
    for count, key in ((allocation.min, MIN), (allocation.initial, INITIAL), (allocation.max, MAX)):
        setting = count.setting
        if setting is None or setting.ref is None or setting.key != key:
            continue
        yield Hit(
            f"ignored: {key.rsplit('.', 1)[1]}={count.value} has no effect because dynamic allocation is "
            f"{allocation.reason}",
            fix,
            at=setting,
            related=(allocation.setting,) if allocation.setting is not None else (),
        )


RULE = Rule(
    id="SL205",
    name="dynamic-allocation-settings-ignored",
    severity="warning",
    summary="min/max/initial executors written while dynamic allocation is off, or initial below min.",
    check=check,
    docs=__doc__ or "",
    keys=('spark.dynamicAllocation.minExecutors', 'spark.dynamicAllocation.maxExecutors', 'spark.dynamicAllocation.initialExecutors'),
)
