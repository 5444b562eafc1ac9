"""The plugin door: a third-party package registers a rule through the `sparklint.rules` entry points and
it runs, is listed, selectable and suppressible exactly like a built-in."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PLUGIN = Path(__file__).parent / "plugin_pkg"


@pytest.fixture(scope="module")
def plugin_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example plugin pip-installed into its own directory (put on PYTHONPATH, not into this venv)."""
    target = tmp_path_factory.mktemp("site")
    source = tmp_path_factory.mktemp("src") / "plugin"
    shutil.copytree(PLUGIN, source)  # build in a copy: no build/ or egg-info left in the repo
    # Build offline with this environment's setuptools when it can make wheels; else let pip fetch it.
    import importlib.util

    can_build = all(importlib.util.find_spec(name) for name in ("setuptools", "wheel"))
    isolation = ["--no-build-isolation"] if can_build else []
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", *isolation,
                    "--target", str(target), str(source)], check=True)
    return target


def sparklint(plugin_path: Path, cwd: Path, *arguments: str) -> subprocess.CompletedProcess:
    environment = dict(os.environ, PYTHONPATH=str(plugin_path))
    return subprocess.run([sys.executable, "-m", "sparklint", *arguments], cwd=cwd, env=environment,
                          capture_output=True, text=True)


def test_plugin_rule_runs_like_a_builtin(plugin_path, tmp_path):
    (tmp_path / "spark-defaults.conf").write_text("spark.master yarn\nspark.app.name nightly etl\n")
    listed = sparklint(plugin_path, tmp_path, "rules")
    assert "EX101  app-name-with-spaces" in listed.stdout
    assert sparklint(plugin_path, tmp_path, "rule", "EX101").stdout.startswith("EX101 app-name-with-spaces")
    run = sparklint(plugin_path, tmp_path, "--format", "json", ".")
    assert run.returncode == 1, run.stderr
    assert [(f["rule"], f["line"], f["column"]) for f in json.loads(run.stdout)] == [("EX101", 2, 16)]
    assert sparklint(plugin_path, tmp_path, "--ignore", "EX1", ".").returncode == 0
    assert sparklint(plugin_path, tmp_path, "--select", "SL", ".").returncode == 0
    selected = sparklint(plugin_path, tmp_path, "--select", "app-name-with-spaces", "--format", "json", ".")
    assert [f["rule"] for f in json.loads(selected.stdout)] == ["EX101"]
    (tmp_path / "spark-defaults.conf").write_text(
        "spark.master yarn\n# sparklint: disable=app-name-with-spaces\nspark.app.name nightly etl\n")
    assert sparklint(plugin_path, tmp_path, ".").returncode == 0


def test_plugin_taking_a_builtin_id_fails_loudly(plugin_path, tmp_path):
    clash = tmp_path / "clash"
    # Without pip's bytecode: the edit keeps the file's size, and within the same second as the install
    # the stale .pyc (checked by mtime and size) would still be imported.
    shutil.copytree(plugin_path, clash, ignore=shutil.ignore_patterns("__pycache__"))
    module = clash / "sparklint_example_plugin" / "__init__.py"
    module.write_text(module.read_text().replace('id="EX101"', 'id="SL201"'))
    run = sparklint(clash, tmp_path, "rules")
    assert run.returncode == 2
    assert "SL201 is registered twice" in run.stderr and "Traceback" not in run.stderr
