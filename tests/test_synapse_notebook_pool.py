"""A Synapse notebook judged on the Spark pool it names, when its repository defines that pool: the
session's driver and executors against the pool's node size (SL371), its executors against the pool's
worker nodes (SL372), the pool's Spark version when the notebook names none.

Fixture: tests/fixtures/synapse_pool_link/ (a notebook as Synapse's git integration saves it, sized for
Medium nodes, and the Terraform pool it names, of Small nodes).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

FIXTURE = Path(__file__).parent / "fixtures" / "synapse_pool_link"
NOTEBOOK = "notebook/py_load.json"


def _repository(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE, tmp_path, dirs_exist_ok=True)
    (tmp_path / ".git").mkdir()


def test_a_notebook_sized_for_medium_nodes_on_a_small_pool(lint, tmp_path):
    _repository(tmp_path)
    run = lint({}, paths=(NOTEBOOK,))  # pre-commit: only the notebook staged
    assert run.rules() == [("SL371", 11, 20), ("SL371", 12, 19), ("SL371", 13, 22), ("SL371", 14, 21)]
    assert all(finding["path"] == NOTEBOOK and finding["severity"] == "warning" for finding in run.findings)
    assert "a Small node has 4 vCores and 32 GB [infra/main.tf:8" in run.findings[2]["message"]


def test_on_the_pool_it_was_sized_for_it_is_clean(lint, tmp_path):
    _repository(tmp_path)
    tf = tmp_path / "infra" / "main.tf"
    tf.write_text(tf.read_text(encoding="utf-8").replace('"Small"', '"Medium"'), encoding="utf-8")
    assert lint({}, paths=(".",)).findings == []
    notebook = tmp_path / NOTEBOOK
    notebook.write_text(notebook.read_text(encoding="utf-8").replace('"numExecutors": 2', '"numExecutors": 9'),
                        encoding="utf-8")
    run = lint({}, paths=(NOTEBOOK,))
    assert run.rules() == [("SL372", 15, 20)]  # 5 nodes at most: 4 workers of one 8-core executor each


def test_an_arm_pool_named_by_a_concat_expression(lint, tmp_path):
    _repository(tmp_path)
    (tmp_path / "infra" / "main.tf").unlink()
    template = {"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
                "resources": [{"type": "Microsoft.Synapse/workspaces/bigDataPools", "apiVersion": "2021-06-01",
                               "name": "[concat(parameters('workspaceName'), '/pinssynspodw34')]",
                               "properties": {"nodeSize": "Small", "nodeSizeFamily": "MemoryOptimized",
                                              "nodeCount": 3, "sparkVersion": "3.4"}}]}
    (tmp_path / "infra" / "pools.json").write_text(json.dumps(template, indent=2), encoding="utf-8")
    assert [rule for rule, _, _ in lint({}, paths=(NOTEBOOK,)).rules()] == ["SL371"] * 4


def test_no_pool_or_an_ambiguous_pool_leaves_the_notebook_unjudged(lint, tmp_path):
    _repository(tmp_path)
    tf = tmp_path / "infra" / "main.tf"
    small = tf.read_text(encoding="utf-8")
    (tmp_path / "infra" / "other.tf").write_text(small.replace('"Small"', '"Large"').replace('"odw"', '"b"'),
                                                 encoding="utf-8")
    assert lint({}, paths=(NOTEBOOK,)).findings == []  # two definitions of the pool that disagree
    tf.unlink()
    (tmp_path / "infra" / "other.tf").unlink()
    assert lint({}, paths=(NOTEBOOK,)).findings == []  # the pool is not in the repository


_NAMES = st.one_of(st.text(max_size=12), st.integers(), st.none(), st.just("pinssynspodw34"),
                   st.just("${pool}"), st.just("[parameters('p')]"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(reference=_NAMES, compute_name=_NAMES, pool_name=_NAMES)
def test_fuzzed_pool_names_never_crash(tmp_path_factory, reference, compute_name, pool_name):
    from sparklint.api import lint_paths
    from sparklint.synapse_pools import forget

    root = tmp_path_factory.mktemp("repo")
    shutil.copytree(FIXTURE, root, dirs_exist_ok=True)
    (root / ".git").mkdir()
    notebook = json.loads((root / NOTEBOOK).read_text(encoding="utf-8"))
    notebook["properties"]["bigDataPool"]["referenceName"] = reference
    notebook["properties"]["metadata"]["a365ComputeOptions"]["name"] = compute_name
    (root / NOTEBOOK).write_text(json.dumps(notebook), encoding="utf-8")
    tf = root / "infra" / "main.tf"
    tf.write_text(tf.read_text(encoding="utf-8").replace('"pinssynspodw34"', json.dumps(str(pool_name))),
                  encoding="utf-8")
    forget()
    findings = lint_paths([str(root / NOTEBOOK)])
    assert all(finding.rule in ("SL371", "SL372", "SL003", "SL006") for finding in findings)
