"""The Spark version a platform version stands for, and the catalog version a Spark version is judged by.

A file often says which Spark runs it without writing a Spark version: an EMR release label
(`emr-6.9.0`), a Glue version (`4.0`), a Databricks runtime (`13.3.x-scala2.12`), a Dataproc image
(`2.1-debian11`) or Serverless runtime (`2.2`). Each table below maps one platform's versions to the
Spark version it ships, with the page it was read from. A platform version between two listed ones
that ship the same Spark minor ships that minor too (platform releases never step Spark back); any
other unlisted version is unknown, and the config is judged by the default version with a note.

Sources (read in December 2026):
- EMR on EC2 / EMR Serverless / EMR on EKS (one release line): `emr-5.0.0` … `emr-6.5.0` from the
  Spark release history of the Amazon EMR Release Guide (awsdocs/amazon-emr-release-guide
  `doc_source/Spark-release-history.md`, last commit before the repository was archived);
  later lines from https://docs.aws.amazon.com/emr/latest/ReleaseGuide/Spark-release-history.html
  (7.8.0 … 7.13.0), the EMR Serverless release pages
  https://docs.aws.amazon.com/emr/latest/EMR-Serverless-UserGuide/release-version-XY0.html (6.6.0,
  6.8.0, 6.10.0 … 6.15.0, 7.0.0, 7.1.0, 7.3.0 … 7.9.0; 6.15.0 "Apache Spark 3.4.1" read on the
  docs.amazonaws.cn copy of release-version-6150, the Release Guide's emr-6150-release page stops before
  its Spark row) and the EMR on EKS release notes
  https://docs.aws.amazon.com/emr/latest/EMR-on-EKS-DevelopmentGuide/emr-eks-6.9.0.html (6.9.0) and
  .../emr-eks-5.35.0.html (5.35.0: "Supported applications - Spark 2.4.8-amzn-1").
  Not found in the docs searched (December 2026, again: the Release Guide's per-release pages and its
  Spark release history are stored only up to the rows before these; no EMR Serverless page exists for
  them and no EMR on EKS page was stored): 6.7, 7.2, 5.36. 7.2 and 5.36 are bracketed by neighbours of
  one Spark minor (inferred, marked so); 6.7, between 3.2.0 and 3.3.0 rows, stays unknown.
- Glue: https://docs.aws.amazon.com/glue/latest/dg/release-notes.html (5.1 Spark 3.5.6, 5.0 Spark 3.5.4,
  4.0 Spark 3.3.0), https://docs.aws.amazon.com/glue/latest/dg/migrating-version-30.html (3.0 is based
  on Spark 3.1.1), the AWS CDK `GlueVersion` reference (0.9 Spark 2.2.1, 1.0 Spark 2.4.3) and an AWS
  re:Post answer (2.0 is Spark 2.4; its patch release was not confirmed).
- Databricks: https://docs.databricks.com/release-notes/runtime (LTS table: 17.3 Spark 4.0.0, 16.4
  3.5.2, 15.4 3.5.0, 14.3 3.5.0, 13.3 3.4.1, 12.2 3.3.2, 11.3 3.3.0, 10.4 3.2.1, 9.1 3.1.2) and the
  13.x / 14.x migration guides (13.2 3.4.0; 14.0 … 14.3 3.5.0).
- Dataproc: https://cloud.google.com/dataproc/docs/release-notes/service (image 3.0 and Serverless
  runtime 3.0: Spark 4.0.0, September 2025); Serverless runtime pages
  https://cloud.google.com/dataproc-serverless/docs/concepts/versions/spark-runtime-versions (1.1
  Spark 3.3.4, 1.2 and 2.2 Spark 3.5.1, 2.1 Spark 3.4.0); image 2.0 from the Dataproc version list
  https://cloud.google.com/dataproc/docs/concepts/versioning/dataproc-versions (its unsupported 2.0-centos8
  row: "Apache Spark 3.1.2"). The image 2.1 / 2.2 / 2.3 Spark minors (3.3, 3.5, 3.5) were not found on a
  stored page (the version list's excerpts stop before the component tables): they stay marked unverified.
- Microsoft Fabric: the runtime pages https://learn.microsoft.com/fabric/data-engineering/runtime-1-1
  ("Runtime 1.1, based on Apache Spark 3.3"), runtime-1-2 (Spark 3.4) and runtime-1-3 ("Apache Spark 3.5").
"""

