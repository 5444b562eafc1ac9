"""The rule API: what a rule plugin declares and what it yields.

A rule is one module exposing `RULE = Rule(...)`, registered under the entry-point group
`sparklint.rules`. The module docstring is the rule's documentation page. `check(config, options)`
yields `Hit`s that name a setting (or a ref); the engine turns hits into `Finding`s.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, Optional, Union

from sparklint.fix.intent import Edit, Fix
from sparklint.model import JobConfig, Setting
from sparklint.records import Record
from sparklint.tree import Ref

SEVERITIES = ("info", "warning", "error")
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}


class NoOptions:
    """For rules without options: it has no fields, as `dataclasses.fields` sees it, and all its
    instances are equal. A plain class, so that a run whose rules have no options never imports
    `dataclasses` (with `inspect` behind it)."""

    __slots__ = ()
    __dataclass_fields__: dict = {}

    def __eq__(self, other: object) -> bool:
        return type(other) is NoOptions

    def __hash__(self) -> int:
        return hash(NoOptions)

    def __repr__(self) -> str:
        return "NoOptions()"


class Hit(Record):
    """A rule's verdict on one setting: what Spark will do, and a one-sentence fix ending with a period."""

    message: str
    fix: str = ""
    at: Union[Setting, Ref, None] = None  # None: the config as a whole (its `ref`)
    related: tuple[Setting, ...] = ()  # other settings the message relies on
    severity: str = ""  # a lower severity than the rule's for this hit ("warning" when unsure); never a higher one
    edit: Optional[Fix] = None  # the change `--fix` can make (sparklint/fix): never positions, only intent


class Rule(Record):
    id: str  # "SL201"
    name: str  # kebab-case, reads after "disallow"
    severity: str  # default severity: info | warning | error
    summary: str  # one line for `sparklint rules`
    check: Callable[[JobConfig, Any], Iterable[Hit]]
    docs: str = ""  # the module docstring: What it flags / Why is this bad? / Example / Use instead / ...
    options: type = NoOptions  # a frozen dataclass; unknown option names are a config error
    kinds: tuple[str, ...] = ("job", "session", "defaults")  # which JobConfig kinds it checks
    # When not empty, the rule can only fire on a config where one of these keys has a setting (written
    # or a default): the engine skips it elsewhere, so a run over thousands of files stays cheap.
    keys: tuple[str, ...] = ()
    # When not empty, the rule can only fire on a config of one of these platforms (after the engine has
    # resolved the platform): the engine skips it on the others, and need not even import it.
    platforms: tuple[str, ...] = ()
    # When set, the name of an option without which the rule checks nothing (SL105's max_container_memory,
    # empty by default): the engine skips the rule while that option is empty.
    needs_option: str = ""


class Finding(Record):
    """What the user sees. Sorted by path, line, column, rule."""

    path: str
    line: int
    column: int
    rule: str
    name: str
    severity: str
    message: str
    fix: str = ""
    end_line: int = 0
    end_column: int = 0
    cell: Optional[int] = None  # notebook cell (0-based) for %%configure findings
    # What the finding is about, independent of its line: the Spark key of the setting, or the native
    # key, or "" (then the message stands in). Fingerprints (SARIF, baselines) hash it with rule and path.
    key: str = ""
    edit: Optional[Edit] = None  # the hit's fix as text to put at offsets of the file (sparklint/fix)

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line or self.line,
            "end_column": self.end_column or self.column,
            "rule": self.rule,
            "name": self.name,
            "severity": self.severity,
            "message": self.message,
            "fix": self.fix,
        }
        if self.cell is not None:
            data["cell"] = self.cell
        if self.edit is not None:
            data["edit"] = self.edit.to_json()
        return data
