"""Running the linter over files: read, recognise, check; in parallel when there are many files.

Files are checked as soon as they are read, and dropped, except those holding an EMR Serverless job or
application: an application gives its maximumCapacity and runtimeConfiguration to the jobs linted with
it, so those files are checked together at the end. With several cores and many files, worker
processes (forked, so they share the loaded rules) lint slices of the file list and hand the
EMR Serverless files back to the parent, which checks them together.
"""

from __future__ import annotations

import os
import sys
from typing import Callable, Optional

from sparklint.discover import Unreadable, read_text
from sparklint.engine import MAX_HITS_PER_RULE, FileResult, Linter, fails
from sparklint.rule import Finding
from sparklint.settings import Settings

# Text that every EMR Serverless job or application body contains (field names of StartJobRun,
# CreateApplication and CloudFormation); a worker hands such files to the parent unparsed.
_EMR_SERVERLESS_MARKS = ("sparkSubmit", "SparkSubmit", "aximumCapacity", "nitialCapacity", "EMRServerless",
                         "emr-serverless")

# Below this many files a worker pool costs more than it saves (fork + result transfer ~ 50 ms).
PARALLEL_MIN_FILES = 400


class Outcome:
    """What a run (or a worker's slice of it) found: findings, notes, counts."""

    __slots__ = ("findings", "notes", "files", "skipped", "checked", "skips", "failed", "deferred")

    def __init__(self) -> None:
        self.findings: list[Finding] = []
        self.notes: list[str] = []
        self.files = 0
        self.skipped = 0  # read, but not a Spark configuration (or empty, or unreadable)
        self.checked: list[str] = []  # the files counted in `files` (JUnit, SARIF)
        self.skips: list[tuple[str, str]] = []  # (path, why) of the files counted in `skipped`
        self.failed = False
        self.deferred: list[str] = []  # EMR Serverless files a worker hands back


class FileRunner:
    def __init__(self, linter: Linter, settings_of: Callable[[str], Settings], verbose: bool) -> None:
        self.linter = linter
        self.settings_of = settings_of
        self.verbose = verbose
        self._kept: list[FileResult] = []
        # A run sees the repository as it is now (a language server lints many times). Both are imported
        # only by a run that needed them (SL003 asking about a key, a Synapse notebook).
        for name in ("sparklint.code_reads", "sparklint.synapse_pools"):
            module = sys.modules.get(name)
            if module is not None:
                module.forget()

    def lint_path(self, path: str, outcome: Outcome, defer: bool = False) -> None:
        try:
            text = read_text(path)
        except Unreadable as error:
            outcome.notes.append(f"{path}: {error}")
            outcome.skipped += 1
            outcome.skips.append((path, str(error)))
            return
        self.lint_text(path, text, outcome, defer)

    def lint_text(self, path: str, text: str, outcome: Outcome, defer: bool = False) -> None:
        if not text.strip():
            outcome.skipped += 1
            outcome.skips.append((path, "empty file; skipped"))
            if self.verbose:
                outcome.notes.append(f"{path}: empty file; skipped")
            return
        settings = self.settings_of(path)
        if defer and (settings.platform == "emr-serverless" or any(mark in text for mark in _EMR_SERVERLESS_MARKS)):
            outcome.deferred.append(path)  # may hold an EMR Serverless job or application: the parent reads it
            return
        result = self.linter.read(path, text, settings)
        if not result.configs and not result.load_errors:
            outcome.skipped += 1
            why = result.skipped or "not a Spark configuration we recognise; skipped"
            outcome.skips.append((path, why))
            if self.verbose:
                outcome.notes.append(f"{path}: {why}")
            return
        if any(config.platform == "emr-serverless" for config in result.configs):
            if defer:  # not caught by the text marks: still the parent's to check with the applications
                outcome.deferred.append(path)
                return
            self._kept.append(result)
            outcome.files += 1
            outcome.checked.append(path)
            return
        outcome.files += 1
        outcome.checked.append(path)
        self._check(result, outcome)

    def finish(self, outcome: Outcome, jobs: int = 1) -> None:
        """Check the EMR Serverless files kept so far, applications matched with their jobs; with
        `jobs` > 1 and many files, in forked workers that inherit the parsed files."""
        kept, self._kept = self._kept, []
        self.linter.attach_applications(kept + self._repository_applications(kept, outcome))
        if jobs > 1 and len(kept) >= PARALLEL_MIN_FILES and _can_fork():
            _in_workers(_check_kept_slice, (self, kept), _slices(list(range(len(kept))), jobs), outcome, jobs)
            return
        for result in kept:
            self._check(result, outcome)

    def _repository_applications(self, kept: list[FileResult], outcome: Outcome) -> list[FileResult]:
        """When the run holds EMR Serverless jobs but no application (pre-commit passes only staged
        files), the applications defined elsewhere in the jobs' repository; read, never reported."""
        if not kept or any(config.kind == "application" for result in kept for config in result.configs):
            return []
        from sparklint.application_search import find_applications

        def read(path: str, text: str) -> Optional[FileResult]:
            result = self.linter.read(path, text, self.settings_of(path))
            applications = [config for config in result.configs if config.kind == "application"]
            return result if applications else None

        found = find_applications([result.path for result in kept], frozenset(os.path.abspath(result.path)
                                                                             for result in kept), read)
        if self.verbose:
            outcome.notes.extend(f"{result.path}: read for the EMR Serverless application the jobs run on"
                                 for result in found)
        return found  # type: ignore[return-value]

    def _check(self, result: FileResult, outcome: Outcome) -> None:
        found = self.linter.check(result)
        for finding in found:
            outcome.failed = outcome.failed or fails(finding, result.settings)
        outcome.findings.extend(found)
        for rule_id, more in result.unreported.items():
            outcome.notes.append(f"{result.path}: {rule_id} found {more:,} more problems than the {MAX_HITS_PER_RULE:,} "
                                 f"per configuration it reports; they are not shown")
        if self.verbose:
            outcome.notes.extend(_version_notes(result))
        if self.verbose and result.load_errors and (not found or result.configs):
            from sparklint.masking import Masker

            masker = Masker.of(result.text, result.configs)  # a parse error quotes the raw text
            state = "read in part" if result.configs else "skipped, not parseable"
            outcome.notes.extend(f"{result.path}: {state} ({masker.show(error.message)})"
                                 for error in result.load_errors)


