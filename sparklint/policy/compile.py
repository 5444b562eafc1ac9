"""Compile `[[policy]]` tables into conditions, checking what a schema cannot: units, regexes, keys,
quantities and placeholders. Every mistake is a ConfigError naming its exact place (`policy[2].check.max`)."""

from __future__ import annotations

import re
import string
from typing import Mapping, NamedTuple, Optional, Sequence

from sparklint.model import PLATFORMS
from sparklint.policy.conditions import All, Any, Condition, KeyTest, Not, QuantityTest, VersionTest, parse_range
from sparklint.policy.quantities import NUMBERS, QUANTITIES
from sparklint.policy.values import fallback_keys, kind_of_key, parse_operand
from sparklint.rule import SEVERITIES
from sparklint.settings import ConfigError

KINDS = ("job", "session", "defaults", "application")
DEFAULT_KINDS = ("job", "session", "defaults")
PLACEHOLDERS = ("key", "value", "effective", "source", "limit", "reason", "policy", "name", "summary")
_ID = re.compile(r"[A-Z][A-Z0-9_]*[0-9]+")
_NAME = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")
_OPERATORS = ("require", "forbid", "equals", "one-of", "matches", "min", "max")
_SUBJECTS = ("key", "quantity", "spark-version", "all", "any", "not")
_POLICY_KEYS = ("id", "name", "severity", "summary", "message", "fix", "where", "when", "check")
_WHERE_KEYS = ("platforms", "kinds", "paths", "spark-versions")


class Where(NamedTuple):
    platforms: tuple[str, ...] = ()
    kinds: tuple[str, ...] = DEFAULT_KINDS
    paths: tuple[str, ...] = ()
    versions: tuple[tuple[str, tuple[int, ...]], ...] = ()
    text: str = ""  # for the rule's page


class Policy(NamedTuple):
    id: str
    name: str
    severity: str
    summary: str
    message: str
    fix: str
    where: Where
    when: Optional[Condition]
    check: Condition
    when_text: str
    check_text: str
    origin: str  # `platform-team.toml policy[2]`


def compile_policy(table: object, place: str, origin: str) -> Policy:
    """One `[[policy]]` table; `place` prefixes every error (`team.toml: policy[2]`)."""
    table = _table(table, place)
    _no_unknown(table, _POLICY_KEYS, place)
    policy_id = _string(table, "id", place, required=True)
    if not _ID.fullmatch(policy_id) or policy_id.startswith("SL"):
        raise _error(f"{place}.id", f"{policy_id!r} is not a policy id: capital letters then digits, like "
                                    "\"ACME001\", and not starting with SL (sparklint's own rules)")
    name = _string(table, "name", place, required=True)
    if not _NAME.fullmatch(name):
        raise _error(f"{place}.name", f"{name!r} is not a kebab-case name, like \"executor-memory-cap\"")
    severity = _string(table, "severity", place) or "warning"
    if severity not in SEVERITIES:
        raise _error(f"{place}.severity", f"{severity!r} is not one of {list(SEVERITIES)!r}")
    summary = _string(table, "summary", place, required=True)
    message = _string(table, "message", place)
    if message:
        _check_placeholders(message, f"{place}.message")
    fix = _string(table, "fix", place)
    if "check" not in table:
        raise _error(f"{place}", "a policy needs a [policy.check] table: what must hold")
    check, check_text = condition(table["check"], f"{place}.check")
    when, when_text = condition(table["when"], f"{place}.when") if "when" in table else (None, "")
    return Policy(policy_id, name, severity, summary, message, fix, _where(table.get("where"), f"{place}.where"),
                  when, check, when_text, check_text, origin)


