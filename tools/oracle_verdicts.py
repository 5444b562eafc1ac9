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


HUNG = "did not finish"  # the child's words for a workload that did not end in time
RECHECK_SECONDS = 80  # a hung case is started again alone (a fresh JVM: 3 x 80 s): only a second hang counts


def _row(conf: dict, answer: oracle.OracleResult | None) -> dict:
    return {"conf": conf,
            "started": None if answer is None else answer.started,
            "stage": None if answer is None else answer.facts.get("refusedBy", "start" if not answer.started else None),
            "error": None if answer is None or answer.error is None else answer.error.splitlines()[0][:300]}


def run(every: int) -> Path:
    pyspark = oracle.find_pyspark()
    if pyspark is None or oracle.unavailable_reason():
        raise SystemExit(oracle.unavailable_reason())
    minor = ".".join(pyspark.version.split(".")[:2])
    cases = oracle_cases.sampled_cases(minor, every)
    out = VERDICTS / f"spark-{pyspark.version}.json"
    # Resume: a case keeps the verdict already recorded for the same conf; only new ones are started.
    recorded = {}
    if out.exists():
        for row in json.loads(out.read_text(encoding="utf-8"))["cases"]:
            if row["started"] is not None:
                recorded[oracle_cases.case_id(row["conf"])] = row
    rows = [recorded.get(oracle_cases.case_id(conf)) for conf in cases]
    started_at = time.monotonic()

    def save() -> None:
        VERDICTS.mkdir(parents=True, exist_ok=True)
        done = [row if row is not None else _row(conf, None) for row, conf in zip(rows, cases)]
        table = {"spark": pyspark.version, "every": every, "cases": done}
        out.write_text(json.dumps(table, indent=1) + "\n", encoding="utf-8")

    missing = [index for index, row in enumerate(rows) if row is None]
    for start in range(0, len(missing), BATCH):
        chunk = missing[start:start + BATCH]
        try:
            answers = oracle.start_spark_many(
                [oracle.SparkCase(cases[index], submit_check=True, workload=True) for index in chunk],
                timeout=180, parallel=1)
        except oracle.OracleError as error:  # a hang or crash loses this batch only
            answers = [None] * len(chunk)
            print(f"batch {start}: harness error: {str(error).splitlines()[0]}", flush=True)
        for index, answer in zip(chunk, answers):
            rows[index] = None if answer is None else _row(cases[index], answer)
        print(f"{start + len(chunk)}/{len(missing)} new cases, {time.monotonic() - started_at:.0f}s", flush=True)
        save()
    rows = [row if row is not None else _row(conf, None) for row, conf in zip(rows, cases)]
    # A loaded machine can make a tiny job miss the 60 s mark: a hang is a verdict only if it repeats.
    hung = [index for index, row in enumerate(rows) if row["error"] and HUNG in row["error"] and not row.get("rechecked")]
    if hung:
        try:
            answers = oracle.start_spark_many(
                [oracle.SparkCase(rows[index]["conf"], submit_check=True, workload=True,
                                  workload_seconds=RECHECK_SECONDS) for index in hung],
                timeout=3 * RECHECK_SECONDS + 180, parallel=1)
        except oracle.OracleError as error:
            raise SystemExit(f"the recheck of the hung cases failed (run again): {str(error).splitlines()[0]}")
        for index, answer in zip(hung, answers):
            print(f"rechecked {rows[index]['conf']}: {'started' if answer.started else answer.error}", flush=True)
            rows[index] = {**_row(rows[index]["conf"], answer), "rechecked": True}
        save()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--every", type=int, default=1,
                        help="record every K-th generated case (all the checks outside the converters): a sample")
    parser.add_argument("--report", action="store_true",
                        help="only rewrite docs/oracle-agreement.md and sparklint/data/reads.json")
    args = parser.parse_args(argv)
    if not args.report:
        print(f"wrote {run(args.every)}")
    from oracle_agreement import write_reads, write_report

    write_reads(VERDICTS, READS)
    print(f"wrote {READS}")
    write_report(VERDICTS, REPORT)
    print(f"wrote {REPORT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
