"""EMR Serverless facts: job defaults, capacity strings, per-worker disk.

Sources (shared/reference/platforms.md §1):
- defaults: https://docs.aws.amazon.com/emr/latest/EMR-Serverless-UserGuide/jobs-spark.html (#spark-defaults)
- capacity formats: botocore `botocore/data/emr-serverless/2021-07-13/service-2.json`
  (cpu `[1-9][0-9]*(\\s)?(vCPU|vcpu|VCPU)?`, memory `...(GB|gb|gB|Gb)?`, disk `...(GB|gb|gB|Gb)` unit required)
- maximumCapacity caps the total of all workers of all jobs, drivers included (botocore docs on
  `maximumCapacity`; app-behavior.html).
- the default worker (`DEFAULT_WORKER_*`): see the comment there; how it is derived matters.
- no external shuffle service [T]: aws-samples/emr-serverless-samples `Best_Practices.md` ("as of Nov 2024").
"""

from __future__ import annotations

from typing import Callable, Optional

from sparklint.knowledge.executors import INITIAL, INSTANCES, MIN
from sparklint.knowledge.units import GIB, parse_bytes
from sparklint.knowledge.values import is_templated
from sparklint.model import Capacity, JobConfig, Setting
from sparklint.patterns import lazy_pattern
from sparklint.tree import Ref

DEFAULTS_DOC = "EMR Serverless default, jobs-spark.html"

# Documented job defaults (jobs-spark.html, "Spark defaults" table). maxExecutors is "infinity" from
# release 6.10.0 (release-version-6100.html), which is Spark's own default, so it is not listed.
JOB_DEFAULTS: dict[str, str] = {
    "spark.driver.cores": "4",
    "spark.driver.memory": "14g",
    "spark.executor.cores": "4",
    "spark.executor.memory": "14g",
    "spark.executor.instances": "3",
    "spark.dynamicAllocation.enabled": "true",
    "spark.dynamicAllocation.initialExecutors": "3",
    "spark.dynamicAllocation.minExecutors": "0",
    "spark.dynamicAllocation.executorIdleTimeout": "60s",
    "spark.emr-serverless.driver.disk": "20G",
    "spark.emr-serverless.executor.disk": "20G",
    "spark.emr-serverless.memoryOverheadFactor": "0.1",
    "spark.authenticate": "true",
}

DRIVER_DISK_KEY = "spark.emr-serverless.driver.disk"
EXECUTOR_DISK_KEY = "spark.emr-serverless.executor.disk"
# Disk type per worker role: `Standard` by default, `shuffle_optimized` from EMR 7.1.0
# (jobs-shuffle-optimized-disks.html, platforms.md §1.2).
DRIVER_DISK_TYPE_KEY = "spark.emr-serverless.driver.disk.type"
EXECUTOR_DISK_TYPE_KEY = "spark.emr-serverless.executor.disk.type"
DRIVER_CORES_KEY = "spark.driver.cores"
EXECUTOR_CORES_KEY = "spark.executor.cores"
SHUFFLE_SERVICE_KEY = "spark.shuffle.service.enabled"
SHUFFLE_SERVICE_DOC = ("aws-samples/emr-serverless-samples Best_Practices.md, \"as of Nov 2024\" "
                       "(AWS samples, not the official EMR Serverless docs)")

# The worker a job gets when it sets no size, for sizing an application without initialCapacity.
# - 4 vCPU: spark.driver.cores / spark.executor.cores default 4 [V] (jobs-spark.html).
# - 20 GB disk: spark.emr-serverless.{driver,executor}.disk default 20G [V] (jobs-spark.html); 20 GB is
#   also the smallest disk a worker can have (app-behavior.html), so it is a lower bound for any worker.
# - 16 GB memory: derived, not a documented number. The 14G default heap plus the documented 10%
#   overhead (spark.emr-serverless.memoryOverheadFactor 0.1) is 15.4 GB; app-behavior.html sizes
#   4 vCPU workers in whole GB (8-30 GB), so the smallest 4 vCPU worker that holds it is 16 GB. AWS
#   blog benchmarks quote the defaults as 4 vCPU / 16 GB workers [T] (platforms.md §1.3-1.4).
DEFAULT_WORKER_CPU = 4
DEFAULT_WORKER_MEMORY = 16 * GIB
DEFAULT_WORKER_DISK = 20 * GIB
DEFAULT_WORKER_DOC = ("EMR Serverless default worker: 4 vCPU and 20 GB disk (jobs-spark.html), 16 GB = the "
                      "14G default heap + 10% overhead rounded up to the 4 vCPU worker grid (app-behavior.html)")

_CPU = lazy_pattern(r"([1-9][0-9]*)\s?(?:vCPU|vcpu|VCPU)?")
_MEMORY = lazy_pattern(r"([1-9][0-9]*)\s?(?:GB|gb|gB|Gb)?")
_DISK = lazy_pattern(r"([1-9][0-9]*)\s?(?:GB|gb|gB|Gb)")


def parse_cpu(text: str) -> int:
    """vCPU of an API cpu string ("4vCPU", "4 vCPU", "4"). Raises ValueError."""
    match = _CPU.fullmatch(str(text).strip())
    if match is None:
        raise ValueError(f"{text!r} is not an EMR Serverless cpu value (e.g. \"4vCPU\")")
    return int(match.group(1))


