"""Rule registry: every rule, built-in or third-party, comes through the `sparklint.rules` entry points.

Like flake8's `plugins/finder.py`; a duplicate id or name fails loudly (kube-linter `registry.go`).
"""

from __future__ import annotations

import os
import sys
from typing import Iterable, Mapping, Optional

from sparklint.patterns import lazy_pattern
from sparklint.rule import SEVERITIES, NoOptions, Rule

GROUP = "sparklint.rules"
_ID = lazy_pattern(r"SL?[A-Z]*[0-9]{3,4}|[A-Z]{1,5}[0-9]{3,4}")


class RegistryError(Exception):
    """A plugin that cannot be loaded, or two rules claiming one id or name."""


class EntryPoint:
    """`name = module:attribute` from a distribution's entry_points.txt."""

    __slots__ = ("name", "value")

    def __init__(self, name: str, value: str) -> None:
        self.name, self.value = name, value

    def load(self) -> object:
        import importlib

        module_name, _, attribute = self.value.partition(":")
        target: object = importlib.import_module(module_name.strip())
        for part in attribute.strip().split(".") if attribute.strip() else ():
            target = getattr(target, part)
        return target


def _entry_points() -> Iterable[EntryPoint]:
    """The `sparklint.rules` entry points of every installed distribution, in sys.path order, the working
    directory left out (`_installed_directories`).

    Reads `*.dist-info/entry_points.txt` (and `*.egg-info/`) directly, as importlib.metadata does,
    without importing importlib.metadata and the email parser behind it: a pre-commit hook starts a
    process per commit, and that import alone cost about a fifth of linting one file. The first
    distribution of a name on sys.path wins, as with importlib.metadata.
    """
    seen: set[str] = set()
    for directory in _installed_directories():
        try:
            names = sorted(os.listdir(directory))
        except OSError:
            continue
        for name in names:
            if not name.endswith((".dist-info", ".egg-info")):
                continue
            distribution = _normalised_name(name.rsplit(".", 1)[0].split("-")[0])
            if distribution in seen:
                continue
            seen.add(distribution)
            try:
                with open(os.path.join(directory, name, "entry_points.txt"), encoding="utf-8") as handle:
                    text = handle.read()
            except OSError:
                continue
            if GROUP in text:
                yield from _group(text)


def _normalised_name(name: str) -> str:
    """`re.sub(r"[-_.]+", "-", name).lower()` (PEP 503), without compiling a pattern at start-up."""
    name = name.replace("_", "-").replace(".", "-")
    while "--" in name:
        name = name.replace("--", "-")
    return name.lower()


def _installed_directories() -> list[str]:
    """The sys.path folders of the environment: never the working directory (the repository being linted,
    which `python -m` and `python -c` put on sys.path), nor a relative entry, which resolves against it."""
    cwd = os.path.normcase(os.path.normpath(os.getcwd()))
    return [directory for directory in sys.path
            if os.path.isabs(directory) and os.path.normcase(os.path.normpath(directory)) != cwd]


def _group(text: str) -> Iterable[EntryPoint]:
    """Entries of the [sparklint.rules] section of an entry_points.txt (an INI file)."""
    inside = False
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            inside = line == f"[{GROUP}]"
        elif inside and "=" in line:
            name, _, value = line.partition("=")
            yield EntryPoint(name.strip(), value.strip())


def load_rules(lazy: bool = False) -> dict[str, Rule]:
    """All registered rules by id, sorted by id.

    `lazy`: the built-in rules listed in sparklint/rule_index.py (generated from the rule modules, and
    checked against them by tests/test_rule_index.py) are not imported: their Rule carries the indexed
    id, name, severity, summary, kinds, keys and platforms, and a check that imports the module the first
    time the engine calls it. A one-file run then imports only the rules that can fire on that file.
    Third-party plugins, and any entry point the index does not list, are imported as always.
    """
    indexed = _index() if lazy else {}
    rules: dict[str, Rule] = {}
    names: dict[str, str] = {}
    for entry_point in _entry_points():
        row = indexed.get((entry_point.name, entry_point.value))
        if row is not None:
            # Validated when its module is imported (DeferredCheck.rule); tests/test_rule_index.py keeps the
            # row equal to the module's rule, so the patterns need not be compiled for a one-file run.
            rule = _deferred(entry_point, row)
        else:
            try:
                rule = entry_point.load()
            except Exception as error:  # a broken plugin must say which one, not crash somewhere else
                raise RegistryError(f"cannot load rule plugin {entry_point.name} ({entry_point.value}): "
                                    f"{type(error).__name__}: {error}") from error
            validate(rule, f"{entry_point.name} ({entry_point.value})")
        if rule.id in rules:
            raise RegistryError(f"rule id {rule.id} is registered twice: {entry_point.value} and "
                                f"{_module_of(rules[rule.id])}")
        if rule.name in names:
            raise RegistryError(f"rule name {rule.name} is registered twice: by {names[rule.name]} and {rule.id}")
        rules[rule.id] = rule
        names[rule.name] = rule.id
    return dict(sorted(rules.items()))


def _index() -> dict[tuple[str, str], tuple]:
    from sparklint.rule_index import RULES

    return {(row[0], row[1]): row for row in RULES}