def condition(table: object, place: str) -> tuple[Condition, str]:
    """A condition table and its description for the rule's page."""
    table = _table(table, place)
    _no_unknown(table, _SUBJECTS + _OPERATORS, place)
    subjects = [name for name in _SUBJECTS if name in table]
    if len(subjects) != 1:
        named = " and ".join(subjects) if subjects else "none"
        raise _error(place, f"needs exactly one of {', '.join(_SUBJECTS)} (has {named})")
    subject = subjects[0]
    operators = [name for name in _OPERATORS if name in table]
    if subject in ("all", "any", "not", "spark-version") and operators:
        raise _error(f"{place}.{operators[0]}", f"an operator goes with key or quantity, not with {subject}")
    if subject in ("all", "any"):
        items = table[subject]
        if not isinstance(items, list) or not items:
            raise _error(f"{place}.{subject}", "expected a non-empty array of condition tables")
        parts = [condition(item, f"{place}.{subject}[{index}]") for index, item in enumerate(items)]
        joiner = " and " if subject == "all" else " or "
        text = joiner.join(f"({part_text})" if len(parts) > 1 else part_text for _, part_text in parts)
        return (All if subject == "all" else Any)([part for part, _ in parts]), text
    if subject == "not":
        part, part_text = condition(table["not"], f"{place}.not")
        return Not(part), f"not ({part_text})"
    if subject == "spark-version":
        text = table["spark-version"]
        if not isinstance(text, str):
            raise _error(f"{place}.spark-version", "expected a version range string, like \">=3.4, <4.0\"")
        try:
            return VersionTest(parse_range(text), text), f"the Spark version is {text}"
        except ValueError as error:
            raise _error(f"{place}.spark-version", str(error)) from None
    if not operators:
        raise _error(place, f"{subject} needs an operator: one of {', '.join(_OPERATORS)}")
    tests = [_quantity_test(table, place, name) if subject == "quantity" else _key_test(table, place, name)
             for name in operators]
    if len(tests) == 1:
        return tests[0]
    return All([test for test, _ in tests]), " and ".join(text for _, text in tests)


def _key_test(table: Mapping[str, object], place: str, operator: str) -> tuple[Condition, str]:
    key = table["key"]
    if not isinstance(key, str) or not key.startswith("spark."):
        raise _error(f"{place}.key", f"expected a Spark property name starting with \"spark.\", got {key!r}")
    _check_key(key, f"{place}.key")
    operand = table[operator]
    where = f"{place}.{operator}"
    kind = kind_of_key(key) or _kind_from_operand(operand)
    keys = frozenset(fallback_keys(key))
    if operator == "require":
        if operand is True or operand == "set":
            return KeyTest(key, "require", kind, "set", keys=keys), f"{key} is set"
        if operand == "explicit":
            return KeyTest(key, "require", kind, "explicit", keys=keys), f"{key} is written in the file"
        raise _error(where, f"expected true, \"set\" or \"explicit\", got {operand!r}")
    if operator == "forbid":
        if operand is not True:
            raise _error(where, f"expected true (the key must not be written), got {operand!r}")
        return KeyTest(key, "forbid", kind, keys=frozenset({key})), f"{key} is not written"
    if operator == "one-of":
        if not isinstance(operand, list) or not operand:
            raise _error(where, "expected a non-empty array of values")
        values = [_operand(kind, item, f"{where}[{index}]") for index, item in enumerate(operand)]
        limit = "[" + ", ".join(shown_text for _, shown_text in values) + "]"
        return KeyTest(key, operator, kind, [value for value, _ in values], limit, keys), f"{key} is one of {limit}"
    if operator == "matches":
        if not isinstance(operand, str):
            raise _error(where, "expected a regular expression string")
        try:
            pattern = re.compile(operand)
        except re.error as error:
            raise _error(where, f"the regular expression {operand!r} does not compile: {error}") from None
        return KeyTest(key, operator, "text", pattern, f"/{operand}/", keys), f"{key} matches /{operand}/"
    if operator in ("min", "max") and kind not in ("bytes", "time", "number"):
        raise _error(where, f"{operator} compares sizes, times and numbers; {key} is a {kind} setting "
                            "(use equals, one-of or matches)")
    value, limit = _operand(kind, operand, where)
    phrase = {"equals": "is", "min": "is at least", "max": "is at most"}[operator]
    return KeyTest(key, operator, kind, value, limit, keys), f"{key} {phrase} {limit}"


def _quantity_test(table: Mapping[str, object], place: str, operator: str) -> tuple[Condition, str]:
    name = table["quantity"]
    if not isinstance(name, str) or name not in QUANTITIES:
        import difflib

        near = difflib.get_close_matches(str(name), list(QUANTITIES), n=1, cutoff=0.6)
        hint = f"; did you mean {near[0]!r}?" if near else f"; one of {', '.join(QUANTITIES)}"
        raise _error(f"{place}.quantity", f"{name!r} is not a quantity sparklint computes{hint}")
    measure, kind = QUANTITIES[name]
    where = f"{place}.{operator}"
    if operator == "require":
        if table[operator] is not True:
            raise _error(where, f"expected true, got {table[operator]!r}")
        return QuantityTest(name, measure, kind, "require", number=NUMBERS.get(name)), f"{name} is set"
    if operator not in ("min", "max"):
        raise _error(where, f"a quantity takes min, max or require, not {operator}")
    value, limit = _operand(kind, table[operator], where)
    return (QuantityTest(name, measure, kind, operator, value, limit, NUMBERS.get(name)),
            f"{name} is {'at least' if operator == 'min' else 'at most'} {limit}")


