"""SL003 unknown-property: a `spark.*` key the selected Spark version does not know.

## What it flags
A `spark.*` key that is neither registered in the selected Spark version's configuration registry
nor read by Spark by name, nor under a namespace where any suffix is legal (`spark.hadoop.*`,
`spark.executorEnv.*`, `spark.sql.catalog.<name>.*`, `spark.emr-serverless.*`, connector namespaces
such as Delta's or Iceberg's). It suggests the known key it is closest to
(`spark.dynamicAllocation.enable` → `spark.dynamicAllocation.enabled`, `spark.executor.memmory` →
`spark.executor.memory`, `spark.executor_memory` → `spark.executor.memory`), and says when the key exists
only in other Spark versions. Keys that were deprecated or removed are SL005's.

A key that ends at a dot (`spark.`) is a key a blank split: `spark. executor.memory 4g` is read as the
key `spark.` with the value `executor.memory 4g`, so `spark.executor.memory` is not set. The message
names the key the line meant when Spark knows it.

Keys that platforms and table formats read (sparklint/knowledge/platform_keys.py, each family with its
doc): EMR's `spark.pyspark.virtualenv.*`, `spark.emr.*` and the keys EMR writes into spark-defaults.conf,
Azure Synapse's `spark.synapse.*`, AWS Glue's `spark.glue.*`, Dataproc's `spark.dataproc.*`. They are
quiet where the platform applies (and where the platform is not known), a near-miss of a key the family
documents is reported (`spark.pyspark.virtualenv.bin.pth`), and on another platform the message says
nothing there reads it (an EMR key in a SparkApplication whose image is not an EMR on EKS image). A
class in `spark.sql.extensions` or `spark.sql.catalog.<name>` that is a near-miss of one Delta, Iceberg
or Hudi ships (`io.delta.sql.DeltaSparkSessionExtensions`) is reported too.

A key that is no near-miss of a Spark key and that the repository's own code reads by name
(`conf.get("spark.myapp.checkpoint.dir")`, `getConf().getInt("spark.myapp.batch", 100)` in a `.py`,
`.scala`, `.java`, `.kt` or notebook file) is the application's own setting, passed through the SparkConf:
it is not reported.

It also flags, in any namespace, a key that cannot be a property name because it holds whitespace,
brackets, quotes, `=`, `;` or `,`: typically code written as a key (`"spark.conf.set('k', 'v')" = "true"`
in a cluster's Spark config). Only the part before that character is shown, since the rest may hold a
value. A name with a quote stuck to its end (`spark.executor.cores"`, or a typographic `”` pasted from a
document or a web page) is named as such: Spark keeps the quote as part of the key (a properties file has
no quoting; in YAML, JSON or a `--conf` the quote is inside the key's string), so the property is not set.
One at the start is SL004's (the key does not start with `spark.`).

## Why is this bad?
Spark accepts any `spark.*` key without a word and simply never reads a misspelt one: the job runs
with the default. A typo in `spark.dynamicAllocation.enabled` leaves dynamic allocation off; a key
from a newer Spark does nothing on an older one.

## Example
```conf spark-defaults.conf
spark.dynamicAllocation.enable true
```

## Use instead
```conf spark-defaults.conf
spark.dynamicAllocation.enabled true
```

## Fix safety
When exactly one known key is close (the did-you-mean) and the written key is that key with at most two
letters added, dropped or changed (case and separators aside: `spark.executr.cores`), renaming to it is an
unsafe fix: it is a guess at what the author meant, and the value starts to take effect. A suggestion
that only shares the namespace (`spark.streaming.dynamicAllocation.debug`, near the internal
`...testing`) stays in the message and gets no edit. A key that ends in a stray quote
(`spark.executor.cores"`) is renamed to the key without it, unsafe too, when Spark knows that key and the
config does not set it elsewhere. Nothing else is fixed.

## Options
None. Set `spark-version` in the configuration (or `--spark-version`) to judge against your Spark.

## References
- The registry of every version from 3.3 to 4.3, read from Spark's jars (`ConfigEntry.knownConfigs`
  after loading `core/src/main/scala/org/apache/spark/internal/config/package.scala`, `SQLConf`, ...)
  by `tools/gen_catalog.py`; keys read by plain string from https://spark.apache.org/docs/latest/configuration.html
- Spark stores any key it is given: `core/src/main/scala/org/apache/spark/SparkConf.scala` (`set`), and
  spark-submit passes on every `spark.*` key (`SparkSubmitArguments.ignoreNonSparkProperties` drops only
  the others), so an application can read its own `spark.*` settings back.
- Platform and table-format keys: the sources in `sparklint/knowledge/platform_keys.py`; Spark skips an
  extension class it cannot load: `sql/core/src/main/scala/org/apache/spark/sql/SparkSession.scala`
  (`applyExtensions`: "Cannot use ... to configure session extensions").
- A properties key ends at the first unescaped blank, `=` or `:`: `java.util.Properties.load`
  (https://docs.oracle.com/javase/8/docs/api/java/util/Properties.html#load-java.io.Reader-), which
  `Utils.getPropertiesFromFile` uses for spark-defaults.conf.
"""

