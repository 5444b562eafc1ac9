"""Policy conditions: tests on one config that hold, fail, or cannot be judged.

A leaf tests one subject (a key's effective value, a derived quantity, the Spark version); `all`, `any`
and `not` combine them. Each outcome carries both sentences, what makes it hold and what makes it fail,
so that `not` can swap them and a finding always says what Spark will use and where it came from.
A condition that cannot be judged (a template, a value Spark would refuse, a quantity a setting it
needs does not give) is `None`: a policy never fires on what it cannot know.
"""

from __future__ import annotations

import functools
import re
from typing import Callable, NamedTuple, Optional, Sequence, Union

from sparklint.model import JobConfig, Setting
from sparklint.policy.values import Effective, effective, judged_text, reader, shown
from sparklint.tree import Ref

Blame = Union[Setting, Ref, None]


class Facts(NamedTuple):
    """The sentences and values of an outcome, worked out only for a finding (positions cost a lookup)."""

    if_holds: str  # the fact, phrased for when the condition holds
    if_fails: str  # the fact, phrased for when it fails
    value: str = ""  # as written (or Spark's default), for `{value}`
    effective: str = ""  # as Spark reads it, for `{effective}`
    source: str = ""  # where the value came from, for `{source}`


class Outcome:
    """Whether a condition holds on one config (None: cannot be judged), what decides it, and its Facts,
    computed on first use: most outcomes hold and are never shown."""

    __slots__ = ("holds", "at", "subject", "limit", "_make", "_facts")

    def __init__(self, holds: Optional[bool], make: Callable[[], Facts], at: Blame = None, subject: str = "",
                 limit: str = "") -> None:
        self.holds, self.at, self.subject, self.limit = holds, at, subject, limit
        self._make, self._facts = make, None  # type: ignore[assignment]

    @property
    def facts(self) -> Facts:
        if self._facts is None:
            self._facts = self._make()
        return self._facts  # type: ignore[return-value]

    @property
    def if_fails(self) -> str:
        return self.facts.if_fails

    @property
    def if_holds(self) -> str:
        return self.facts.if_holds

    def negated(self) -> Outcome:
        holds = None if self.holds is None else not self.holds
        return Outcome(holds, lambda: self.facts._replace(if_holds=self.facts.if_fails, if_fails=self.facts.if_holds),
                       self.at, self.subject, self.limit)


UNKNOWN = Outcome(None, lambda: Facts("", ""))
_MISSING = object()


class Condition:
    """A test on one config (subclasses: KeyTest, QuantityTest, VersionTest, All, Any, Not)."""

    keys: frozenset[str] = frozenset()  # the keys it reads (for the engine's skip test)
    reads_beyond_keys = False  # True when it also reads what is not a key (quantities, the version)
    # What it tests, as a value: two conditions with equal signatures hold on the same configs, so a pass
    # over a config's policies judges them once (sparklint/policy/one_pass.py).
    signature: tuple = ()

    def evaluate(self, config: JobConfig) -> Outcome:
        raise NotImplementedError

    def holds(self, config: JobConfig) -> Optional[bool]:
        """`evaluate(config).holds`, without the outcome: a policy is checked on every config, and only
        where it fails is its finding worth building."""
        return self.evaluate(config).holds


def _value_facts(found: Effective) -> tuple[str, str]:
    """`spark.executor.memory = 20g (jobs/etl.conf:3 (--conf))`, and the source alone."""
    source = found.source
    return f"{found.key} = {found.text} ({source})", source


