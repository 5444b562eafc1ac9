"""Where one `sparklint --jobs 1` run spends its CPU: a phase split, for `bench/run.py --profile`.

    python bench/phases.py DIR [sparklint arguments ...]

Runs sparklint's `main()` in this process, on DIR, with `--jobs 1 --format json`, after wrapping the
functions each phase goes through with a CPU clock (`time.process_time`). Time is charged to the
innermost phase running (a stack), so the phases add up to the run; what no wrapper covers is
"other" (the CLI, sorting, the settings cache, ...). Interpreter start-up is read from getrusage
before anything is imported.

The CPU clock is a system call (2-3 µs on a busy machine), so 200,000 wrapped rule calls would charge
the rules a second that an unprofiled run never spends. The cost of one wrapped call is measured first
(on an empty function), for the callee's and the caller's side, and taken off every phase by its calls;
"overhead" is what was taken off, and the shares are of the run without it. Prints one JSON object:
`{"phases": {name: seconds}, "calls": {name: count}, "total": CPU seconds of the run without the
overhead, "overhead": seconds, "findings": N, "exit": code, "missing": [...]}`.

The wrapped names are sparklint internals; when one is gone, its phase is listed under "missing" (the
bench says so) instead of failing, and its time falls into its caller's phase.
"""

from __future__ import annotations

import resource
import sys
import time

_STARTED = resource.getrusage(resource.RUSAGE_SELF)  # before any import below: the interpreter's start-up

import io  # noqa: E402
import json  # noqa: E402
from typing import Any, Callable  # noqa: E402

clock = time.process_time
spent: dict[str, float] = {}
calls: dict[str, int] = {}
callers: dict[str, int] = {}  # phase -> how many wrapped calls it made (each costs it the caller's side)
_stack: list[str] = ["other"]
_last = [0.0]


def _switch(to: str | None) -> None:
    """Charge the time since the last switch to the running phase; then enter `to` (None: leave it)."""
    now = clock()
    running = _stack[-1]
    spent[running] = spent.get(running, 0.0) + now - _last[0]
    _last[0] = now
    if to is None:
        _stack.pop()
    else:
        _stack.append(to)
        calls[to] = calls.get(to, 0) + 1
        callers[running] = callers.get(running, 0) + 1


def timed(phase: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*arguments: Any, **keywords: Any) -> Any:
        _switch(phase)
        try:
            return function(*arguments, **keywords)
        finally:
            _switch(None)

    return wrapper


def timed_iterator(phase: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """For a generator function (the walk): each step of the iteration is charged to `phase`."""
    def wrapper(*arguments: Any, **keywords: Any) -> Any:
        iterator = iter(function(*arguments, **keywords))
        while True:
            _switch(phase)
            try:
                item = next(iterator)
            except StopIteration:
                return
            finally:
                _switch(None)
            yield item

    return wrapper


def _calibrate(rounds: int = 5000) -> tuple[float, float]:
    """CPU seconds one wrapped call costs (callee's side, caller's side), measured on an empty function."""
    empty = timed("calibration", lambda: None)
    _stack[:] = ["calibrating"]
    _last[0] = clock()
    for _ in range(rounds):
        empty()
    _switch("calibrating")  # charges the loop's tail
    callee, caller = spent.pop("calibration", 0.0) / rounds, spent.pop("calibrating", 0.0) / rounds
    spent.clear()
    calls.clear()
    callers.clear()
    return callee, caller


def _listed(check: Callable[..., Any]) -> Callable[..., list]:
    return lambda config, options: list(check(config, options))


def _patch(missing: list[str], phase: str, owner: object, name: str, wrap: Callable = timed) -> None:
    function = getattr(owner, name, None)
    if function is None:
        missing.append(f"{phase} ({getattr(owner, '__name__', owner)}.{name})")
        return
    setattr(owner, name, wrap(phase, function))


def main(argv: list[str]) -> int:
    missing: list[str] = []
    callee_cost, caller_cost = _calibrate()
    _last[0] = clock()
    _stack[:] = ["imports"]  # the imports a run needs, the rule plugins included
    from sparklint import cli, discover, engine, registry, report, runner, settings
    from sparklint.report import json_report  # noqa: F401 (the reporter the run uses)

    rules = registry.load_rules()
    _switch("other")
    _stack[:] = ["other"]
    # The rules, each wrapped: the engine's own loop, filtering and masking stay in "check".
    # A rule's check is a generator function: the wrapper runs it to the end, as the engine does.
    wrapped = {key: rule._replace(check=timed("rules", _listed(rule.check))) for key, rule in rules.items()}
    registry.load_rules = lambda lazy=False: wrapped
    _patch(missing, "settings", settings, "settings_for")
    _patch(missing, "walk", discover, "discover", timed_iterator)
    _patch(missing, "read", runner, "read_text")
    _patch(missing, "verdict", engine, "of_file")
    _patch(missing, "parse", engine, "load")
    _patch(missing, "recognise", engine, "recognise")
    _patch(missing, "recognise", engine.Linter, "_resolve_platform")
    _patch(missing, "applications", engine.Linter, "attach_applications")
    _patch(missing, "check", engine.Linter, "check")
    _patch(missing, "report", engine, "sort_findings")
    for name in list(report.REPORTERS):
        report.REPORTERS[name] = timed("report", report.REPORTERS[name])
    output, sys.stdout = sys.stdout, io.StringIO()
    try:
        code = cli.main(argv + ["--jobs", "1", "--format", "json"])
        printed = sys.stdout.getvalue()
    finally:
        sys.stdout = output
    _switch(None)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    overhead = 0.0
    phases = {}
    for name, seconds in spent.items():
        cost = min(seconds, calls.get(name, 0) * callee_cost + callers.get(name, 0) * caller_cost)
        phases[name] = seconds - cost
        overhead += cost
    phases["start-up"] = _STARTED.ru_utime + _STARTED.ru_stime
    try:
        data = json.loads(printed)
        findings = len(data["findings"] if isinstance(data, dict) else data)
    except (ValueError, KeyError, TypeError):
        findings = -1
    print(json.dumps({"phases": phases, "calls": calls, "overhead": overhead,
                      "total": usage.ru_utime + usage.ru_stime - overhead,
                      "findings": findings, "exit": code, "missing": missing}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
