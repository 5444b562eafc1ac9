"""Reads that could block or never end (issue 18): a FIFO named on the command line or swapped in for a
file during the run, a device or FIFO given as `--config`. Each is refused with a note or an exit-2
message at once, in a subprocess bounded by a timeout so that a regression fails instead of hanging."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sparklint import runner
from sparklint.discover import Unreadable, read_text

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")


def sparklint(cwd: Path, *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sparklint", *arguments], cwd=cwd, capture_output=True,
                          text=True, timeout=30)


def test_a_fifo_named_on_the_command_line_is_a_note(tmp_path):
    os.mkfifo(tmp_path / "spark-defaults.conf")
    (tmp_path / "b.conf").write_text("spark.executor.memoryy 4g\n")
    result = sparklint(tmp_path, "spark-defaults.conf", "b.conf")
    assert result.returncode == 1 and "SL003" in result.stdout  # the other file is still linted
    assert "sparklint: spark-defaults.conf: not a regular file (a named pipe); skipped" in result.stderr


def test_a_fifo_in_a_walked_folder_is_not_opened(tmp_path):
    os.mkfifo(tmp_path / "spark-defaults.conf")
    result = sparklint(tmp_path, ".")
    assert result.returncode == 0 and "Traceback" not in result.stderr


def test_a_file_replaced_by_a_fifo_during_the_run(tmp_path, lint, monkeypatch):
    real = runner.read_text

    def swapped(path: str) -> str:  # the file is found by the walk, then a FIFO takes its place
        os.remove(path)
        os.mkfifo(path)
        return real(path)

    monkeypatch.setattr(runner, "read_text", swapped)
    run = lint({"spark-defaults.conf": "spark.executor.memoryy 4g\n"})
    assert run.code == 0 and run.findings == []
    assert "spark-defaults.conf: not a regular file (a named pipe); skipped" in run.err
    with pytest.raises(Unreadable, match="a named pipe"):
        read_text(str(tmp_path / "spark-defaults.conf"))


@pytest.mark.parametrize("config", ["zero.toml", "pipe.toml"])
def test_a_config_that_is_not_a_regular_file_is_refused(tmp_path, config):
    os.mkfifo(tmp_path / "pipe.toml")
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    os.symlink("/dev/zero", tmp_path / "zero.toml")  # read without limit until now
    (tmp_path / "spark-defaults.conf").write_text("spark.executor.memory 4g\n")
    result = sparklint(tmp_path, "--config", config, ".")
    assert result.returncode == 2
    assert "cannot read config file: not a regular file" in result.stderr


def test_a_huge_config_is_refused(tmp_path):
    (tmp_path / "big.toml").write_text("# padding\n" * 200_000)
    result = sparklint(tmp_path, "--config", "big.toml", ".")
    assert result.returncode == 2 and "cannot read config file: larger than 1 MB" in result.stderr


@pytest.mark.parametrize("name, kind", [(name, kind) for name in (".sparklint.toml", "pyproject.toml")
                                        for kind in ("fifo", "device")] + [(".sparklint.toml", "broken link")])
def test_a_found_config_that_is_not_a_regular_file_is_refused_not_passed_over(tmp_path, name, kind):
    # Passed over, the defaults applied while --verbose said there was no config at all.
    if kind == "fifo":
        os.mkfifo(tmp_path / name)
    elif kind == "device":
        if not os.path.exists("/dev/zero"):
            pytest.skip("no /dev/zero")
        os.symlink("/dev/zero", tmp_path / name)
    else:
        os.symlink(tmp_path / "gone.toml", tmp_path / name)
    (tmp_path / "spark-defaults.conf").write_text("spark.executor.memry 4g\n")
    result = sparklint(tmp_path, ".")
    assert result.returncode == 2
    assert name in result.stderr and ("cannot read config file" in result.stderr or "not found" in result.stderr)


def test_a_broken_pyproject_link_is_passed_over(tmp_path):
    os.symlink(tmp_path / "gone.toml", tmp_path / "pyproject.toml")  # most pyproject.toml files are not ours
    (tmp_path / "spark-defaults.conf").write_text("spark.executor.memry 4g\n")
    result = sparklint(tmp_path, "--format", "concise", ".")
    assert result.returncode == 1 and "spark-defaults.conf:1:1: SL003" in result.stdout
