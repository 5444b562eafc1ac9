"""The known Spark key a misspelt one most likely meant, for SL003 (a `spark.*` key Spark does not know)
and SL004 (a key Spark drops for want of the `spark.` prefix).

Spark stores any key and reads only the names it knows (`core/src/main/scala/org/apache/spark/SparkConf.scala`
`set`; spark-submit drops keys without the `spark.` prefix, `SparkSubmitArguments.ignoreNonSparkProperties`),
so a near-miss is silently a no-op. The candidates are the selected version's catalog keys. Near-misses,
in the order they are tried:
- the same key in another case (`spark.sql.adaptive.Enabled`);
- the same key with other separators: `_`, `-` or a blank for a dot (`spark_executor_memory`,
  `spark-master`, `spark.executor_memory`);
- a key one or two letters off (`spark.executor.memmory`), by difflib's ratio (cutoff 0.9), among keys
  of a similar length and, under an open namespace, only keys of that namespace; for at most
  FUZZY_SEARCHES distinct keys of one config (`FuzzyBudget`), so a huge file stays linear.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from typing import Dict, Optional, Tuple

from sparklint.knowledge.catalog import catalog, is_open_namespace
from sparklint.patterns import lazy_pattern
from sparklint.records import Record

CUTOFF = 0.9
_SEPARATORS = lazy_pattern(r"[_\-\s]+")


def _normal(key: str) -> str:
    return _SEPARATORS.sub(".", key.strip()).lower()


# Catalog keys are ASCII: one without these characters has `_normal(name) == name.lower()`.
_SEPARATOR_CHARACTERS = frozenset("_- \t\n\r\f\v")


@functools.lru_cache(maxsize=None)
def _normalised(version: str) -> Dict[str, str]:
    names: Dict[str, str] = {}
    separators = _SEPARATOR_CHARACTERS.isdisjoint
    for name in _sorted_keys(version):
        lower = name.lower()
        names.setdefault(lower, name)
        # Only a handful of the ~1,800 keys hold a separator: the regex of `_normal` for those alone
        # (it was a tenth of a one-file run that met one unknown key).
        names.setdefault(lower if separators(name) and name.isascii() and name == name.strip() else _normal(name),
                         name)
    return names


@functools.lru_cache(maxsize=None)
def _sorted_keys(version: str) -> Tuple[str, ...]:
    return tuple(sorted(catalog().keys(version)))


def _namespace(key: str) -> str:
    """The second segment: "spark.sql.shuffle.partitions" -> "sql"."""
    parts = key.split(".", 2)
    return parts[1] if len(parts) > 2 else ""


# A fuzzy search of the catalog costs milliseconds: one config gets at most this many, for distinct keys
# (a file of 150,000 made-up keys took 281 s); later keys get only the case and separator near-misses.
FUZZY_SEARCHES = 200


class FuzzyBudget:
    """The distinct keys given a fuzzy search while checking one config, at most FUZZY_SEARCHES."""

    def __init__(self) -> None:
        self.keys: set = set()

    def allows(self, key: str) -> bool:
        if key not in self.keys:
            if len(self.keys) >= FUZZY_SEARCHES:
                return False
            self.keys.add(key)
        return True


@functools.lru_cache(maxsize=4096)
def closest_key(key: str, version: str, fuzzy: bool = True) -> Optional[str]:
    """The known key `key` most likely misspells in `version`, or None. Cached: the same typo repeats.
    Without `fuzzy`, only another case or other separators (no difflib search)."""
    names = _normalised(version)
    for form in (key.lower(), _normal(key)):
        if form in names and names[form] != key:
            return names[form]
    if not fuzzy:
        return None
    # difflib's ratio is at most 2*min(len)/(sum of lens), so only keys of a similar length can reach the
    # cutoff; under an open namespace only keys of that namespace compete (spark.hadoop.* near spark.hadoop.*).
    namespace = _namespace(key)
    shortest, longest = len(key) * CUTOFF / (2 - CUTOFF), len(key) * (2 - CUTOFF) / CUTOFF
    if is_open_namespace(key):
        candidates = [known for known in _sorted_keys(version) if shortest <= len(known) <= longest
                      and _namespace(known) == namespace]
    else:
        candidates = [known for known in _sorted_keys(version) if shortest <= len(known) <= longest]
    # difflib.get_close_matches drops a candidate whose quick_ratio (letters in common, as multisets)
    # is below the cutoff before anything else: done here first, difflib is imported only for a
    # candidate that passes (an unknown spark.hadoop.* key seldom has one).
    letters = Counter(key)
    candidates = [known for known in candidates
                  if 2.0 * sum((Counter(known) & letters).values()) / (len(known) + len(key)) >= CUTOFF]
    if not candidates:
        return None
    import difflib  # only when a key is a near-miss: keeps start-up cheap

    close = difflib.get_close_matches(key, candidates, n=1, cutoff=CUTOFF)
    return close[0] if close else None


@functools.lru_cache(maxsize=4096)
def is_typo(written: str, meant: str, most: int = 2) -> bool:
    """True when `written` is `meant` with at most `most` letters added, dropped or changed (case and
    separators aside): a slip of the keyboard, which a did-you-mean may rewrite. A suggestion that only
    shares the key's namespace (`...dynamicAllocation.debug` near `...dynamicAllocation.testing`) is not."""
    a, b = _normal(written), _normal(meant)
    if abs(len(a) - len(b)) > most:
        return False
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, 1):
        current = [i]
        for j, other in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char != other)))
        if min(current) > most:
            return False
        previous = current
    return previous[-1] <= most


