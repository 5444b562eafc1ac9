"""What a user sees from the command line: findings, formats, exit codes, selection, suppression."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from sparklint import __version__
from sparklint.cli import main

JOB_ONE_EXECUTOR = json.dumps({"jobDriver": {"sparkSubmit": {
    "entryPoint": "s3://bucket/main.py", "sparkSubmitParameters": "--conf spark.executor.instances=1"}}}, indent=2)
DEFAULTS_BELOW = "spark.master yarn\nspark.dynamicAllocation.enabled true\nspark.dynamicAllocation.minExecutors 2\nspark.executor.instances 1\n"


def test_sl201_on_emr_serverless_job(lint):
    run = lint({"job.json": JOB_ONE_EXECUTOR})
    assert run.code == 1
    (finding,) = run.findings
    assert (finding["rule"], finding["name"], finding["severity"]) == (
        "SL201", "executors-below-dynamic-allocation-start", "warning")
    assert (finding["path"], finding["line"], finding["column"]) == ("job.json", 5, 40)
    assert finding["message"].startswith("starts 3 executors, not 1: dynamic allocation is on")
    assert "initialExecutors=3 [EMR Serverless default, jobs-spark.html]" in finding["message"]
    assert finding["fix"].endswith(".")


def test_clean_file_exits_zero(lint):
    run = lint({"spark-defaults.conf": "spark.master yarn\nspark.executor.memory 4g\n"}, "--format", "text")
    assert run.code == 0
    assert run.out == "All clean: 1 file checked.\n"


def test_text_format(lint):
    run = lint({"spark-defaults.conf": DEFAULTS_BELOW}, "--format", "text")
    assert run.code == 1
    lines = run.out.splitlines()
    assert lines[0].startswith("spark-defaults.conf:4:26: warning SL201 [executors-below-dynamic-allocation-start] "
                               "starts 2 executors, not 1")
    assert lines[1] == ("  fix: Set spark.dynamicAllocation.minExecutors to 1 (initialExecutors follows it), "
                        "or set spark.dynamicAllocation.enabled=false to get exactly 1.")
    assert lines[-2:] == ["Found 1 problem (1 warning) in 1 of 1 file.",
                          "No safe fixes (1 more with --unsafe-fixes)."]  # SL201's fix is unsafe
    assert "\033[" not in run.out  # no colour when not a TTY


def capfd_text(capsys) -> str:
    return capsys.readouterr().out


def test_github_format_is_automatic_in_actions(lint, monkeypatch, capsys):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    run = lint({"spark-defaults.conf": DEFAULTS_BELOW}, "--format=github")
    assert run.out.startswith("::warning file=spark-defaults.conf,line=4,col=26,endLine=4,endColumn=26,"
                              "title=SL201 executors-below-dynamic-allocation-start::starts 2 executors")
    capsys_out = main(["--quiet", "spark-defaults.conf"])  # no --format: github, because GITHUB_ACTIONS=true
    assert capsys_out == 1
    assert capfd_text(capsys) == run.out


def test_json_format_fields(lint):
    (finding,) = lint({"spark-defaults.conf": DEFAULTS_BELOW}).findings
    assert {"path", "line", "column", "end_line", "end_column", "rule", "name", "severity", "message",
            "fix"} <= set(finding)


@pytest.mark.parametrize("flags, expected_code, expected_rules", [
    ((), 1, ["SL201"]),
    (("--ignore", "SL201"), 0, []),
    (("--ignore", "SL2"), 0, []),
    (("--ignore", "executors-below-dynamic-allocation-start"), 0, []),
    (("--select", "SL304"), 0, []),
    (("--fail-on", "error"), 0, ["SL201"]),
    (("--exit-zero",), 0, ["SL201"]),
])
def test_selection_and_fail_on(lint, flags, expected_code, expected_rules):
    run = lint({"spark-defaults.conf": DEFAULTS_BELOW}, *flags)
    assert (run.code, [finding["rule"] for finding in run.findings]) == (expected_code, expected_rules)


def test_config_file_severity_and_ignores(lint):
    files = {"spark-defaults.conf": DEFAULTS_BELOW, "pyproject.toml": "[tool.sparklint]\nfail-on = 'error'\n"
             "[tool.sparklint.rules.SL201]\nseverity = 'error'\n"}
    run = lint(files)
    assert run.code == 1 and run.findings[0]["severity"] == "error"
    files["pyproject.toml"] += "[tool.sparklint.per-file-ignores]\n'spark-*.conf' = ['SL201']\n"
    assert lint(files).findings == []


def test_bad_config_is_exit_2(lint):
    run = lint({"spark-defaults.conf": DEFAULTS_BELOW, ".sparklint.toml": "fail-on = 'warn'\n"})
    assert run.code == 2
    assert ".sparklint.toml" in run.err and "fail-on" in run.err
    run = lint({".sparklint.toml": "[rules.SL201]\nnot-an-option = 1\n"})
    assert run.code == 2 and "SL201" in run.err and "not-an-option" in run.err


def test_inline_suppression_properties_and_yaml(lint):
    suppressed = DEFAULTS_BELOW.replace("spark.executor.instances 1", "# sparklint: disable=SL201\nspark.executor.instances 1")
    assert lint({"spark-defaults.conf": suppressed}).findings == []
    yaml_text = ("apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\nspec:\n  executor:\n"
                 "    instances: 1  # sparklint: disable=executors-below-dynamic-allocation-start\n"
                 "  dynamicAllocation:\n    enabled: true\n    initialExecutors: 2\n")
    assert lint({"app.yaml": yaml_text}).findings == []
    assert lint({"app.yaml": yaml_text.replace("  # sparklint: disable=executors-below-dynamic-allocation-start", "")}
                ).rules() == [("SL201", 5, 16)]
    whole = "# sparklint: disable-file\n" + DEFAULTS_BELOW
    assert lint({"spark-defaults.conf": whole}, paths=("spark-defaults.conf",)).findings == []


def test_stdin_with_filename(monkeypatch, capsys):
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(DEFAULTS_BELOW.encode())))
    code = main(["--format", "json", "--stdin-filename", "conf/spark-defaults.conf", "-"])
    findings = json.loads(capsys.readouterr().out)
    assert code == 1 and [(f["path"], f["line"]) for f in findings] == [("conf/spark-defaults.conf", 4)]


def test_version_and_module_entry_point():
    completed = subprocess.run([sys.executable, "-m", "sparklint", "--version"], capture_output=True, text=True)
    assert completed.returncode == 0 and completed.stdout.strip() == f"sparklint {__version__}"


def test_rules_and_rule_commands(capsys):
    assert main(["rules"]) == 0
    listing = capsys.readouterr().out
    assert "SL201  executors-below-dynamic-allocation-start  warning" in listing
    assert main(["rule", "sl304"]) == 0
    page = capsys.readouterr().out
    assert page.startswith("SL304 emr-serverless-disk-over-capacity (default severity: warning)")
    assert "## Why is this bad?" in page
    assert main(["rule", "SL999"]) == 2


def test_verbose_says_what_was_skipped(lint):
    run = lint({"package.json": '{"name": "web"}', "broken.json": "{not json", "empty.conf": ""}, "--verbose")
    assert run.code == 0
    assert "package.json: not a Spark configuration we recognise; skipped" in run.err
    assert "broken.json: JSON that does not parse (line 1, column 2) and names nothing of Spark; not read" in run.err
    assert "empty.conf: empty file; skipped" in run.err


def test_spark_version_selects_the_catalog_and_unsupported_is_exit_2(lint):
    conf = {"spark-defaults.conf": "spark.executor.memory 4gib\n"}
    assert [rule for rule, _, _ in lint(conf).rules()] == ["SL006"]
    assert lint(conf, "--spark-version", "4.3").findings == []
    run = lint(conf, "--spark-version", "2.4")
    assert run.code == 2 and "unsupported Spark version '2.4'" in run.err


BAD_DEFAULTS = "spark.executor.memory 1.5g\n"  # SL006 error


def test_force_exclude_applies_exclude_to_files_named_on_the_command_line(lint):
    files = {".sparklint.toml": 'exclude = ["generated/**"]\n', "generated/spark-defaults.conf": BAD_DEFAULTS}
    named = lint(files, paths=("generated/spark-defaults.conf",))
    assert named.code == 1 and named.rules() == [("SL006", 1, 23)]  # named explicitly: linted
    forced = lint({}, "--force-exclude", paths=("generated/spark-defaults.conf",))
    assert forced.code == 0 and forced.findings == []
    walked = lint({}, paths=(".",))
    assert walked.code == 0 and walked.findings == []  # a walk always honours exclude


def test_force_exclude_in_the_config_and_the_verbose_note(lint):
    files = {".sparklint.toml": 'exclude = ["generated/**"]\nforce-exclude = true\n',
             "generated/spark-defaults.conf": BAD_DEFAULTS, "spark-defaults.conf": BAD_DEFAULTS}
    run = lint(files, "--verbose", paths=("generated/spark-defaults.conf", "spark-defaults.conf"))
    assert [finding["path"] for finding in run.findings] == ["spark-defaults.conf"]
    assert "generated/spark-defaults.conf: excluded by the configuration; skipped" in run.err


def test_exclude_globs_are_relative_to_the_config_file(lint, tmp_path, monkeypatch, capsys):
    files = {".sparklint.toml": 'exclude = ["jobs/legacy/**"]\n', "jobs/legacy/spark-defaults.conf": BAD_DEFAULTS,
             "jobs/new/spark-defaults.conf": BAD_DEFAULTS}
    assert [finding["path"] for finding in lint(files).findings] == ["jobs/new/spark-defaults.conf"]
    monkeypatch.chdir(tmp_path / "jobs")  # linting a subfolder: the globs still start at the config's folder
    from sparklint.cli import main

    assert main(["--format", "json", "."]) == 1
    assert [finding["path"] for finding in json.loads(capsys.readouterr().out)] == ["new/spark-defaults.conf"]


# --- a mistake on the command line is exit 2, never "All clean" (ruff does the same) ---------------

@pytest.mark.parametrize("arguments, expected", [
    (["missing.conf"], "missing.conf: no such file or directory"),
    (["--format", "json", "missing.conf"], "missing.conf: no such file or directory"),
    ([".", "missing.conf"], "missing.conf: no such file or directory"),
    (["init"], "unknown command 'init'"),
    (["version"], "unknown command 'version'; did you mean --version?"),
    (["check", "spark-defaults.conf"], "unknown command 'check'"),
    (["--select", "NOPE", "."], "--select: 'NOPE' is not a rule id, id prefix or rule name"),
    (["--ignore", "executors-below-dynamic-alocation-start", "."],
     "did you mean executors-below-dynamic-allocation-start?"),
    (["--select", "SL21", "."], "--select: 'SL21' is not a rule id"),
    (["--jobs", "0", "."], "--jobs/-j: must be 1 or more, not 0"),
    (["--jobs", "-3", "."], "must be 1 or more, not -3"),
])
def test_command_line_mistakes_are_exit_2(lint, arguments, expected):
    run = lint({"spark-defaults.conf": "spark.executor.memory 4g\n"}, "--format", "text", *arguments[:-1],
               paths=tuple(arguments[-1:]))
    assert run.code == 2
    assert expected in run.err
    assert run.out == ""  # nothing linted, no "All clean"


@pytest.mark.parametrize("config, expected", [
    ('[tool.sparklint]\nselect = ["SL2O1"]\n', "select: 'SL2O1' is not a rule id, id prefix or rule name; did you mean SL201?"),
    ('[tool.sparklint]\nignore = ["duplicate-keys"]\n', "ignore: 'duplicate-keys' is not a rule id, id prefix or rule name; did you mean duplicate-key?"),
    ('[tool.sparklint.per-file-ignores]\n"*.conf" = ["SL9"]\n', "per-file-ignores '*.conf': 'SL9' is not"),
    ('[tool.sparklint.rules.SL20]\nseverity = "error"\n', "[rules.SL20]: 'SL20' is not a rule id or rule name"),
])
def test_unknown_rules_in_the_config_file_are_exit_2(lint, config, expected):
    run = lint({"pyproject.toml": config, "spark-defaults.conf": "spark.executor.memory 4g\n"})
    assert run.code == 2
    assert expected in run.err and "pyproject.toml" in run.err


def test_a_folder_of_files_that_are_not_spark_configs_says_so(lint):
    run = lint({"package.json": '{"name": "x"}', "app.yaml": "a: 1\n"}, "--format", "text")
    assert run.code == 0
    assert run.out.splitlines()[-1] == "Nothing checked: 2 files skipped (not Spark configurations; --verbose says why)."


def test_the_summary_counts_skipped_files_next_to_checked_ones(lint):
    run = lint({"package.json": '{"name": "x"}', "spark-defaults.conf": "spark.executor.memory 4g\n"},
               "--format", "text")
    assert run.code == 0
    assert run.out.splitlines()[-1] == "All clean: 1 file checked; 1 file skipped (not Spark configurations; --verbose says why)."


def test_help_lists_explain(capsys):
    assert main(["--help"]) == 0
    assert "sparklint explain PATH" in capsys.readouterr().out


def test_rule_page_names_the_rule_once(capsys):
    assert main(["rule", "SL201"]) == 0
    page = capsys.readouterr().out
    assert page.count("SL201 executors-below-dynamic-allocation-start") == 1
    assert page.splitlines()[2].startswith("Fewer executors asked for than Spark will start")


@pytest.mark.parametrize("arguments", [
    [], ["spark-defaults.conf"], ["--force-exclude", "a.conf", "b.json"], ["-q", "-v", "--no-color", "x"],
    ["--exit-zero", "--statistics", "--show-source", "--fix", "--unsafe-fixes", "--fix-only", "--diff", "--no-ignore", "p"],
])
def test_a_hook_command_line_parses_as_argparse_parses_it(arguments):
    # Switches then paths skip building the argparse parser (a pre-commit hook's start-up): same result.
    from sparklint.cli import _lint_parser, _plain_arguments

    assert vars(_plain_arguments(arguments)) == vars(_lint_parser().parse_args(arguments))


@pytest.mark.parametrize("arguments", [["-"], ["a.conf", "--quiet"], ["--format", "json", "a"], ["--help"],
                                       ["--force", "a"], ["-j", "2", "a"]])
def test_anything_else_goes_to_argparse(arguments):
    from sparklint.cli import _plain_arguments

    assert _plain_arguments(arguments) is None
