"""Bad input never produces a traceback: a clear finding or message, and the other files are still linted."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings, strategies as st

from sparklint.cli import main

GOOD_BAD = "spark.master yarn\nspark.dynamicAllocation.enabled true\nspark.dynamicAllocation.minExecutors 2\nspark.executor.instances 1\n"


def test_malformed_spark_json_is_sl001_with_position(lint):
    run = lint({"job.json": '{"jobDriver": {"sparkSubmit": {"entryPoint": "s3://b/m.py",\n  "sparkSubmitParameters": "x",}}}'})
    assert run.code == 1
    assert run.rules() == [("SL001", 2, 32)]  # the "}" after the trailing comma
    assert run.findings[0]["severity"] == "error" and "invalid JSON" in run.findings[0]["message"]


def test_malformed_sparkapplication_yaml(lint):
    run = lint({"app.yaml": "apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\nspec:\n  driver: {cores: 1\n"})
    assert [rule for rule, _, _ in run.rules()] == ["SL001"]


def test_malformed_unicode_escape_in_properties(lint):
    run = lint({"spark-defaults.conf": "spark.master yarn\nspark.app.name caf\\u00zz\n"})
    assert run.rules()[0][:2] == ("SL001", 2)


def test_submit_parameters_spark_submit_rejects(lint):
    run = lint({"job.json": '{"jobDriver": {"sparkSubmit": {"entryPoint": "s3://b/m.py", '
                            '"sparkSubmitParameters": "--conf spark.executor.memory"}}}'})
    (finding,) = run.findings
    assert finding["rule"] == "SL001" and "Invalid argument to --conf: spark.executor.memory" in finding["message"]


def test_unrelated_broken_json_is_skipped_quietly(lint):
    run = lint({"tsconfig.json": '{"compilerOptions": {"strict": true,}}'})
    assert (run.code, run.findings) == (0, [])


def test_bad_files_are_reported_and_others_still_linted(lint, tmp_path):
    (tmp_path / "binary.json").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (tmp_path / "latin1.conf").write_bytes("spark.app.name caf\xe9\n".encode("latin-1"))
    (tmp_path / "huge.yaml").write_bytes(b"a: 1\n" * (6 * 1024 * 1024 // 5 + 1))
    (tmp_path / "dir.conf").mkdir()
    os.symlink("loop-b", tmp_path / "loop-a")
    os.symlink("loop-a", tmp_path / "loop-b")
    run = lint({"spark-defaults.conf": GOOD_BAD, "empty.json": ""},
               paths=(".", "binary.json", "latin1.conf", "huge.yaml", "dir.conf", "loop-a"))
    assert run.code == 1
    assert [rule for rule, _, _ in run.rules()] == ["SL201"]
    assert "Traceback" not in run.err
    for expected in ("binary.json: binary file", "latin1.conf: not UTF-8", "huge.yaml: larger than 5 MB",
                     "loop-a"):
        assert expected in run.err, expected


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(max_size=300), name=st.sampled_from(
    ["spark-defaults.conf", "job.json", "app.yaml", "nb.ipynb", "x.properties", "noext"]))
def test_fuzz_never_crashes(tmp_path, capsys, monkeypatch, content, name):
    target = tmp_path / name
    target.write_bytes(content)
    code = main(["--format", "json", str(target)])
    captured = capsys.readouterr()
    assert code in (0, 1)
    assert "Traceback" not in captured.err


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=st.sampled_from(list('{}[]:,"\\ \n\tabspark.=-#!u0123456789%&*')), max_size=200),
       name=st.sampled_from(["spark-defaults.conf", "job.json", "app.yaml", "nb.ipynb"]))
def test_fuzz_structured_text_never_crashes(tmp_path, capsys, text, name):
    target = tmp_path / name
    target.write_text(text, encoding="utf-8")
    code = main(["--format", "json", str(target)])
    captured = capsys.readouterr()
    assert code in (0, 1) and "Traceback" not in captured.err