_SPARK_WITHOUT_DOT = lazy_pattern(r"spark[_\-\s]+\S", re.IGNORECASE)


def meant_spark_key(key: str, version: str, fuzzy: bool = True) -> Optional[str]:
    """For a key Spark drops (no `spark.` prefix): the Spark key it was meant to be, when it is a near-miss
    of one (`spark-master` -> spark.master, `spark_executor_memory` -> spark.executor.memory,
    `executor.memory` -> spark.executor.memory). None when nothing known is that close."""
    if _SPARK_WITHOUT_DOT.match(key):
        return closest_key("spark." + _SEPARATORS.split(key.strip(), 1)[1], version, fuzzy) or \
            closest_key(key, version, fuzzy)
    prefixed = "spark." + key.strip()
    if catalog().known(prefixed, version):
        return prefixed
    return None


def split_key(key: str, value: str, version: str, fuzzy: bool = True) -> Optional[str]:
    """When a blank split a key: `spark. executor.memory 4g` is read (java.util.Properties ends a key at the
    first blank) as the key `spark.` with the value `executor.memory 4g`, `spark executor.memory 4g` as the
    key `spark`. The known key the line meant, or None when the pieces make no key Spark knows."""
    words = value.split()
    if not words:
        return None
    if key.endswith("."):
        joined = key + words[0]
    elif key.lower() == "spark":
        joined = "spark." + words[0]
    else:
        return None
    return joined if catalog().known(joined, version) else closest_key(joined, version, fuzzy)


# Where an unset key's value comes from when Spark has no default string for it: spark-submit's own
# (core/src/main/scala/org/apache/spark/deploy/SparkSubmitArguments.scala, `master`: local[*]).
_SUBMIT_DEFAULTS = {"spark.master": "local[*], spark-submit's default without --master or MASTER"}


def unset_consequence(meant: str, config: object, version: str) -> str:
    """" (it stays at Spark's default '1g')" for a meant key the config does not set elsewhere, else ""."""
    if config.effective(meant) is not None:  # type: ignore[attr-defined]
        return ""
    if meant in _SUBMIT_DEFAULTS:
        return f" (it stays at {_SUBMIT_DEFAULTS[meant]})"
    entry = catalog().entry(meant, version)
    return f" (it stays at Spark's default {entry.default!r})" if entry is not None and entry.default is not None else ""


# Quote characters a key picks up when it is copied out of code, a shell line or a document: ASCII quotes,
# the backtick, and typographic quotes (a word processor's or a web page's “ ” ‘ ’ „ « »).
_QUOTES = "\"'`\u201c\u201d\u2018\u2019\u201e\u00ab\u00bb"
_QUOTE_CHARACTERS = frozenset(_QUOTES)
_NAME_BETWEEN_QUOTES = lazy_pattern("([" + _QUOTES + "]*)(spark\\.[A-Za-z0-9_.\\-]*[A-Za-z0-9_\\-])([" + _QUOTES + "]*)")


class StrayQuote(Record):
    name: str  # the key without its quotes
    quote: str  # the first stray quote character
    where: str  # "start", "end" or "both": where the key has them


def stray_quote(key: str) -> Optional[StrayQuote]:
    """A `spark.*` name with quote characters stuck to its start or end (`"spark.executor.memory`,
    `spark.executor.cores”`), else None. Spark keeps a quote as part of the key: a properties file has no
    quoting (`java.util.Properties.load`), and in YAML, JSON or a `--conf` it is inside the key's string."""
    if _QUOTE_CHARACTERS.isdisjoint(key):  # nearly every key: no need for the pattern (nor to compile it)
        return None
    match = _NAME_BETWEEN_QUOTES.fullmatch(key)
    if match is None or not (match.group(1) or match.group(3)):
        return None
    where = "both" if match.group(1) and match.group(3) else "start" if match.group(1) else "end"
    return StrayQuote(match.group(2), (match.group(1) or match.group(3))[0], where)