from __future__ import annotations

import functools
import re
from typing import Iterator, Optional

from sparklint.fix.intent import rename_key
from sparklint.knowledge.catalog import catalog, is_open_namespace
from sparklint.knowledge.obsolete import obsolete
from sparklint.knowledge.platform_keys import Verdict, judge, kubernetes_image, misspelt_classes
from sparklint.knowledge.spelling import (FuzzyBudget, StrayQuote, closest_key, is_typo, split_key, stray_quote,
                                          unset_consequence)
from sparklint.patterns import lazy_pattern
from sparklint.model import JobConfig, Setting
from sparklint.rule import Hit, NoOptions, Rule

# Keys people write for the environment of the driver, which exist under another name per cluster manager.
_HINTS = {
    "spark.driverEnv.": "spark.kubernetes.driverEnv.<NAME> on Kubernetes, spark.yarn.appMasterEnv.<NAME> on YARN, "
                        "spark.emr-serverless.driverEnv.<NAME> on EMR Serverless",
}


_ONE_KEY = lazy_pattern(r"spark\.[\w.\-]+")  # a suggestion that is one key (not "A on YARN, B on ...")

# Characters no Spark property name has: whitespace, brackets of a call, quotes, `=`, `;`, `,`.
_NOT_A_NAME = re.compile(r"[\s()'\";=,\x00-\x1f\x7f-\x9f]")  # blanks, code, control characters

# Keys Spark sets itself when the application starts (core/src/main/scala/org/apache/spark/SparkContext.scala
# writes spark.app.id and spark.app.startTime into the conf; SparkEnv sets spark.executor.id).
_SET_BY_SPARK = {"spark.app.id", "spark.app.startTime", "spark.executor.id"}
# Job-level properties that share the spark.* prefix (SparkContext.setLocalProperty). Whether a value in
# the configuration is read is unsure, so these are not reported.
_LOCAL_PROPERTIES = {"spark.scheduler.pool", "spark.job.description", "spark.jobGroup.id",
                     "spark.job.interruptOnCancel", "spark.sql.execution.id"}


def _suggestion(key: str, version: str, budget: FuzzyBudget) -> Optional[str]:
    """The known key `key` is most likely a misspelling of, or None (sparklint.knowledge.spelling)."""
    for prefix, hint in _HINTS.items():
        if key.startswith(prefix):
            return hint
    return closest_key(key, version, budget.allows(key))


def _read_by_code(key: str, config_path: str) -> bool:
    # Imported here: the search of the repository's code (and its imports) is for a key nothing else explains.
    from sparklint.code_reads import read_by_code

    return read_by_code(key, config_path)


def _other_versions(key: str, version: str) -> str:
    where = [other for other in catalog().versions if other != version and catalog().known(key, other)]
    return f" (it exists in Spark {', '.join(where)})" if where else ""