class KeyTest(Condition):
    """`key` with one operator: require / forbid / equals / one-of / matches / min / max."""

    def __init__(self, key: str, operator: str, kind: str, operand: object = None, limit: str = "",
                 keys: frozenset[str] = frozenset()) -> None:
        self.key, self.operator, self.kind, self.operand, self.limit = key, operator, kind, operand, limit
        self.keys = keys or frozenset({key})
        self.signature = ("key", key, operator, kind, repr(operand))
        self._verdicts: dict[tuple[str, Optional[str]], Optional[bool]] = {}  # (Spark version, value) -> holds

    def holds(self, config: JobConfig) -> Optional[bool]:
        operator = self.operator
        if operator == "require" or operator == "forbid":
            setting = config.effective(self.key)
            written = setting is not None and setting.ref is not None
            if operator == "forbid":
                return not written
            return setting is not None and (written or self.operand != "explicit")
        setting = config.effective(self.key)
        text = setting.value if setting is not None else effective(config, self.key).text
        memo_key = (config.spark_version, text)
        verdict = self._verdicts.get(memo_key, _MISSING)
        if verdict is _MISSING:  # a pure function of these two, and the same few values recur in every file
            if len(self._verdicts) >= 4096:
                self._verdicts.clear()
            verdict = self._verdicts[memo_key] = self.evaluate(config).holds
        return verdict  # type: ignore[return-value]

    def evaluate(self, config: JobConfig) -> Outcome:
        found = effective(config, self.key)
        if self.operator == "require":
            return self._require(found)
        if self.operator == "forbid":
            return self._forbid(found)
        if not judged_text(found.text):
            if found.text is None and self.operator in ("equals", "one-of", "matches"):
                wanted, key = self._wanted(), self.key
                return Outcome(False, lambda: Facts(f"{key} is {wanted}", f"{key} is not set and Spark has no "
                                                    "default for it", source=found.note), None, key, self.limit)
            return UNKNOWN  # a template or a key with no value: nothing to compare
        try:
            value = reader(self.kind, self.key, config)(found.text)  # type: ignore[arg-type]
        except (ValueError, ArithmeticError):
            return UNKNOWN  # Spark refuses the value: SL006 says so; a policy does not guess

        def facts() -> Facts:
            shown_value = shown(self.kind, value)
            stated, source = _value_facts(found)
            exact = stated if shown_value == found.text or self.kind == "text" else f"{stated}, that is {shown_value}"
            if_holds, if_fails = self._phrases()
            return Facts(f"{exact}{if_holds}", f"{exact}{if_fails}", found.text or "", shown_value, source)

        return Outcome(self._compare(value), facts, found.setting, self.key, self.limit)

    def _wanted(self) -> str:
        return self._phrases()[0].lstrip(", ") or self.limit

    def _phrases(self) -> tuple[str, str]:
        """What follows the value when the test holds, and when it fails."""
        limit = self.limit
        return {"equals": ("", f", not {limit}"), "one-of": (f", one of {limit}", f", not one of {limit}"),
                "matches": (f", matching {limit}", f", not matching {limit}"),
                "min": (f", at least {limit}", f", below the minimum {limit}"),
                "max": (f", at most {limit}", f", above the maximum {limit}")}[self.operator]

    def _compare(self, value: object) -> bool:
        operand = self.operand
        if self.operator == "equals":
            return value == operand
        if self.operator == "one-of":
            return value in operand  # type: ignore[operator]
        if self.operator == "matches":
            return operand.search(str(value)) is not None  # type: ignore[union-attr]
        if self.operator == "min":
            return value >= operand  # type: ignore[operator]
        return value <= operand  # type: ignore[operator]

    def _require(self, found: Effective) -> Outcome:
        explicit = self.operand == "explicit"
        own = found.setting is not None and found.setting.key == self.key  # not a key it falls back to
        holds = own and (found.written or not explicit)
        key = self.key

        def facts() -> Facts:
            stated, source = _value_facts(found) if found.text is not None else (f"{key} is not set", found.note)
            if own:  # set by a default layer, not written: `require = "explicit"`
                fails = f"{key} is not written in the file: {found.text} comes from {source}"
            elif found.text is not None:
                fails = f"{key} is not set: Spark uses its default {found.text} ({source})"
            else:
                fails = f"{key} is not set"
            return Facts(stated, fails, found.text or "", found.text or "", source)

        return Outcome(holds, facts, found.setting if holds else None, key)

    def _forbid(self, found: Effective) -> Outcome:
        key = self.key
        written = found.written and found.setting.key == key  # type: ignore[union-attr]

        def facts() -> Facts:
            if not written:
                return Facts(f"{key} is not written", f"{key} is written")
            stated, source = _value_facts(found)
            return Facts(f"{key} is not written", f"{stated} is written", found.text or "", found.text or "", source)

        return Outcome(not written, facts, found.setting if written else None, key)


