"""Reporters: pure functions `Run -> str`, by name (check-jsonschema's REPORTER_BY_NAME).

A `Run` is what one lint run found and looked at; a reporter turns it into text and prints nothing.
"""

from __future__ import annotations

from typing import Callable, Mapping, Optional

from sparklint.records import Record
from sparklint.rule import Finding, Rule


class Run(Record):
    findings: list[Finding]  # sorted by path, line, column, rule, secrets masked
    rules: Mapping[str, Rule]  # every registered rule (SARIF lists them all), id -> rule
    checked: tuple[str, ...] = ()  # files read as Spark configurations
    skips: tuple[tuple[str, str], ...] = ()  # (path, why) of files looked at but not Spark configurations
    color: bool = False
    # The text a path was linted from when it is not the file on disk (standard input); other files are
    # read again only by reporters that hash their lines (SARIF).
    texts: Mapping[str, str] = {}
    unsafe_fixes: bool = False  # --unsafe-fixes: an unsafe fix counts as applicable (marked [*])

    def text_of(self, path: str) -> Optional[str]:
        """The linted text of `path` (None when it cannot be read: a reporter then leaves out what needs it)."""
        if path in self.texts:
            return self.texts[path]
        try:
            with open(path, "rb") as handle:
                return handle.read().decode("utf-8", "replace")
        except OSError:
            return None


def fixable(finding: Finding, unsafe: bool) -> bool:
    """Whether `--fix` (with `--unsafe-fixes` when `unsafe`) would apply the finding's edit: the `[*]` mark."""
    return finding.edit is not None and (finding.edit.safe or unsafe)


FIX_MARK = "[*]"


# Each format's module is imported only when a run uses it (start-up time counts for a pre-commit hook).
_MODULES = {"text": "text", "concise": "concise", "full": "full", "json": "json_report", "github": "github",
            "sarif": "sarif", "gitlab": "gitlab", "junit": "junit"}
TERMINAL_FORMATS = ("text", "concise", "full")  # for people: a summary line closes them


class _Reporters(dict):  # type: ignore[type-arg]
    """Format name -> render function, each module imported on first use; a value set here (a profiler's
    timed wrapper) is used instead."""

    def __missing__(self, name: str) -> Callable[[Run], str]:
        if name not in _MODULES:
            raise KeyError(name)
        import importlib

        render: Callable[[Run], str] = importlib.import_module(f"sparklint.report.{_MODULES[name]}").render
        self[name] = render
        return render

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(_MODULES)

    def __len__(self) -> int:
        return len(_MODULES)


REPORTERS: dict[str, Callable[[Run], str]] = _Reporters()
