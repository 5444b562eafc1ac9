"""Finding the EMR Serverless applications of a repository when a run was given only jobs.

pre-commit passes only the staged files: a commit that raises a job's executor disk against an
application whose `maximumCapacity` sits in an unchanged `application.json` would pass the hook while
`sparklint .` catches it. So when a run holds EMR Serverless jobs and no application, the
repository the job lives in (the folder holding `.git`, else the job's own folder) is searched for
application definitions: a bounded walk, names first, then a byte check, and only the few files that
mention an application are parsed. The applications found are matched to jobs exactly as in a
folder run (by `applicationId` / name, else the only application) and are never reported on.
"""

from __future__ import annotations

import os
from typing import Callable, Iterator, Optional

from sparklint.discover import SKIPPED_DIRECTORIES, Unreadable, is_repository_root, read_text

# What an application definition's bytes contain, in the shapes sparklint reads (API/CLI JSON and
# YAML, CloudFormation, Terraform); a job file rarely does.
_APPLICATION_MARKS = ("aximumCapacity", "maximum_capacity", "AWS::EMRServerless::Application",
                      "aws_emrserverless_application", "nitialCapacity", "initial_capacity")
_SUFFIXES = (".json", ".yaml", ".yml", ".tf")
# A repository larger than this is searched only this far: the hook must stay quick.
MAX_ENTRIES = 50_000


def repository_root(path: str) -> str:
    """The nearest folder above `path` holding `.git` (a repository's root), else `path`'s folder."""
    folder = os.path.dirname(os.path.abspath(path))
    current = folder
    while True:
        if is_repository_root(current):
            return current
        parent = os.path.dirname(current)
        if parent == current:
            return folder
        current = parent


def application_files(root: str, skip: frozenset[str] = frozenset()) -> Iterator[tuple[str, str]]:
    """(path, text) of each file under `root` that may define an EMR Serverless application."""
    for path in bounded_files(root, _SUFFIXES):
        if os.path.abspath(path) in skip:
            continue
        try:
            text = read_text(path)
        except (OSError, Unreadable):
            continue
        if any(mark in text for mark in _APPLICATION_MARKS):
            yield path, text


def bounded_files(root: str, suffixes: tuple[str, ...]) -> Iterator[str]:
    """The files under `root` whose names end in one of `suffixes` (any case), in name order, looking at
    no more than MAX_ENTRIES entries; hidden and skipped folders are not entered, nor linked folders."""
    stack = [root]
    visited = 0
    while stack:
        directory = stack.pop()
        try:
            with os.scandir(directory) as scanner:
                entries = sorted(scanner, key=lambda entry: entry.name)
        except OSError:
            continue
        for entry in entries:
            visited += 1
            if visited > MAX_ENTRIES:
                return
            try:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name not in SKIPPED_DIRECTORIES and not entry.name.startswith("."):
                        stack.append(entry.path)
                elif entry.name.lower().endswith(suffixes) and entry.is_file():
                    yield entry.path
            except OSError:
                continue


def relative_display(path: str) -> str:
    """The path as the user would write it from the working directory."""
    relative = os.path.relpath(path)
    return path if relative.startswith(".." + os.sep + ".." + os.sep) else relative


def find_applications(job_paths: list[str], already: frozenset[str],
                      read: Callable[[str, str], Optional[object]]) -> list[object]:
    """The parsed files (via `read(path, text)`) of every repository the jobs live in that hold an
    application; `already` are the absolute paths the run has read itself."""
    found: list[object] = []
    for root in sorted({repository_root(path) for path in job_paths}):
        for path, text in application_files(root, already):
            result = read(relative_display(path), text)
            if result is not None:
                found.append(result)
    return found
