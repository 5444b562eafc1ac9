"""Rows and sentences shared by the text and markdown renderers, and the renderer table (name -> function)."""

from __future__ import annotations

from typing import Callable, Optional

from sparklint.explain.model import Explanation, Memory
from sparklint.knowledge.units import GIB, MIB

Row = list[str]


def size(count: Optional[int]) -> str:
    """Bytes for people, in the binary units the Spark UI uses: `4 GiB`, `2.2 GiB`, `384 MiB`."""
    if count is None:
        return "?"
    for unit, name in ((GIB, "GiB"), (MIB, "MiB")):
        if abs(count) >= unit:
            return f"{count / unit:.1f}".rstrip("0").rstrip(".") + f" {name}"
    return f"{count} B"


def number(value: Optional[object]) -> str:
    return "?" if value is None else str(value)


def title(explanation: Explanation) -> str:
    name = f" {explanation.name!r}" if explanation.name else ""
    return (f"{explanation.path}: {explanation.kind}{name}, platform {explanation.platform}, "
            f"Spark {explanation.spark_version}")


def settings_rows(explanation: Explanation) -> list[Row]:
    return [[item.key, item.value, item.source] for item in explanation.settings]


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
    for label, role in (("each executor", explanation.executor), ("the driver", explanation.driver)):
        if role.unified is None:
            continue
        total = role.unified + (role.offheap or 0)
        offheap = f" + {size(role.offheap)} off-heap" if role.offheap else ""
        parts.append(f"{size(total)} ({total} bytes) for {label}: ({size(role.heap)} heap − 300 MiB) × "
                     f"{role.fraction:g}{offheap}")
    if not parts:
        return "The Spark UI's Storage Memory cannot be worked out: a memory setting does not parse."
    return ("The Spark UI's Storage Memory column will show " + "; ".join(parts) + ". That is the whole unified "
            "region, not the storageFraction share. Spark starts from the JVM's Runtime.maxMemory, which equals "
            "the heap under G1 but is a little less under ParallelGC and SerialGC.")


def executor_rows(explanation: Explanation) -> list[Row]:
    executors = explanation.executors
    maximum = "unbounded" if executors.max is None and executors.min is not None else number(executors.max)
    return [
        ["dynamic allocation", executors.dynamic_allocation_reason],
        ["requested", number(executors.requested) + (" (spark.executor.instances)"
                                                     if executors.requested is not None else " (not set)")],
        ["min / initial / max", f"{number(executors.min)} / {number(executors.initial)} / {maximum}"],
        ["at start", f"{number(executors.at_start)}: {executors.at_start_reason}"],
    ]


def worker_rows(explanation: Explanation) -> list[Row]:
    if explanation.worker is None:
        return []
    return [[role, number(worker.cpu), size(worker.memory), size(worker.disk), size(worker.needed)]
            for role, worker in (("driver", explanation.worker.driver), ("executor", explanation.worker.executor))]


def capacity_rows(explanation: Explanation, width: int = 30) -> list[Row]:
    """Per limit of maximumCapacity: the cap, what the driver and the executors at start need, a bar of the
    use (`#` used, `.` free, `!` over the cap), and how many executors fit."""
    executors, worker = explanation.executors, explanation.worker
    if executors.capacity is None or worker is None or executors.at_start is None:
        return []
    rows = []
    for name in ("cpu", "memory", "disk"):
        cap, driver, each = executors.capacity[name], getattr(worker.driver, name), getattr(worker.executor, name)
        if cap is None or driver is None or each is None or name not in executors.fits:
            continue
        need = driver + executors.at_start * each
        show = (lambda value: f"{value} vCPU") if name == "cpu" else size
        used = min(width, round(need * width / cap)) if cap else width
        bar = "[" + "#" * used + "." * (width - used) + "]" + ("!" if need > cap else "")
        binds = " (binds)" if name == executors.binding_limit else ""
        rows.append([name, show(cap), show(need), bar, f"{executors.fits[name]}{binds}"])
    return rows


def capacity_sentence(explanation: Explanation) -> str:
    executors = explanation.executors
    if executors.capacity_limit is None:
        return ""
    asked = executors.at_start
    verdict = (f"only {executors.capacity_limit} fit, the rest wait on ApplicationMaxCapacityExceededException"
               if asked is not None and asked > executors.capacity_limit
               else f"dynamic allocation can grow to {executors.capacity_limit}")
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
