"""SL004 ignored-non-spark-key: a key Spark drops because it does not start with `spark.`.

## What it flags
A key without the `spark.` prefix where Spark applies only `spark.*` keys: a line of
`spark-defaults.conf` or a properties file, a `--conf`, a `spark-defaults` classification, a Livy or
sparkmagic `conf` map, a SparkApplication's `sparkConf`. That includes keys written `SPARK.…` (keys
are case-sensitive) and Livy session fields put inside `conf` (`"conf": {"driverMemory": "4g"}`),
and Hadoop settings without their `spark.hadoop.` prefix.

A `spark.*` name with a stray quote before it (`"spark.executor.memory 4g`, `“spark.driver.cores”` pasted
from a document) is named as such: Spark keeps the quote as part of the key, so the key does not start with
`spark.` (a properties file has no quoting: `java.util.Properties.load`; in YAML, JSON or a `--conf` the
quote is inside the key's string).

When the key is a near-miss of a Spark key it says which: `spark-master` → `spark.master`,
`spark_executor_memory` → `spark.executor.memory`, `executor.memory` → `spark.executor.memory`, and
`spark executor.memory 4g` (a blank after `spark`, so the key is `spark`) → `spark.executor.memory`.

In the application's code (`SparkSession.builder.config(...)`, `SparkConf().set(...)`) nothing drops a key:
Spark keeps it in the SparkConf and the Hadoop configuration, where Hive and connectors read their own
keys (`.config("hive.metastore.uris", ...)` works). There it flags only a key that is visibly a slip: a
near-miss of a Spark key, `SPARK.` casing, an environment variable's or a spark-submit option's name.

In an AWS Glue job it flags job arguments named like Spark properties (`"--spark.sql.shuffle.partitions"`):
Glue hands every argument to the script, and only `--conf` becomes Spark configuration.

It also flags a properties file that starts with a UTF-8 byte-order mark (BOM) before a `spark.` key:
Java's UTF-8 reader keeps the mark as a character, so `Properties.load` reads the first key as
`"\ufeffspark.…"`, which Spark drops like any other non-`spark.` key. (A BOM before a comment or a
blank line turns that line into a junk key Spark drops harmlessly; that is not reported.)

## Why is this bad?
The setting never reaches the job. spark-submit prints `Warning: Ignoring non-Spark config property:
...` (easy to miss in a driver log) and Spark loads only `spark.*` keys from its defaults file, so
the job runs with the default instead: a `driverMemory` inside Livy's `conf` leaves the driver at its
default heap, a `parquet.…` option is never applied.

## Example
```conf spark-defaults.conf
spark.sql.parquet.compression.codec  zstd
parquet.compression.codec.zstd.level 9
```

## Use instead
```conf spark-defaults.conf
spark.sql.parquet.compression.codec  zstd
spark.hadoop.parquet.compression.codec.zstd.level 9
```

## Options
None.

## References
- Spark `core/src/main/scala/org/apache/spark/deploy/SparkSubmitArguments.scala`
  (`ignoreNonSparkProperties`: "Ignoring non-Spark config property").
- Spark `core/src/main/scala/org/apache/spark/util/Utils.scala` (`loadDefaultSparkProperties` keeps
  keys that start with `spark.`).
- In code: PySpark `python/pyspark/sql/session.py` (`Builder.getOrCreate` sets every option on a new
  `SparkConf`, which stores any key) and Spark `sql/core/src/main/scala/org/apache/spark/sql/internal/SharedState.scala`
  (every SparkConf entry and builder option is copied into the session's Hadoop configuration).
- Livy `server/src/main/scala/org/apache/livy/server/interactive/InteractiveSession.scala` (typed
  fields such as `driverMemory` are request fields, not Spark properties).
- The BOM: `Utils.getPropertiesFromFile` reads the file through `new InputStreamReader(..., UTF_8)`,
  which does not strip U+FEFF (JDK bug JDK-4508058, closed "Won't Fix"); checked with spark-submit
  3.5.9 `--properties-file`: with the mark, `spark.executor.memory 3g` on the first line leaves the
  executors at the default 1g (tests/test_oracle_rules.py).
- EMR: `maximizeResourceAllocation` belongs to the `spark` classification, not `spark-defaults`:
  https://docs.aws.amazon.com/emr/latest/ReleaseGuide/emr-spark-configure.html (shared/reference/platforms.md §2).
- Glue job parameters: https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-glue-arguments.html
  (`--conf` is the one Spark configuration parameter; the others are Glue's own or the script's).
- Environment variables: `spark.executorEnv.[EnvironmentVariableName]` and
  `spark.yarn.appMasterEnv.[EnvironmentVariableName]` (https://spark.apache.org/docs/latest/configuration.html#environment-variables);
  EMR's `spark-env` classification with a nested `export` (shared/reference/platforms.md §2).
- Hadoop settings go through `spark.hadoop.*`: https://spark.apache.org/docs/latest/configuration.html#custom-hadoophive-configuration
"""

