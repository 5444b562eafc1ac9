"""The built-in rules' index (sparklint/rule_index.py) lets a lint run import only the rules that can fire:
it must say exactly what the rule modules say, and a run must give the same findings as with every rule
imported."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT / "tools"))

import gen_rule_index  # noqa: E402

from sparklint.engine import Linter  # noqa: E402
from sparklint.registry import DeferredCheck, load_rules, resolved  # noqa: E402
from sparklint.settings import Settings  # noqa: E402


def test_the_index_is_what_the_rule_modules_declare() -> None:
    written = (REPO_ROOT / "sparklint" / "rule_index.py").read_text(encoding="utf-8")
    assert written == gen_rule_index.render(gen_rule_index.rows()), (
        "sparklint/rule_index.py is stale: run `python tools/gen_rule_index.py` (after `pip install -e .`)")


def test_every_built_in_entry_point_is_indexed() -> None:
    lazy = load_rules(lazy=True)
    eager = load_rules()
    assert list(lazy) == list(eager)
    built_in = [rule for rule in lazy.values() if rule.id.startswith("SL")]
    assert built_in and all(isinstance(rule.check, DeferredCheck) for rule in built_in)
    for rule_id, rule in lazy.items():
        real = resolved(rule)
        assert real == eager[rule_id]
        assert rule._replace(check=real.check, docs=real.docs, options=real.options) == real


def test_a_rule_that_needs_an_option_is_empty_by_default() -> None:
    # The engine skips such a rule without importing it, trusting that its default leaves the option empty.
    needing = [rule for rule in load_rules().values() if rule.needs_option]
    assert [rule.id for rule in needing] == ["SL105"]
    for rule in needing:
        assert not getattr(rule.options(), rule.needs_option)


CASES = {
    "spark-defaults.conf": "spark.executor.memory 4\nspark.dynamicAllocation.enabled true\nspark.executor.instances 1\n"
                           "spark.executor.memroy 2g\nspark.network.timeout 10s\n",
    "job-run.json": json.dumps({"applicationId": "app", "executionRoleArn": "arn:aws:iam::1:role/r",
                                "jobDriver": {"sparkSubmit": {"entryPoint": "s3://b/x.py",
                                              "sparkSubmitParameters": "--conf spark.executor.cores=3 "
                                                                       "--conf spark.emr-serverless.executor.disk=500g"}}}),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_lazy_run_finds_what_an_eager_run_finds(name: str) -> None:
    def findings(rules: dict) -> list[tuple[str, int, str]]:
        linter = Linter(rules)
        result = linter.read(name, CASES[name], Settings(root=Path.cwd()))
        return [(finding.rule, finding.line, finding.message) for finding in linter.check(result)]

    eager = findings(load_rules())
    assert eager  # the cases are there to fire rules
    assert findings(load_rules(lazy=True)) == eager


def test_linting_one_conf_imports_only_the_rules_that_can_fire(tmp_path: Path) -> None:
    (tmp_path / "spark-defaults.conf").write_text("spark.driver.memory 1g\nspark.network.timeout 120s\n")
    probe = ("import sys; from sparklint.cli import main; code = main(['spark-defaults.conf']); "
             "print(sorted(name for name in sys.modules if name.startswith('sparklint.rules.'))); "
             "print('dataclasses' in sys.modules); sys.exit(code)")
    run = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True,
                         env=dict(os.environ, PYTHONPATH=""))
    assert run.returncode == 0, run.stderr
    *_, imported, dataclasses = run.stdout.strip().splitlines()
    modules = eval(imported)  # a printed list of str
    assert "sparklint.rules.sl108_network_timeout_not_above_heartbeat" in modules  # its key is set
    assert "sparklint.rules.sl003_unknown_property" in modules  # keyless: every config
    # Other platforms' rules, rules whose keys are not set, and SL105 without its option: not imported.
    assert not [module for module in modules if module.startswith(("sparklint.rules.sl3", "sparklint.rules.sl20"))]
    assert "sparklint.rules.sl105_container_over_node_limit" not in modules
    assert dataclasses == "False"
