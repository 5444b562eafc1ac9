"""A compiled policy as a `Rule`: the engine runs it, selects, ignores and suppresses it like any other."""

from __future__ import annotations

import functools
from typing import Iterable

from sparklint.discover import glob_matches, relative_to
from sparklint.model import JobConfig
from sparklint.policy.compile import DEFAULT_KINDS, Policy
from sparklint.policy.conditions import Condition, Outcome, config_version, in_range
from sparklint.rule import Hit, Rule


def policy_rule(policy: Policy, root: str) -> Rule:
    """The Rule for one policy; `root` is the folder of the config that defines it (paths are relative to it)."""
    return Rule(policy.id, policy.name, policy.severity, policy.summary, PolicyCheck(policy, Scope.of(policy, root)),
                _page(policy), kinds=policy.where.kinds, keys=_skip_keys(policy))


class Scope:
    """A policy's `where` past its kinds (the engine sorts configs by kind): platforms, path globs and a
    Spark version range. Policies with equal scopes share one Scope, decided once per config by a pass."""

    __slots__ = ("platforms", "paths", "versions", "root", "signature")

    def __init__(self, platforms: frozenset[str], paths: tuple[str, ...],
                 versions: tuple[tuple[str, tuple[int, ...]], ...], root: str) -> None:
        self.platforms, self.paths, self.versions, self.root = platforms, paths, versions, root
        self.signature = (platforms, paths, versions, root if paths else "")

    @classmethod
    def of(cls, policy: Policy, root: str) -> Scope:
        where = policy.where
        return cls(frozenset(where.platforms), where.paths, where.versions, root)

    def applies(self, config: JobConfig) -> bool:
        # Cheapest first.
        if self.platforms and config.platform not in self.platforms:
            return False
        if self.paths and not _path_matches(config.path, self.paths, self.root):
            return False
        if self.versions:  # the version the config is judged by: declared, asked for, or the default
            known = config_version(config)
            return in_range(known[0] if known is not None else config.spark_version, self.versions)
        return True


class PolicyCheck:
    """A policy's `Rule.check`: its hit on a config, if any. The engine runs all of a config's policies
    in one pass instead (sparklint/policy/one_pass.py), through `hit`; this is the same test for one."""

    __slots__ = ("policy", "scope")

    def __init__(self, policy: Policy, scope: Scope) -> None:
        self.policy, self.scope = policy, scope

    def __call__(self, config: JobConfig, options: object) -> Iterable[Hit]:
        if not self.scope.applies(config):
            return ()
        policy = self.policy
        if policy.when is not None and policy.when.holds(config) is not True:
            return ()
        if policy.check.holds(config) is not False:
            return ()
        return (self.hit(config),)

    def hit(self, config: JobConfig) -> Hit:
        """The finding's hit, on a config in scope where `when` holds and the check fails."""
        policy = self.policy
        outcome = policy.check.evaluate(config)
        return Hit(_message(policy, outcome), policy.fix, outcome.at)


@functools.lru_cache(maxsize=4096)  # many policies ask of the same few files
def _path_matches(path: str, globs: tuple[str, ...], root: str) -> bool:
    relative = relative_to(path, root)
    return any(glob_matches(glob, relative) for glob in globs)


def _message(policy: Policy, outcome: Outcome) -> str:
    facts = outcome.facts
    if not policy.message:
        return f"{policy.summary}: {facts.if_fails}"
    values = {"key": outcome.subject, "value": facts.value, "effective": facts.effective,
              "source": facts.source, "limit": outcome.limit, "reason": facts.if_fails,
              "policy": policy.id, "name": policy.name, "summary": policy.summary}
    return policy.message.format(**values)


def _skip_keys(policy: Policy) -> tuple[str, ...]:
    """The keys without which the policy cannot fire, for the engine to skip it cheaply; () when it may fire
    on a config that sets none of them (a required key, a Spark default outside the limit, a quantity).

    Decided on an empty config for every catalog version: where no key a condition reads is set, each
    resolves to Spark's default, exactly as on the empty config."""
    probes = _probes()
    when = policy.when
    if when is not None and not when.reads_beyond_keys and all(when.evaluate(probe).holds is not True
                                                               for probe in probes):
        return tuple(sorted(when.keys))  # the policy applies only where one of `when`'s keys is set
    parts: list[Condition] = [policy.check] + ([when] if when is not None else [])
    if any(part.reads_beyond_keys for part in parts):
        return ()
    for probe in probes:
        if (when is None or when.evaluate(probe).holds is True) and policy.check.evaluate(probe).holds is False:
            return ()
    return tuple(sorted(frozenset().union(*(part.keys for part in parts))))


@functools.lru_cache(maxsize=1)
def _probes() -> tuple[JobConfig, ...]:
    """An empty config per catalog version, built once for every policy of the run (nothing writes to
    them: a condition only reads a config)."""
    from sparklint.knowledge.catalog import catalog

    return tuple(JobConfig(path="", kind="job", dialect="policy-probe", spark_version=version)
                 for version in catalog().versions)


def _page(policy: Policy) -> str:
    """The rule's documentation page, for `sparklint rule ID` and the SARIF rule descriptor."""
    lines = [f"{policy.id} {policy.name}: {policy.summary}", "",
             f"A team policy, defined in {policy.origin}.", "", "## What it flags", "",
             f"A config where this does not hold: {policy.check_text}."]
    if policy.when_text:
        lines += ["", f"Only where {policy.when_text}."]
    scope = policy.where.text or f"kinds {', '.join(DEFAULT_KINDS)}"
    lines += ["", f"Applies to: {scope}.", "",
              "Values are the effective ones: the setting Spark uses over every layer (typed fields, --conf, "
              "spark-defaults, an EMR Serverless application, platform defaults), else Spark's default."]
    if policy.message:
        lines += ["", "## Message", "", policy.message]
    if policy.fix:
        lines += ["", "## Fix", "", policy.fix]
    return "\n".join(lines) + "\n"