def check(config: JobConfig, options: NoOptions) -> Iterator[Hit]:
    spark = catalog()
    version = spark.version(config.spark_version)
    budget = FuzzyBudget()
    for setting in config.written():
        key = setting.key
        for written, meant in misspelt_classes(key, setting.value):
            yield _misspelt_class(key, written, meant, setting)
        if _accounted_for(key, version):
            continue
        at = setting.ref.key() if setting.ref else setting
        stray = stray_quote(key)
        if stray is not None:  # ends in a quote (one at the start makes a key Spark drops: SL004's)
            yield _stray_quote(stray, setting, config, version, at, budget)
            continue
        odd = _NOT_A_NAME.search(key)
        if odd is not None:
            # Only the part before the odd character is shown: the rest may hold a value (a secret, even).
            yield Hit(f"the key {key[:odd.start()]!r}… is not a property name: it holds {odd.group()!r}, which no "
                      f"Spark property has, so Spark stores it and nothing reads it (code such as "
                      f"spark.conf.set('k', 'v') written as a key?)",
                      "Write the property's name as the key and its value as the value.", at=at)
            continue
        if key in _SET_BY_SPARK:
            yield Hit(f"{key} is set by Spark itself when the application starts (SparkContext), so the value "
                      f"written here is replaced", f"Delete {key}.", at=at)
            continue
        if key.endswith("."):
            yield _split(config, setting.value, version, at, key, budget)
            continue
        verdict = judge(key, config)
        if verdict is not None:
            yield from _platform_key(verdict, key, config, at)
            continue
        suggestion = _suggestion(key, version, budget)
        if suggestion is None and (is_open_namespace(key) or _namespace(key) not in _namespaces(version)):
            # Under an open namespace, or a namespace Spark has no key in at all (spark.armada.* of a
            # third-party scheduler backend, a plugin's own keys): not a typo of a Spark key.
            continue
        if suggestion is not None and is_open_namespace(key) and is_open_namespace(suggestion):
            continue
        if suggestion is None and _read_by_code(key, config.path):
            continue  # the application's own setting: its code reads it back (sparklint/code_reads.py)
        mean = f"; did you mean {suggestion}?" if suggestion else ""
        fix = (f"Use {suggestion}." if suggestion and " " not in suggestion else
               f"Use {suggestion}." if suggestion else "Check the spelling against the Spark documentation, or "
                                                       "delete the key.")
        yield Hit(f"Spark {version} has no property {key}{_other_versions(key, version)}: it is stored but never "
                  f"read, so it has no effect{mean}", fix, at=at,
                  edit=rename_key(setting, suggestion, safe=False) if suggestion and _ONE_KEY.fullmatch(suggestion)
                  and is_typo(key, suggestion)
                  and config.effective(suggestion) is None else None)


def _platform_key(verdict: Verdict, key: str, config: JobConfig, at: object) -> Iterator[Hit]:
    """A key of a platform's or table format's family: quiet where it applies, unless it misspells one the
    family documents; elsewhere, nothing reads it."""
    family = verdict.family
    if verdict.meant is not None:
        yield Hit(f"{key} is not a key {family.name} reads ({family.doc}); did you mean {verdict.meant}? As written "
                  "it is stored and never read, so it has no effect", f"Use {verdict.meant}.",
                  at=at)  # type: ignore[arg-type]
    elif not verdict.applies:
        article = "an" if family.name[0] in "AEIOU" else "a"
        yield Hit(f"{key} is {article} {family.name} setting ({family.doc}), and this config runs on "
                  f"{_where(config)}, where nothing reads it: it has no effect",
                  f"Delete {key} here, or set it where the job runs on {family.name}.", at=at)  # type: ignore[arg-type]


def _where(config: JobConfig) -> str:
    if config.platform == "kubernetes":
        image = kubernetes_image(config)
        shown = f"image {image!r}, not an EMR on EKS image" if image else "no image named here"
        return f"Kubernetes ({config.platform_source or 'SparkApplication'}, {shown})"
    return f"{config.platform} ({config.platform_source})" if config.platform_source else config.platform


