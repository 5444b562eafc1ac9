"""Benchmark: sparklint's CPU against the cost of merely parsing the same files.

    python bench/run.py [--files N] [--keep DIR] [--cmd "sparklint"] [--repeat 3] [--seed 1] [--profile]
                        [--rss-at 1000,10000,50000]

1. Generates N mixed config files (bench/generate.py, seeded, so every run lints the same tree).
2. The parse floor: a `python -c` process that reads every file and parses it (json.loads, yaml.load_all
   with CSafeLoader, ast.parse for .py, splitlines + partition for .conf, splitlines + split for .sh),
   start-up included; once in one process, and once split over N processes run at the same time.
3. sparklint on the same tree (`--format json`): with `--jobs 1` against the one-process floor, and
   with N workers (N = the CPUs, at most 8, sparklint's default) against the floor in N processes.
4. One small file: median of 15 runs of sparklint on a spark-defaults.conf vs `python -c "import yaml"`,
   the start-up a pre-commit hook pays on every commit.
5. One in-process `--jobs 1` run under bench/phases.py: the CPU of each phase (imports, settings, walk,
   read, verdict, parse, recognise, rules, check, report), printed with --profile; the rules' share of
   the run is always printed.

Every timed process is measured by `os.wait4`: wall time, CPU (user + sys of the process and of every
child it waited for: the workers of a --jobs run) and peak RSS. The ratios that count are on CPU, like
with like, so a busy machine does not change them much: targets <= 1.5 for both big runs and for one
file, rules <= 20% of the run. The old wall ratio (sparklint with its default workers against the
one-process floor) is printed too, for comparison with earlier notes. Big measurements take the best of
--repeat runs. The script exits 0 whatever the ratios; it exits 1 only when sparklint crashes or exits 2.
Standard library only (the floor itself needs PyYAML, as sparklint does).
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from typing import NamedTuple, Optional

from generate import MARKER, generate

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PHASES_SCRIPT = os.path.join(REPO_ROOT, "bench", "phases.py")
TARGET_RATIO = 1.5  # CPU, like with like (issue 17)
TARGET_RULES_SHARE = 0.20
OLD_WALL_TARGET = 2.0

# What any tool must at least do: read every file and parse it. Run as `python -c FLOOR DIR [PART PARTS]`:
# with PART and PARTS, only every PARTS-th file from the PART-th (the N-process floor).
FLOOR_CODE = r"""
import ast, json, os, sys, yaml
loader = yaml.CSafeLoader
part, parts = (int(sys.argv[2]), int(sys.argv[3])) if len(sys.argv) > 3 else (0, 1)
files = index = 0
for directory, subdirectories, names in os.walk(sys.argv[1]):
    subdirectories.sort()
    for name in sorted(names):
        index += 1
        if index % parts != part:
            continue
        path = os.path.join(directory, name)
        if name.endswith(".json"):
            with open(path, encoding="utf-8") as handle:
                json.loads(handle.read())
        elif name.endswith((".yaml", ".yml")):
            with open(path, encoding="utf-8") as handle:
                for _ in yaml.load_all(handle.read(), Loader=loader):
                    pass
        elif name.endswith(".py"):
            with open(path, encoding="utf-8") as handle:
                ast.parse(handle.read())
        elif name.endswith(".conf"):
            with open(path, encoding="utf-8") as handle:
                for line in handle.read().splitlines():
                    line.partition("=")
        elif name.endswith(".sh"):
            with open(path, encoding="utf-8") as handle:
                for line in handle.read().splitlines():
                    line.split()
        else:
            continue
        files += 1
