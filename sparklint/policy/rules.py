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
    where = policy.where
    platforms, paths, versions = frozenset(where.platforms), where.paths, where.versions
    when, test = policy.when, policy.check

    def check(config: JobConfig, options: object) -> Iterable[Hit]:
        # Cheapest first: this runs for every config, hundreds of times over with a team's policy set.
        if platforms and config.platform not in platforms:
            return ()
        if paths and not _path_matches(config.path, paths, root):
            return ()
        if versions:  # the version the config is judged by: declared, asked for, or the default
            known = config_version(config)
            if not in_range(known[0] if known is not None else config.spark_version, versions):
                return ()
        if when is not None and when.holds(config) is not True:
            return ()
        if test.holds(config) is not False:
            return ()
        outcome = test.evaluate(config)
        return (Hit(_message(policy, outcome), policy.fix, outcome.at),)

    return Rule(policy.id, policy.name, policy.severity, policy.summary, check, _page(policy),
                kinds=where.kinds, keys=_skip_keys(policy))


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

