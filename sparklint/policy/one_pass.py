"""All of one config kind's enabled policies, run in one pass over each config.

Run as separate rules, 200 policies cost 200 passes of the engine's rule loop per config, each deciding
its own scope and reading its own values. A pass instead picks the policies that may fire from the keys
the config sets (a policy whose keys are all unset, and that needs none of them set, is not looked at),
decides each distinct scope (platforms, paths, Spark versions) once per config, and judges each distinct
condition once per config: policies that ask the same question of a config share its answer. Every
policy still reports as its own rule, with the severity the run gives it (the engine selected, ignored
and configured it like any other rule; suppressions and baselines apply to its findings afterwards).
"""

from __future__ import annotations

from typing import Mapping, Optional, Sequence

from sparklint.model import JobConfig
from sparklint.policy.conditions import Condition, QuantityTest
from sparklint.policy.rules import PolicyCheck, Scope
from sparklint.rule import Hit, Rule

_UNJUDGED = 2  # a verdict slot not filled yet on this config (verdicts are True, False or None)


class PolicyPass:
    """The policies of `entries` ((rule, severity), each rule a compiled policy), in the given order."""

    __slots__ = ("rules", "severities", "checks", "scope_of", "scopes", "when_of", "check_of", "conditions",
                 "keyless", "by_key", "plan", "same_quantity", "chosen")

    def __init__(self, entries: Sequence[tuple[Rule, str]]) -> None:
        self.rules = [rule for rule, _ in entries]
        self.severities = [severity for _, severity in entries]
        self.checks: list[PolicyCheck] = [rule.check for rule in self.rules]  # type: ignore[misc]
        scope_slots: dict[tuple, int] = {}
        self.scopes: list[Scope] = []
        condition_slots: dict[tuple, int] = {}
        self.conditions: list[Condition] = []

        def slot(condition: Condition) -> int:
            found = condition_slots.get(condition.signature)
            if found is None:
                found = condition_slots[condition.signature] = len(self.conditions)
                self.conditions.append(condition)
            return found

        self.scope_of, self.when_of, self.check_of = [], [], []
        for check in self.checks:
            scope = check.scope
            if scope.signature not in scope_slots:
                scope_slots[scope.signature] = len(self.scopes)
                self.scopes.append(scope)
            self.scope_of.append(scope_slots[scope.signature])
            when = check.policy.when
            self.when_of.append(-1 if when is None else slot(when))
            self.check_of.append(slot(check.policy.check))
        self.plan = list(zip(self.scope_of, self.when_of, self.check_of))
        # Tests of one quantity (20 caps on executor.container, say) are judged together: the quantity is
        # measured once per config and each test only compares it with its limit.
        by_quantity: dict[str, list[tuple[int, QuantityTest]]] = {}
        for index, condition in enumerate(self.conditions):
            if type(condition) is QuantityTest:
                by_quantity.setdefault(condition.name, []).append((index, condition))
        self.same_quantity: list[Optional[list[tuple[int, QuantityTest]]]] = [None] * len(self.conditions)
        for tests in by_quantity.values():
            for index, _ in tests:
                self.same_quantity[index] = tests
        self.chosen: dict[tuple[str, ...], Sequence[int]] = {}
        self.keyless = [index for index, rule in enumerate(self.rules) if not rule.keys]
        self.by_key: dict[str, list[int]] = {}
        for index, rule in enumerate(self.rules):
            for key in rule.keys:
                self.by_key.setdefault(key, []).append(index)

    def candidates(self, present: Mapping[str, object]) -> Sequence[int]:
        """The policies that may fire on a config whose set keys are `present`, in order."""
        by_key = self.by_key
        if len(present) < len(by_key):
            keys = [key for key in present if key in by_key]
        else:
            keys = [key for key in by_key if key in present]
        if not keys:
            return self.keyless
        # Configs of one shape set the same keys: the few distinct sets are worked out once per run.
        cache_key = tuple(keys)
        found = self.chosen.get(cache_key)
        if found is None:
            chosen = set(self.keyless)
            for key in keys:
                chosen.update(by_key[key])
            if len(self.chosen) >= 4096:
                self.chosen.clear()
            found = self.chosen[cache_key] = sorted(chosen)
        return found

    @staticmethod
    def _judge_quantity(slot: int, tests: list[tuple[int, QuantityTest]], config: JobConfig,
                        verdicts: list[object]) -> object:
        """The verdict of quantity test `slot` on `config`, filled in `verdicts` with those of the other
        tests of that quantity."""
        found = tests[0][1].measured(config)
        for index, test in tests:
            verdicts[index] = test.verdict(found)
        return verdicts[slot]

    def hits(self, config: JobConfig) -> list[tuple[Rule, str, Hit]]:
        """(policy's rule, severity, hit) for every policy that fires on `config`; a policy that raises is a
        hit of its own at severity error, as a built-in rule's crash is, and the pass goes on."""
        found: list[tuple[Rule, str, Hit]] = []
        in_scope: list[Optional[bool]] = [None] * len(self.scopes)
        verdicts: list[object] = [_UNJUDGED] * len(self.conditions)
        scopes, plan, conditions, same_quantity = self.scopes, self.plan, self.conditions, self.same_quantity
        judge_quantity = self._judge_quantity
        for index in self.candidates(config.winners()):
            try:
                scope, when, check = plan[index]
                applies = in_scope[scope]
                if applies is None:
                    applies = in_scope[scope] = scopes[scope].applies(config)
                if not applies:
                    continue
                if when >= 0:
                    held = verdicts[when]
                    if held is _UNJUDGED:
                        tests = same_quantity[when]
                        if tests is None:
                            held = verdicts[when] = conditions[when].holds(config)
                        else:
                            held = judge_quantity(when, tests, config, verdicts)
                    if held is not True:
                        continue
                held = verdicts[check]
                if held is _UNJUDGED:
                    tests = same_quantity[check]
                    if tests is None:
                        held = verdicts[check] = conditions[check].holds(config)
                    else:
                        held = judge_quantity(check, tests, config, verdicts)
                if held is not False:
                    continue
                found.append((self.rules[index], self.severities[index], self.checks[index].hit(config)))
            except Exception as error:  # a broken policy is reported, and the pass goes on
                rule = self.rules[index]
                found.append((rule, "error", Hit(f"rule {rule.id} crashed on this file: {type(error).__name__}: "
                                                 f"{error}", "Report this to the rule's authors.")))
        return found
