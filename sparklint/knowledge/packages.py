"""Maven coordinates in `spark.jars.packages` that name the Spark minor version they were built for.

Apache Iceberg publishes one Spark runtime per Spark minor version: `org.apache.iceberg:iceberg-spark-runtime-
3.5_2.12:1.4.3` is for Spark 3.5 ("To use Iceberg in Spark or Flink, download the runtime JAR for your engine
version": https://iceberg.apache.org/releases/, which lists a runtime jar per Spark 3.2 ... 3.5). The same
holds for `iceberg-spark-X.Y` and `iceberg-spark-extensions-X.Y`.
"""

from __future__ import annotations

import re
from typing import Iterator

from sparklint.records import Record

ICEBERG_RELEASES = "iceberg.apache.org/releases"
_ICEBERG = re.compile(r"org\.apache\.iceberg:(iceberg-spark(?:-runtime|-extensions)?-(\d+)\.(\d+))(?:_[\d.]+)?:[^,\s]*")


class BuiltFor(Record):
    """A package of `spark.jars.packages` built for one Spark minor."""

    coordinate: str  # as written: "org.apache.iceberg:iceberg-spark-runtime-3.3_2.13:1.2.1"
    spark_minor: str  # "3.3"
    start: int  # offset of the coordinate in the value
    end: int


def built_for_spark(packages: str) -> Iterator[BuiltFor]:
    """The coordinates of `spark.jars.packages` (comma-separated) that name the Spark minor they were built for."""
    for match in _ICEBERG.finditer(packages):
        yield BuiltFor(match.group(0), f"{match.group(2)}.{match.group(3)}", match.start(), match.end())
