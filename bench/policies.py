"""Benchmark: what 200 team policies cost on the bench tree (issue 13: within 15% of the run without them).

    python bench/policies.py [--files N] [--policies 200] [--repeat 3] [--seed 1]

Generates the same seeded tree as bench/run.py, then lints it with `--jobs 1` twice: with no
configuration, and with a `.sparklint.toml` of N policies at its root (a realistic mix: caps on sizes
and counts, required and forbidden keys, regexes, `when`, `any` / `not`, derived quantities, some scoped
by platform or path). Reports CPU seconds (user + sys of the sparklint process) and the ratio. Exits 0
whatever the ratio; 1 when sparklint crashes or exits 2.

Like with like, as bench/run.py: both sides run with their bytecode cached (PYTHONDONTWRITEBYTECODE,
set in some sandboxes, would make every run compile sparklint, and the policy side compile the policy
modules too), each after an untimed warm-up, and the timed runs alternate (without, with, ...) so that
a change in the machine's load falls on both.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
from typing import Optional

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run import bytecode_environment, generate  # noqa: E402  (shared with the main bench)

_SIZES = ("spark.executor.memory", "spark.driver.memory", "spark.executor.memoryOverhead",
          "spark.driver.maxResultSize", "spark.memory.offHeap.size")
_COUNTS = ("spark.sql.shuffle.partitions", "spark.executor.cores", "spark.default.parallelism",
           "spark.port.maxRetries", "spark.executor.instances", "spark.task.maxFailures")
_FLAGS = ("spark.eventLog.enabled", "spark.speculation", "spark.sql.adaptive.enabled",
          "spark.dynamicAllocation.enabled", "spark.shuffle.service.enabled")
_TEXTS = ("spark.master", "spark.submit.deployMode", "spark.serializer", "spark.yarn.queue", "spark.app.name")


def policy_checks(count: int) -> list[str]:
    """`count` [[policy]] tables, cycling through the operators and subjects a platform team uses, with
    limits a well-kept repository mostly meets (a policy set that fires on every file measures the
    reporting of findings, which costs what any rule's findings cost, not the checking of policies)."""
    tables = []
    for index in range(count):
        size, number = _SIZES[index % len(_SIZES)], _COUNTS[index % len(_COUNTS)]
        flag, text = _FLAGS[index % len(_FLAGS)], _TEXTS[index % len(_TEXTS)]
        check, when = [
            (f'{{ key = "{size}", max = "{64 + index}g" }}', ""),
            (f'{{ key = "{number}", max = {100_000 + index} }}', ""),
            ('{ key = "spark.sql.adaptive.enabled", equals = true }', ""),
            ('{ key = "spark.driver.extraClassPath", forbid = true }', ""),
            (f'{{ key = "{text}", matches = "^[^;]*$" }}', f'{{ key = "{text}", require = true }}'),
            (f'{{ key = "{flag}", require = true }}', f'{{ key = "{flag}", equals = true }}'),
            (f'{{ any = [ {{ key = "{number}", min = 1 }}, {{ not = {{ key = "{number}", require = true }} }} ] }}', ""),
            (f'{{ quantity = "executor.container", max = "{128 + index}g" }}', ""),
            (f'{{ quantity = "executors.max", max = {100 + index} }}',
             '{ key = "spark.dynamicAllocation.maxExecutors", require = true }'),
            ('{ spark-version = ">=3.3" }', ""),
        ][index % 10]
        where = ['where = { platforms = ["yarn", "emr", "kubernetes", "emr-serverless"] }',
                 'where = { paths = ["d0*/**", "d1*/**", "d2*/**"] }', "", ""][index % 4]
        when_line = f"when = {when}\n" if when else ""
        tables.append(f'[[policy]]\nid = "BENCH{index:04d}"\nname = "bench-policy-{index}"\n'
                      f'summary = "Bench policy {index}"\n{where}\n{when_line}check = {check}\n')
    return tables


def findings(command: list[str], cwd: str, env: dict[str, str]) -> int:
    result = subprocess.run(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    return len(json.loads(result.stdout or "[]"))


def run_cpu(command: list[str], cwd: str, env: dict[str, str]) -> float:
    """User + sys CPU seconds of one run of `command` (its process and any it starts)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode not in (0, 1) or "Traceback" in result.stderr:
        raise SystemExit(f"{' '.join(command)} exited {result.returncode}\n{result.stderr[-2000:]}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--policies", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args(argv)
    command = [sys.executable, "-m", "sparklint", "--format", "json", "--jobs", "1", "."]
    with tempfile.TemporaryDirectory(prefix="sparklint-policy-bench-") as root:
        os.makedirs(os.path.join(root, ".git"))  # the config search stops here, as in a repository
        generate(root, options.files, options.seed)
        env = bytecode_environment(os.path.join(root, ".git", "pycache"))
        env.setdefault("XDG_CACHE_HOME", os.path.join(root, ".git", "cache"))
        config = os.path.join(root, ".sparklint.toml")
        policies = "\n".join(policy_checks(options.policies))

        def use_policies(wanted: bool) -> None:
            if wanted:
                with open(config, "w", encoding="utf-8") as handle:
                    handle.write(policies)
            elif os.path.exists(config):
                os.remove(config)

        # Warm-up (untimed): compiles every module each side imports, and validates the config once (the
        # schema marker), as every later run skips that.
        for wanted in (False, True):
            use_policies(wanted)
            run_cpu(command, root, env)
        times: dict[bool, list[float]] = {False: [], True: []}
        for _ in range(options.repeat):
            for wanted in (False, True):
                use_policies(wanted)
                times[wanted].append(run_cpu(command, root, env))
        found_with = findings(command, root, env)
        use_policies(False)
        found_without = findings(command, root, env)
        without, with_policies = min(times[False]), min(times[True])
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{options.files} files, --jobs 1, best of {options.repeat} (CPU seconds, user + sys)")
    print(f"  without policies:      {without:6.2f} s  ({found_without} findings)")
    print(f"  with {options.policies} policies: {with_policies:6.2f} s  ({found_with} findings)")
    print(f"  ratio:                 {with_policies / without:6.3f} (issue 13: at most 1.15)")
    print(f"  load average (1 min):  {load:6.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
