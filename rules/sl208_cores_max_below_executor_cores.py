"""SL208 cores-max-below-executor-cores: a standalone application capped below one executor's cores.

## What it flags
A job for a Spark standalone cluster (`spark.master` `spark://...`, or `--platform standalone`) whose
`spark.cores.max` (`--total-executor-cores`) is smaller than `spark.executor.cores`
(`--executor-cores`).

## Why is this bad?
The standalone Master gives an application at most `spark.cores.max` cores, and launches an executor
only while the cores it may still give cover one whole executor (`coresToAssign >= coresPerExecutor` in
`Master.scheduleExecutorsOnWorkers`). With fewer cores allowed than one executor needs, no executor is
ever launched: the SparkContext starts, and the first job waits for ever while the driver logs "Initial
job has not accepted any resources". Nothing refuses the config, so nothing fails.

## Example
```conf spark-defaults.conf
spark.master spark://spark-master:7077
spark.executor.cores 4
spark.cores.max 2
```

## Use instead
```conf spark-defaults.conf
spark.master spark://spark-master:7077
spark.executor.cores 4
spark.cores.max 8
```

## Options
None.

## References
- Spark `core/src/main/scala/org/apache/spark/deploy/master/Master.scala` (`scheduleExecutorsOnWorkers`:
  `coresToAssign = min(app.coresLeft, ...)`, `keepScheduling = coresToAssign >= minCoresPerExecutor`);
  `ApplicationInfo.coresLeft` is `requestedCores` (`spark.cores.max`, `StandaloneSchedulerBackend`)
  less the cores granted.
- Spark docs/configuration.md (`spark.cores.max`: standalone only; `spark.executor.cores`).
- Proven in real Spark 3.5.9 on a standalone Master and Worker (`local-cluster`, the same Master and
  Worker classes): `spark.cores.max=1` with `spark.executor.cores=2` registers no executor, `spark.cores.max=2`
  registers one (`tests/test_oracle_standalone_cores.py`).
"""

from __future__ import annotations

from typing import Iterator, Optional

from sparklint.knowledge.units import parse_int
from sparklint.model import JobConfig, Setting
from sparklint.rule import Hit, NoOptions, Rule


def check(config: JobConfig, options: NoOptions) -> Iterator[Hit]:
    if config.platform != "standalone":
        return
    cores_max, executor_cores = config.effective("spark.cores.max"), config.effective("spark.executor.cores")
    total, per_executor = _count(cores_max), _count(executor_cores)
    if total is None or per_executor is None or total >= per_executor:
        return  # a count that does not parse, or is not positive, is SL006's
    assert cores_max is not None and executor_cores is not None
    at = cores_max if cores_max.ref is not None else executor_cores
    if at.ref is None:
        return
    yield Hit(f"never gets an executor: spark.cores.max={total} [{cores_max.describe()}] allows the application "
              f"{total} core{'s' if total != 1 else ''}, and each executor needs spark.executor.cores={per_executor} "
              f"[{executor_cores.describe()}]; the standalone Master launches an executor only while the cores it may "
              "still give cover a whole one (Master.scheduleExecutorsOnWorkers), so the first job waits for ever "
              "(\"Initial job has not accepted any resources\")",
              f"Raise spark.cores.max to a multiple of {per_executor}, or lower spark.executor.cores to at most "
              f"{total}.", at=at)


def _count(setting: Optional[Setting]) -> Optional[int]:
    if setting is None:
        return None
    try:
        count = parse_int(setting.value)
    except ValueError:
        return None
    return count if count > 0 else None


RULE = Rule(
    id="SL208",
    name="cores-max-below-executor-cores",
    severity="error",
    summary="A standalone application's spark.cores.max below spark.executor.cores: no executor ever starts.",
    check=check,
    docs=__doc__ or "",
    kinds=("job", "session", "defaults"),
    keys=("spark.cores.max",),
    platforms=("standalone",),
)
