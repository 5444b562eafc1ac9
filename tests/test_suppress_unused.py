"""SL008: suppressions that silence nothing are reported; a suppression naming no rule is exit 2."""

from __future__ import annotations

import pytest

APP = """apiVersion: sparkoperator.k8s.io/v1beta2
kind: SparkApplication
spec:
  sparkConf:
    spark.executor.memory: "4g"
    spark.executor.memory: "5g"
"""


def with_comment(line: int, comment: str) -> str:
    lines = APP.splitlines()
    lines[line - 1] += "  " + comment
    return "\n".join(lines) + "\n"


def test_a_used_suppression_is_quiet(lint):
    run = lint({"app.yaml": with_comment(5, "# sparklint: disable=SL002")})
    assert (run.code, run.rules()) == (0, [])


def test_a_suppression_of_a_rule_that_does_not_fire_there_is_sl008(lint):
    run = lint({"app.yaml": with_comment(6, "# sparklint: disable=SL002")})
    assert run.code == 1
    assert run.rules() == [("SL002", 5, 28), ("SL008", 6, 34)]
    sl008 = [finding for finding in run.findings if finding["rule"] == "SL008"][0]
    assert sl008["severity"] == "warning"
    assert sl008["message"].startswith("disable=SL002 silences nothing: SL002 reports no finding on line 6")


def test_one_stale_selector_among_used_ones(lint):
    run = lint({"app.yaml": with_comment(5, "# sparklint: disable=SL002,SL101")})
    assert run.rules() == [("SL008", 5, 34)]
    assert run.findings[0]["fix"] == "Remove SL101 from the directive."


def test_stale_disable_file_and_bare_disable(lint):
    text = "# sparklint: disable-file=SL101\n" + with_comment(5, "# sparklint: disable=SL002")
    run = lint({"app.yaml": text})
    assert [(rule, line) for rule, line, _ in run.rules()] == [("SL008", 1)]
    assert run.findings[0]["message"].startswith("disable-file=SL101 silences nothing: SL101 reports no finding in this file")
    bare = lint({"b/app.yaml": APP.replace('"4g"', '"4g"  # sparklint: disable', 1).replace('"5g"\n', '"5g"  # sparklint: disable\n')},
                 paths=("b/app.yaml",))
    assert [(rule, line) for rule, line, _ in bare.rules()] == [("SL008", 6)]
    assert bare.findings[0]["message"].startswith("disable silences nothing: no rule reports a finding on line 6")


def test_suppressions_of_rules_this_run_does_not_check_are_left_alone(lint):
    run = lint({"app.yaml": with_comment(5, "# sparklint: disable=SL002,SL101")}, "--ignore", "SL101")
    assert run.rules() == []
    assert lint({"c/app.yaml": with_comment(6, "# sparklint: disable=SL002")}, "--ignore", "SL008",
                paths=("c/app.yaml",)).rules() == [
        ("SL002", 5, 28)]


@pytest.mark.parametrize("name, text, line", [
    ("app.yaml", with_comment(5, "# sparklint: disable=SL2O2"), 5),
    ("spark-defaults.conf", "# sparklint: disable=duplicate-keys\nspark.executor.memory 4g\n", 1),
    ("main.tf", '// sparklint: disable-file=SL99\nresource "aws_emrserverless_application" "a" {\n'
                '  name = "a"\n  release_label = "emr-7.0.0"\n  type = "spark"\n}\n', 1),
])
def test_a_suppression_naming_no_rule_is_exit_2(lint, name, text, line):
    run = lint({name: text})
    assert run.code == 2
    assert f"{name}:{line}: sparklint: disable=" in run.err
    assert "is not a rule id, id prefix or rule name" in run.err
