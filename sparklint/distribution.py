"""Unpacked Apache Spark distributions inside a repository (`tools/spark-3.1.2-bin-hadoop2.7/`).

A Spark distribution carries Spark's own files: pyspark's test suite sets made-up keys on purpose
(`.config("key1", ...)`), SparkR's package index lists `spark.glm` among 300 R function names, and the
examples are Spark's, not the repository's. Only its `conf/` folder is the user's (where a
spark-defaults.conf is edited), so a walk enters nothing else of it, and a file in it named on the
command line gets a note instead of being read.

What marks a distribution is the layout every Spark binary release has (`dev/make-distribution.sh`
writes `RELEASE` at the top, next to `bin/` with spark-submit and `jars/`): a folder holding the three.
"""

from __future__ import annotations

import functools
import os
from typing import Iterable, Optional

RELEASE = "RELEASE"
MARKS = frozenset({RELEASE, "bin", "jars"})
CONF = "conf"
NOTE = ("in an unpacked Spark distribution ({root}/: RELEASE, bin/, jars/): Spark's own files, not this "
        "repository's configuration (only its conf/ is read); not read")


def is_distribution_listing(names: Iterable[str]) -> bool:
    """Whether a folder with these entries is a Spark distribution (bin/spark-submit is checked by the caller
    that has the folder's path)."""
    return MARKS.issubset(names)


@functools.lru_cache(maxsize=1024)
def is_distribution(directory: str) -> bool:
    """Whether `directory` is the top of an unpacked Spark distribution."""
    join = os.path.join
    return (os.path.isfile(join(directory, RELEASE)) and os.path.isdir(join(directory, "jars"))
            and os.path.isfile(join(directory, "bin", "spark-submit")))


def distribution_of(path: str) -> Optional[str]:
    """The distribution folder a file lies in, outside its conf/ (None when it lies in none, or in conf/)."""
    directory = os.path.dirname(os.path.abspath(path))
    below = ""
    while True:
        if is_distribution(directory):
            if below == CONF:
                return None
            return directory
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        below = os.path.basename(directory)
        directory = parent


def note_for(path: str, root: str) -> str:
    """The --verbose note for a file in the distribution at `root`."""
    try:
        shown = os.path.relpath(root)
    except ValueError:  # another drive on Windows
        shown = root
    if shown.startswith(".."):
        shown = root
    return NOTE.format(root=shown.replace(os.sep, "/"))
