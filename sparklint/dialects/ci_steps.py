"""CI pipeline steps that run Spark: the shell of GitHub Actions `jobs.<id>.steps[].run`, GitLab CI
`<job>.script` / `before_script` / `after_script` (a string or a list of lines) and Azure Pipelines
`steps[].script` / `bash`, read as shell scripts (command_line.py: spark-submit, `docker exec ... spark-submit`,
gcloud, aws), with positions inside the YAML file.

Sources: docs.github.com/en/actions/reference/workflow-syntax-for-github-actions (`jobs.<job_id>.steps[*].run`,
`shell`), docs.gitlab.com/ee/ci/yaml (`script`, `before_script`, `after_script`: each line a shell command),
learn.microsoft.com/azure/devops/pipelines/yaml-schema/steps-script (`script`, `bash`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, List, Optional

from sparklint.dialects.common import mentions_any
from sparklint.model import JobConfig
from sparklint.tree import Document, Pairs

if TYPE_CHECKING:
    from sparklint.load.shell import Command

# Checked on the bytes first, so a pipeline that runs no Spark costs a substring scan.
_LAUNCH_WORDS = ("spark-submit", "pyspark", "spark-shell", "spark-sql", "dataproc", "emr")
_STEP_WORDS = ("run:", "script:", "bash:")
_GITLAB_SCRIPTS = ("before_script", "script", "after_script")
_SHELLS = ("bash", "sh")  # a GitHub step with another `shell:` (pwsh, python) is not shell


def recognise(document: Document) -> Optional[List[JobConfig]]:
    root = document.root
    if document.syntax != "yaml" or not isinstance(root, Pairs):
        return None
    text = document.text
    if not mentions_any(text, _STEP_WORDS) or not mentions_any(text, _LAUNCH_WORDS):
        return None
    commands: List[Command] = []
    jobs = root.get("jobs")
    if isinstance(jobs, Pairs):  # GitHub Actions
        for job in jobs.values:
            if isinstance(job, Pairs):
                _steps(document, job.get("steps"), commands)
    elif isinstance(jobs, list) or isinstance(root.get("steps"), list) or isinstance(root.get("stages"), list):
        _azure(document, root, commands, 0)
    if not commands and _is_gitlab(document, root):
        _gitlab(document, root, commands)
    if not commands:
        return None
    from sparklint.dialects.command_line import configs_from_commands

    return configs_from_commands(document, commands, "CI step") or None


def _steps(document: Document, steps: object, commands: List[Command]) -> None:
    for step in steps if isinstance(steps, list) else ():
        if not isinstance(step, Pairs):
            continue
        shell = step.get("shell")
        if shell is not None and not (isinstance(shell, str) and shell.split(" ", 1)[0].rsplit("/", 1)[-1] in _SHELLS):
            continue
        for key in ("run", "script", "bash"):
            if isinstance(step.get(key), str):
                commands.extend(_string_commands(document, step, step.index(key)))


def _azure(document: Document, body: Pairs, commands: List[Command], depth: int) -> None:
    """Azure Pipelines: `steps`, `jobs[].steps`, `stages[].jobs[].steps`."""
    if depth > 3:
        return
    _steps(document, body.get("steps"), commands)
    for listed in ("jobs", "stages"):
        items = body.get(listed)
        for item in items if isinstance(items, list) else ():
            if isinstance(item, Pairs):
                _azure(document, item, commands, depth + 1)


def _is_gitlab(document: Document, root: Pairs) -> bool:
    """A GitLab CI file: by name, or by its `stages` list or a job's `stage` (a `script:` key alone could be
    any YAML's, and the dialects after this one still read those)."""
    name = document.path.replace("\\", "/").rsplit("/", 1)[-1].lower()
    return name in (".gitlab-ci.yml", ".gitlab-ci.yaml") or isinstance(root.get("stages"), list) or any(
        isinstance(job, Pairs) and "stage" in job and "script" in job for job in root.values)


def _gitlab(document: Document, root: Pairs, commands: List[Command]) -> None:
    bodies = [root] + [job for job in root.values if isinstance(job, Pairs)]
    for body in bodies:
        for key in _GITLAB_SCRIPTS:
            value = body.get(key)
            if isinstance(value, str):
                commands.extend(_string_commands(document, body, body.index(key)))
            elif isinstance(value, list):
                for position, line in enumerate(value):
                    if isinstance(line, str):
                        commands.extend(_string_commands(document, value, position))


def _string_commands(document: Document, container: object, index: int) -> List[Command]:
    from sparklint.dialects.compose import _offsets_of
    from sparklint.load.shell import remap, tokenize

    value = container.values[index] if isinstance(container, Pairs) else container[index]  # type: ignore[index]
    offsets = _offsets_of(document, container, index, value)
    if len(offsets) != len(value) or not offsets:
        return []
    return remap(tokenize(value), offsets, offsets[-1] + 1).commands
