"""Team policies: `[[policy]]` tables in the sparklint config (or in files it lists under `policies`),
compiled once per config file into ordinary `Rule`s, so the engine, selection, suppressions and every
output format treat them as built-in rules.

    [[policy]]
    id = "ACME001"
    name = "executor-memory-cap"
    severity = "error"
    summary = "Executors get at most 16g on the shared cluster"
    check = { key = "spark.executor.memory", max = "16g" }
"""

from __future__ import annotations

import os
from typing import Any, Mapping

from sparklint.rule import Rule


def compile_policies(table: Mapping[str, Any], root: str, shown: str, location: str,
                     read_file: Any) -> tuple[Rule, ...]:
    """The Rules of a config table's `policy` tables and `policies` files. `read_file(path) -> table` reads
    and validates a policy file (settings does: it owns TOML reading and the schema)."""
    from sparklint.policy.compile import compile_policy
    from sparklint.policy.rules import policy_rule
    from sparklint.settings import ConfigError

    prefix = f"{shown}: {location} " if location else f"{shown}: "
    sources: list[tuple[str, str, object]] = [
        (f"{prefix}policy[{index}]", f"{shown} policy[{index}]", item)
        for index, item in enumerate(table.get("policy", ()))]
    for index, name in enumerate(table.get("policies", ())):
        path = os.path.normpath(os.path.join(root, name))
        try:
            policy_table, policy_shown = read_file(path)
        except ConfigError as error:
            raise ConfigError(f"{prefix}policies[{index}]: {error.message}") from None
        sources += [(f"{policy_shown}: policy[{item_index}]", f"{policy_shown} policy[{item_index}]", item)
                    for item_index, item in enumerate(policy_table.get("policy", ()))]
    rules: dict[str, Rule] = {}
    names: dict[str, str] = {}
    for place, origin, item in sources:
        rule = policy_rule(compile_policy(item, place, origin), root)
        if rule.id in rules:
            raise ConfigError(f"{place}.id: {rule.id} is defined twice")
        if rule.name in names:
            raise ConfigError(f"{place}.name: {rule.name} is already the name of {names[rule.name]}")
        rules[rule.id], names[rule.name] = rule, rule.id
    return tuple(rules[key] for key in sorted(rules))
