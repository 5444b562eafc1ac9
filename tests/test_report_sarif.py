"""`--format sarif`: a SARIF 2.1.0 log that the official schema accepts and that has what GitHub code
scanning marks required ("SARIF support for code scanning"): every rule with its descriptions and help,
a fingerprint on every result, the security rules tagged, the skipped files as notifications."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sparklint.cli import main
from sparklint.report.fingerprint import line_hashes

SCHEMA = Path(__file__).parent / "fixtures" / "sarif" / "sarif-schema-2.1.0.json"


def sarif(lint, files: dict[str, str], *paths: str) -> tuple[int, dict]:
    run = lint(files, "--format", "sarif", paths=paths or (".",))
    log = json.loads(run.out)
    assert schema_errors(log) == [] and github_problems(log) == []
    return run.code, log


def schema_errors(log: dict) -> list[str]:
    import jsonschema

    validator = jsonschema.Draft4Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    return [f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in validator.iter_errors(log)]


def github_problems(log: dict) -> list[str]:
    """What GitHub's page marks required (an empty string does not count), and its length limits."""
    problems = []

    def need(value: object, where: str, limit: int = 0) -> None:
        if value in (None, "", [], {}):
            problems.append(f"{where}: missing")
        elif limit and isinstance(value, str) and len(value) > limit:
            problems.append(f"{where}: {len(value)} characters, over {limit}")

    need(log.get("$schema"), "$schema")
    if log.get("version") != "2.1.0":
        problems.append("version")
    for run in log.get("runs") or [problems.append("runs") or {}]:
        driver = run.get("tool", {}).get("driver", {})
        need(driver.get("name"), "tool.driver.name")
        need(driver.get("rules"), "tool.driver.rules")
        if "results" not in run:
            problems.append("results: missing")
        for rule in driver.get("rules", []):
            where = f"rules[{rule.get('id')}]"
            need(rule.get("id"), f"{where}.id")
            need(rule.get("name"), f"{where}.name", 255)
            need(rule.get("shortDescription", {}).get("text"), f"{where}.shortDescription.text", 1024)
            need(rule.get("fullDescription", {}).get("text"), f"{where}.fullDescription.text", 1024)
            need(rule.get("help", {}).get("text"), f"{where}.help.text")
            need(rule.get("help", {}).get("markdown"), f"{where}.help.markdown")  # "recommended"
            score = rule.get("properties", {}).get("security-severity")
            if score is not None and not 0.0 < float(score) <= 10.0:
                problems.append(f"{where}: security-severity {score} outside (0, 10]")
        for number, result in enumerate(run.get("results", [])):
            where = f"results[{number}]"
            need(result.get("message", {}).get("text"), f"{where}.message.text")
            need(result.get("partialFingerprints"), f"{where}.partialFingerprints")
            locations = result.get("locations") or []
            need(locations, f"{where}.locations")
            for location in locations[:1]:
                physical = location.get("physicalLocation", {})
                need(physical.get("artifactLocation", {}).get("uri"), f"{where}.artifactLocation.uri")
                for field in ("startLine", "startColumn", "endLine", "endColumn"):
                    need(physical.get("region", {}).get(field), f"{where}.region.{field}")
    return problems


