"""The `spark.*` keys a repository's own code reads by name: properties an application defines for itself.

An application may keep settings of its own in the SparkConf and read them back
(`spark.sparkContext().getConf().get("spark.app.checkpoint.dir", "/tmp")` in Java or Scala,
`spark.conf.get("spark.myjob.output")` in PySpark). Such keys must start with `spark.` to get through
spark-submit (`SparkSubmitArguments.ignoreNonSparkProperties`), and Spark stores any key it is given
(`core/src/main/scala/org/apache/spark/SparkConf.scala`, `set`): Spark does not know them, yet they are not
without effect. SL003 asks here before calling such a key unread.

The search is a bounded walk of the repository the config lives in (the folder holding `.git`, else the
config's own folder), names first, then a byte check, then one regular expression per file; its result is
kept for the run (`forget` starts afresh). Nothing found is executed or imported: the files are read as text.
"""

from __future__ import annotations

import functools

from sparklint.application_search import bounded_files, repository_root
from sparklint.discover import Unreadable, read_text
from sparklint.patterns import lazy_pattern

# Source files an application's code lives in (a notebook's cells are JSON strings: quotes come escaped).
_SUFFIXES = (".py", ".scala", ".java", ".kt", ".ipynb")
_MAX_BYTES = 1_000_000
# `get("spark.x"`, `getOption("spark.x"`, `getInt("spark.x"`, `getBoolean(...)`, `getSizeAsMb(...)`: a
# read of one key by name from a SparkConf or the session's RuntimeConfig.
_READ = lazy_pattern(r"""\bget[A-Za-z]*\(\s*\\?["'](spark\.[A-Za-z0-9_.\-]+)\\?["']""")


def read_by_code(key: str, config_path: str) -> bool:
    """Does code in the repository holding `config_path` read `key` by name?"""
    return key in _keys_read(repository_root(config_path))


def forget() -> None:
    """Drop what earlier runs found (the runner calls it when a run starts)."""
    _keys_read.cache_clear()


@functools.lru_cache(maxsize=64)
def _keys_read(root: str) -> frozenset[str]:
    keys: set[str] = set()
    for path in bounded_files(root, _SUFFIXES):
        try:
            text = read_text(path, _MAX_BYTES)
        except (OSError, Unreadable):
            continue
        if "spark." in text:
            keys.update(_READ.findall(text))
    return frozenset(keys)