from __future__ import annotations

from typing import Iterator, Optional, Tuple

from sparklint.dialects.livy import FIELDS as LIVY_FIELDS
from sparklint.knowledge.catalog import catalog
from sparklint.knowledge.databricks import DIALECTS as DATABRICKS
from sparklint.knowledge.dataproc import DIALECTS as DATAPROC
from sparklint.knowledge.spelling import FuzzyBudget, meant_spark_key, split_key, stray_quote, unset_consequence
from sparklint.knowledge.spark_submit import FLAG_TO_KEY
from sparklint.model import JobConfig
from sparklint.patterns import lazy_pattern
from sparklint.rule import Hit, NoOptions, Rule

# Dialects whose maps may legitimately hold other tools' keys next to Spark's (a generic map found in
# a Helm values file): dropping a key there is not certain, so the rule stays quiet.
# Shapes where other keys may belong to someone else: a generic map of properties, and a properties file
# not named spark-defaults* (an application's config may hold a few spark.* keys beside its own).
# Databricks cluster spark_conf and Dataproc job/batch properties: the platform writes them into the
# cluster's configuration itself, and whether it drops other keys is not documented (Dataproc Serverless
# documents keys of its own without the prefix, such as `dataproc.tier`).
_UNCERTAIN_DIALECTS = {"properties-map", "spark-properties", "airflow-databricks", *DATABRICKS, *DATAPROC}
# Settings made in the application's code (`SparkSession.builder.config`, `SparkConf().set`): nothing drops
# a key there. SparkConf stores any key, and SharedState copies every SparkConf entry and every builder
# option into the Hadoop configuration, where Hadoop, Hive and connectors read their own keys
# (`hive.metastore.uris`, Neo4j's `neo4j.url`). Only a key that is visibly a slip is reported there.
_IN_CODE_DIALECTS = {"pyspark-session", "pyspark-conf"}


