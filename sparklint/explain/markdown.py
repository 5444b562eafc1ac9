"""`sparklint explain --format markdown`: for pull-request comments."""

from __future__ import annotations

from sparklint.explain import render as shared
from sparklint.explain.model import Explanation


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    def line(cells: list[str]) -> str:
        return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"

    return [line(header), line(["---"] * len(header)), *(line(row) for row in rows)]


def render_one(explanation: Explanation) -> str:
    lines = [f"### `{explanation.path}`", "", shared.title(explanation).split(": ", 1)[1], "",
             shared.version_sentence(explanation), "", "#### Memory", ""]
    lines += table(["", "driver", "executor"], shared.memory_rows(explanation))
    bars = [f"{label:<8} heap {bar}" for label, bar in (("driver", shared.heap_bar(explanation.driver)),
                                                        ("executor", shared.heap_bar(explanation.executor))) if bar]
    if bars:
        lines += ["", "```text", *bars, "(R reserved, U user, S storage, E execution)", "```"]
    lines += ["", shared.ui_sentence(explanation), "", "#### Executors", ""]
    lines += table(["", ""], shared.executor_rows(explanation))
    workers = shared.worker_rows(explanation)
    if workers:
        lines += ["", "#### EMR Serverless workers", ""]
        lines += table(["", "cpu", "memory", "disk", "heap + overhead"], workers)
        lines += ["", shared.EMR_UNITS_NOTE]
    capacity = shared.capacity_rows(explanation)
    if capacity:
        lines += ["", "#### Capacity", ""]
        lines += table(shared.CAPACITY_HEADER, [row[:4] + [f"`{row[4]}`"] + row[5:] for row in capacity])
        lines += ["", shared.capacity_sentence(explanation)]
    lines += ["", "<details><summary>Where the settings come from</summary>", ""]
    lines += table(["key", "value", "source"], [[f"`{key}`", f"`{value}`", source]
                                                for key, value, source in shared.settings_rows(explanation)])
    environment = shared.environment_rows(explanation)
    if environment:
        lines += ["", "Environment variables:", ""]
        lines += table(["name", "value", "source"], [[f"`{name}`", f"`{value}`", source]
                                                     for name, value, source in environment])
    lines += ["", "</details>"]
    return "\n".join(lines) + "\n"


def render(explanations: list[Explanation]) -> str:
    if not explanations:
        return "No Spark job or session found.\n"
    return "\n".join(render_one(explanation) for explanation in explanations)