print(files)
"""


class Failure(Exception):
    pass


class Run(NamedTuple):
    wall: float  # seconds
    cpu: float  # user + sys seconds of the process and every child it waited for
    rss: int  # peak resident set size in bytes (of the largest process of the tree)
    stdout: str


def _maxrss_bytes(kilobytes_or_bytes: int) -> int:
    return kilobytes_or_bytes if sys.platform == "darwin" else kilobytes_or_bytes * 1024


def run_all(commands: list[list[str]], ok: tuple[int, ...] = (0,), env: Optional[dict[str, str]] = None,
            cwd: Optional[str] = None) -> Run:
    """Start `commands` at once and wait for all: the wall time of the lot, the CPU summed, the largest
    RSS, stdout joined. Raises Failure on an unexpected exit code or a traceback on stderr (an uncaught
    exception exits 1, as findings do)."""
    outputs, processes = [], []
    started = time.perf_counter()
    try:
        for command in commands:
            out, err = tempfile.TemporaryFile(), tempfile.TemporaryFile()
            outputs.append((command, out, err))
            processes.append(subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=err))
        cpu, rss, stdout = 0.0, 0, []
        for process, (command, out, err) in zip(processes, outputs):
            _, status, usage = os.wait4(process.pid, 0)  # this process and the children it reaped
            process.returncode = os.waitstatus_to_exitcode(status)
            cpu += usage.ru_utime + usage.ru_stime
            rss = max(rss, _maxrss_bytes(usage.ru_maxrss))
            out.seek(0)
            err.seek(0)
            stdout.append(out.read().decode("utf-8", "replace"))
            stderr = err.read().decode("utf-8", "replace")
            if process.returncode not in ok or "Traceback (most recent call last):" in stderr:
                tail = "\n".join(stderr.strip().splitlines()[-15:])
                raise Failure(f"{shlex.join(command)} exited {process.returncode}\n{tail}")
        return Run(time.perf_counter() - started, cpu, rss, "".join(stdout))
    finally:
        for process in processes:
            if process.returncode is None:
                process.kill()
                process.wait()
        for _, out, err in outputs:
            out.close()
            err.close()


def timed(command: list[str], ok: tuple[int, ...] = (0,), env: Optional[dict[str, str]] = None,
          cwd: Optional[str] = None) -> Run:
    return run_all([command], ok, env, cwd)


def median_of(count: int, command: list[str], ok: tuple[int, ...] = (0,), env: Optional[dict[str, str]] = None,
              cwd: Optional[str] = None) -> Run:
    runs = [timed(command, ok, env, cwd) for _ in range(count)]
    return Run(statistics.median(run.wall for run in runs), statistics.median(run.cpu for run in runs),
               max(run.rss for run in runs), runs[-1].stdout)


def best_of(runs: list[Run]) -> Run:
    """The least wall and the least CPU of several runs (not always the same run), the largest RSS."""
    return Run(min(run.wall for run in runs), min(run.cpu for run in runs), max(run.rss for run in runs),
               runs[-1].stdout)


def find_sparklint(command: list[str], cwd: str, default: bool,
                   base_env: dict[str, str]) -> tuple[Optional[dict[str, str]], Optional[str]]:
    """(environment to run it with, None) when `command --version` works, else (base_env, why not).

    Runs from `cwd` (not the repository: `python -m` puts the working directory first on sys.path, and
    the source tree has no `sparklint.rules`, which the install maps from `rules/`). For the default
    command, a sparklint that is not installed is then tried from the source tree via PYTHONPATH.
    """
    environments = [base_env]
    if default:
        paths = [REPO_ROOT] + [p for p in base_env.get("PYTHONPATH", "").split(os.pathsep) if p]
        environments.append(dict(base_env, PYTHONPATH=os.pathsep.join(paths)))
    why_not = "not tried"
    for env in environments:
        try:
            result = subprocess.run(command + ["--version"], cwd=cwd, env=env, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, text=True, timeout=60)
        except (OSError, subprocess.TimeoutExpired) as error:
            return base_env, str(error)
        if result.returncode == 0:
            return env, None
        lines = (result.stderr or result.stdout).strip().splitlines()
        why_not = f"exit {result.returncode}: {lines[-1] if lines else 'no output'}"
    return base_env, why_not


def bytecode_environment(cache: str) -> dict[str, str]:
    """The environment for every timed process: bytecode cached in `cache`, as an installed tool has it.

    With PYTHONDONTWRITEBYTECODE set (some CI images and sandboxes), every run would compile sparklint's
    modules from source while the standard library's .pyc files are already there: an unfair start-up.
    PYTHONPYCACHEPREFIX keeps the cache out of the repository.
    """
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = cache
    return env


def count_findings(output: str) -> Optional[tuple[int, int]]:
    """(findings, files with findings) of a `--format json` output; None when it is not that."""
    try:
        data = json.loads(output)
    except ValueError:
        return None
    findings = data.get("findings", data) if isinstance(data, dict) else data
    if not isinstance(findings, list):
        return None
    return len(findings), len({item.get("path") for item in findings if isinstance(item, dict)})


def prepare_tree(keep: Optional[str]) -> tuple[str, bool]:
    """The directory to generate into, and whether to delete it afterwards."""
    if keep is None:
        return tempfile.mkdtemp(prefix="sparklint-bench-"), True
    root = os.path.abspath(keep)
    if os.path.isdir(root) and os.listdir(root):
        if not os.path.exists(os.path.join(root, MARKER)):
            raise Failure(f"--keep {keep}: directory exists, is not empty and was not made by this script")
        shutil.rmtree(root)
    os.makedirs(root, exist_ok=True)
    return root, False


def default_jobs() -> int:
    """sparklint's own default (runner.default_jobs): the CPUs, at most 8."""
    return max(1, min(os.cpu_count() or 1, 8))


def _ratio_line(label: str, ratio: float, target: float, width: int = 44) -> str:
    return f"{label:<{width}} = {ratio:5.2f}  (target <= {target}) {'ok' if ratio <= target else 'OVER'}"


