"""The bench (bench/run.py): a CI-sized run fails on a crash of sparklint, never on a ratio; the phase
profiler (bench/phases.py) still finds every phase it times and reports the run's own findings."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
RUN = REPO / "bench" / "run.py"
PHASES = REPO / "bench" / "phases.py"


def bench(tmp_path: Path, *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(RUN), "--keep", str(tmp_path / "tree"), *arguments],
                          cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=600)


@pytest.mark.slow
def test_a_thousand_file_bench_runs_and_prints_cpu_ratios(tmp_path: Path) -> None:
    result = bench(tmp_path, "--files", "1000", "--repeat", "1", "--small-runs", "1", "--jobs", "2", "--profile")
    assert result.returncode == 0, result.stderr
    for line in ("CPU: sparklint --jobs 1 / floor in 1 process", "CPU: sparklint --jobs 2 / floor in 2 processes",
                 "CPU: one file / python -c 'import yaml'", "rules / run (CPU, one process)"):
        assert line in result.stdout
    assert "not measured" not in result.stdout  # every phase the profiler wraps still exists
    assert "findings in" in result.stdout


def test_a_sparklint_that_crashes_fails_the_bench(tmp_path: Path) -> None:
    crashing = tmp_path / "crashing.py"
    crashing.write_text(textwrap.dedent("""\
        import sys
        if "--version" in sys.argv:
            print("sparklint 0")
            sys.exit(0)
        raise RuntimeError("boom")
    """), encoding="utf-8")
    result = bench(tmp_path, "--files", "120", "--repeat", "1", "--small-runs", "1",
                   "--cmd", f"{sys.executable} {crashing}")
    assert result.returncode == 1
    assert "sparklint failed" in result.stderr and "RuntimeError" in result.stderr


def test_the_phase_profiler_reports_the_runs_findings(tmp_path: Path) -> None:
    (tmp_path / "spark-defaults.conf").write_text("spark.executor.memroy 4g\nspark.executor.cores 2\n",
                                                 encoding="utf-8")
    (tmp_path / "package.json").write_text('{"name": "web"}\n', encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    result = subprocess.run([sys.executable, str(PHASES), "."], cwd=tmp_path, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    profile = json.loads(result.stdout)
    assert profile["missing"] == []
    assert profile["exit"] == 1 and profile["findings"] >= 1  # SL003 on the misspelt key fails the run
    assert profile["calls"]["read"] == 2 and profile["calls"]["parse"] >= 1
    assert profile["calls"]["rules"] >= 1
    assert abs(sum(profile["phases"].values()) - profile["total"]) < 0.05 + 0.1 * profile["total"]
