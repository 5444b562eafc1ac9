"""Rows and sentences shared by the text and markdown renderers, and the renderer table (name -> function)."""

from __future__ import annotations

from typing import Callable, Optional

from sparklint.explain.model import LIMITS, Explanation, Memory, SettingSource
from sparklint.knowledge import emr_serverless
from sparklint.knowledge.units import GIB, MIB
from sparklint.masking import line_start

Row = list[str]


def size(count: Optional[int]) -> str:
    """Bytes for people, in the binary units the Spark UI uses: `4 GiB`, `2.2 GiB`, `384 MiB`."""
    if count is None:
        return "?"
    for unit, name in ((GIB, "GiB"), (MIB, "MiB")):
        if abs(count) >= unit:
            return f"{count / unit:.1f}".rstrip("0").rstrip(".") + f" {name}"
    return f"{count} B"


def emr_size(count: Optional[int]) -> str:
    """Bytes as EMR Serverless writes them: `16 GB`, `150 GB`. Its GB is 1024³ bytes, Spark's `g`: the
    default 14g heap + 10% overhead (15.4 × 1024³ bytes) fits its 16 GB default worker, which 16 × 10⁹
    bytes would not (shared/reference/platforms.md, worker defaults)."""
    return size(count).replace("GiB", "GB").replace("MiB", "MB")


EMR_UNITS_NOTE = "GB as EMR Serverless writes it: 1024³ bytes, the same unit as Spark's g."


def number(value: Optional[object]) -> str:
    return "?" if value is None else str(value)


def title(explanation: Explanation) -> str:
    name = f" {explanation.name!r}" if explanation.name else ""
    return (f"{line_start(explanation.path)}: {explanation.kind}{name}, platform {explanation.platform}, "
            f"Spark {explanation.spark_version}")


def version_sentence(explanation: Explanation) -> str:
    """`Spark 3.3 from releaseLabel emr-6.9.0 at app.json:3 (Spark 3.3.0, ...).` plus the note, if any."""
    note = f" {explanation.spark_version_note[:1].upper()}{explanation.spark_version_note[1:]}." \
        if explanation.spark_version_note else ""
    return f"Spark version: {explanation.spark_version}, from {explanation.spark_version_source}.{note}"


def settings_rows(explanation: Explanation) -> list[Row]:
    """key, value, source; a value that beat others says which (`overrides 6g [job.json:3 (...)]`)."""
    return _source_rows(explanation.settings)


def environment_rows(explanation: Explanation) -> list[Row]:
    """name, value, source of each environment variable the file sets (empty when it sets none)."""
    return _source_rows(explanation.environment)


def _source_rows(items: list[SettingSource]) -> list[Row]:
    return [[item.key, item.value, item.source + "".join(f"; overrides {other.value} [{other.source}]"
                                                         for other in item.overrides)]
            for item in items]


def memory_rows(explanation: Explanation) -> list[Row]:
    driver, executor = explanation.driver, explanation.executor

    def row(label: str, field: str) -> Row:
        return [label, size(getattr(driver, field)), size(getattr(executor, field))]

    fraction = executor.fraction if executor.fraction is not None else driver.fraction
    storage_fraction = executor.storage_fraction if executor.storage_fraction is not None else driver.storage_fraction
    return [
        row("heap", "heap"), row("reserved", "reserved"), row("usable", "usable"),
        row(f"unified (usable × {fraction:g})" if fraction is not None else "unified", "unified"),
        row(f"  storage (× {storage_fraction:g})" if storage_fraction is not None else "  storage", "storage"),
        row("  execution", "execution"), row("user", "user"), row("off-heap", "offheap"),
        row("overhead", "overhead"), row("PySpark", "pyspark"), row("container", "container"),
        ["cores", number(driver.cores), number(executor.cores)],
        ["tasks at once", "", number(executor.tasks)],
        ["unified per task", "", size(executor.unified_per_task)],
    ]


def heap_bar(role: Memory, width: int = 50) -> Optional[str]:
    """`[RRRUUUSSSSEEEE]`: the heap split into reserved, user, storage and execution, drawn to scale."""
    parts = (("R", role.reserved), ("U", role.user), ("S", role.storage), ("E", role.execution))
    if role.heap is None or role.heap <= 0 or any(part is None or part < 0 for _, part in parts):
        return None
    cells, drawn, total = [], 0, 0
    for letter, part in parts:
        total += part  # type: ignore[operator]
        end = round(total * width / role.heap)
        cells.append(letter * max(end - drawn, 1 if part else 0))
        drawn += len(cells[-1])
    return "[" + "".join(cells) + "]"


