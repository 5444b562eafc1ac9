"""action.yml: `uses: <org>/sparklint@<commit>` installs sparklint from the action's own folder and lints the
checkout. The test runs the action's steps as GitHub's runner does: each `run` with bash, `${{ inputs.X }}`
replaced by the input (or its default), GITHUB_ACTION_PATH the repository, in a fresh virtualenv."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO

ACTION = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))


def test_the_action_has_the_inputs_the_readme_names():
    assert ACTION["runs"]["using"] == "composite"
    assert {name: spec.get("default") for name, spec in ACTION["inputs"].items()} == \
        {"paths": ".", "format": "github", "fail-on": "warning", "args": ""}
    for step in ACTION["runs"]["steps"]:
        assert "${{" not in step["run"]  # inputs go through env, never into the script text


def _expand(value: str, inputs: dict[str, str]) -> str:
    return re.sub(r"\$\{\{\s*inputs\.([\w-]+)\s*\}\}", lambda match: inputs[match.group(1)], value)


def _run_steps(venv: Path, workspace: Path, given: dict[str, str]) -> list[subprocess.CompletedProcess]:
    inputs = {name: given.get(name, spec.get("default", "")) for name, spec in ACTION["inputs"].items()}
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("GITHUB_", "VIRTUAL_ENV"))}
    environment.update(PATH=f"{venv / 'bin'}{os.pathsep}{environment.get('PATH', '')}", GITHUB_ACTION_PATH=str(REPO),
                       GITHUB_ACTIONS="true")
    done = []
    for step in ACTION["runs"]["steps"]:
        env = dict(environment, **{key: _expand(str(value), inputs) for key, value in step.get("env", {}).items()})
        done.append(subprocess.run(["bash", "-c", step["run"]], cwd=workspace, env=env, capture_output=True,
                                   text=True, timeout=600))
    return done


@pytest.mark.slow
def test_the_action_steps_install_and_lint(tmp_path: Path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    workspace = tmp_path / "checkout"
    (workspace / "conf").mkdir(parents=True)
    (workspace / "conf" / "spark-defaults.conf").write_text(
        "spark.executor.memory 1g\nspark.executor.memory 2g\n", encoding="utf-8")
    install, lint = _run_steps(venv, workspace, {"paths": "conf"})
    assert install.returncode == 0, install.stdout + install.stderr
    assert lint.returncode == 1, lint.stdout + lint.stderr
    assert lint.stdout.startswith("::warning file=conf/spark-defaults.conf,line=1,col=23,")
    # fail-on error: the warning is annotated, the step passes.
    _, lenient = _run_steps(venv, workspace, {"paths": "conf", "fail-on": "error"})
    assert lenient.returncode == 0 and "::warning file=conf/spark-defaults.conf" in lenient.stdout


def test_the_readme_uses_step_gives_only_inputs_the_action_has():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    (step,) = re.findall(r"- uses: your-org/sparklint@[0-9a-f]{40}.*\n\s+with: (\{.*\})", readme)
    given = yaml.safe_load(step)
    assert given and set(given) <= set(ACTION["inputs"])
    assert ACTION["inputs"]["format"]["default"] == "github"