from __future__ import annotations

import re
from typing import Optional, Tuple

from sparklint.model import DeclaredVersion
from sparklint.patterns import lazy_pattern
from sparklint.records import Record
from sparklint.tree import Ref

Line = Tuple[int, int]


class PlatformSpark(Record):
    """The Spark version a platform version ships, and where that was read."""

    spark: str  # "3.3.0", or a minor ("2.4") where the source gives no patch release
    source: str  # the page, for messages: "AWS EMR release guide, Spark release history"
    inferred: bool = False  # not listed: bracketed by two listed versions of the same Spark minor


_EMR_HISTORY = "Amazon EMR release guide, Spark release history"
_EMR_SERVERLESS = "EMR Serverless release notes"
_EMR_ON_EKS = "EMR on EKS release notes"

# EMR release line (major, minor) -> (Spark version, source). Patch releases (6.9.1) ship the same
# Spark minor as their line's .0 release in every row of the release history.
EMR_RELEASES: dict[Line, tuple[str, str]] = {
    (5, 0): ("2.0.0", _EMR_HISTORY), (5, 1): ("2.0.1", _EMR_HISTORY), (5, 2): ("2.0.2", _EMR_HISTORY),
    (5, 3): ("2.1.0", _EMR_HISTORY), (5, 4): ("2.1.0", _EMR_HISTORY), (5, 5): ("2.1.0", _EMR_HISTORY),
    (5, 6): ("2.1.1", _EMR_HISTORY), (5, 7): ("2.1.1", _EMR_HISTORY), (5, 8): ("2.2.0", _EMR_HISTORY),
    (5, 9): ("2.2.0", _EMR_HISTORY), (5, 10): ("2.2.0", _EMR_HISTORY), (5, 11): ("2.2.1", _EMR_HISTORY),
    (5, 12): ("2.2.1", _EMR_HISTORY), (5, 13): ("2.3.0", _EMR_HISTORY), (5, 14): ("2.3.0", _EMR_HISTORY),
    (5, 15): ("2.3.0", _EMR_HISTORY), (5, 16): ("2.3.1", _EMR_HISTORY), (5, 17): ("2.3.1", _EMR_HISTORY),
    (5, 18): ("2.3.2", _EMR_HISTORY), (5, 19): ("2.3.2", _EMR_HISTORY), (5, 20): ("2.4.0", _EMR_HISTORY),
    (5, 21): ("2.4.0", _EMR_HISTORY), (5, 22): ("2.4.0", _EMR_HISTORY), (5, 23): ("2.4.0", _EMR_HISTORY),
    (5, 24): ("2.4.2", _EMR_HISTORY), (5, 25): ("2.4.3", _EMR_HISTORY), (5, 26): ("2.4.3", _EMR_HISTORY),
    (5, 27): ("2.4.4", _EMR_HISTORY), (5, 28): ("2.4.4", _EMR_HISTORY), (5, 29): ("2.4.4", _EMR_HISTORY),
    (5, 30): ("2.4.5", _EMR_HISTORY), (5, 31): ("2.4.6", _EMR_HISTORY), (5, 32): ("2.4.7", _EMR_HISTORY),
    (5, 33): ("2.4.7", _EMR_HISTORY), (5, 34): ("2.4.8", _EMR_HISTORY), (5, 35): ("2.4.8", _EMR_ON_EKS),
    (6, 0): ("2.4.4", _EMR_HISTORY), (6, 1): ("3.0.0", _EMR_HISTORY), (6, 2): ("3.0.1", _EMR_HISTORY),
    (6, 3): ("3.1.1", _EMR_HISTORY), (6, 4): ("3.1.2", _EMR_HISTORY), (6, 5): ("3.1.2", _EMR_HISTORY),
    (6, 6): ("3.2.0", _EMR_SERVERLESS), (6, 8): ("3.3.0", _EMR_SERVERLESS), (6, 9): ("3.3.0", _EMR_ON_EKS),
    (6, 10): ("3.3.1", _EMR_SERVERLESS), (6, 11): ("3.3.2", _EMR_SERVERLESS),
    (6, 12): ("3.4.0", _EMR_SERVERLESS), (6, 13): ("3.4.1", _EMR_SERVERLESS),
    (6, 14): ("3.4.1", _EMR_SERVERLESS), (6, 15): ("3.4.1", _EMR_SERVERLESS),
    (7, 0): ("3.5.0", _EMR_SERVERLESS), (7, 1): ("3.5.0", _EMR_SERVERLESS), (7, 3): ("3.5.1", _EMR_SERVERLESS),
    (7, 4): ("3.5.2", _EMR_SERVERLESS), (7, 5): ("3.5.2", _EMR_SERVERLESS), (7, 6): ("3.5.3", _EMR_SERVERLESS),
    (7, 7): ("3.5.3", _EMR_SERVERLESS), (7, 8): ("3.5.4", _EMR_HISTORY), (7, 9): ("3.5.5", _EMR_HISTORY),
    (7, 10): ("3.5.5", _EMR_HISTORY), (7, 11): ("3.5.6", _EMR_HISTORY), (7, 12): ("3.5.6", _EMR_HISTORY),
    (7, 13): ("3.5.6", _EMR_HISTORY),
}

