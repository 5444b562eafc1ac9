"""The EMR Serverless worker grid: which (vCPU, memory, disk) a worker may have.

Source: https://docs.aws.amazon.com/emr/latest/EMR-Serverless-UserGuide/app-behavior.html (#worker-configs)
and the CloudFormation `WorkerConfiguration` page ("Each worker can have 1, 2, 4, 8, or 16 vCPUs"),
shared/reference/platforms.md §1.1-1.2:

| vCPU | memory    | step | disk (standard) |
| 1    | 2-8 GB    | 1 GB | 20-200 GB |
| 2    | 4-16 GB   | 1 GB | 20-200 GB |
| 4    | 8-30 GB   | 1 GB | 20-200 GB |
| 8    | 16-60 GB  | 4 GB | 20-200 GB |
| 16   | 32-120 GB | 8 GB | 20-200 GB |

Shuffle-optimized disks (EMR 7.1.0+, `spark.emr-serverless.{driver,executor}.disk.type=shuffle_optimized`)
allow 20-2000 GB. Whether a request between two memory steps is rounded up or rejected is not
documented [U]: code that uses `fitting_memory` must say so and warn, not err.
"""

from __future__ import annotations

from typing import Optional

from sparklint.knowledge.units import GIB
from sparklint.records import Record


class Tier(Record):
    cpu: int
    min_memory: int  # bytes
    max_memory: int  # bytes
    step: int  # bytes


TIERS: dict[int, Tier] = {
    1: Tier(1, 2 * GIB, 8 * GIB, 1 * GIB),
    2: Tier(2, 4 * GIB, 16 * GIB, 1 * GIB),
    4: Tier(4, 8 * GIB, 30 * GIB, 1 * GIB),
    8: Tier(8, 16 * GIB, 60 * GIB, 4 * GIB),
    16: Tier(16, 32 * GIB, 120 * GIB, 8 * GIB),
}
VALID_CPUS = tuple(TIERS)
# A 32 vCPU tier (60, 120 or 244 GB) appears only in third-party notes [T], not on the AWS pages read
# (platforms.md §1.1). Rules neither accept nor reject it silently: they leave it alone and say so.
UNVERIFIED_CPUS = (32,)
UNVERIFIED_CPUS_NOTE = ("a 32 vCPU tier appears only in third-party notes, not in the AWS docs, so 32 is "
                        "not checked")
STANDARD_DISK = (20 * GIB, 200 * GIB)
SHUFFLE_OPTIMIZED_DISK = (20 * GIB, 2000 * GIB)
GRID_DOC = "EMR Serverless worker configurations, app-behavior.html"


def tier(cpu: int) -> Optional[Tier]:
    return TIERS.get(cpu)


def fitting_memory(cpu: int, needed: int) -> Optional[int]:
    """The smallest grid memory of a `cpu` worker that holds `needed` bytes (rounded up to the step,
    at least the minimum); None when it exceeds the tier's maximum or `cpu` is not on the grid."""
    found = TIERS.get(cpu)
    if found is None or needed > found.max_memory:
        return None
    steps = -(-max(needed, found.min_memory) // found.step)
    return min(steps * found.step, found.max_memory) if steps * found.step >= found.min_memory else found.min_memory


def disk_range(disk_type: str) -> tuple[int, int]:
    """(min, max) bytes of a worker's disk for a disk type ("standard" or "shuffle_optimized", any case)."""
    return SHUFFLE_OPTIMIZED_DISK if disk_type.strip().lower() == "shuffle_optimized" else STANDARD_DISK


def on_grid(cpu: Optional[int], memory: Optional[int]) -> bool:
    """A pre-initialized worker's (cpu, memory) as written in initialCapacity is a valid grid point."""
    found = TIERS.get(cpu) if cpu is not None else None
    if found is None or memory is None:
        return False
    return found.min_memory <= memory <= found.max_memory and (memory - found.min_memory) % found.step == 0


def cpus_text() -> str:
    """`1, 2, 4, 8 or 16`."""
    return ", ".join(str(cpu) for cpu in VALID_CPUS[:-1]) + f" or {VALID_CPUS[-1]}"


def grid_problem(cpu: int, memory: int) -> Optional[str]:
    """Why a worker's (cpu, memory bytes) as written is not a grid point, or None when it is one.

    Not for the 32 vCPU tier (`UNVERIFIED_CPUS`): callers skip it.
    """
    found = TIERS.get(cpu)
    if found is None:
        return f"{cpu} vCPU is not a worker size (EMR Serverless workers have {cpus_text()} vCPU)"
    if on_grid(cpu, memory):
        return None
    low, high, step = (found.min_memory // GIB, found.max_memory // GIB, found.step // GIB)
    written = f"{memory / GIB:g} GB"
    if not found.min_memory <= memory <= found.max_memory:
        return f"{cpu} vCPU workers have {low}-{high} GB of memory, not {written}"
    return f"{cpu} vCPU workers have {low}-{high} GB of memory in steps of {step} GB, not {written}"
