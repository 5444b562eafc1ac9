"""The pre-commit hook, as users get it: a real pre-commit installs sparklint from this repo and runs it.

Given a git repository with a bad EMR Serverless job and a good one, the `sparklint` hook fails on the
bad job with SL201 at its line and column, and passes on the good one. Meta-tests check the hook's
`files` pattern and that the README shows how to use the hook (pre-commit-hooks' `readme_test.py`,
check-jsonschema's hook-regex tests).

pre-commit installs the hook from a git repository, so the slow tests first copy this working tree
(tracked files and untracked, not ignored ones, as they are on disk) into a scratch repository and
commit it. `pre-commit try-repo /path/to/sparklint` would see edits to tracked files (it makes a
shadow commit with `git add -u`) but not new untracked files, so a new rule module would be missing
from the hook while present for the rest of the test run; the copy tests exactly what pytest sees,
and never touches this repository's `.git`.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
MANIFEST = REPO / ".pre-commit-hooks.yaml"

def _job(executor_instances: int) -> str:
    """An EMR Serverless StartJobRun body; `sparkSubmitParameters` is on line 7, its value at column 40."""
    return json.dumps({
        "applicationId": "00f1abcdexample",
        "executionRoleArn": "arn:aws:iam::123456789012:role/job-role",
        "jobDriver": {"sparkSubmit": {
            "entryPoint": "s3://example-bucket/job.py",
            "sparkSubmitParameters": f"--conf spark.executor.instances={executor_instances}"}},
    }, indent=2) + "\n"


# Dynamic allocation starts 3 executors on EMR Serverless, so asking for 1 is SL201; asking for 4 is fine.
BAD_JOB, GOOD_JOB = "jobs/nightly.json", "jobs/hourly.json"
# main.py is in the hook's pattern (a DAG could hold Spark settings) and skipped for naming no Spark operator;
# main.go is outside the pattern.
PROJECT_FILES = {BAD_JOB: _job(1), GOOD_JOB: _job(4), "main.py": "print('not a Spark configuration')\n",
                 "main.go": "package main\n"}


# --- meta-tests: the manifest and the README --------------------------------------------------------


def _hooks() -> list[dict]:
    return yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", [
    "spark-defaults.conf",
    "conf/spark-defaults.conf.template",
    "jobs/run.json",
    "k8s/app.yaml",
    "k8s/app.yml",
    "nb/x.ipynb",
    "x.properties",
    "infra/emr.tf",
    "dags/spark_job.py",
    "scripts/submit.sh",
    "bin/run.bash",
    "Dockerfile",
    "docker/Dockerfile.spark",
    "Makefile",
    "build/spark.mk",
])
def test_files_pattern_matches_spark_configurations(path: str) -> None:
    (hook,) = _hooks()
    # pre-commit applies `files` with re.search to the path relative to the repository root.
    assert re.compile(hook["files"]).search(path), f"the sparklint hook would never see {path}"


@pytest.mark.parametrize("path", ["README.md", "Makefile.am", "docs/Makefile-guide.md", "docs/Dockerfile-guide.md"])
def test_files_pattern_skips_other_files(path: str) -> None:
    (hook,) = _hooks()
    assert not re.compile(hook["files"]).search(path), f"the sparklint hook would run on {path}"


def test_manifest_is_valid_for_pre_commit() -> None:
    _require_pre_commit()
    result = subprocess.run([sys.executable, "-m", "pre_commit", "validate-manifest", str(MANIFEST)],
                            capture_output=True, text=True, env=_clean_environment({}))
    assert result.returncode == 0, result.stdout + result.stderr


def test_readme_shows_every_hook_in_a_pre_commit_config() -> None:
    readme = REPO / "README.md"
    assert readme.is_file(), "README.md is missing; it should show a .pre-commit-config.yaml snippet"
    text = readme.read_text(encoding="utf-8")
    shown: set[str] = set()
    for block in re.findall(r"^```[^\n]*\n(.*?)^```", text, flags=re.MULTILINE | re.DOTALL):
        if not re.search(r"^\s*repos:", block, flags=re.MULTILINE):
            continue
        config = yaml.safe_load(block)  # a snippet users copy must be valid YAML
        shown.update(hook["id"] for repo in config["repos"] for hook in repo.get("hooks", []))
    missing = [hook["id"] for hook in _hooks() if hook["id"] not in shown]
    assert not missing, f"README.md has no .pre-commit-config.yaml snippet with `id: {missing[0]}`"


# --- a real pre-commit ------------------------------------------------------------------------------


def _require_pre_commit() -> None:
    if importlib.util.find_spec("pre_commit") is None:
        pytest.fail("pre-commit is not installed: pip install -e '.[test]'")


def _clean_environment(overrides: dict[str, str]) -> dict[str, str]:
    environment = {key: value for key, value in os.environ.items()
                   # GIT_DIR / GIT_INDEX_FILE (pytest run from a git hook) would point git at the wrong
                   # repository; SKIP=sparklint or PRE_COMMIT_* would change what pre-commit does.
                   if not key.startswith(("GIT_", "PRE_COMMIT")) and key != "SKIP"}
    # GITHUB_ACTIONS=true switches sparklint to ::warning annotations; the assertions read the text format.
    environment.pop("GITHUB_ACTIONS", None)
    environment.pop("NO_COLOR", None)
    environment.update(overrides)
    return environment


def _git(cwd: Path, *arguments: str) -> str:
    return subprocess.run(["git", *arguments], cwd=cwd, check=True, capture_output=True, text=True,
                          env=_clean_environment({})).stdout


def _git_repository(root: Path) -> None:
    _git(root, "init", "-q")
    _git(root, "config", "user.name", "sparklint tests")
    _git(root, "config", "user.email", "sparklint-tests@example.invalid")
    _git(root, "config", "commit.gpgsign", "false")


@dataclass(frozen=True)
class Workspace:
    hook_repository: Path  # a committed copy of this working tree
    revision: str
    project: Path  # the user's repository, with PROJECT_FILES staged
    environment: dict[str, str]

    def pre_commit(self, *arguments: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "pre_commit", *arguments, "--color=never"],
                              cwd=self.project, env=self.environment, capture_output=True, text=True,
                              timeout=600)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    if shutil.which("git") is None:
        pytest.skip("git is not installed; pre-commit needs it")
    _require_pre_commit()
    root = tmp_path_factory.mktemp("pre-commit")

    hook_repository = root / "sparklint"
    listed = _git(REPO, "ls-files", "-z", "--cached", "--others", "--exclude-standard").split("\0")
    for name in filter(None, listed):
        source = REPO / name
        if source.is_file():  # deleted but not yet staged: not on disk, not in the copy
            target = hook_repository / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    _git_repository(hook_repository)
    _git(hook_repository, "add", "-A")
    _git(hook_repository, "commit", "-q", "--no-verify", "-m", "working tree of sparklint under test")
    revision = _git(hook_repository, "rev-parse", "HEAD").strip()

    project = root / "project"
    project.mkdir()
    _git_repository(project)
    for name, text in PROJECT_FILES.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text, encoding="utf-8")
    _git(project, "add", "-A")

    environment = _clean_environment({
        # Nothing lands in the user's caches; pip's cache is shared by this module's hook installs.
        "PRE_COMMIT_HOME": str(root / "pre-commit-home"),
        "XDG_CACHE_HOME": str(root / "cache"),
        "PIP_CACHE_DIR": str(root / "cache" / "pip"),
        "VIRTUALENV_OVERRIDE_APP_DATA": str(root / "virtualenv-app-data"),
    })
    yield Workspace(hook_repository, revision, project, environment)
    # The two hook virtualenvs and the caches are ~100 MB a run; the repositories stay for a post-mortem.
    for heavy in ("pre-commit-home", "cache", "virtualenv-app-data"):
        shutil.rmtree(root / heavy, ignore_errors=True)


def _readme_blocks() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    return re.findall(r"^```[^\n]*\n(.*?)^```", text, flags=re.MULTILINE | re.DOTALL)


def _readme_pre_commit_config() -> dict:
    (config,) = [yaml.safe_load(block) for block in _readme_blocks() if re.search(r"^repos:", block, re.MULTILINE)]
    return config


@pytest.fixture(scope="module")
def configured(workspace: Workspace) -> Workspace:
    """The project with the README's .pre-commit-config.yaml, its placeholders (the repository's URL
    and a commit) replaced by the local copy of sparklint and that copy's commit."""
    config = _readme_pre_commit_config()
    (entry,) = config["repos"]
    assert re.fullmatch(r"https://\S+/sparklint", entry["repo"]) and re.fullmatch(r"[0-9a-f]{40}", entry["rev"])
    entry["repo"], entry["rev"] = str(workspace.hook_repository), workspace.revision
    (workspace.project / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    _git(workspace.project, "add", ".pre-commit-config.yaml")
    return workspace


def _hook_line(output: str) -> str:
    (line,) = [line for line in output.splitlines() if line.startswith("sparklint.")]
    return line


@pytest.mark.slow
def test_try_repo_fails_on_the_bad_job(workspace: Workspace) -> None:
    result = workspace.pre_commit("try-repo", str(workspace.hook_repository), "sparklint", "--files", BAD_JOB)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert _hook_line(output).endswith("Failed")
    # pre-commit shows the hook's output when it fails: sparklint's text report, paths from the repo root.
    assert f"{BAD_JOB}:7:40: warning SL201 [executors-below-dynamic-allocation-start]" in output
    assert "Found 1 problem (1 warning) in 1 of 1 file." in output


@pytest.mark.slow
def test_installed_hook_passes_the_good_job(configured: Workspace) -> None:
    result = configured.pre_commit("run", "--files", GOOD_JOB)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert _hook_line(output).endswith("Passed")
    assert "SL201" not in output  # a passing hook's output is hidden unless --verbose


@pytest.mark.slow
def test_installed_hook_reports_only_the_bad_job_of_all_files(configured: Workspace) -> None:
    result = configured.pre_commit("run", "--all-files")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert f"{BAD_JOB}:7:40: warning SL201" in output
    assert GOOD_JOB not in output
    # require_serial: one sparklint process saw both jobs, and .pre-commit-config.yaml, which the
    # `files` pattern also matches (sparklint reads it, finds no Spark configuration and says so).
    assert "Found 1 problem (1 warning) in 1 of 2 files; 2 files skipped (not Spark configurations" in output


@pytest.mark.slow
def test_installed_hook_skips_files_outside_its_pattern(configured: Workspace) -> None:
    result = configured.pre_commit("run", "--files", "main.go")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert _hook_line(output).endswith("(no files to check)Skipped")


@pytest.mark.slow
def test_git_commit_is_blocked_by_the_hook(configured: Workspace) -> None:
    configured.pre_commit("install")
    commit = subprocess.run(["git", "commit", "-m", "add jobs"], cwd=configured.project,
                            env=configured.environment, capture_output=True, text=True, timeout=600)
    output = commit.stdout + commit.stderr
    assert commit.returncode != 0, output
    assert f"{BAD_JOB}:7:40: warning SL201" in output
    assert not subprocess.run(["git", "rev-parse", "--verify", "-q", "HEAD"], cwd=configured.project,
                              capture_output=True).stdout, "the commit went through"


def test_installed_hook_honours_the_config_exclude(configured: Workspace) -> None:
    """pre-commit names files explicitly; the hook's --force-exclude applies `exclude` to them anyway."""
    config = configured.project / ".sparklint.toml"
    config.write_text('exclude = ["jobs/nightly.json"]\n', encoding="utf-8")
    try:
        result = configured.pre_commit("run", "--files", BAD_JOB)
    finally:
        config.unlink()
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert _hook_line(output).endswith("Passed")


@pytest.mark.slow
def test_a_staged_job_is_judged_with_the_unchanged_application_of_the_repository(configured: Workspace) -> None:
    """pre-commit passes only the staged job; its application's 150 GB disk cap is in a committed file."""
    project = configured.project
    application = {"name": "analytics", "releaseLabel": "emr-7.1.0", "type": "SPARK",
                   "maximumCapacity": {"cpu": "400vCPU", "memory": "3000GB", "disk": "150GB"}}
    job = {"applicationId": "analytics", "jobDriver": {"sparkSubmit": {
        "entryPoint": "s3://example-bucket/job.py",
        "sparkSubmitParameters": "--conf spark.executor.instances=10 --conf spark.dynamicAllocation.enabled=false"}}}
    (project / "infra").mkdir(exist_ok=True)
    (project / "infra" / "application.json").write_text(json.dumps(application, indent=2), encoding="utf-8")
    (project / "jobs" / "backfill.json").write_text(json.dumps(job, indent=2), encoding="utf-8")
    try:
        result = configured.pre_commit("run", "--files", "jobs/backfill.json")
    finally:
        (project / "infra" / "application.json").unlink()
        (project / "jobs" / "backfill.json").unlink()
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "jobs/backfill.json:6:" in output and "SL304" in output
    assert "[infra/application.json:5 (maximumCapacity)]" in output


@pytest.mark.slow
def test_the_readme_ci_install_line_installs_from_a_git_commit(workspace: Workspace, tmp_path: Path) -> None:
    """The CI snippet's `pip install "git+URL@COMMIT"`, with the local copy's URL and commit."""
    (line,) = [line.strip() for block in _readme_blocks() for line in block.splitlines()
               if "pip install" in line and "git+" in line]
    match = re.fullmatch(r'- run: pip install "git\+(\S+)@([0-9a-f]{40})"', line)
    assert match, line
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    url = f"git+file://{workspace.hook_repository}@{workspace.revision}"
    install = subprocess.run([str(python), "-m", "pip", "install", "--quiet", url], capture_output=True, text=True,
                             env=workspace.environment, timeout=600)
    assert install.returncode == 0, install.stdout + install.stderr
    version = subprocess.run([str(venv / "bin" / "sparklint"), "--version"], capture_output=True, text=True)
    assert version.returncode == 0 and version.stdout.startswith("sparklint ")
