"""Regenerate sparklint's property catalog (`sparklint/data/catalog.json`) from Spark's own jars.

    python tools/gen_catalog.py --out sparklint/data/catalog.json

For each supported Spark minor (3.3 and newer; the newest patch release of each minor found on PyPI)
it downloads the `pyspark` sdist, which bundles Spark's jars under `deps/jars/`, unpacks only those
jars, and runs `tools/SparkConfigDump.java` on them. That program initialises every config-holder
object (each Scala `object` under `org/apache/spark` whose bytecode mentions `ConfigBuilder`: `package$`,
`Deploy$`, `History$`, …, YARN `config.package$`, K8s `Config$`, `SQLConf$`, `StaticSQLConf$`,
`HiveUtils$`, Connect's when bundled) and reads `ConfigEntry.knownConfigs` plus the deprecation tables
of `SparkConf` and `SQLConf`. It writes raw facts (keys, kinds, default strings, probe results); this
script decides types and units and writes one compact JSON file.

Why a small Java program and not py4j through pyspark: it needs only `javac`/`java` (JDK 17) and the
jars, not a working pyspark install for each version in a matching Python (pyspark 3.3 predates
Python 3.11's changes, and `launch_gateway` wants a full SPARK_HOME with `bin/spark-submit`); it uses
reflection only, so one source works for Scala 2.12 (Spark 3.x) and 2.13 (Spark 4.x); and it starts
no SparkContext, so nothing binds ports or reads the user's Spark configuration.

Types are found by feeding each entry's `valueConverter` sample strings ("true", "10", "0.5", "1k",
"1s", "zz_sparklint_probe", …) and looking at the class of what it returns; the default unit of size
and time entries by the number "1g" or "1d" converts to. Enum values are found by walking what the
converter's closures captured (`TypedConfigBuilder.checkValues` keeps its `Set`); values checked by
a plain `checkValue(v => Set(...).contains(v))` closure are not introspectable and are left out.
Only keys, types and numbers are kept, never Spark's documentation text.

Keys that Spark reads by plain string (not ConfigEntries) come from the `n/r` rows of the project's
reference table `shared/reference/spark-properties.tsv` (`--properties-tsv`), with their documented
type; documented keys that a version's jars do not register yet (e.g. `spark.default.parallelism`
before 4.0, `spark.connect.*` in 3.4/3.5 whose server jar pyspark does not bundle) are marked
"documented" for the versions from their documented since-version up to the first that registers them.

Downloads (~300 MB per version) go to a cache directory and are deleted after use unless
`--keep-downloads`; the per-version dumps (~1 MB) stay there, so a re-run without `--refresh` takes
seconds. A full run from scratch takes about a minute per version.

The data file's layout is described in `sparklint/knowledge/catalog.py`, which reads it.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Tuple

from sparklint.knowledge import units

REPO = Path(__file__).resolve().parent.parent
JAVA_SOURCE = Path(__file__).resolve().parent / "SparkConfigDump.java"
DEFAULT_OUT = REPO / "sparklint" / "data" / "catalog.json"
DEFAULT_PROPERTIES_TSV = REPO.parent / "shared" / "reference" / "spark-properties.tsv"
DEFAULT_CACHE = Path(tempfile.gettempdir()) / "sparklint-catalog-cache"
OLDEST_MINOR = (3, 3)
FORMAT = 1

# Flag bits of a key variant and of a deprecation variant; sparklint/knowledge/catalog.py mirrors them.
KEY_PUBLIC, KEY_READ_BY_STRING, KEY_DOCUMENTED_ONLY, KEY_COMPUTED_DEFAULT, KEY_IGNORE_CASE = 1, 2, 4, 8, 16
DEP_CONF_ALTERNATIVE = 1    # SparkConf.configsWithAlternatives: the old key is still read
DEP_ENTRY_ALTERNATIVE = 2   # ConfigBuilder.withAlternative: typed reads still honour the old key
DEP_CONF_DEPRECATED = 4     # SparkConf.deprecatedConfigs: a warning only
DEP_SQL_DEPRECATED = 8      # SQLConf.deprecatedSQLConfigs
DEP_SQL_REMOVED = 16        # SQLConf.removedSQLConfigs: only the value it had when removed is accepted
DEP_TRANSLATED = 32         # the old key's value is translated (e.g. spark.kryoserializer.buffer.mb)
DEP_NOT_USED = 64           # Spark's message says the key is not used any more

BYTE_SAMPLES = {"1t": 1 << 40, "1g": 1 << 30, "1m": 1 << 20, "1k": 1 << 10}
BYTE_UNITS = {1: "B", 1 << 10: "KiB", 1 << 20: "MiB", 1 << 30: "GiB", 1 << 40: "TiB"}
NS = {"1d": 86_400 * 10**9, "1h": 3_600 * 10**9, "1min": 60 * 10**9, "1s": 10**9, "1ms": 10**6}
TIME_UNITS = {1: "ns", 10**3: "us", 10**6: "ms", 10**9: "s", 60 * 10**9: "min", 3_600 * 10**9: "h",
              86_400 * 10**9: "d"}
CLASS_TYPES = {
    "java.lang.Boolean": "boolean", "java.lang.Integer": "int", "java.lang.Double": "double",
    "java.lang.Float": "double", "java.math.BigDecimal": "decimal", "scala.math.BigDecimal": "decimal",
    "java.lang.String": "string", "scala.util.matching.Regex": "regex",
}
KEY_PATTERN = re.compile(r"spark\.[A-Za-z0-9_.\-{}*,]*[A-Za-z0-9_}*]")


def log(message: str) -> None:
    print(message, flush=True)


# ---------------------------------------------------------------- versions and downloads

def pypi_versions() -> List[str]:
    """Released pyspark versions, newest first, as `pip index versions` lists them."""
    result = subprocess.run([sys.executable, "-m", "pip", "index", "versions", "pyspark"],
                            capture_output=True, text=True, check=True)
    match = re.search(r"Available versions:\s*(.+)", result.stdout)
    if match is None:
        raise SystemExit(f"cannot read pyspark versions from pip:\n{result.stdout}{result.stderr}")
    return [v.strip() for v in match.group(1).split(",") if re.fullmatch(r"\d+\.\d+\.\d+", v.strip())]


def newest_patches(available: Iterable[str], minors: Optional[List[str]]) -> Dict[str, str]:
    """{"3.5": "3.5.9", ...} for every minor at or above OLDEST_MINOR (or the ones asked for)."""
    best: Dict[Tuple[int, int], Tuple[int, int, int]] = {}
    for version in available:
        major, minor, patch = (int(p) for p in version.split("."))
        if (major, minor) < OLDEST_MINOR:
            continue
        if best.get((major, minor), (0, 0, -1)) < (major, minor, patch):
            best[(major, minor)] = (major, minor, patch)
    chosen = {f"{m[0]}.{m[1]}": ".".join(map(str, v)) for m, v in sorted(best.items())}
    if minors:
        missing = [m for m in minors if m not in chosen]
        if missing:
            raise SystemExit(f"no pyspark release for {missing}; available minors: {sorted(chosen)}")
        chosen = {m: chosen[m] for m in minors}
    return chosen


def download_jars(version: str, work: Path) -> Path:
    """Download pyspark==version and unpack only its Spark jars; returns the jars directory."""
    downloads = work / "download"
    downloads.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "pip", "download", f"pyspark=={version}", "--no-deps",
                    "--no-binary", ":all:", "--no-cache-dir", "-q", "-d", str(downloads)],
                   check=True)
    archives = list(downloads.glob(f"pyspark-{version}*"))
    if not archives:
        raise SystemExit(f"pip downloaded nothing for pyspark=={version}")
    jars = work / "jars"
    jars.mkdir(exist_ok=True)
    with tarfile.open(archives[0]) as archive:
        for member in archive:
            # sdists carry deps/jars/ (3.x, 4.x); some builds use pyspark/jars/.
            if member.isfile() and member.name.endswith(".jar") and "/jars/" in member.name:
                member.name = Path(member.name).name
                archive.extract(member, jars)
    for archive_path in archives:
        archive_path.unlink()
    if not any(jars.glob("spark-core*.jar")):
        raise SystemExit(f"pyspark=={version} carries no spark-core jar")
    return jars


def compile_dumper(cache: Path) -> Path:
    classes = cache / "classes"
    stamp = classes / ".source"
    source = JAVA_SOURCE.read_text()
    if stamp.exists() and stamp.read_text() == source:
        return classes
    shutil.rmtree(classes, ignore_errors=True)
    classes.mkdir(parents=True)
    subprocess.run(["javac", "-d", str(classes), str(JAVA_SOURCE)], check=True)
    stamp.write_text(source)
    return classes


def dump_version(version: str, cache: Path, refresh: bool, keep_downloads: bool) -> dict:
    dump_path = cache / f"dump-{version}.json"
    if dump_path.exists() and not refresh:
        return json.loads(dump_path.read_text())
    classes = compile_dumper(cache)
    work = cache / f"pyspark-{version}"
    jars = work / "jars"
    if not any(jars.glob("spark-core*.jar")):
        shutil.rmtree(work, ignore_errors=True)
        log(f"  downloading pyspark=={version} ...")
        jars = download_jars(version, work)
    # Two runs in different environments (heap, cores, time zone, working directory): a default that
    # differs between them is computed from the JVM or host (spark.testing.memory, spark.sql.warehouse.dir,
    # heap fractions ...) and is not a fact about Spark.
    environments = [["-Xmx1g", "-XX:ActiveProcessorCount=2", "-Duser.timezone=UTC"],
                    ["-Xmx1536m", "-XX:ActiveProcessorCount=3", "-Duser.timezone=Asia/Kolkata"]]
    outputs = [dump_path.with_suffix(".part"), cache / f"dump-{version}-env2.json"]
    try:
        for options, output in zip(environments, outputs):
            run_dir = Path(tempfile.mkdtemp(prefix="sparklint-dump-"))
            try:
                command = ["java", *options, "-cp", f"{jars}/*:{classes}", "SparkConfigDump", str(jars), str(output)]
                result = subprocess.run(command, cwd=run_dir, capture_output=True, text=True, timeout=900)
            finally:
                shutil.rmtree(run_dir, ignore_errors=True)
            if result.returncode != 0:
                raise SystemExit(f"SparkConfigDump failed for {version}:\n{result.stderr[-4000:]}")
    finally:
        if not keep_downloads:
            shutil.rmtree(work, ignore_errors=True)
    dump = json.loads(outputs[0].read_text())
    other = {e["key"]: e.get("default_string") for e in json.loads(outputs[1].read_text())["entries"]}
    dump["environment_dependent"] = sorted(
        e["key"] for e in dump["entries"] if other.get(e["key"], e.get("default_string")) != e.get("default_string"))
    dump_path.write_text(json.dumps(dump))
    outputs[0].unlink()
    outputs[1].unlink()
    return dump


# ---------------------------------------------------------------- deciding types

def accepted(entry: dict) -> Dict[str, Tuple[str, Optional[str]]]:
    return {sample: (res[0], res[1]) for sample, res in entry["probes"].items() if res[0] != "!"}


def classify(entry: dict) -> Tuple[Optional[str], str]:
    """(type, unit) of one registry entry from its probe results; type None when undecidable."""
    results = accepted(entry)
    classes = Counter(cls for cls, _ in results.values())
    cls = entry.get("default_class") or (classes.most_common(1)[0][0] if classes else None)
    restricted = entry["probes"]["zz_sparklint_probe"][0] == "!"
    if entry.get("default_enum") or (cls in (None, "java.lang.String") and entry.get("enum_values") and restricted):
        return "enum", ""  # a Java or Scala enum (enumConf), or a string checked against a set
    if cls is None:
        return None, ""
    if cls == "java.lang.Long":
        # "1m" is a mebibyte to a size entry and a minute to a time entry: it decides only when no
        # sample unique to the other kind was accepted.
        time_like = any(sample in results for sample in NS)
        for sample, bytes_count in BYTE_SAMPLES.items():
            if sample in results and not (sample == "1m" and time_like):
                value = int(results[sample][1] or 0)
                if value > 0 and bytes_count % value == 0 and bytes_count // value in BYTE_UNITS:
                    return "bytes", BYTE_UNITS[bytes_count // value]
        for sample, nanos in NS.items():
            if sample in results:
                value = int(results[sample][1] or 0)
                if value > 0 and nanos % value == 0 and nanos // value in TIME_UNITS:
                    return "time", TIME_UNITS[nanos // value]
        return "long", ""
    if cls in CLASS_TYPES:
        return CLASS_TYPES[cls], ""
    if cls.startswith("scala.collection") or cls.startswith("java.util"):
        return "list", ""
    if "Enumeration" in cls:
        return "enum", ""
    return "string", ""


def default_of(entry: dict, dump: dict) -> Tuple[object, bool]:
    """(default, computed): a string, None (no default), or (fallback key,); computed: derived from the JVM/host."""
    kind = entry["kind"]
    text = entry.get("default_string")
    if entry.get("fallback"):
        return (entry["fallback"],), False
    if kind == "OptionalConfigEntry" or text == "<undefined>":
        return None, False
    if kind == "ConfigEntryWithDefaultFunction":
        return None, True
    if entry["key"] in dump["environment_dependent"]:
        return None, True
    return text, False


def enum_values(entry: dict, kind: str) -> Optional[List[str]]:
    values = entry.get("enum_values")
    if not values:
        return None
    if kind == "string":  # a captured Set that does not restrict the value
        return None
    if kind in ("int", "long"):
        return sorted(values, key=int)
    return sorted(values)


def replacement_in(message: Optional[str], old_key: str) -> Optional[str]:
    """The first Spark key named in a deprecation message, other than the old key itself."""
    for match in KEY_PATTERN.finditer(message or ""):
        key = match.group(0).rstrip(".")
        if key != old_key:
            return key
    return None


def not_used_any_more(message: Optional[str]) -> bool:
    return bool(re.search(r"not used any ?more|no longer used|not supported any ?more|has no effect",
                          message or "", re.IGNORECASE))


# ---------------------------------------------------------------- building the catalog

def version_entries(dump: dict) -> Dict[str, tuple]:
    """key -> (type, unit, since, flags, default, alternatives, values) for one version."""
    entries = {entry["key"]: entry for entry in dump["entries"]}
    decided: Dict[str, Tuple[Optional[str], str]] = {key: classify(entry) for key, entry in entries.items()}
    for key, entry in entries.items():  # a fallback entry shares its parent's converter and type
        cursor, hops = entry, 0
        while decided[key][0] is None and cursor.get("fallback") in entries and hops < 10:
            cursor, hops = entries[cursor["fallback"]], hops + 1
            decided[key] = decided[cursor["key"]]
    result = {}
    for key, entry in entries.items():
        kind, unit = decided[key]
        kind = kind or "string"
        default, computed = default_of(entry, dump)
        flags = (KEY_PUBLIC if entry["public"] else 0) | (KEY_COMPUTED_DEFAULT if computed else 0)
        values = enum_values(entry, kind)
        if values and entry.get("enum_ignore_case"):
            flags |= KEY_IGNORE_CASE
        result[key] = (kind, unit, entry["version"], flags, default,
                       tuple(entry["alternatives"]) or None, tuple(values) if values else None)
    return result


def version_deprecations(dump: dict, entries: Dict[str, tuple]) -> Dict[str, tuple]:
    """old key -> (replacement, since, flags, value when removed) for one version."""
    found: Dict[str, dict] = {}

    def note(key: str, bit: int, replacement: Optional[str] = None, since: Optional[str] = None,
             removed_value: Optional[str] = None) -> None:
        record = found.setdefault(key, {"flags": 0, "replacement": None, "since": None, "removed": None})
        record["flags"] |= bit
        record["replacement"] = record["replacement"] or replacement
        record["since"] = record["since"] or since
        record["removed"] = record["removed"] if removed_value is None else removed_value

    for item in dump["configs_with_alternatives"]:
        bit = DEP_CONF_ALTERNATIVE | (DEP_TRANSLATED if item["translated"] else 0)
        note(item["key"], bit, item["replacement"], item["version"])
    for key, (_, _, _, _, _, alternatives, _) in sorted(entries.items()):
        for alternative in alternatives or ():
            note(alternative, DEP_ENTRY_ALTERNATIVE, key)
    for item in dump["deprecated_configs"]:
        message = item.get("deprecationMessage")
        bit = DEP_CONF_DEPRECATED | (DEP_NOT_USED if not_used_any_more(message) else 0)
        note(item["key"], bit, replacement_in(message, item["key"]), item["version"])
    for item in dump["deprecated_sql_configs"]:
        note(item["key"], DEP_SQL_DEPRECATED, replacement_in(item.get("comment"), item["key"]), item["version"])
    for item in dump["removed_sql_configs"]:
        note(item["key"], DEP_SQL_REMOVED, replacement_in(item.get("comment"), item["key"]), item["version"],
             item.get("defaultValue") or "")
    return {key: (r["replacement"], r["since"], r["flags"], r["removed"]) for key, r in found.items()}


def version_tuple(text: str) -> Tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text)[:3])


DOC_TYPES = {"string", "int", "long", "double", "boolean", "bytes", "time", "list", "enum", "regex"}
DOC_UNITS = {"B", "KiB", "MiB", "GiB", "ms", "s", "min", "ns", "us", "h", "d"}


def documented_keys(tsv: Path) -> List[dict]:
    """Rows of spark-properties.tsv that name one concrete key (templated doc keys expanded or skipped)."""
    rows = []
    with tsv.open(newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            key = row["key"]
            if "{driver|executor}" in key:
                # spark.{driver,executor}.rpc.*: SparkTransportConf reads the role's key by string.
                keys = [key.replace("{driver|executor}", role) for role in ("driver", "executor")]
                row = {**row, "reg_default_3.5.9": "n/r"}
            elif any(c in key for c in "{}[]"):
                continue  # templated: covered by OPEN_NAMESPACES in sparklint/knowledge/catalog.py
            else:
                keys = [key]
            for concrete in keys:
                rows.append({**row, "key": concrete})
    return rows


def documented_default(text: str, kind: str, unit: str) -> object:
    """A documented default that is a plain value of the key's type, or (key,) for "value of spark.x"; else None.

    The docs' default column is partly prose ("(none)", "Long.MAX_VALUE", "depends: ..."): only values
    that Spark's own parsers (sparklint.knowledge.units) accept for the type are kept.
    """
    text = text.strip()
    fallback = re.fullmatch(r"\(?(?:value of |fall back on )?(spark\.[A-Za-z0-9_.\-]+)\)?", text, re.IGNORECASE)
    if fallback:
        return (fallback.group(1),)
    if not text or " " in text or text.lower() in ("(none)", "none", "(not set)"):
        return None
    parsers = {"int": units.parse_int, "long": units.parse_int, "boolean": units.parse_bool,
               "double": float, "bytes": units.parse_bytes, "time": units.parse_time_ms}
    try:
        parsers.get(kind, str)(text)
    except ValueError:
        return None
    return text


# common/network-common/src/main/java/org/apache/spark/network/util/TransportConf.java reads each of these
# suffixes as "spark." + module + "." + suffix, by string, for the modules core/.../SparkTransportConf
# builds: "shuffle" (BlockManager, NettyBlockTransferService), "rpc" and "files" (NettyRpcEnv). The docs
# list only some (spark.shuffle.io.maxRetries, spark.rpc.io.backLog); spark.shuffle.io.serverThreads and
# the others are read all the same. Types from the getter each key goes through (getInt, getBoolean,
# timeStringAsSec). All 16 suffixes are in the 3.3.4, 3.5.9, 4.2.1 and 4.3.0 jars; "since" is the oldest
# catalog version checked, not the Spark that added them. A documented row of the same key wins.
TRANSPORT_CONF_SUFFIXES = (
    ("io.mode", "string", ""), ("io.preferDirectBufs", "boolean", ""), ("io.connectionTimeout", "time", "s"),
    ("io.connectionCreationTimeout", "time", "s"), ("io.backLog", "int", ""), ("io.numConnectionsPerPeer", "int", ""),
    ("io.serverThreads", "int", ""), ("io.clientThreads", "int", ""), ("io.receiveBuffer", "int", ""),
    ("io.sendBuffer", "int", ""), ("sasl.timeout", "time", "s"), ("io.maxRetries", "int", ""),
    ("io.retryWait", "time", "s"), ("io.lazyFD", "boolean", ""), ("io.enableVerboseMetrics", "boolean", ""),
    ("io.enableTcpKeepAlive", "boolean", ""),
)
TRANSPORT_CONF_KEYS = tuple(
    {"key": f"spark.{module}.{suffix}", "default": "", "since": "3.3.0", "type": kind, "default_unit": unit,
     "source": "TransportConf.java", "reg_default_3.5.9": "n/r"}
    for module in ("shuffle", "rpc", "files") for suffix, kind, unit in TRANSPORT_CONF_SUFFIXES
)


# Keys Spark reads by string that the documented-properties table leaves out, each with the source that
# reads it (checked in the pyspark jars of every catalog version: the class holds the string).
UNDOCUMENTED_READ_BY_STRING = (
    # core/src/main/scala/org/apache/spark/ui/UIUtils.scala `uiRoot`: sys.props.get("spark.ui.proxyBase"),
    # then env APPLICATION_WEB_PROXY_BASE (SPARK-11484, 1.6.0); deploy/master/Master.scala and
    # deploy/worker/Worker.scala set it for the reverse proxy. spark-submit copies every spark.* setting into
    # the driver's system properties (deploy/SparkApplication.scala JavaMainApplication.start), so it can
    # be written like any property.
    {"key": "spark.ui.proxyBase", "default": "", "since": "1.6.0", "type": "string", "default_unit": "",
     "source": "UIUtils.scala", "reg_default_3.5.9": "n/r"},
    # core/src/main/scala/org/apache/spark/SparkContext.scala `getSparkHome`: conf.getOption("spark.home"),
    # then env SPARK_HOME; SparkConf.setSparkHome writes it. Zeppelin's and Livy's Spark settings carry it.
    {"key": "spark.home", "default": "", "since": "3.3.0", "type": "string", "default_unit": "",
     "source": "SparkContext.scala", "reg_default_3.5.9": "n/r"},
    *TRANSPORT_CONF_KEYS,
)


def merge_documented(per_version: Dict[str, Dict[str, tuple]], rows: List[dict]) -> int:
    """Add keys read by string (`n/r` rows) and documented keys not yet registered; returns how many."""
    versions = list(per_version)
    added = 0
    for row in rows:
        key = row["key"]
        since = row["since"].strip()
        if not re.fullmatch(r"\d+\.\d+(\.\d+)?", since):
            continue
        read_by_string = "n/r" in (row.get("reg_default_3.5.9"), row.get("reg_default_4.0.1"),
                                   row.get("reg_default_4.3.0"))
        registered = [v for v in versions if key in per_version[v]]
        if not read_by_string and not row["source"].endswith(".md"):
            continue  # the SQL rows come from the registry itself
        first_registered = version_tuple(registered[0]) if registered else (99,)
        kind = row["type"] if row["type"] in DOC_TYPES else "string"
        unit = row["default_unit"] if row["default_unit"] in DOC_UNITS else ""
        flag = KEY_READ_BY_STRING if read_by_string else KEY_DOCUMENTED_ONLY
        default = documented_default(row["default"], kind, unit)
        for version in versions:
            if key in per_version[version] or version_tuple(version) < version_tuple(since)[:2]:
                continue
            if not read_by_string and version_tuple(version) >= first_registered:
                continue  # registered from then on; a later absence means Spark removed it
            per_version[version][key] = (kind, unit, since, KEY_PUBLIC | flag, default, None, None)
            added += 1
    return added


def variants(by_version: Dict[str, Dict[str, tuple]], versions: List[str]) -> Dict[str, list]:
    """key -> [[mask, *fields], ...]: one variant per distinct record, with the versions that have it."""
    table: Dict[str, Dict[tuple, int]] = {}
    for index, version in enumerate(versions):
        for key, record in by_version[version].items():
            masks = table.setdefault(key, {})
            masks[record] = masks.get(record, 0) | (1 << index)
    out = {}
    for key in sorted(table):
        rows = []
        for record, mask in sorted(table[key].items(), key=lambda item: item[1] & -item[1]):
            fields = [mask, *(list(f) if isinstance(f, tuple) else f for f in record)]
            while fields[-1] is None:  # trailing nulls are implied
                fields.pop()
            rows.append(fields)
        out[key] = rows
    return out


def build(dumps: Dict[str, dict], pyspark: Dict[str, str], rows: List[dict]) -> Tuple[dict, Dict[str, dict]]:
    versions = list(dumps)
    entries = {v: version_entries(dumps[v]) for v in versions}
    deprecations = {v: version_deprecations(dumps[v], entries[v]) for v in versions}
    stats = {v: {"registered": len(entries[v])} for v in versions}
    merge_documented(entries, rows + list(UNDOCUMENTED_READ_BY_STRING))
    for v in versions:
        stats[v]["by string/documented"] = len(entries[v]) - stats[v]["registered"]
    catalog = {
        "format": FORMAT,
        "source": "tools/gen_catalog.py: Spark's ConfigEntry registry and deprecation tables in the "
                  "pyspark jars, plus keys read by string from shared/reference/spark-properties.tsv",
        "versions": versions,
        "pyspark": [pyspark[v] for v in versions],
        "keys": variants(entries, versions),
        "deprecated": variants(deprecations, versions),
    }
    for v in versions:
        records = entries[v].values()
        stats[v].update({
            "public": sum(1 for r in records if r[3] & KEY_PUBLIC and not r[3] & (KEY_READ_BY_STRING | KEY_DOCUMENTED_ONLY)),
            "types": dict(Counter(r[0] for r in records).most_common()),
            "enums with values": sum(1 for r in records if r[6]),
            "deprecations": len(deprecations[v]),
            "removed": sum(1 for d in deprecations[v].values() if d[2] & DEP_SQL_REMOVED),
        })
    return catalog, stats


def write(catalog: dict, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(catalog, separators=(",", ":"), ensure_ascii=False, sort_keys=False)
    # One key per line keeps diffs between regenerations readable.
    text = text.replace("]],\"", "]],\n\"")
    out.write_text(text + "\n", encoding="utf-8")


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--versions", nargs="*", help="Spark minors, e.g. 3.5 4.0 (default: every minor >= 3.3)")
    parser.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--properties-tsv", type=Path, default=DEFAULT_PROPERTIES_TSV)
    parser.add_argument("--refresh", action="store_true", help="ignore cached dumps and download again")
    parser.add_argument("--keep-downloads", action="store_true", help="keep the unpacked jars in the cache")
    args = parser.parse_args(argv)

    args.cache_dir.mkdir(parents=True, exist_ok=True)
    pyspark = newest_patches(pypi_versions(), args.versions)
    log(f"pyspark releases: {', '.join(pyspark.values())}")
    dumps = {}
    for minor, version in pyspark.items():
        started = time.monotonic()
        log(f"Spark {version}:")
        dumps[minor] = dump_version(version, args.cache_dir, args.refresh, args.keep_downloads)
        dump = dumps[minor]
        log(f"  {len(dump['entries'])} entries from {dump['holders_initialised']}/{dump['holders_found']} "
            f"holder objects ({len(dump['init_failures'])} failed to initialise) "
            f"in {time.monotonic() - started:.0f}s")
    rows = documented_keys(args.properties_tsv)
    catalog, stats = build(dumps, pyspark, rows)
    write(catalog, args.out)
    for minor, version in pyspark.items():
        s = stats[minor]
        types = ", ".join(f"{k} {n}" for k, n in s["types"].items())
        log(f"{version}: {s['registered']} registered ({s['public']} public) + {s['by string/documented']} "
            f"read by string or documented; {s['enums with values']} enums with values; "
            f"{s['deprecations']} deprecated ({s['removed']} removed); types: {types}")
    log(f"wrote {args.out} ({args.out.stat().st_size:,} bytes, {len(catalog['keys'])} keys, "
        f"{len(catalog['deprecated'])} deprecated keys)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