def _misspelt_class(key: str, written: str, meant: str, setting: Setting) -> Hit:
    if key == "spark.sql.extensions":
        what = ("Spark cannot load it, logs \"Cannot use ... to configure session extensions\" and starts the "
                "session without the extension")
    elif key == "spark.sql.catalog.spark_catalog":
        what = ("Spark cannot load it, logs \"Fail to instantiate the custom v2 session catalog\" and falls back to "
                "its built-in session catalog (CatalogManager.v2SessionCatalog)")
    else:
        what = "Spark cannot load the catalog plugin, and the catalog fails when it is first used (Catalogs.load)"
    return Hit(f"{key} names {written}, which no table format ships; did you mean {meant}? {what}",
               f"Use {meant}.", at=setting)


def _stray_quote(stray: StrayQuote, setting: Setting, config: JobConfig, version: str, at: object,
                 budget: FuzzyBudget) -> Hit:
    """A name with a quote stuck to its end (`spark.executor.cores"`, `spark.executor.memory”` pasted from a
    document): the quote is part of the key Spark stores."""
    key, name, edit = setting.key, stray.name, None
    meant = name if _accounted_for(name, version) or is_open_namespace(name) else _suggestion(name, version, budget)
    if meant is None or not _ONE_KEY.fullmatch(meant):
        unset, fix = "", "Remove the quote and check the key against the Spark documentation."
    elif meant == name:
        unset = f", so this line does not set {name}{unset_consequence(name, config, version)}"
        fix = f"Remove the quote so the key reads {name}."
        edit = rename_key(setting, name, safe=False) if config.effective(name) is None else None
    else:
        unset, fix = f"; without the quote it would still misspell {meant}", f"Remove the quote and use {meant}."
    return Hit(f"the key {key!r} ends in a stray quote character ({stray.quote}), which Spark keeps as part of the "
               f"name: it stores {key!r} and nothing reads it{unset}", fix, at=at, edit=edit)  # type: ignore[arg-type]


def _split(config: JobConfig, value: str, version: str, at: object, key: str, budget: FuzzyBudget) -> Hit:

    """A key that ends at a dot: a blank split it (`spark. executor.memory 4g`). Only the meant key's name is
    shown, and only when Spark knows it: the rest of the line is a value (a secret, even)."""
    meant = split_key(key, value, version, budget.allows(key))
    if meant is None:
        rest = " with the rest of the line as its value" if value.strip() else ""
        return Hit(f"the key {key!r} ends at a dot, so it names no property (a blank after the dot splits a key "
                   f"in two): Spark stores {key!r}{rest}, and nothing reads it",
                   "Write the property's full name without blanks, or delete the line.", at=at)  # type: ignore[arg-type]
    stays = unset_consequence(meant, config, version)
    return Hit(f"the key {key!r} ends at a dot: a blank after it split {meant}, so Spark stores the key {key!r} "
               f"with the rest of the line as its value, nothing reads it, and this line does not set "
               f"{meant}{stays}", f"Remove the blank so the key reads {meant}.", at=at)  # type: ignore[arg-type]


@functools.lru_cache(maxsize=16384)
@functools.lru_cache(maxsize=16384)  # asked of every written key; the same keys recur in every file
def _accounted_for(key: str, version: str) -> bool:
    """A key Spark knows, or SL005 reports, or a job-level property: not this rule's business."""
    spark = catalog()
    return bool(spark.known(key, version) or spark.deprecation(key, version) or obsolete(key)
                or key in _LOCAL_PROPERTIES)


def _namespace(key: str) -> str:
    """The second segment: "spark.sql.shuffle.partitions" -> "sql"."""
    parts = key.split(".", 2)
    return parts[1] if len(parts) > 2 else ""


@functools.lru_cache(maxsize=None)
def _namespaces(version: str) -> frozenset:
    return frozenset(_namespace(key) for key in catalog().keys(version))


RULE = Rule(
    id="SL003",
    name="unknown-property",
    severity="warning",
    summary="A spark.* key unknown to the selected Spark version (typo, wrong version or platform).",
    check=check,
    docs=__doc__ or "",
    kinds=("job", "session", "defaults", "application", "key-list"),  # key-list: Livy spark-blacklist.conf names
)
