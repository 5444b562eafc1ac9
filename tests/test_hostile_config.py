"""Hostile configs and file names (issue 18): a TOML config nested thousands deep and a file name that is
not valid UTF-8 give a clear message or a finding, never a traceback."""

from __future__ import annotations

import json
import sys

import pytest

from sparklint.cli import main


@pytest.mark.parametrize("value", ["[" * 2000 + "]" * 2000, "{b = " * 2000 + "1" + "}" * 2000])
def test_a_config_nested_two_thousand_deep_is_an_error(lint, value):
    run = lint({".sparklint.toml": f"select = {value}\n", "spark-defaults.conf": "spark.executor.memory 4g\n"})
    assert run.code == 2 and "Traceback" not in run.err
    assert run.err.strip() == "sparklint: error: .sparklint.toml: invalid TOML: nested too deeply"


@pytest.mark.skipif(sys.platform in ("darwin", "win32"), reason="the file system refuses names that are not UTF-8")
@pytest.mark.parametrize("output", ["sarif", "json", "github", "text"])
def test_a_file_name_that_is_not_utf8(tmp_path, monkeypatch, capsysbinary, output):
    monkeypatch.chdir(tmp_path)
    with open(b"\xffbad.conf", "w") as handle:
        handle.write("spark.executor.memoryy 4g\n")
    assert main(["--format", output, "."]) == 1
    out, err = capsysbinary.readouterr()
    assert b"Traceback" not in err
    if output == "sarif":
        (result,) = json.loads(out)["runs"][0]["results"]
        assert result["ruleId"] == "SL003"
        # The URI percent-encodes the name's own bytes.
        assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "%FFbad.conf"
    else:
        assert b"SL003" in out
