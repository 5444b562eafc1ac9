"""Start a real Spark for every generated oracle case and record what it did, per Spark version.

    python tools/oracle_verdicts.py                      # the pyspark importable here
    SPARKLINT_ORACLE_PYSPARK=/tmp/venv/bin/python python tools/oracle_verdicts.py
    python tools/oracle_verdicts.py --report             # only rewrite docs/oracle-agreement.md

The cases come from tests/oracle_cases.py (derived from the catalog's probed limits and the checks
outside the converters). Each runs through spark-submit's argument check, a SparkContext start, a
small shuffle job and a SQL query (tests/oracle.py, `submit_check=True, workload=True`), in batches
that share one driver JVM. The verdicts go to tests/verdicts/spark-<version>.json: started or
refused, at which stage, and the first line of Spark's message. Then docs/oracle-agreement.md is
rewritten from every recorded table: how often sparklint's errors agree with Spark, and
sparklint/data/reads.json: the keys whose refused value Spark started and ran with (read only when a
feature that uses them runs), which SL006 reports as a warning (sparklint/knowledge/reads.py).
`--report` rewrites both from the recorded tables without starting Spark.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

import oracle  # noqa: E402
import oracle_cases  # noqa: E402

VERDICTS = REPO / "tests" / "verdicts"
REPORT = REPO / "docs" / "oracle-agreement.md"
READS = REPO / "sparklint" / "data" / "reads.json"
BATCH = 20


def run(version_filter: str | None) -> Path:
    pyspark = oracle.find_pyspark()
    if pyspark is None or oracle.unavailable_reason():
        raise SystemExit(oracle.unavailable_reason())
    minor = ".".join(pyspark.version.split(".")[:2])
    cases = oracle_cases.generated_cases(minor)
    out = VERDICTS / f"spark-{pyspark.version}.json"
    rows = []
    if out.exists():  # resume: keep the verdicts already recorded for the same leading cases
        for row, conf in zip(json.loads(out.read_text(encoding="utf-8"))["cases"], cases):
            if row["conf"] != conf or row["started"] is None:
                break
            rows.append(row)
    started_at = time.monotonic()
    for start in range(len(rows), len(cases), BATCH):
        chunk = cases[start:start + BATCH]
        try:
            answers = oracle.start_spark_many(
                [oracle.SparkCase(conf, submit_check=True, workload=True) for conf in chunk],
                timeout=180, parallel=1)
        except oracle.OracleError as error:  # a hang or crash loses this batch only
            answers = [None] * len(chunk)
            print(f"batch {start}: harness error: {str(error).splitlines()[0]}", flush=True)
        for conf, answer in zip(chunk, answers):
            rows.append({"conf": conf,
                         "started": None if answer is None else answer.started,
                         "stage": None if answer is None else answer.facts.get("refusedBy", "start" if not answer.started else None),
                         "error": None if answer is None or answer.error is None else answer.error.splitlines()[0][:300]})
        print(f"{len(rows)}/{len(cases)} cases, {time.monotonic() - started_at:.0f}s", flush=True)
        VERDICTS.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps({"spark": pyspark.version, "cases": rows}, indent=1) + "\n", encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--report", action="store_true",
                        help="only rewrite docs/oracle-agreement.md and sparklint/data/reads.json")
    args = parser.parse_args(argv)
    if not args.report:
        print(f"wrote {run(None)}")
    from oracle_agreement import write_reads, write_report

    write_reads(VERDICTS, READS)
    print(f"wrote {READS}")
    write_report(VERDICTS, REPORT)
    print(f"wrote {REPORT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
