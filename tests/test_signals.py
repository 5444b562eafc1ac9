"""Ctrl-C and SIGTERM during a parallel run (issue 18): the run ends within a second, with one line on
stderr, exit 130 / 143, no worker traceback and no process left behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not hasattr(os, "fork") or sys.platform == "win32", reason="POSIX signals")

FILES = 1200  # above the runner's PARALLEL_MIN_FILES, and slow enough to be mid-run after the start


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("many")
    text = "".join(f"spark.executor.memoryz{index}x 4g\nspark.executor.cores {index}\n" for index in range(200))
    for index in range(FILES):
        (root / f"f{index}.conf").write_text(text)
    return root


def _as_from_a_terminal() -> None:
    """In the child before exec: Ctrl-C's default disposition, as a terminal gives it. A test run started in
    the background of a shell without job control inherits SIGINT ignored (POSIX: asynchronous lists),
    Python then installs no KeyboardInterrupt handler, and sparklint rightly keeps ignoring Ctrl-C: the
    run went on and the test read it as a deadlock."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def descendants(pid: int) -> list[int]:
    """Processes whose parent is `pid` (from /proc; empty where there is none)."""
    found = []
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else ():
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry))
    return found


@pytest.mark.parametrize(("how", "code", "line"), [("group-int", 130, "sparklint: interrupted"),
                                                   ("term", 143, "sparklint: terminated"),
                                                   ("group-term", 143, "sparklint: terminated")])
def test_a_signal_mid_run_stops_everything_at_once(tree, how, code, line):
    # A new session, so the signal can go to the whole process group as a terminal's Ctrl-C does.
    process = subprocess.Popen([sys.executable, "-m", "sparklint", "--jobs", "2", "."], cwd=tree,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                               preexec_fn=_as_from_a_terminal)
    deadline = time.monotonic() + 60
    while not descendants(process.pid) and time.monotonic() < deadline:  # wait for the workers
        time.sleep(0.05)
    workers = descendants(process.pid)
    time.sleep(0.5)
    assert process.poll() is None, "the run ended before the signal: make the tree bigger"
    sent = time.monotonic()
    if how == "term":
        process.send_signal(signal.SIGTERM)
    else:
        os.killpg(process.pid, signal.SIGINT if how == "group-int" else signal.SIGTERM)
    try:
        out, err = process.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        raise AssertionError("the run did not end after the signal (a deadlock)")
    assert time.monotonic() - sent < 2.0  # "within a second", with room for a loaded machine
    assert process.returncode == code
    assert err.strip() == line and "Traceback" not in err
    assert out == ""
    assert workers and [worker for worker in workers if alive(worker)] == []  # none left behind


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_a_worker_killed_mid_run_ends_the_run_with_one_line_not_a_hang(tree):
    # The OOM killer's SIGKILL on one worker: the pool replaces it silently and its slice is lost, so an
    # untimed wait for that slice would never end.
    process = subprocess.Popen([sys.executable, "-m", "sparklint", "--jobs", "2", "."], cwd=tree,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                               preexec_fn=_as_from_a_terminal)
    deadline = time.monotonic() + 60
    while not descendants(process.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    workers = descendants(process.pid)
    time.sleep(0.5)
    assert process.poll() is None, "the run ended before the kill: make the tree bigger"
    os.kill(workers[0], signal.SIGKILL)
    try:
        out, err = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        raise AssertionError("the run waited forever for the killed worker's files")
    assert process.returncode == 2
    assert err.startswith("sparklint: error: a worker process") and "--jobs 1" in err
    assert "Traceback" not in err and err.count("\n") == 1
    assert out == ""
    assert [worker for worker in workers if alive(worker)] == []  # the other worker is gone too