def test_log_shape_rules_and_results(lint):
    code, log = sarif(lint, {"conf/spark-defaults.conf": "spark.executor.memory 1.5g\nspark.executor.cores 0x4\n",
                             "session.json": '{"numExecutors": 2, "conf": {"spark.executor.instances": "8"}}'})
    assert code == 1
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-schema-2.1.0.json")
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "sparklint" and driver["version"]
    ids = [rule["id"] for rule in driver["rules"]]
    assert {"SL001", "SL006", "SL007", "SL201", "SL601"} <= set(ids) and len(set(ids)) == len(ids)
    for result in run["results"]:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
    sl006 = next(rule for rule in driver["rules"] if rule["id"] == "SL006")
    assert sl006["name"] == "invalid-value" and sl006["defaultConfiguration"] == {"level": "error"}
    assert sl006["shortDescription"]["text"].startswith("A value Spark cannot parse")
    assert sl006["help"]["text"].startswith("SL006 invalid-value (default severity: error)")
    assert "## Why is this bad?" in sl006["help"]["markdown"] and "## Use instead" in sl006["help"]["markdown"]
    assert "helpUri" not in sl006  # sparklint declares no documentation site (see report/sarif.py)
    first = run["results"][0]
    assert first["ruleId"] == "SL006" and first["level"] == "error"
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "conf/spark-defaults.conf", "uriBaseId": "%SRCROOT%"}
    # "1.5g" at columns 23-26: SARIF's endColumn is one past the last character.
    assert location["region"] == {"startLine": 1, "startColumn": 23, "endLine": 1, "endColumn": 27}
    assert "\n\nFix: " in first["message"]["text"]
    root = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert root.startswith("file:///") and root.endswith("/") and Path.cwd().as_posix() in root


def test_every_rule_is_listed_on_every_run(lint):
    _, dirty = sarif(lint, {"a/spark-defaults.conf": "spark.executor.memory 1.5g\n"}, "a")
    _, clean = sarif(lint, {"b/spark-defaults.conf": "spark.master yarn\n"}, "b")
    assert clean["runs"][0]["results"] == []
    assert clean["runs"][0]["tool"] == dirty["runs"][0]["tool"]
    listed = [rule["id"] for rule in clean["runs"][0]["tool"]["driver"]["rules"]]
    from sparklint.registry import load_rules

    assert listed == sorted(load_rules()) and len(listed) >= 40


