"""`sparklint explain` for people: aligned tables and bar pictures, readable without colour."""

from __future__ import annotations

from sparklint.explain import render as shared
from sparklint.explain.model import Explanation


def table(header: list[str], rows: list[list[str]], indent: str = "  ") -> list[str]:
    widths = [max(len(row[column]) for row in [header, *rows]) for column in range(len(header))]
    return [(indent + "  ".join(cell.ljust(width) for cell, width in zip(row, widths))).rstrip()
            for row in [header, *rows]]


def render_one(explanation: Explanation) -> str:
    lines = [shared.title(explanation), shared.version_sentence(explanation), "", "Settings"]
    lines += table(["key", "value", "source"], shared.settings_rows(explanation))
    environment = shared.environment_rows(explanation)
    if environment:
        lines += ["", "Environment"]
        lines += table(["name", "value", "source"], environment)
    lines += ["", "Memory"]
    lines += table(["", "driver", "executor"], shared.memory_rows(explanation))
    for label, role in (("driver", explanation.driver), ("executor", explanation.executor)):
        bar = shared.heap_bar(role)
        if bar is not None:
            lines.append(f"  {label:<8} heap {bar}")
    lines += ["  (R reserved, U user, S storage, E execution)", "", shared.ui_sentence(explanation), "",
              "Executors"]
    lines += table(["", ""], shared.executor_rows(explanation))[1:]
    workers = shared.worker_rows(explanation)
    if workers:
        lines += ["", "EMR Serverless workers"]
        lines += table(["", "cpu", "memory", "disk", "heap + overhead"], workers)
        lines.append("  (" + shared.EMR_UNITS_NOTE + ")")
    capacity = shared.capacity_rows(explanation)
    if capacity:
        lines += ["", "Capacity"]
        lines += table(shared.CAPACITY_HEADER, capacity)
        lines.append(shared.capacity_sentence(explanation))
    return "\n".join(lines) + "\n"


def render(explanations: list[Explanation]) -> str:
    if not explanations:
        return "No Spark job or session found.\n"
    return "\n".join(render_one(explanation) for explanation in explanations)
