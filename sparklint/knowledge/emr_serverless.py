"""EMR Serverless facts: job defaults, capacity strings, per-worker disk.

Sources (shared/reference/platforms.md §1):
- defaults: https://docs.aws.amazon.com/emr/latest/EMR-Serverless-UserGuide/jobs-spark.html (#spark-defaults)
- capacity formats: botocore `botocore/data/emr-serverless/2021-07-13/service-2.json`
  (cpu `[1-9][0-9]*(\\s)?(vCPU|vcpu|VCPU)?`, memory `...(GB|gb|gB|Gb)?`, disk `...(GB|gb|gB|Gb)` unit required)
- maximumCapacity caps the total of all workers of all jobs, drivers included (botocore docs on
  `maximumCapacity`; app-behavior.html).
"""

from __future__ import annotations

import re

from sparklint.knowledge.units import GIB, parse_bytes

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

_CPU = re.compile(r"([1-9][0-9]*)\s?(?:vCPU|vcpu|VCPU)?")
_MEMORY = re.compile(r"([1-9][0-9]*)\s?(?:GB|gb|gB|Gb)?")
_DISK = re.compile(r"([1-9][0-9]*)\s?(?:GB|gb|gB|Gb)")


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
