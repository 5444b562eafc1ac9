"""Regenerate `sparklint/data/constraints.json`: the `checkValue` limits of every numeric ConfigEntry, per Spark version.

    python tools/gen_constraints.py --versions 3.5 4.3              # download each pyspark sdist's jars
    python tools/gen_constraints.py --jars .venv/.../pyspark/jars   # the jars of an installed pyspark

`tools/SparkConfigDump.java` feeds numbers to each entry's `valueConverter` (which runs the entry's
`checkValue` validators): fixed points (0, negatives, the int and long limits, ...) and then a
bisection of every change between neighbouring points, so the accepted set comes out as exact
intervals in the entry's own unit (sizes in their byte unit, times in their time unit, as
`checkValue` sees them), with Spark's own message for a refused value. Only numbers are probed;
enumerations come from the catalog (`values`, case-sensitivity flag).

The file keeps one row per distinct constraint with a mask of the catalog's versions it holds for
(bit i = `catalog.json` `versions[i]`), so a version can be regenerated alone:

    {"format": 1, "versions": {"3.5": "3.5.9", ...},
     "keys": {key: [[mask, kind, [[low, high, open], ...], refused, message, nan?], ...]}}

`kind` is "int" (integers, bounds exact) or "double"; `low`/`high` null means unbounded; `open` has
bit 1 for an open low end and bit 2 for an open high end; `refused` is the probe value Spark's
`message` was produced for; a trailing 1 means the check lets "NaN" through (doubles only). Downloads go to the gen_catalog cache and are deleted after use.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Dict, List, Optional

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gen_catalog  # noqa: E402

REPO = gen_catalog.REPO
DEFAULT_OUT = REPO / "sparklint" / "data" / "constraints.json"
CATALOG = REPO / "sparklint" / "data" / "catalog.json"


def probe(jars: Path, cache: Path) -> dict:
    """{key: [kind, accept, refused, message]} for the jars' Spark."""
    classes = gen_catalog.compile_dumper(cache)
    out = cache / "constraints-dump.json"
    run_dir = Path(tempfile.mkdtemp(prefix="sparklint-constraints-"))
    try:
        command = ["java", "-Xmx1g", "-XX:ActiveProcessorCount=2", "-Duser.timezone=UTC",
                   "-cp", f"{jars}/*:{classes}", "SparkConfigDump", str(jars), str(out)]
        result = subprocess.run(command, cwd=run_dir, capture_output=True, text=True, timeout=900)
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)
    if result.returncode != 0:
        raise SystemExit(f"SparkConfigDump failed:\n{result.stderr[-4000:]}")
    dump = json.loads(out.read_text())
    out.unlink()
    found = {}
    for entry in dump["entries"]:
        c = entry.get("constraint")
        if c:
            found[entry["key"]] = [c["kind"], c["accept"], c["refused"], c["message"]] + ([1] if c.get("nan") else [])
    return found


def spark_version_of(jars: Path) -> str:
    core = next(jars.glob("spark-core_*.jar"), None)
    if core is None:
        raise SystemExit(f"no spark-core jar in {jars}")
    return core.stem.rsplit("-", 1)[1]


def merge(existing: dict, minor: str, pyspark: str, found: Dict[str, list], versions: List[str]) -> dict:
    bit = 1 << versions.index(minor)
    rows: Dict[str, List[list]] = {}
    for key, variants in existing.get("keys", {}).items():
        kept = []
        for variant in variants:
            mask = variant[0] & ~bit
            if mask:
                kept.append([mask, *variant[1:]])
        if kept:
            rows[key] = kept
    for key, record in found.items():
        variants = rows.setdefault(key, [])
        for variant in variants:
            if variant[1:] == record:
                variant[0] |= bit
                break
        else:
            variants.append([bit, *record])
    pinned = dict(existing.get("versions", {}))
    pinned[minor] = pyspark
    return {"format": 1,
            "source": "tools/gen_constraints.py: checkValue limits probed through each ConfigEntry's "
                      "valueConverter in the pyspark jars (tools/SparkConfigDump.java)",
            "versions": {v: pinned[v] for v in versions if v in pinned},
            "keys": {key: rows[key] for key in sorted(rows)}}


ZONES_OUT = REPO / "sparklint" / "data" / "zone_ids.json"
# java.time.ZoneId.of is what SQLConf's spark.sql.session.timeZone check runs (with ZoneId.SHORT_IDS).
ZONES_JAVA = """import java.time.ZoneId; import java.util.TreeSet;
public class Zones { public static void main(String[] a) { TreeSet<String> ids = new TreeSet<>(ZoneId.getAvailableZoneIds());
ids.addAll(ZoneId.SHORT_IDS.keySet()); for (String id : ids) System.out.println(id); } }
"""


def write_zones(out: Path) -> None:
    """The time-zone ids the machine's Java accepts, for sparklint.knowledge.refusals (case mistakes)."""
    folder = Path(tempfile.mkdtemp(prefix="sparklint-zones-"))
    try:
        (folder / "Zones.java").write_text(ZONES_JAVA, encoding="utf-8")
        ids = subprocess.run(["java", str(folder / "Zones.java")], capture_output=True, text=True, check=True).stdout
        java = subprocess.run(["java", "-version"], capture_output=True, text=True, check=True).stderr.splitlines()[0]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    data = {"source": f"java.time.ZoneId.getAvailableZoneIds() and ZoneId.SHORT_IDS of {java.strip()} "
                      "(tools/gen_constraints.py --zones)", "ids": ids.split()}
    out.write_text(json.dumps(data, indent=0) + "\n", encoding="utf-8")


def write(data: dict, out: Path) -> None:
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    out.write_text(text.replace("]],\"", "]],\n\"") + "\n", encoding="utf-8")


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--versions", nargs="*", default=[], help="Spark minors to download, e.g. 3.5 4.0")
    parser.add_argument("--jars", type=Path, action="append", default=[], help="a pyspark jars directory")
    parser.add_argument("--cache-dir", type=Path, default=gen_catalog.DEFAULT_CACHE)
    parser.add_argument("--zones", action="store_true", help=f"only rewrite {ZONES_OUT.name} from this Java")
    args = parser.parse_args(argv)
    if args.zones:
        write_zones(ZONES_OUT)
        gen_catalog.log(f"wrote {ZONES_OUT}")
        return 0
    args.cache_dir.mkdir(parents=True, exist_ok=True)
    versions = json.loads(CATALOG.read_text())["versions"]
    data = json.loads(args.out.read_text()) if args.out.exists() else {}
    jobs = [(spark_version_of(jars), jars.resolve(), False) for jars in args.jars]
    if args.versions:
        pins = gen_catalog.newest_patches(gen_catalog.pypi_versions(), args.versions)
        jobs += [(pin, None, True) for pin in pins.values()]
    for pyspark, jars, download in jobs:
        minor = ".".join(pyspark.split(".")[:2])
        if minor not in versions:
            raise SystemExit(f"Spark {pyspark}: the catalog has no version {minor}")
        work = args.cache_dir / f"constraints-{pyspark}"
        try:
            if download:
                shutil.rmtree(work, ignore_errors=True)
                gen_catalog.log(f"downloading pyspark=={pyspark} ...")
                jars = gen_catalog.download_jars(pyspark, work)
            found = probe(jars, args.cache_dir)
        finally:
            if download:
                shutil.rmtree(work, ignore_errors=True)
        data = merge(data, minor, pyspark, found, versions)
        write(data, args.out)
        gen_catalog.log(f"Spark {pyspark}: {len(found)} entries with a checkValue limit")
    gen_catalog.log(f"wrote {args.out} ({args.out.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