_GLUE_NOTES = "AWS Glue versions (glue/latest/dg/release-notes.html)"
GLUE_VERSIONS: dict[Line, tuple[str, str]] = {
    (0, 9): ("2.2.1", "AWS CDK GlueVersion reference"),
    (1, 0): ("2.4.3", "AWS CDK GlueVersion reference"),
    (2, 0): ("2.4", "AWS re:Post: Glue 2.0 runs Spark 2.4"),
    (3, 0): ("3.1.1", "AWS Glue, migrating to version 3.0"),
    (4, 0): ("3.3.0", _GLUE_NOTES),
    (5, 0): ("3.5.4", _GLUE_NOTES),
    (5, 1): ("3.5.6", _GLUE_NOTES),
}

_DATABRICKS = "Databricks Runtime release notes versions and compatibility"
DATABRICKS_RUNTIMES: dict[Line, tuple[str, str]] = {
    (9, 1): ("3.1.2", _DATABRICKS), (10, 4): ("3.2.1", _DATABRICKS), (11, 3): ("3.3.0", _DATABRICKS),
    (12, 2): ("3.3.2", _DATABRICKS), (13, 2): ("3.4.0", "Databricks Runtime 13.x migration guide"),
    (13, 3): ("3.4.1", _DATABRICKS), (14, 0): ("3.5.0", "Databricks Runtime 14.x migration guide"),
    (14, 3): ("3.5.0", _DATABRICKS), (15, 4): ("3.5.0", _DATABRICKS), (16, 4): ("3.5.2", _DATABRICKS),
    (17, 3): ("4.0.0", _DATABRICKS),
}

_DATAPROC_UNVERIFIED = "Dataproc image version list (Spark minor not verified)"
DATAPROC_IMAGES: dict[Line, tuple[str, str]] = {
    (2, 0): ("3.1", "Dataproc version list (2.0-centos8: Apache Spark 3.1.2)"), (2, 1): ("3.3", _DATAPROC_UNVERIFIED),
    (2, 2): ("3.5", _DATAPROC_UNVERIFIED), (2, 3): ("3.5", _DATAPROC_UNVERIFIED),
    (3, 0): ("4.0.0", "Dataproc release notes, 2025-09-08"),
}