def _print_table(rows: list[tuple[str, Run, Optional[int]]]) -> None:
    width = max(len(label) for label, _, _ in rows)
    print(f"{'measurement':<{width}}  {'wall s':>7}  {'CPU s':>7}  {'CPU µs/file':>11}  {'peak RSS':>9}")
    for label, run, files in rows:
        per_file = f"{run.cpu / files * 1e6:11.0f}" if files else f"{'':>11}"
        print(f"{label:<{width}}  {run.wall:7.3f}  {run.cpu:7.3f}  {per_file}  {run.rss / 2**20:6.0f} MB")


def _print_phases(profile: dict, verbose: bool) -> None:
    phases: dict[str, float] = profile["phases"]
    total = profile["total"] or 1.0
    rules = phases.get("rules", 0.0)
    check = phases.get("check", 0.0)
    if verbose:
        print(f"phase split of one in-process --jobs 1 run (CPU s; total {profile['total']:.2f}, after "
              f"taking off {profile.get('overhead', 0.0):.2f} s of the profiler's own clock calls):")
        calls = profile.get("calls", {})
        for name, seconds in sorted(phases.items(), key=lambda item: -item[1]):
            count = calls.get(name)
            per_call = f"  {seconds / count * 1e6:8.0f} µs × {count}" if count else ""
            print(f"  {name:<13} {seconds:7.3f}  {seconds / total:6.1%}{per_call}")
        for missing in profile.get("missing", ()):
            print(f"  (not measured: {missing}; its time is in its caller's phase)")
    print(_ratio_line("rules / run (CPU, one process)", rules / total, TARGET_RULES_SHARE)
          + f"; with the engine's check loop, filter and masking {(rules + check) / total:.0%}")