def check(config: JobConfig, options: NoOptions) -> Iterator[Hit]:
    if config.dialect in _UNCERTAIN_DIALECTS:
        return
    budget = FuzzyBudget()
    for setting in config.dropped:
        if setting.ref is None:
            continue
        key, near = setting.key, None
        if key.startswith(BOM):
            if not key[1:].startswith("spark."):
                continue  # a BOM before a comment or blank line: a junk key Spark drops, nothing lost
            fix = "Save the file as UTF-8 without a byte-order mark (BOM)."
            why = ("the file starts with a UTF-8 byte-order mark, which Java's Properties reader keeps as part "
                   "of the first key")
        elif key == "maximizeResourceAllocation":
            fix = ("Move it to the EMR classification 'spark': "
                   "{\"Classification\": \"spark\", \"Properties\": {\"maximizeResourceAllocation\": \"true\"}}.")
            why = ("it is an EMR setting of the 'spark' classification, which EMR reads to size executors; in "
                   "spark-defaults it is an ordinary key")
        elif _ENVIRONMENT_VARIABLE.fullmatch(key):
            fix = (f"Set it as an environment variable: spark.executorEnv.{key} for executors, "
                   f"spark.yarn.appMasterEnv.{key} for a YARN cluster-mode driver, or on EMR in the spark-env "
                   "classification's nested export.")
            why = f"{key} looks like an environment variable, and a Spark property is not one"
        elif key.startswith("--spark."):
            fix = (f"Pass it in the job's --conf argument instead: \"--conf\" = \"{key[2:]}=... --conf ...\" "
                   "(several settings chained in one value).")
            why = ("a Glue job argument is handed to the script, and only the --conf argument reaches the "
                   "SparkConf")
        elif key.lower().startswith("spark."):
            fix = f"Write the key as {'spark.' + key[6:]!r}: keys are case-sensitive."
            why = "keys are case-sensitive and only keys starting with lower-case 'spark.' are applied"
        elif (stray := stray_quote(key)) is not None:
            near = (stray.name, False) if catalog().known(stray.name, catalog().version(config.spark_version)) else None
            fix = f"Remove the quote{'s' if stray.where == 'both' else ''} so the key reads {stray.name}."
            why = (f"it starts with a stray quote character ({stray.quote}), which Spark keeps as part of the key, so "
                   "the key does not start with 'spark.', and only keys that do are applied")
        elif "--" + key in FLAG_TO_KEY:
            if key == "master" and config.dialect == "airflow-spark-submit":
                fix = ("Set the master on the Spark connection (conn_id): SparkSubmitOperator always passes the "
                       "connection's --master, which beats spark.master in conf.")
            else:
                fix = f"Use {FLAG_TO_KEY['--' + key]!r}, the property spark-submit's --{key} sets."
            why = f"{key!r} is the name of a spark-submit option (--{key}), not a Spark property"
        elif key in LIVY_FIELDS:
            fix = (f"Move {key!r} out of conf to the top level of the request, or use "
                   f"{LIVY_FIELDS[key]!r} inside conf.")
            why = f"{key!r} is a Livy request field, not a Spark property"
        elif (near := _meant(config, key, setting.value, budget)) is not None:
            meant, split = near
            if split:
                fix = f"Remove the blank so the key reads {meant}."
                why = (f"a blank after {key!r} split {meant}, and Java's Properties reader ends a key at the first "
                       f"blank, so the key is {key!r} and the rest of the line its value")
            else:
                fix = f"Use {meant}."
                why = (f"Spark stores it but reads no such key; did you mean {meant}?"
                       if config.dialect in _IN_CODE_DIALECTS else
                       f"only keys starting with 'spark.' are applied; did you mean {meant}?")
        elif config.dialect in _IN_CODE_DIALECTS:
            continue  # kept in the SparkConf and the Hadoop configuration: another library may read it
        else:
            fix = (f"Use 'spark.hadoop.{key}' for a Hadoop setting, or the Spark property that "
                   f"controls it; otherwise delete it.")
            why = "only keys starting with 'spark.' are applied"
        stays = unset_consequence(near[0], config, catalog().version(config.spark_version)) if near else ""
        yield Hit(f"Spark ignores {key!r} here ({why}); the job runs without this setting{stays}", fix,
                  at=setting.ref.key())


def _meant(config: JobConfig, key: str, value: str, budget: FuzzyBudget) -> Optional[Tuple[str, bool]]:
    """The Spark key a dropped key is a near-miss of (`spark-master`, `spark_executor_memory`), or that a
    blank split (`spark executor.memory 4g`), with True for a split; None when no known key is that close."""
    version = catalog().version(config.spark_version)
    fuzzy = budget.allows(key)
    split = split_key(key, value, version, fuzzy)
    if split is not None:
        return split, True
    meant = meant_spark_key(key, version, fuzzy)
    return (meant, False) if meant is not None else None


BOM = "\ufeff"
# JAVA_HOME, PYSPARK_PYTHON: the shape of an environment variable.
_ENVIRONMENT_VARIABLE = lazy_pattern(r"[A-Z][A-Z0-9]*_[A-Z0-9_]*")


RULE = Rule(
    id="SL004",
    name="ignored-non-spark-key",
    severity="warning",
    summary="A key Spark drops: no spark. prefix, SPARK. casing, or a Livy field inside conf.",
    check=check,
    docs=__doc__ or "",
)
