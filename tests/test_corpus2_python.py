"""corpus2's Python and notebook files (../shared/corpus2): what NOTES.md says of them, and nothing else.

- 055-airflow-dag.py: `master`, `deploy-mode`, `EXECUTORS_MEM` are not SparkSubmitOperator arguments, and the
  application is an scp-style `host:/path` (the file does not parse; it is read past its broken import line);
- 037 / 038 / 044 notebooks: their code cells build SparkSessions; NOTES names nothing firm in them.
"""

from __future__ import annotations

import os
import shutil

import pytest

from conftest import SHARED

CORPUS2 = SHARED / "corpus2"
pytestmark = pytest.mark.skipif(not CORPUS2.is_dir() and os.environ.get("CI") != "true",
                                reason=f"the shared corpus is not at {CORPUS2}")


def test_python_and_notebook_files_get_exactly_the_noted_findings(lint, tmp_path):
    names = sorted(name for name in os.listdir(CORPUS2) if name.endswith((".py", ".ipynb")))
    assert "055-airflow-dag.py" in names and len(names) >= 4
    for name in names:
        shutil.copy(CORPUS2 / name, tmp_path / name)
    run = lint({})
    found = [(finding["path"], finding["rule"], finding["line"]) for finding in run.findings]
    assert found == [("055-airflow-dag.py", "SL402", 12), ("055-airflow-dag.py", "SL401", 13),
                     ("055-airflow-dag.py", "SL401", 14), ("055-airflow-dag.py", "SL401", 16)]