def _version_notes(result: FileResult) -> list[str]:
    """`--verbose`: why a config is judged by another Spark version than the one it declares or asks for."""
    notes: dict[str, None] = {}
    for config in result.configs:
        choice = config.spark_version_choice
        if choice is not None and choice.note:
            from sparklint.masking import printable  # a declared version is quoted from the file

            notes[f"{result.path}: {printable(choice.note)}"] = None
    return list(notes)


# What a forked worker works on (the runner, and for `finish` the parsed files): set in the parent just
# before the pool forks, inherited by the workers, never pickled.
_WORKER_STATE: Optional[tuple] = None


def _lint_slice(paths: list[str]) -> Outcome:
    assert _WORKER_STATE is not None
    runner = _WORKER_STATE[0]
    outcome = Outcome()
    for path in paths:
        runner.lint_path(path, outcome, defer=True)
    return outcome


def _check_kept_slice(indices: list[int]) -> Outcome:
    assert _WORKER_STATE is not None
    runner, kept = _WORKER_STATE
    outcome = Outcome()
    for index in indices:
        runner._check(kept[index], outcome)  # noqa: SLF001 (the worker half of FileRunner.finish)
    return outcome


def lint_paths(runner: FileRunner, paths: list[str], outcome: Outcome, jobs: int) -> None:
    """Lint `paths` into `outcome`, with up to `jobs` processes; EMR Serverless files end up in the runner."""
    if jobs > 1 and len(paths) >= PARALLEL_MIN_FILES and _can_fork():
        # The parent reads the handed-back files while the workers go on with other slices.
        _in_workers(_lint_slice, (runner,), _slices(paths, jobs), outcome, jobs,
                    lambda part: [runner.lint_path(path, outcome) for path in part.deferred])
        return
    for path in paths:
        runner.lint_path(path, outcome)


