"""Reading a file another file names: the SparkApplication YAML a DAG's `SparkKubernetesOperator` points at.

Airflow renders `application_file` as a Jinja template file when its name ends in one of the operator's
`template_ext` ("yaml", "yml", "json"): Jinja's loader looks the name up in the DAG's folder (`DAG.folder`,
the DAG file's directory) and `template_searchpath`, and the operator loads the rendered text
(apache/airflow `providers/cncf/kubernetes/.../operators/spark_kubernetes.py`, `template_ext`,
`manage_template_specs`). sparklint looks in the DAG file's folder, then in the dags folder above it (the
nearest folder named `dags`, where a `template_searchpath` usually points); an absolute path written for the
Airflow worker (`/opt/airflow/dags/spark/app.yaml`) is looked up by its part after `/dags/` in that folder.

Bounded: only a regular file inside the repository the DAG lives in (the folder holding `.git`, else the dags
folder, else the DAG's own folder), after every link is resolved, so a symlink cannot lead outside it; at
most MAX_BYTES; names with a template (`{{ }}`, `${...}`) or a scheme (`s3://`) are not looked up. The file
is read as text, never executed.
"""

from __future__ import annotations

import os
from typing import Optional

from sparklint.discover import Unreadable, is_repository_root, read_text

SUFFIXES = (".yaml", ".yml", ".json")
MAX_BYTES = 1_000_000
_DAGS = "dags"


def read_linked(from_path: str, name: str) -> Optional[tuple[str, str]]:
    """(path, text) of the file `name` refers to, written in the file at `from_path`; None when it is not
    in the repository, not a regular file, too large, or not a name sparklint looks up."""
    name = name.strip()
    if not name or len(name) > 1024 or not name.lower().endswith(SUFFIXES) or "\0" in name \
            or "{{" in name or "${" in name or "://" in name:
        return None
    folder = os.path.dirname(os.path.abspath(from_path))
    dags = _dags_folder(folder)
    bound = os.path.realpath(_repository(folder) or dags or folder)
    for candidate in _candidates(name, folder, dags):
        real = os.path.realpath(candidate)
        if os.path.commonpath([bound, real]) != bound:
            continue  # outside the repository, or a link that leads out of it
        try:
            text = read_text(real, MAX_BYTES)
        except (OSError, Unreadable, ValueError):
            continue
        # Named as the run names the DAG (relative when it is), so a finding the file's own lint also
        # reports is the same finding, printed once.
        return (candidate if os.path.isabs(from_path) else os.path.relpath(candidate)), text
    return None


def _candidates(name: str, folder: str, dags: Optional[str]) -> list[str]:
    normal = name.replace("\\", "/")
    if normal.startswith("/"):
        _, found, tail = normal.rpartition(f"/{_DAGS}/")
        return [os.path.join(dags, tail)] if found and dags and tail else []
    candidates = [os.path.join(folder, normal)]
    if dags is not None and dags != folder:
        candidates.append(os.path.join(dags, normal))
    return [os.path.normpath(candidate) for candidate in candidates]


def _dags_folder(folder: str) -> Optional[str]:
    current = folder
    while True:
        if os.path.basename(current) == _DAGS:
            return current
        if is_repository_root(current):
            return None
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent


def _repository(folder: str) -> Optional[str]:
    current = folder
    while True:
        if is_repository_root(current):
            return current
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent
