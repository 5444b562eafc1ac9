"""Which written settings Spark refuses, and why: the judgement SL006 reports.

One place runs every check on a setting's value, in the order a Spark launch meets them:
spark-submit's own argument check (`values.submit_refusal`, before anything starts), the key's
ConfigEntry converter and its probed `checkValue` limit (`values.problem`), then the checks Spark makes
where it uses the value (`refusals.value_refusal`) and across keys (`refusals.combination_refusals`,
reported on the winning setting only). A value filled in later (`${VAR}`) is judged only by the first two.
"""

from __future__ import annotations

import functools
from typing import Iterator, Optional

from sparklint.knowledge.catalog import catalog
from sparklint.knowledge.refusals import combination_refusals, value_refusal
from sparklint.knowledge.units import parse_bool
from sparklint.knowledge.values import is_templated, problem, submit_refusal
from sparklint.model import JobConfig, Setting
from sparklint.records import Record


class Refusal(Record):
    setting: Setting
    reason: str  # Spark's reason, with the numbers ("requirement failed: ...")
    by_submit: bool  # spark-submit refuses it before anything runs, whichever code reads the key


def refused_settings(config: JobConfig, version: str) -> Iterator[Refusal]:
    """Every written setting whose value Spark refuses, in file order."""
    submit_skips_count = submit_skips_executor_count(config)
    get = functools.partial(used_value, config, version)
    combined = dict(combination_refusals(get, lambda key: key in config.winners(), version))
    for setting in config.written():
        submit = submit_refusal(setting.key, setting.value, submit_skips_count, version)
        reason = submit or _problem(setting.key, setting.value, version)
        if not reason and not is_templated(setting.value):
            reason = value_refusal(setting.key, setting.value, version, get)
            if not reason and setting.key in combined and config.effective(setting.key) is setting:
                reason = combined[setting.key]
        if reason:
            yield Refusal(setting, reason, bool(submit))


def used_value(config: JobConfig, version: str, key: str) -> Optional[str]:
    """The value Spark uses for `key`: the winning setting, else the version's default."""
    setting = config.effective(key)
    if setting is not None:
        return None if is_templated(setting.value) else setting.value
    entry = catalog().entry(key, version)
    return entry.default if entry is not None else None


def submit_skips_executor_count(config: JobConfig) -> bool:
    """spark-submit skips its executor-count check when spark.dynamicAllocation.enabled is "true" (any
    case): SparkSubmitArguments.validateSubmitArguments reads the string, not the boolean."""
    setting = config.effective("spark.dynamicAllocation.enabled")
    try:
        return setting is not None and setting.value.strip().lower() == "true" and parse_bool(setting.value)
    except ValueError:
        return False


@functools.lru_cache(maxsize=8192)
def _problem(key: str, value: str, version: str) -> Optional[str]:
    """`problem` memoised: the same (key, value) pairs recur across a repository's files."""
    entry = catalog().entry(key, version)
    return problem(entry, value, version) if entry is not None else None
