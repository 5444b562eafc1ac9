"""`--format sarif`: a SARIF 2.1.0 log that GitHub code scanning accepts: rules by index, levels,
1-based regions with an exclusive end column, paths relative to %SRCROOT%, secrets masked."""

from __future__ import annotations

import json

from sparklint.cli import main


def sarif(lint, files: dict[str, str], *paths: str) -> tuple[int, dict]:
    run = lint(files, "--format", "sarif", paths=paths or (".",))
    return run.code, json.loads(run.out)


def test_log_shape_rules_and_results(lint):
    code, log = sarif(lint, {"conf/spark-defaults.conf": "spark.executor.memory 1.5g\nspark.executor.cores 0x4\n",
                             "session.json": '{"numExecutors": 2, "conf": {"spark.executor.instances": "8"}}'})
    assert code == 1
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-schema-2.1.0.json")
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "sparklint" and driver["version"]
    ids = [rule["id"] for rule in driver["rules"]]
    assert sorted(ids) == ["SL006", "SL007"] and len(set(ids)) == len(ids)  # each rule once
    for result in run["results"]:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
    sl006 = next(rule for rule in driver["rules"] if rule["id"] == "SL006")
    assert sl006["name"] == "invalid-value" and sl006["defaultConfiguration"] == {"level": "error"}
    assert sl006["shortDescription"]["text"].startswith("A value Spark cannot parse")
    first = run["results"][0]
    assert first["ruleId"] == "SL006" and first["level"] == "error"
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "conf/spark-defaults.conf", "uriBaseId": "%SRCROOT%"}
    # "1.5g" at columns 23-26: SARIF's endColumn is one past the last character.
    assert location["region"] == {"startLine": 1, "startColumn": 23, "endLine": 1, "endColumn": 27}
    assert "\n\nFix: " in first["message"]["text"]


def test_levels_and_notebook_cells(lint):
    notebook = json.dumps({"cells": [{"cell_type": "code", "source": [
        "%%configure -f\n", '{"numExecutors": 1, "conf": {"spark.dynamicAllocation.enabled": "true", "spark.dynamicAllocation.initialExecutors": "3"}}']}],
        "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    code, log = sarif(lint, {"nb.ipynb": notebook, ".sparklint.toml": '[rules.SL201]\nseverity = "info"\n'})
    (result,) = log["runs"][0]["results"]
    assert (result["ruleId"], result["level"], result["properties"]) == ("SL201", "note", {"notebookCell": 0})
    assert code == 0  # an info finding does not fail the run


def test_secrets_stay_masked_and_a_clean_run_has_no_results(lint):
    code, log = sarif(lint, {"spark-defaults.conf": "spark.hadoop.fs.s3a.secret.key wJalrXUtnFEMIEXAMPLEKEY\n"
                                                    "spark.hadoop.fs.s3a.secret.key wJalrXUtnFEMIEXAMPLEKEY2\n"})
    assert code == 1 and "wJalrXUtnFEMI" not in json.dumps(log)
    code, log = sarif(lint, {"clean/spark-defaults.conf": "spark.master yarn\n"}, "clean")
    assert code == 0 and log["runs"][0]["results"] == [] and log["runs"][0]["tool"]["driver"]["rules"] == []


def test_sarif_is_listed_in_help(capsys):
    try:
        main(["--help"])
    except SystemExit:
        pass
    assert "sarif" in capsys.readouterr().out