class DeferredOptions:
    """The `options` of a deferred rule that has options: the real class is in the rule's module."""


class _DefaultOptions:
    __slots__ = ()

    def __repr__(self) -> str:
        return "DEFAULT_OPTIONS"


# What the engine passes a deferred rule with options when the configuration sets none: its check
# replaces it with the rule's own default options.
DEFAULT_OPTIONS = _DefaultOptions()


class DeferredCheck:
    """A built-in rule's check that imports the rule's module when first called (see `load_rules`)."""

    __slots__ = ("entry_point", "_rule", "_defaults")

    def __init__(self, entry_point: EntryPoint) -> None:
        self.entry_point = entry_point
        self._rule: Optional[Rule] = None
        self._defaults: object = None

    def rule(self) -> Rule:
        if self._rule is None:
            try:
                rule = self.entry_point.load()
            except Exception as error:
                raise RegistryError(f"cannot load rule plugin {self.entry_point.name} ({self.entry_point.value}): "
                                    f"{type(error).__name__}: {error}") from error
            validate(rule, f"{self.entry_point.name} ({self.entry_point.value})")
            self._rule = rule
        return self._rule

    def __call__(self, config: object, options: object) -> Iterable[object]:
        rule = self.rule()
        if options is DEFAULT_OPTIONS:
            if self._defaults is None:
                self._defaults = rule.options()
            options = self._defaults
        return rule.check(config, options)  # type: ignore[arg-type]


def _deferred(entry_point: EntryPoint, row: tuple) -> Rule:
    _, _, rule_id, name, severity, summary, kinds, keys, platforms, needs_option, has_options = row
    return Rule(rule_id, name, severity, summary, DeferredCheck(entry_point), "",
                DeferredOptions if has_options else NoOptions, kinds, keys, platforms, needs_option)


def resolved(rule: Rule) -> Rule:
    """The rule as its module defines it (its docs and options class): imports a deferred rule."""
    check = rule.check
    return check.rule() if isinstance(check, DeferredCheck) else rule


def _module_of(rule: Rule) -> str:
    check = rule.check
    if isinstance(check, DeferredCheck):
        return check.entry_point.value.partition(":")[0]
    return getattr(check, "__module__", "") or "?"


def _common_id(rule_id: str) -> bool:
    """SL and three digits, the shape of every built-in id: valid without compiling _ID at start-up."""
    return len(rule_id) == 5 and rule_id.startswith("SL") and rule_id[2:].isdigit() and rule_id.isascii()


_KEBAB_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")


def _kebab_case(name: str) -> bool:
    """`re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", name)` without the pattern: a-z first, then a-z, 0-9 and single inner hyphens."""
    return (name[:1].isascii() and name[:1].islower() and _KEBAB_CHARACTERS.issuperset(name) and "--" not in name
            and not name.endswith("-"))


def validate(rule: object, origin: str) -> None:
    if not isinstance(rule, Rule):
        raise RegistryError(f"rule plugin {origin} is not a sparklint.rule.Rule")
    if not (_common_id(rule.id) or _ID.fullmatch(rule.id)):
        raise RegistryError(f"rule plugin {origin}: id {rule.id!r} must look like SL123")
    if not _kebab_case(rule.name):
        raise RegistryError(f"rule plugin {origin}: name {rule.name!r} must be kebab-case")
    if rule.severity not in SEVERITIES:
        raise RegistryError(f"rule plugin {origin}: severity {rule.severity!r} is not one of {SEVERITIES}")


def matches(rule: Rule, selector: str) -> bool:
    """A selector names a rule by id, id prefix ("SL2") or name; "ALL" matches every rule."""
    return selector == "ALL" or rule.id.startswith(selector.upper()) or rule.name == selector



def unknown_selector(selector: str, rules: Mapping[str, Rule], exact: bool = False) -> Optional[str]:
    """Why `selector` names no rule (with the nearest real one), or None when it names some.

    `exact`: only a whole id or name counts (a `[rules.X]` table), not a prefix. A typo in `--select`,
    `ignore` or a suppression must never switch a check off silently (ruff refuses unknown codes too)."""
    if exact:
        if any(rule.id == selector.upper() or rule.name == selector for rule in rules.values()):
            return None
    elif any(matches(rule, selector) for rule in rules.values()):
        return None
    import difflib  # only on the error path

    candidates = [rule.id for rule in rules.values()] + [rule.name for rule in rules.values()]
    wanted = selector if "-" in selector or selector.islower() else selector.upper()
    close = difflib.get_close_matches(wanted, candidates, n=5, cutoff=0.6)
    # Of equally close names, the one that differs in the fewest places: SL2O1 is SL201 with one letter
    # changed, and as close to SL321 by difflib's ratio (its ties go to the larger string).
    near = sorted(close, key=lambda name: (-difflib.SequenceMatcher(None, wanted, name).ratio(),
                                           sum(a != b for a, b in zip(wanted, name)) + abs(len(wanted) - len(name))))[:1]
    kind = "rule id or rule name" if exact else "rule id, id prefix or rule name"
    hint = f"; did you mean {near[0]}?" if near else "; `sparklint rules` lists them"
    return f"{selector!r} is not a {kind}{hint}"
