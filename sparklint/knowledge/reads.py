"""Which keys a real Spark did not read at start: measured, not guessed.

`tools/oracle_verdicts.py` starts a real Spark (spark-submit's argument check, a SparkContext on
`local[2]`, a shuffle job and a SQL query) with a value each key's own ConfigEntry refuses
(`tests/oracle_cases.py`). A key whose refused value still let Spark start and run was not read
on that path: Spark reads it only when a feature that uses it runs (a cluster manager, YARN or
Kubernetes, dynamic allocation, push shuffle, the history server, streaming, ...). Those keys are
written to `sparklint/data/reads.json` per measured version:

    {"format": 1, "versions": {"3.5": {"spark": "3.5.9", "unread": [key, ...]}}}

A version that was not measured uses the nearest measured one. Keys no case covered are treated as
read at start (SL006 keeps its error).
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Dict, FrozenSet, Optional, Tuple

from sparklint.knowledge.catalog import catalog
from sparklint.knowledge.units import version_tuple

_DATA = Path(__file__).resolve().parent.parent / "data" / "reads.json"


@functools.lru_cache(maxsize=None)
def _measured() -> Dict[str, Tuple[str, FrozenSet[str]]]:
    if not _DATA.is_file():
        return {}
    data = json.loads(_DATA.read_text(encoding="utf-8"))
    return {minor: (row["spark"], frozenset(row["unread"])) for minor, row in data["versions"].items()}


@functools.lru_cache(maxsize=64)
def _nearest(version: str) -> Optional[str]:
    measured = _measured()
    if not measured:
        return None
    minor = catalog().version(version)
    if minor in measured:
        return minor
    target = version_tuple(minor)
    return min(measured, key=lambda m: (abs(version_tuple(m)[0] * 100 + version_tuple(m)[1]
                                            - target[0] * 100 - target[1]), m))


def unread_by(key: str, version: str) -> Optional[str]:
    """The pyspark version that started and ran with a refused value of `key` (so did not read it), or None."""
    nearest = _nearest(version)
    if nearest is None:
        return None
    spark, unread = _measured()[nearest]
    return spark if key in unread else None


def measured_versions() -> Tuple[str, ...]:
    """The pyspark versions whose start was measured, e.g. ("3.5.9",)."""
    return tuple(spark for spark, _ in _measured().values())