def parse_memory(text: str) -> int:
    """Bytes of an API memory string ("16GB", "16 GB", "16"); EMR Serverless GB are sized as GiB here."""
    match = _MEMORY.fullmatch(str(text).strip())
    if match is None:
        raise ValueError(f"{text!r} is not an EMR Serverless memory value (e.g. \"16GB\")")
    return int(match.group(1)) * GIB


def parse_disk(text: str) -> int:
    """Bytes of an API disk string ("20GB"; the unit is required). Raises ValueError."""
    match = _DISK.fullmatch(str(text).strip())
    if match is None:
        raise ValueError(f"{text!r} is not an EMR Serverless disk value (e.g. \"200GB\"; the unit is required)")
    return int(match.group(1)) * GIB


def worker_disk_bytes(value: str) -> int:
    """Bytes of `spark.emr-serverless.{driver,executor}.disk` ("20G", "200g"; Spark size syntax, bare = GB).

    The docs show values like `20G` and `30g`; a bare number is read as GB [U: not documented].
    """
    return parse_bytes(value, default_unit=GIB)


def gb(count: int) -> str:
    """Bytes as EMR Serverless writes sizes: `16 GB`, `15.4 GB`."""
    return f"{count / GIB:g} GB"


def read_setting(config: JobConfig, key: str, parse: Callable[[str], int]) -> Optional[tuple[int, Setting]]:
    """(parsed value, setting) of the effective `key`; None when unset, templated or unparsable (SL006's business)."""
    setting = config.effective(key)
    if setting is None or is_templated(setting.value):
        return None
    try:
        return parse(setting.value), setting
    except ValueError:
        return None


def executors_that_fit(cap: int, driver: int, per_executor: int, wanted: int) -> int:
    """How many executors of `per_executor` fit beside a `driver` under `cap` (one resource: vCPU, bytes...).

    maximumCapacity caps the total of all workers, the driver included (botocore `maximumCapacity`).
    """
    if per_executor <= 0:
        return wanted
    return max(0, (cap - driver) // per_executor)


def over_capacity(cap: int, driver: int, per_executor: int, executors: int) -> Optional[tuple[int, int]]:
    """(needed, executors that fit) when a driver and `executors` executors need more than `cap` of one
    resource; None when they fit."""
    needed = driver + executors * per_executor
    if needed <= cap:
        return None
    return needed, executors_that_fit(cap, driver, per_executor, executors)


def capacity_message(needs: str, allowed: str, capacity: Capacity, driver: str, executors: int, each: str,
                     why: str, fit: int) -> str:
    """The sentence of SL304/SL305/SL306: what the job needs at start against one maximumCapacity limit,
    the driver and executor sizes with their sources, and what happens to the executors that do not fit."""
    return (f"needs {needs} to start but the application allows {allowed} [{capacity.describe()}]: driver "
            f"{driver} + {executors} executors × {each} ({why}); {capacity_verdict(fit)}")


def capacity_verdict(fit: int) -> str:
    """What happens to the executors beyond `fit` (the number that fit beside the driver under a cap)."""
    if fit <= 0:
        return "no executor fits beside the driver: the job gets none and waits on ApplicationMaxCapacityExceededException"
    return f"only {fit} executor{'s' if fit != 1 else ''} fit, the rest wait on ApplicationMaxCapacityExceededException"


def capacity_fix(fit: int, lower: str, limit: str, needed: str) -> str:
    """The fix for a job above one maximumCapacity limit: fewer executors (when some fit), smaller ones,
    or a larger cap."""
    fewer = f"Ask for at most {fit} executors, lower {lower}, or" if fit > 0 else f"Lower {lower} or"
    return f"{fewer} raise the application's maximumCapacity {limit} to at least {needed}."


def count_setting(config: JobConfig) -> Optional[Setting]:
    """The written setting that decides how many executors start, to point a capacity finding at."""
    for key in (INSTANCES, INITIAL, MIN):
        setting = config.effective(key)
        if setting is not None and setting.ref is not None:
            return setting
    return None


def application_type(config: JobConfig) -> str:
    """The `type` of a CreateApplication body / CloudFormation resource (`SPARK`, `HIVE`), upper case; "" if unknown."""
    container = config.ref.container if config.ref is not None else None
    get = getattr(container, "get", None)
    if get is None:
        return ""
    value = get("type")
    if value is None:
        value = get("Type")
    return str(value).upper() if isinstance(value, str) else ""


def reported_here(config: JobConfig, setting: Setting) -> bool:
    """Whether a rule checking `config` should report a problem of `setting` itself.

    A job linted with its application also holds the application's runtimeConfiguration settings
    (another file); the application's own JobConfig reports those, so the job does not repeat them.
    """
    return config.kind == "application" or not setting.path or setting.path == config.path


def capacity(field_value: Callable[[str], object], source: str, field: str, ref: Optional[Ref] = None) -> Capacity:
    """An application's maximumCapacity from its `cpu` / `memory` / `disk` fields in the API's string formats
    (`field_value(name)` reads one field); a field that is absent or invalid is None (no cap known)."""
    def read(name: str, parse: Callable[[str], int]) -> Optional[int]:
        value = field_value(name)
        try:
            return parse(str(value)) if isinstance(value, (str, int)) else None
        except ValueError:
            return None

    return Capacity(cpu=read("cpu", parse_cpu), memory=read("memory", parse_memory), disk=read("disk", parse_disk),
                    source=source, field=field, ref=ref)