_SERVERLESS_RUNTIMES = "Serverless for Apache Spark runtime versions"
DATAPROC_SERVERLESS_RUNTIMES: dict[Line, tuple[str, str]] = {
    (1, 1): ("3.3.4", _SERVERLESS_RUNTIMES), (1, 2): ("3.5.1", _SERVERLESS_RUNTIMES),
    (2, 1): ("3.4.0", _SERVERLESS_RUNTIMES), (2, 2): ("3.5.1", _SERVERLESS_RUNTIMES),
    (3, 0): ("4.0.0", "Dataproc release notes, 2025-09-08"),
}

_FABRIC = "Fabric runtime pages (learn.microsoft.com/fabric/data-engineering/runtime-1-1, -1-2, -1-3)"
FABRIC_RUNTIMES: dict[Line, tuple[str, str]] = {
    (1, 1): ("3.3", _FABRIC), (1, 2): ("3.4", _FABRIC), (1, 3): ("3.5", _FABRIC),
}

_EMR_LABEL = lazy_pattern(r"emr-(\d+)\.(\d+)(?:\.\d+)?(?:-.*)?")
_LEADING_LINE = lazy_pattern(r"(\d+)\.(\d+)(?:[.\-_].*)?")
_SPARK_VERSION = lazy_pattern(r"v?(\d+)\.(\d+)(?:\.(\d+))?(?:[-+.].*)?")


def spark_for_emr_release(label: str) -> Optional[PlatformSpark]:
    """`emr-6.9.0`, `emr-6.9.0-latest`, `emr-7.1.0-20240321` (EMR on EKS): the Spark it ships, or None."""
    match = _EMR_LABEL.fullmatch(label.strip().lower())
    return _lookup(EMR_RELEASES, match) if match else None


def spark_for_glue_version(version: str) -> Optional[PlatformSpark]:
    """Glue `4.0` (GlueVersion, glue_version): the Spark it runs, or None."""
    return _lookup(GLUE_VERSIONS, _LEADING_LINE.fullmatch(version.strip()))


def spark_for_databricks_runtime(spark_version: str) -> Optional[PlatformSpark]:
    """A Databricks cluster's `spark_version` (`13.3.x-scala2.12`, `14.3.x-photon-scala2.12`,
    `15.4.x-cpu-ml-scala2.12`): the Spark of that runtime, or None (`custom:...`, unlisted runtimes)."""
    return _lookup(DATABRICKS_RUNTIMES, _LEADING_LINE.fullmatch(spark_version.strip()))


def spark_for_dataproc_image(image_version: str) -> Optional[PlatformSpark]:
    """A Dataproc image version (`2.1-debian11`, `2.2.20-debian12`, `2.1`): its Spark, or None."""
    return _lookup(DATAPROC_IMAGES, _LEADING_LINE.fullmatch(image_version.strip()))


def spark_for_dataproc_serverless(runtime_version: str) -> Optional[PlatformSpark]:
    """A Dataproc Serverless runtime (`RuntimeConfig.version`: `1.1`, `2.2`, `2.2.30`): its Spark, or None."""
    return _lookup(DATAPROC_SERVERLESS_RUNTIMES, _LEADING_LINE.fullmatch(runtime_version.strip()))


def spark_for_fabric_runtime(runtime_version: str) -> Optional[PlatformSpark]:
    """A Microsoft Fabric runtime (`Sparkcompute.yml` `runtime_version`: `1.3`): its Spark, or None."""
    return _lookup(FABRIC_RUNTIMES, _LEADING_LINE.fullmatch(runtime_version.strip()))