class Measure(NamedTuple):
    """A derived quantity's value on one config: the number, what decides it, and how it came about."""

    number: float  # bytes, executors or vCPU; float("inf") for unbounded
    at: Blame
    how: Callable[[], str]  # "heap 8 GiB (job.conf:3) + overhead 819 MiB (...)", worked out for a finding


class QuantityTest(Condition):
    """A derived quantity (`executor.container`, `executors.at_start`, ...) with min / max / require."""

    reads_beyond_keys = True

    def __init__(self, name: str, measure: Callable[[JobConfig], Optional[Measure]], kind: str, operator: str,
                 operand: object = None, limit: str = "",
                 number: Optional[Callable[[JobConfig], Optional[float]]] = None) -> None:
        self.name, self.measure, self.kind, self.number = name, measure, kind, number
        self.operator, self.operand, self.limit = operator, operand, limit
        self.signature = ("quantity", name, operator, repr(operand))
        self._memo_name = ("policy-quantity", name)  # config.memo's key: one measure per config, shared

    def holds(self, config: JobConfig) -> Optional[bool]:
        return self.verdict(self.measured(config))

    def measured(self, config: JobConfig) -> Optional[float]:
        """The quantity's number on `config` (None: not given by its settings), once per config for every
        test of it; the Measure, which says where it came from, is worked out only for a finding."""
        if self.number is not None:  # cached by what it reads, across configs (memory.container_bytes)
            return self.number(config)
        found = config.memo(self._memo_name, self.measure)
        return found.number if found is not None else None

    def verdict(self, number: Optional[float]) -> Optional[bool]:
        """`holds` given the quantity's number: tests of one quantity share it (one_pass.py)."""
        if number is None:
            return False if self.operator == "require" else None
        if self.operator == "require":
            return True
        return number >= self.operand if self.operator == "min" else number <= self.operand  # type: ignore[operator]

    def evaluate(self, config: JobConfig) -> Outcome:
        found = config.memo(self._memo_name, self.measure)
        name, limit = self.name, self.limit
        if found is None:
            if self.operator == "require":
                return Outcome(False, lambda: Facts(f"{name} is set", f"{name} is not set"), None, name, limit)
            return UNKNOWN
        number = found.number
        if self.operator == "require":
            holds = True
        elif self.operator == "min":
            holds = number >= self.operand  # type: ignore[operator]
        else:
            holds = number <= self.operand  # type: ignore[operator]

        def facts() -> Facts:
            text = "unbounded" if number == float("inf") else shown(self.kind, int(number) if self.kind == "bytes" else number)
            how = found.how()
            stated = f"{name} is {text} ({how})" if how else f"{name} is {text}"
            if self.operator == "require":
                return Facts(stated, stated, text, text, how)
            if self.operator == "min":
                return Facts(f"{stated}: at least {limit}", f"{stated}: below the minimum {limit}", text, text, how)
            return Facts(f"{stated}: at most {limit}", f"{stated}: above the maximum {limit}", text, text, how)

        return Outcome(holds, facts, found.at, name, limit)


class VersionTest(Condition):
    """The Spark version the config runs: what its file declares, else --spark-version / the config's
    `spark-version`; a config that says nothing cannot be judged."""

    reads_beyond_keys = True

    def __init__(self, comparators: Sequence[tuple[str, tuple[int, ...]]], limit: str) -> None:
        self.comparators, self.limit = tuple(comparators), limit
        self.signature = ("spark-version", self.comparators)

    def holds(self, config: JobConfig) -> Optional[bool]:
        known = config_version(config)
        return None if known is None else in_range(known[0], self.comparators)

    def evaluate(self, config: JobConfig) -> Outcome:
        known = config_version(config)
        if known is None:
            return UNKNOWN
        version, describe, at = known
        limit = self.limit

        def facts() -> Facts:
            where = describe()
            stated = f"Spark {version} ({where})"
            return Facts(f"{stated}: within {limit}", f"{stated}: outside {limit}", version, version, where)

        return Outcome(in_range(version, self.comparators), facts, at, "spark-version", limit)


def config_version(config: JobConfig) -> Optional[tuple[str, Callable[[], str], Blame]]:
    """(version, where it came from, where to point) of the Spark the config runs, or None when unknown."""
    choice = config.spark_version_choice
    if choice is None or choice.origin == "default":
        return None
    if choice.origin == "file" and choice.declared is not None and choice.declared.spark:
        return choice.declared.spark, choice.describe, choice.declared.ref
    return choice.version, choice.describe, None