def ui_sentence(explanation: Explanation) -> str:
    """What the Spark UI's Storage Memory column will show (spark.md §1): the whole unified region,
    plus off-heap when enabled; not the storageFraction share."""
    parts = []
    in_driver = explanation.executors.in_driver
    for label, role in (("each executor", explanation.executor), ("the driver", explanation.driver)):
        if role.unified is None or (in_driver and role is explanation.executor):
            continue
        total = role.unified + (role.offheap or 0)
        offheap = f" + {size(role.offheap)} off-heap" if role.offheap else ""
        parts.append(f"{size(total)} ({total} bytes) for {label}: ({size(role.heap)} heap − "
                     f"{size(role.reserved)}) × {role.fraction:g}{offheap}")
    if not parts:
        return "The Spark UI's Storage Memory cannot be worked out: a memory setting does not parse."
    local = (" With a local master no executor starts: the tasks run in the driver and share its memory, and "
             "the executor column shows what an executor would get on a cluster." if in_driver else "")
    return ("The Spark UI's Storage Memory column will show " + "; ".join(parts) + ". That is the whole unified "
            "region, not the storageFraction share. Spark starts from the JVM's Runtime.maxMemory, which equals "
            "the heap under G1 but is a little less under ParallelGC and SerialGC." + local)


def executor_rows(explanation: Explanation) -> list[Row]:
    executors = explanation.executors
    maximum = "unbounded" if executors.max is None and executors.min is not None else number(executors.max)
    return [
        ["dynamic allocation", executors.dynamic_allocation_reason],
        ["requested", number(executors.requested) + (" (spark.executor.instances)"
                                                     if executors.requested is not None else " (not set)")],
        ["min / initial / max", f"{number(executors.min)} / {number(executors.initial)} / {maximum}"],
        ["at start", f"{number(executors.at_start)}: {executors.at_start_reason}" if executors.at_start is not None
         else executors.at_start_reason],
    ]


def worker_rows(explanation: Explanation) -> list[Row]:
    if explanation.worker is None:
        return []
    return [[role, number(worker.cpu), emr_size(worker.memory), emr_size(worker.disk), emr_size(worker.needed)]
            for role, worker in (("driver", explanation.worker.driver), ("executor", explanation.worker.executor))]


def capacity_rows(explanation: Explanation, width: int = 30) -> list[Row]:
    """Per limit of maximumCapacity: the cap, what the driver and the executors need at start and at the
    most dynamic allocation may ask for, a bar of the use at start (`#` used, `.` free, `!` over the cap),
    and how many executors fit."""
    executors, totals = explanation.executors, explanation.executors.totals
    if executors.capacity is None or totals is None:
        return []
    at_max = totals["at_max"]
    rows = []
    for name in LIMITS:
        cap, need = executors.capacity[name], totals["at_start"][name]  # type: ignore[index]
        if cap is None or need is None or name not in executors.fits:
            continue
        show = (lambda value: f"{value} vCPU") if name == "cpu" else emr_size
        used = max(0, min(width, round(need * width / cap))) if cap > 0 else width
        bar = "[" + "#" * used + "." * (width - used) + "]" + ("!" if need > cap else "")
        most = at_max[name] if at_max is not None else None
        most_text = "unbounded" if at_max is None else "?" if most is None else (
            show(most) + (" (over)" if most > cap else ""))
        binds = " (binds)" if name == executors.binding_limit else ""
        rows.append([name, show(cap), show(need), most_text, bar, f"{executors.fits[name]}{binds}"])
    return rows


CAPACITY_HEADER = ["", "cap", "at start", "at max", "use at start", "executors that fit"]


def capacity_sentence(explanation: Explanation) -> str:
    executors = explanation.executors
    if executors.capacity_limit is None:
        return ""
    asked, limit = executors.at_start, executors.capacity_limit
    if asked is not None and asked > limit:
        verdict = emr_serverless.capacity_verdict(limit)
    elif executors.dynamic_allocation and executors.max is None:
        verdict = f"maxExecutors is unbounded, so dynamic allocation grows until the cap: at most {limit}"
    elif executors.dynamic_allocation and executors.max is not None and executors.max > limit:
        verdict = f"dynamic allocation may ask for up to {executors.max} (maxExecutors), but only {limit} fit"
    elif executors.dynamic_allocation:
        verdict = f"dynamic allocation can grow to maxExecutors={executors.max} within the cap ({limit} would fit)"
    else:
        verdict = f"all of them fit ({limit} would)"
    return (f"maximumCapacity [{executors.capacity_source}]: {number(asked)} executors at start; {verdict} "
            f"({executors.binding_limit} binds).")


def _renderers() -> dict[str, Callable[[list[Explanation]], str]]:
    from sparklint.explain import json_format, markdown, text

    return {"text": text.render, "json": json_format.render, "markdown": markdown.render}


class _Renderers(dict):  # type: ignore[type-arg]
    """Loaded on first use: the renderer modules import this one."""

    def __missing__(self, name: str) -> Callable[[list[Explanation]], str]:
        self.update(_renderers())
        return dict.__getitem__(self, name)


RENDERERS: dict[str, Callable[[list[Explanation]], str]] = _Renderers()