def _rss_scaling(counts: list[int], seed: int, sparklint: list[str], env: dict[str, str]) -> None:
    """Peak RSS and CPU per file of `--jobs 1` on trees of several sizes: memory must stay flat."""
    print("\npeak RSS by tree size (sparklint --jobs 1):")
    for count in counts:
        root = tempfile.mkdtemp(prefix=f"sparklint-bench-{count}-")
        try:
            generate(root, count, seed)
            run = timed(sparklint + [root, "--format", "json", "--jobs", "1"], (0, 1), env, root)
            print(f"  {count:>7} files: {run.rss / 2**20:6.0f} MB, CPU {run.cpu:7.2f} s "
                  f"({run.cpu / count * 1e6:5.0f} µs/file)")
        finally:
            shutil.rmtree(root, ignore_errors=True)


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000, help="number of files to generate (10000)")
    parser.add_argument("--keep", metavar="DIR", help="generate into DIR and keep it (e.g. bench/out)")
    parser.add_argument("--cmd", help="sparklint command (default: python -m sparklint)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per big measurement; best is kept (3)")
    parser.add_argument("--small-runs", type=int, default=15, help="runs per one-file measurement (15)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=default_jobs(),
                        help="N for the parallel comparison (default: sparklint's, the CPUs up to 8)")
    parser.add_argument("--profile", action="store_true", help="print the phase split of a --jobs 1 run")
    parser.add_argument("--rss-at", metavar="N,N,...", help="also report peak RSS on trees of these sizes")
    args = parser.parse_args(argv)
    sparklint = shlex.split(args.cmd) if args.cmd else [sys.executable, "-m", "sparklint"]
    python = sys.executable

    try:
        root, temporary = prepare_tree(args.keep)
    except Failure as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    cache = tempfile.mkdtemp(prefix="sparklint-bench-pycache-")
    try:
        return _bench(args, root, cache, sparklint, python)
    except Failure as error:
        sys.stdout.flush()
        print(f"error: sparklint failed: {error}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(cache, ignore_errors=True)
        if temporary:
            shutil.rmtree(root, ignore_errors=True)


def _bench(args: argparse.Namespace, root: str, cache: str, sparklint: list[str], python: str) -> int:
    started = time.perf_counter()
    counts = generate(root, args.files, args.seed)
    generated = time.perf_counter() - started
    size = sum(os.path.getsize(os.path.join(d, n)) for d, _, names in os.walk(root) for n in names)
    kinds = ", ".join(f"{kind} {number}" for kind, number in sorted(counts.items()) if kind != "mistakes")
    print(f"generated {args.files} files ({size / 1e6:.1f} MB) in {generated:.1f}s under {root}")
    print(f"  {kinds}; {counts['mistakes']} Spark files with a mistake")
    confs = [os.path.join(d, n) for d, _, names in os.walk(root) for n in names if n.endswith(".conf")]
    small = min(sorted(confs), key=os.path.getsize) if confs else None
    jobs = max(1, args.jobs)

    env = bytecode_environment(cache)
    lint_env, why_not = find_sparklint(sparklint, root, args.cmd is None, env)
    if why_not is not None:
        print(f"sparklint is not runnable ({shlex.join(sparklint)} --version: {why_not}); skipping its timings")
    elif lint_env is not env:
        print(f"sparklint is not installed; running it from the source tree (PYTHONPATH={REPO_ROOT})")
    floor_one = [python, "-c", FLOOR_CODE, root]
    floor_many = [[python, "-c", FLOOR_CODE, root, str(part), str(jobs)] for part in range(jobs)]
    lint = sparklint + [root, "--format", "json"]
    # Warm-up (untimed): fills the bytecode cache and the page cache for every command.
    timed(floor_one, env=env)
    timed([python, "-c", "import yaml"], env=env)
    runnable = why_not is None
    if runnable:
        # One folder holds every kind of file: every module a run imports gets compiled here, not in a
        # timed run (dialects and loaders are imported the first time a file needs them).
        timed(sparklint + [os.path.join(root, "d000"), "--jobs", "1"], (0, 1), lint_env, root)

    runs: dict[str, list[Run]] = {}
    # Alternate floor and sparklint so that neither benefits alone from a warm cache or a quiet moment.
    for _ in range(args.repeat):
        runs.setdefault("floor 1", []).append(timed(floor_one, env=env))
        if runnable:
            runs.setdefault("lint 1", []).append(timed(lint + ["--jobs", "1"], (0, 1), lint_env, root))
        if jobs > 1:
            runs.setdefault("floor N", []).append(run_all(floor_many, env=env))
            if runnable:
                runs.setdefault("lint N", []).append(timed(lint + ["--jobs", str(jobs)], (0, 1), lint_env, root))
    best = {name: best_of(found) for name, found in runs.items()}
    parsed_files = int(runs["floor 1"][-1].stdout.strip() or 0)
    rows: list[tuple[str, Run, Optional[int]]] = [(f"parse floor, 1 process ({parsed_files} files parsed)",
                                                   best["floor 1"], args.files)]
    if runnable:
        rows.append(("sparklint --jobs 1", best["lint 1"], args.files))
    if jobs > 1:
        rows.append((f"parse floor, {jobs} processes", best["floor N"], args.files))
        if runnable:
            rows.append((f"sparklint --jobs {jobs}", best["lint N"], args.files))
    import_yaml = median_of(args.small_runs, [python, "-c", "import yaml"], env=env)
    rows.append((f"python -c 'import yaml' (median of {args.small_runs})", import_yaml, None))
    one_file = None
    if runnable and small is not None:
        one_file = median_of(args.small_runs, sparklint + [small], (0, 1), lint_env, root)
        lines = sum(1 for _ in open(small, encoding="utf-8"))
        rows.append((f"sparklint one {lines}-line .conf (median of {args.small_runs})", one_file, None))
    profile = None
    if runnable:
        profiled = timed([python, PHASES_SCRIPT, root], env=lint_env, cwd=root)
        profile = json.loads(profiled.stdout)

    print()
    _print_table(rows)
    print()
    if not runnable:
        return 0
    found = {name: count_findings(found_runs[-1].stdout) for name, found_runs in runs.items() if "lint" in name}
    for name, counted in found.items():
        print(f"sparklint {name.replace('lint', '--jobs').replace('N', str(jobs))}: "
              + (f"{counted[0]} findings in {counted[1]} files" if counted else "output is not JSON"))
    if profile is not None and found.get("lint 1") and profile["findings"] != found["lint 1"][0]:
        raise Failure(f"the profiled run reports {profile['findings']} findings, the plain run {found['lint 1'][0]}")
    print(_ratio_line("CPU: sparklint --jobs 1 / floor in 1 process", best["lint 1"].cpu / best["floor 1"].cpu,
                      TARGET_RATIO))
    if jobs > 1:
        print(_ratio_line(f"CPU: sparklint --jobs {jobs} / floor in {jobs} processes",
                          best["lint N"].cpu / best["floor N"].cpu, TARGET_RATIO))
    if one_file is not None:
        print(_ratio_line("CPU: one file / python -c 'import yaml'", one_file.cpu / import_yaml.cpu, TARGET_RATIO))
    if profile is not None:
        _print_phases(profile, args.profile)
    default_run = best["lint N" if jobs > 1 else "lint 1"]
    print(f"(old measure, wall: sparklint --jobs {jobs} / floor in 1 process = "
          f"{default_run.wall / best['floor 1'].wall:.2f}, one file / import yaml = "
          + (f"{one_file.wall / import_yaml.wall:.2f}" if one_file else "-") + f"; old target {OLD_WALL_TARGET})")
    if args.rss_at:
        _rss_scaling([int(part) for part in args.rss_at.split(",") if part.strip()], args.seed, sparklint, lint_env)
    return 0


if __name__ == "__main__":
    sys.exit(main())