def _slices(items: list, jobs: int) -> list[list]:
    # Contiguous slices keep each worker's per-directory settings cache warm; several per worker even
    # out slow and fast slices.
    size = max(50, len(items) // (jobs * 8) + 1)
    return [items[start:start + size] for start in range(0, len(items), size)]


def _in_workers(work: Callable[[list], Outcome], state: tuple, slices: list[list], outcome: Outcome,
                jobs: int, then: Optional[Callable[[Outcome], object]] = None) -> None:
    """Run `work` on each slice in `jobs` forked processes that inherit `state`; merge into `outcome`."""
    import multiprocessing

    global _WORKER_STATE
    _WORKER_STATE = state
    try:
        pool = multiprocessing.get_context("fork").Pool(jobs, initializer=_worker_signals)
        try:
            for part in _results(pool, pool.imap(work, slices), len(slices)):
                outcome.findings.extend(part.findings)
                outcome.notes.extend(part.notes)
                outcome.files += part.files
                outcome.skipped += part.skipped
                outcome.checked.extend(part.checked)
                outcome.skips.extend(part.skips)
                outcome.failed = outcome.failed or part.failed
                if then is not None:
                    then(part)
        except BaseException:  # Ctrl-C, SIGTERM (Terminated) or an error: the workers must not outlive it
            _stop(pool)
            raise
        pool.close()
        pool.join()
    finally:
        _WORKER_STATE = None


# How often the parent wakes while it waits for a worker's slice: a signal the kernel hands to one of the
# pool's threads instead of the main thread is acted on within this, and a lost worker is noticed.
_POLL_SECONDS = 0.2


class WorkerLost(Exception):
    """A worker process ended before it handed back its slice (killed: the OOM killer, a signal)."""


def _results(pool: object, iterator: object, count: int):
    """The `count` slices of `iterator` (a pool's imap) in order, waiting in short steps.

    An untimed wait blocks the main thread in a lock that only a result releases, so a SIGTERM delivered
    to another thread, with the workers already dead, would never be acted on; and a worker that dies
    mid-slice loses that slice, so the wait would never end. Each step checks the workers the run
    started with are all still there (the pool silently replaces a dead one)."""
    from multiprocessing import TimeoutError as Timeout

    started = _worker_pids(pool)
    for _ in range(count):
        while True:
            try:
                yield iterator.next(_POLL_SECONDS)
                break
            except Timeout:
                lost = started - _worker_pids(pool)
                if lost:
                    raise WorkerLost(f"a worker process ({len(lost)} of {len(started)}) ended before it handed "
                                     "back its files (killed from outside, or out of memory); "
                                     "run again with --jobs 1 to lint in one process") from None


def _worker_pids(pool: object) -> set:
    return {worker.pid for worker in getattr(pool, "_pool", ()) if worker.exitcode is None}


class Terminated(Exception):
    """SIGTERM arrived during a run (see `terminate_on_sigterm`)."""


def terminate_on_sigterm() -> Callable[[], None]:
    """Turn SIGTERM into `Terminated` in this (main) thread, so that a run stops its workers and says so;
    returns what restores the previous handler. Does nothing outside the main thread."""
    import signal

    def raise_terminated(signum: int, frame: object) -> None:
        raise Terminated()

    try:
        previous = signal.signal(signal.SIGTERM, raise_terminated)
    except ValueError:  # not the main thread (a language server's worker): asking `threading` costs an import
        return lambda: None
    return lambda: signal.signal(signal.SIGTERM, previous)


def _worker_signals() -> None:
    """In a worker: Ctrl-C (sent to the whole process group) is the parent's to handle, and SIGTERM ends
    the worker at once; neither prints a traceback."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _stop(pool: object) -> None:
    """Kill a pool's workers now, and leave nothing to wait for.

    `Pool.terminate` can deadlock here (it takes the task queue's lock, which a worker blocked reading
    the queue holds: the parent hung in 2 of 17 Ctrl-Cs), so instead: stop the thread that replaces
    exited workers, SIGKILL and reap every worker, and cancel the pool's exit-time terminate."""
    import signal
    from multiprocessing import pool as pools

    handler = getattr(pool, "_worker_handler", None)
    if handler is not None:
        handler._state = pools.TERMINATE  # its loop ends within 0.1 s and forks no more workers
        handler.join(0.5)
    setattr(pool, "_state", pools.TERMINATE)
    workers = list(getattr(pool, "_pool", ()))
    for worker in workers:
        if worker.pid is not None and worker.exitcode is None:
            try:
                os.kill(worker.pid, signal.SIGKILL)
            except OSError:
                pass
    for worker in workers:
        worker.join(1.0)
    finalizer = getattr(pool, "_terminate", None)
    if finalizer is not None and hasattr(finalizer, "cancel"):
        finalizer.cancel()


def _can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 8))
