"""Rule registry: every rule, built-in or third-party, comes through the `sparklint.rules` entry points.

Like flake8's `plugins/finder.py`; a duplicate id or name fails loudly (kube-linter `registry.go`).
"""

from __future__ import annotations

import re
import sys
from typing import Iterable

from sparklint.rule import SEVERITIES, Rule

GROUP = "sparklint.rules"
_ID = re.compile(r"SL?[A-Z]*[0-9]{3,4}|[A-Z]{1,5}[0-9]{3,4}")
_NAME = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")


class RegistryError(Exception):
    """A plugin that cannot be loaded, or two rules claiming one id or name."""


def _entry_points() -> Iterable:
    from importlib.metadata import entry_points

    if sys.version_info >= (3, 10):
        return entry_points(group=GROUP)
    return entry_points().get(GROUP, ())  # Python 3.9: a dict of groups


def load_rules() -> dict[str, Rule]:
    """All registered rules by id, sorted by id."""
    rules: dict[str, Rule] = {}
    names: dict[str, str] = {}
    for entry_point in _entry_points():
        try:
            rule = entry_point.load()
        except Exception as error:  # a broken plugin must say which one, not crash somewhere else
            raise RegistryError(f"cannot load rule plugin {entry_point.name} ({entry_point.value}): "
                                f"{type(error).__name__}: {error}") from error
        validate(rule, f"{entry_point.name} ({entry_point.value})")
        if rule.id in rules:
            raise RegistryError(f"rule id {rule.id} is registered twice: {entry_point.value} and "
                                f"{rules[rule.id].check.__module__}")
        if rule.name in names:
            raise RegistryError(f"rule name {rule.name} is registered twice: by {names[rule.name]} and {rule.id}")
        rules[rule.id] = rule
        names[rule.name] = rule.id
    return dict(sorted(rules.items()))


def validate(rule: object, origin: str) -> None:
    if not isinstance(rule, Rule):
        raise RegistryError(f"rule plugin {origin} is not a sparklint.rule.Rule")
    if not _ID.fullmatch(rule.id):
        raise RegistryError(f"rule plugin {origin}: id {rule.id!r} must look like SL123")
    if not _NAME.fullmatch(rule.name):
        raise RegistryError(f"rule plugin {origin}: name {rule.name!r} must be kebab-case")
    if rule.severity not in SEVERITIES:
        raise RegistryError(f"rule plugin {origin}: severity {rule.severity!r} is not one of {SEVERITIES}")


def matches(rule: Rule, selector: str) -> bool:
    """A selector names a rule by id, id prefix ("SL2") or name; "ALL" matches every rule."""
    return selector == "ALL" or rule.id.startswith(selector.upper()) or rule.name == selector