def test_security_rules_are_security_alerts(lint):
    _, log = sarif(lint, {"spark-defaults.conf": "spark.hadoop.fs.s3a.secret.key Qz8vTq2LmW4xR7pK\n"})
    rules = {rule["id"]: rule for rule in log["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["SL601"]["properties"] == {"tags": ["security"], "security-severity": "9.8"}
    assert rules["SL602"]["properties"] == {"tags": ["security"]}  # Spark refuses to start: nothing exposed
    assert "properties" not in rules["SL201"]
    (result,) = log["runs"][0]["results"]
    assert result["ruleId"] == "SL601" and "Qz8vTq2LmW4xR7pK" not in json.dumps(log)


def test_fingerprints_survive_line_moves_and_value_changes(lint):
    before = "spark.master yarn\nspark.executor.memory 1.5g\nspark.executor.cores 0x4\n"
    after = "# moved down\nspark.master yarn\n\nspark.executor.cores 0x5\nspark.executor.memory 2.5g\n"

    def prints(text: str) -> dict[str, dict]:
        _, log = sarif(lint, {"spark-defaults.conf": text})
        return {result["message"]["text"].split(" ")[3].split("=")[0]: result for result in log["runs"][0]["results"]}

    old, new = prints(before), prints(after)
    assert set(old) == set(new) == {"spark.executor.memory", "spark.executor.cores"}
    for key in old:
        assert old[key]["partialFingerprints"]["sparklint/v1"] == new[key]["partialFingerprints"]["sparklint/v1"]
        assert old[key]["locations"][0]["physicalLocation"]["region"]["startLine"] != \
            new[key]["locations"][0]["physicalLocation"]["region"]["startLine"]
    memory = new["spark.executor.memory"]
    assert memory["partialFingerprints"]["primaryLocationLineHash"] == line_hashes(after)[4]  # line 5
    assert old["spark.executor.memory"]["partialFingerprints"]["sparklint/v1"] != \
        old["spark.executor.cores"]["partialFingerprints"]["sparklint/v1"]


@pytest.mark.parametrize("text, expected", [
    # github/codeql-action src/fingerprints.test.ts ("hash"): the values its upload step computes.
    ("", ["c129715d7a2bc9a3:1"]),
    (" a\nb\n  \t\tc\n d", ["271789c17abda88f:1", "54703d4cd895b18:1", "180aee12dab6264:1", "a23a3dc5e078b07b:1"]),
    (" hello; \t\nworld!!!\r\n\n\r  \t\tGreetings\r End\r\n",
     ["e9496ae3ebfced30:1", "fb7c023a8b9ccb3f:1", "ce8ba1a563dcdaca:1", "e20e36e16fcb0cc8:1",
      "b3edc88f2938467e:1", "c8e28b0b4002a3a0:1", "c129715d7a2bc9a3:1"]),
    ("Lorem ipsum dolor sit amet.\n" * 10,
     ["a7f2ff13bc495cf2:1", "a7f2ff13bc495cf2:2", "a7f2ff13bc495cf2:3", "a7f2ff13bc495cf2:4",
      "a7f2ff13bc495cf2:5", "a7f2ff13bc495cf2:6", "a7f2ff1481e87703:1", "a9cf91f7bbf1862b:1",
      "55ec222b86bcae53:1", "cc97dc7b1d7d8f7b:1", "c129715d7a2bc9a3:1"]),
])
def test_line_hashes_are_githubs(text, expected):
    assert line_hashes(text) == expected


def test_skipped_files_are_notifications(lint):
    code, log = sarif(lint, {"spark-defaults.conf": "spark.master yarn\n", "empty.conf": "",
                             "tsconfig.json": '{"compilerOptions": {"strict": true}}'})
    (invocation,) = log["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is True
    notes = {note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: note
             for note in invocation["toolExecutionNotifications"]}
    assert set(notes) == {"empty.conf", "tsconfig.json"} and code == 0
    assert notes["empty.conf"]["level"] == "note" and notes["empty.conf"]["message"]["text"] == "skipped: empty file; skipped"


def test_levels_and_notebook_cells(lint):
    notebook = json.dumps({"cells": [{"cell_type": "code", "source": [
        "%%configure -f\n", '{"numExecutors": 1, "conf": {"spark.dynamicAllocation.enabled": "true", "spark.dynamicAllocation.initialExecutors": "3"}}']}],
        "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    code, log = sarif(lint, {"nb.ipynb": notebook, ".sparklint.toml": '[rules.SL201]\nseverity = "info"\n'})
    (result,) = log["runs"][0]["results"]
    assert (result["ruleId"], result["level"], result["properties"]) == ("SL201", "note", {"notebookCell": 0})
    assert code == 0  # an info finding does not fail the run


def test_standard_input_is_hashed_as_given(tmp_path, monkeypatch, capsys):
    import io

    monkeypatch.chdir(tmp_path)
    (tmp_path / "spark-defaults.conf").write_text("# the file on disk is older than the editor's buffer\n")
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"spark.executor.memory 1.5g\n")))
    assert main(["--format", "sarif", "--stdin-filename", "spark-defaults.conf", "-"]) == 1
    log = json.loads(capsys.readouterr().out)
    (result,) = log["runs"][0]["results"]
    assert result["partialFingerprints"]["primaryLocationLineHash"] == line_hashes("spark.executor.memory 1.5g\n")[0]
    assert schema_errors(log) == []


def test_sarif_is_listed_in_help(capsys):
    try:
        main(["--help"])
    except SystemExit:
        pass
    assert "sarif" in capsys.readouterr().out


def test_the_readme_code_scanning_step_writes_a_valid_log(tmp_path, monkeypatch, capsys):
    import re
    import shlex

    from conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    (step,) = re.findall(r"- run: (sparklint --format sarif .*)", readme)
    words = shlex.split(step)
    assert words[-2] == ">"  # the step redirects standard output to the log file
    monkeypatch.chdir(tmp_path)
    (tmp_path / "spark-defaults.conf").write_text("spark.executor.memory 1.5g\n", encoding="utf-8")
    assert main(words[1:-2]) == 0  # --exit-zero: findings go to code scanning, the step passes
    log = json.loads(capsys.readouterr().out)
    assert schema_errors(log) == [] and github_problems(log) == []
    assert [result["ruleId"] for result in log["runs"][0]["results"]] == ["SL006"]