def _lookup(table: dict[Line, tuple[str, str]], match: Optional[re.Match]) -> Optional[PlatformSpark]:
    if match is None:
        return None
    line = (int(match.group(1)), int(match.group(2)))
    found = table.get(line)
    if found is not None:
        return PlatformSpark(*found)
    # Between two listed lines of one Spark minor: that minor (platforms never step Spark back).
    below = max((listed for listed in table if listed < line), default=None)
    above = min((listed for listed in table if listed > line), default=None)
    if below is None or above is None:
        return None
    low, high = spark_minor(table[below][0]), spark_minor(table[above][0])
    if low is None or low != high:
        return None
    return PlatformSpark(low, f"between {table[below][1]} rows", inferred=True)


def spark_minor(version: str) -> Optional[str]:
    """"3.3.0-amzn-1" -> "3.3"; None for text that is not a Spark version ("latest")."""
    match = _SPARK_VERSION.fullmatch(version.strip())
    return f"{match.group(1)}.{match.group(2)}" if match else None


class Judged(Record):
    """The catalog version a config is judged by, and why it is not the version asked for."""

    catalog: str  # one of the catalog's versions
    note: str  # "" when the version is in the catalog


def judged_version(spark_version: str, catalog_versions: Tuple[str, ...]) -> Optional[Judged]:
    """The catalog version for a Spark version: its minor when the catalog has it, else the oldest
    (older Spark) or newest (newer Spark) catalog version, with a note that says so. None when
    `spark_version` is not a version."""
    minor = spark_minor(spark_version)
    if minor is None:
        return None
    if minor in catalog_versions:
        return Judged(minor, "")
    oldest, newest = catalog_versions[0], catalog_versions[-1]
    span = f"{oldest}–{newest}"
    if _tuple(minor) < _tuple(oldest):
        return Judged(oldest, f"Spark {spark_version} is older than sparklint's catalog ({span}): judged by "
                              f"Spark {oldest}'s keys and defaults, so keys removed since then may be flagged")
    if _tuple(minor) > _tuple(newest):
        return Judged(newest, f"Spark {spark_version} is newer than sparklint's catalog ({span}): judged by "
                              f"Spark {newest}'s keys and defaults, so keys added since then may be flagged")
    # Inside the span but missing (a catalog with a hole): the nearest older version.
    older = [version for version in catalog_versions if _tuple(version) < _tuple(minor)]
    return Judged(older[-1], f"Spark {minor} is not in sparklint's catalog: judged by Spark {older[-1]}")


def _tuple(version: str) -> tuple[int, int]:
    major, minor = version.split(".")[:2]
    return int(major), int(minor)


_MAPPERS = {
    "emr": (spark_for_emr_release, "EMR release"),
    "glue": (spark_for_glue_version, "Glue version"),
    "databricks": (spark_for_databricks_runtime, "Databricks runtime"),
    "dataproc-image": (spark_for_dataproc_image, "Dataproc image"),
    "dataproc-serverless": (spark_for_dataproc_serverless, "Dataproc Serverless runtime"),
    "fabric": (spark_for_fabric_runtime, "Fabric runtime"),
}


def declared(value: object, field: str, ref: Optional[Ref], path: str, kind: str = "spark") -> Optional[DeclaredVersion]:
    """What a dialect read from a version field, for JobConfig.declared_version: `kind` "spark" for a
    Spark version as written (`spec.sparkVersion`), else the platform whose table maps it ("emr",
    "glue", "databricks", "dataproc-image", "dataproc-serverless"). None for an empty or templated
    value (`${var.release}`, `{{ .Values.spark }}`): the file does not say."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    text = str(value).strip()
    if not text or "{" in text or "$" in text:
        return None
    if kind == "spark":
        return DeclaredVersion(text, field, ref, text if spark_minor(text) else "", "", path)
    mapper, label = _MAPPERS[kind]
    found = mapper(text)
    if found is None:
        return DeclaredVersion(text, field, ref, "", f"not in sparklint's table of {label}s", path)
    return DeclaredVersion(text, field, ref, found.spark, found.source, path)
