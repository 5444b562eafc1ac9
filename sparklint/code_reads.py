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
import os
import re

from sparklint.application_search import MAX_ENTRIES, repository_root
from sparklint.discover import SKIPPED_DIRECTORIES, Unreadable, read_text

# Source files an application's code lives in (a notebook's cells are JSON strings: quotes come escaped).
_SUFFIXES = (".py", ".scala", ".java", ".kt", ".ipynb")
_MAX_BYTES = 1_000_000
# `get("spark.x"`, `getOption("spark.x"`, `getInt("spark.x"`, `getBoolean(...)`, `getSizeAsMb(...)`: a
# read of one key by name from a SparkConf or the session's RuntimeConfig.
_READ = re.compile(r"""\bget[A-Za-z]*\(\s*\\?["'](spark\.[A-Za-z0-9_.\-]+)\\?["']""")


def read_by_code(key: str, config_path: str) -> bool:
    """Does code in the repository holding `config_path` read `key` by name?"""
    return key in _keys_read(repository_root(config_path))


def forget() -> None:
    """Drop what earlier runs found (the runner calls it when a run starts)."""
    _keys_read.cache_clear()


@functools.lru_cache(maxsize=64)
def _keys_read(root: str) -> frozenset[str]:
    keys: set[str] = set()
    stack, visited = [root], 0
    while stack:
        directory = stack.pop()
        try:
            with os.scandir(directory) as scanner:
                entries = sorted(scanner, key=lambda entry: entry.name)
        except OSError:
            continue
        for entry in entries:
            visited += 1
            if visited > MAX_ENTRIES:
                return frozenset(keys)
            try:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name not in SKIPPED_DIRECTORIES and not entry.name.startswith("."):
                        stack.append(entry.path)
                elif entry.name.endswith(_SUFFIXES) and entry.is_file(follow_symlinks=False):
                    text = read_text(entry.path, _MAX_BYTES)
                    if "spark." in text:
                        keys.update(_READ.findall(text))
            except (OSError, Unreadable):
                continue
    return frozenset(keys)