def _operand(kind: str, operand: object, where: str) -> tuple[object, str]:
    try:
        return parse_operand(kind, operand)
    except (ValueError, ArithmeticError) as error:
        raise _error(where, str(error)) from None


def _kind_from_operand(operand: object) -> str:
    """A key the catalog does not type (an open namespace): compare as its operand reads."""
    if isinstance(operand, bool):
        return "boolean"
    if isinstance(operand, (int, float)):
        return "number"
    text = str(operand).strip().lower()
    if re.fullmatch(r"[0-9]+\s*(b|k|kb|m|mb|g|gb|t|tb|p|pb)", text):
        return "bytes"
    if re.fullmatch(r"[0-9]+\s*(us|ms|s|m|min|h|d)", text):
        return "time"
    return "text"


def _check_key(key: str, where: str) -> None:
    """A key no Spark version, namespace or platform knows is a typo: the policy would never apply."""
    from sparklint.knowledge.catalog import catalog, is_open_namespace
    from sparklint.knowledge.platform_keys import family_of

    table = catalog()
    if is_open_namespace(key) or family_of(key) is not None or any(table.known(key, version) for version in table.versions):
        return
    from sparklint.knowledge.spelling import closest_key

    near = closest_key(key, table.versions[-1])
    hint = f"; did you mean {near}?" if near else ""
    raise _error(where, f"{key!r} is not a property any Spark version {table.versions[0]}-{table.versions[-1]} "
                        f"knows{hint}")


def _where(table: object, place: str) -> Where:
    if table is None:
        return Where()
    table = _table(table, place)
    _no_unknown(table, _WHERE_KEYS, place)
    platforms = _strings(table, "platforms", place, PLATFORMS)
    kinds = _strings(table, "kinds", place, KINDS) or DEFAULT_KINDS
    paths = _strings(table, "paths", place)
    from sparklint.globs import check_glob

    for index, glob in enumerate(paths):
        problem = check_glob(glob)
        if problem is not None:
            raise _error(f"{place}.paths[{index}]", f"invalid glob: {problem}")
    versions: Sequence[tuple[str, tuple[int, ...]]] = ()
    text = table.get("spark-versions")
    if text is not None:
        if not isinstance(text, str):
            raise _error(f"{place}.spark-versions", "expected a version range string, like \">=3.4, <4.0\"")
        try:
            versions = parse_range(text)
        except ValueError as error:
            raise _error(f"{place}.spark-versions", str(error)) from None
    parts = [f"kinds {', '.join(kinds)}"]
    parts += [f"platforms {', '.join(platforms)}"] if platforms else []
    parts += [f"paths {', '.join(paths)}"] if paths else []
    parts += [f"Spark {text}"] if text else []
    return Where(platforms, kinds, paths, tuple(versions), "; ".join(parts))


def _check_placeholders(message: str, where: str) -> None:
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(message) if name is not None]
    except ValueError as error:
        raise _error(where, f"{error} (write {{{{ and }}}} for literal braces)") from None
    unknown = [name for name in fields if name not in PLACEHOLDERS]
    if unknown:
        raise _error(where, f"unknown placeholder {{{unknown[0]}}}; the placeholders are "
                            + ", ".join("{" + name + "}" for name in PLACEHOLDERS))


def _table(value: object, place: str) -> Mapping[str, object]:
    if not isinstance(value, dict):
        raise _error(place, f"expected a table, got {type(value).__name__}")
    return value


def _no_unknown(table: Mapping[str, object], known: Sequence[str], place: str) -> None:
    for key in table:
        if key not in known:
            import difflib

            near = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
            hint = f"; did you mean {near[0]!r}?" if near else f"; expected one of {', '.join(known)}"
            raise _error(f"{place}.{key}", f"unknown key{hint}")


def _string(table: Mapping[str, object], key: str, place: str, required: bool = False) -> str:
    value = table.get(key)
    if value is None:
        if required:
            raise _error(place, f"a policy needs {key}")
        return ""
    if not isinstance(value, str) or not value.strip():
        raise _error(f"{place}.{key}", "expected a non-empty string")
    return value


def _strings(table: Mapping[str, object], key: str, place: str, allowed: Sequence[str] = ()) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
        raise _error(f"{place}.{key}", "expected an array of strings")
    for index, item in enumerate(value):
        if allowed and item not in allowed:
            raise _error(f"{place}.{key}[{index}]", f"{item!r} is not one of {list(allowed)!r}")
    return tuple(value)


def _error(where: str, problem: str) -> ConfigError:
    return ConfigError(f"{where}: {problem}")