_COMPARATOR = re.compile(r"\s*(>=|<=|==|!=|>|<)?\s*([0-9]+(?:\.[0-9]+){0,2})\s*")


def parse_range(text: str) -> list[tuple[str, tuple[int, ...]]]:
    """`">=3.4, <4.0"` -> [(">=", (3, 4)), ("<", (4, 0))]; a bare version means `==`. Raises ValueError."""
    comparators = []
    for part in text.split(","):
        match = _COMPARATOR.fullmatch(part)
        if match is None:
            raise ValueError(f"{part.strip()!r} is not a version comparison like \">=3.4\" or \"<4.0\"")
        comparators.append((match.group(1) or "==", tuple(int(piece) for piece in match.group(2).split("."))))
    return comparators


@functools.lru_cache(maxsize=1024)  # a handful of versions, asked of by every version policy
def in_range(version: str, comparators: tuple[tuple[str, tuple[int, ...]], ...]) -> bool:
    """Whether `version` satisfies every comparator, compared at the comparator's precision ("4.0" holds
    for 4.0.1 under `==4.0` and `>=4.0`, not under `<4.0`)."""
    digits = [int(piece) for piece in re.findall(r"[0-9]+", version)[:3]]
    for operator, wanted in comparators:
        have = tuple(digits[:len(wanted)] + [0] * (len(wanted) - len(digits)))
        if not {"==": have == wanted, "!=": have != wanted, ">=": have >= wanted, "<=": have <= wanted,
                ">": have > wanted, "<": have < wanted}[operator]:
            return False
    return True


class All(Condition):
    def __init__(self, parts: Sequence[Condition]) -> None:
        self.parts = tuple(parts)
        self.keys = frozenset().union(*(part.keys for part in self.parts))
        self.reads_beyond_keys = any(part.reads_beyond_keys for part in self.parts)
        self.signature = (type(self).__name__, tuple(part.signature for part in self.parts))

    def evaluate(self, config: JobConfig) -> Outcome:
        outcomes = [part.evaluate(config) for part in self.parts]
        failed = next((outcome for outcome in outcomes if outcome.holds is False), None)
        if failed is not None:
            return failed
        if any(outcome.holds is None for outcome in outcomes):
            return UNKNOWN
        first = outcomes[0]
        return Outcome(True, lambda: first.facts._replace(if_holds="; ".join(o.if_holds for o in outcomes),
                                                          if_fails="; ".join(o.if_fails for o in outcomes)),
                       first.at, first.subject, first.limit)


    def holds(self, config: JobConfig) -> Optional[bool]:
        verdict: Optional[bool] = True
        for part in self.parts:
            held = part.holds(config)
            if held is False:
                return False
            if held is None:
                verdict = None
        return verdict


class Any(All):
    def holds(self, config: JobConfig) -> Optional[bool]:
        verdict: Optional[bool] = False
        for part in self.parts:
            held = part.holds(config)
            if held:
                return True
            if held is None:
                verdict = None
        return verdict

    def evaluate(self, config: JobConfig) -> Outcome:
        outcomes = [part.evaluate(config) for part in self.parts]
        held = next((outcome for outcome in outcomes if outcome.holds), None)
        if held is not None:
            return held
        if any(outcome.holds is None for outcome in outcomes):
            return UNKNOWN
        first = outcomes[0]
        return Outcome(False, lambda: first.facts._replace(if_fails="; and ".join(o.if_fails for o in outcomes),
                                                           if_holds="; or ".join(o.if_holds for o in outcomes)),
                       first.at, first.subject, first.limit)


class Not(Condition):
    def __init__(self, part: Condition) -> None:
        self.part, self.keys, self.reads_beyond_keys = part, part.keys, part.reads_beyond_keys
        self.signature = ("Not", part.signature)

    def holds(self, config: JobConfig) -> Optional[bool]:
        held = self.part.holds(config)
        return None if held is None else not held

    def evaluate(self, config: JobConfig) -> Outcome:
        return self.part.evaluate(config).negated()
