"""The outputs people wire into CI (issue 11 §3): several formats from one run, --output-file, concise and
full (a code frame), --statistics, GitLab Code Quality, JUnit XML, and GitHub's annotation cap and job
summary."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree

import pytest

CONF = "spark.master yarn\nspark.executor.memory 1.5g\nspark.executor.cores 0x4\n"


def test_text_on_the_terminal_and_sarif_to_a_file(lint, tmp_path):
    run = lint({"spark-defaults.conf": CONF}, "--format", "text", "--format", "sarif:out/sparklint.sarif",
               "--format", "junit:junit.xml")
    assert run.code == 1
    assert run.out.startswith("spark-defaults.conf:2:23: error SL006 [invalid-value] [*] Spark 3.5 refuses")
    assert run.out.endswith("Found 2 problems (2 errors) in 1 of 1 file.\n[*] 1 fixable with --fix.\n")
    log = json.loads((tmp_path / "out" / "sparklint.sarif").read_text(encoding="utf-8"))
    assert [result["ruleId"] for result in log["runs"][0]["results"]] == ["SL006", "SL006"]
    assert ElementTree.parse(tmp_path / "junit.xml").getroot().get("failures") == "2"


def test_a_file_only_format_still_prints_the_findings(lint, tmp_path):
    run = lint({"spark-defaults.conf": CONF}, "--format", "gitlab:gl-code-quality.json")
    assert run.code == 1 and "error SL006 [invalid-value]" in run.out
    assert len(json.loads((tmp_path / "gl-code-quality.json").read_text(encoding="utf-8"))) == 2


def test_output_file_takes_what_standard_output_would_get(lint, tmp_path):
    run = lint({"spark-defaults.conf": CONF}, "--format", "concise", "--output-file", "report.txt")
    assert (run.code, run.out) == (1, "")
    assert (tmp_path / "report.txt").read_text(encoding="utf-8") == (
        "spark-defaults.conf:2:23: SL006 [*] Spark 3.5 refuses spark.executor.memory='1.5g': '1.5g': fractional "
        "values are not supported; use a smaller unit\n"
        "spark-defaults.conf:3:22: SL006 Spark 3.5 refuses spark.executor.cores='0x4': spark-submit refuses it "
        "before Spark starts: \"Executor cores must be a positive number\" (SparkSubmitArguments)\n"
        "Found 2 problems (2 errors) in 1 of 1 file.\n[*] 1 fixable with --fix.\n")


@pytest.mark.parametrize("flags, says", [
    (("--format", "text", "--format", "json"), "only one output can go to standard output"),
    (("--format", "sarif:a.sarif", "--format", "gitlab:a.sarif"), "two outputs are written to the same file"),
    (("--format", "sariff"), "unknown format 'sariff'; did you mean sarif?"),
    (("--format", "sarif:"), "no file name after the colon"),
    (("--format", "json:spark-defaults.conf/out.json"), "cannot write spark-defaults.conf/out.json"),
])
def test_output_mistakes_are_exit_2(lint, flags, says):
    run = lint({"spark-defaults.conf": CONF}, *flags)
    assert run.code == 2 and says in run.err


def test_show_source_frames_the_span_and_never_a_secret(lint):
    run = lint({"spark-defaults.conf": CONF + "spark.hadoop.fs.s3a.secret.key Qz8vTq2LmW4xR7pKx\n"
                                              "spark.executor.instances 0x2\n"}, "--format", "text", "--show-source")
    assert run.code == 1 and "Qz8vTq2LmW4xR7pKx" not in run.out
    lines = run.out.splitlines()
    at = lines.index("spark-defaults.conf:2:23: error SL006 [invalid-value] [*] Spark 3.5 refuses "
                     "spark.executor.memory='1.5g': '1.5g': fractional values are not supported; use a smaller unit")
    assert lines[at + 1:at + 5] == ["    |", "  2 | spark.executor.memory 1.5g", "    |                       ^^^^",
                                    "  fix: Give spark.executor.memory a value Spark accepts (its default is '1g')."]
    secret = next(index for index, line in enumerate(lines) if " SL601 " in line)
    assert lines[secret + 2] == "  4 | (not shown: the line may hold a secret)"
    below = next(index for index, line in enumerate(lines) if line.startswith("spark-defaults.conf:5:"))
    assert lines[below + 2] == "  5 | (not shown: the line may hold a secret)"  # the line above names a secret


def test_statistics_count_findings_per_rule(lint):
    run = lint({"spark-defaults.conf": CONF + "spark.executor.memory 2g\n"}, "--statistics", "--format", "text")
    # The 1.5g heap and the duplicate have a safe fix; 0x4 cores has none.
    assert run.out == ("2  SL006  invalid-value  error    [*] 1 fixable\n"
                       "1  SL002  duplicate-key  warning  [*] 1 fixable\n"
                       "Found 3 problems (2 errors, 1 warning) in 1 of 1 file.\n"
                       "[*] 2 fixable with --fix.\n")


def test_fixable_findings_are_marked_and_counted_by_class(lint):
    # SL003's did-you-mean is unsafe: unmarked and counted apart, until --unsafe-fixes makes it applicable.
    files = {"spark-defaults.conf": "spark.executor.memory 1.5g\nspark.executr.cores 2\nspark.memory.fraction 1.5\n"}
    run = lint(files, "--format", "text")
    lines = run.out.splitlines()
    assert lines[0].startswith("spark-defaults.conf:1:23: error SL006 [invalid-value] [*] ")
    assert lines[2].startswith("spark-defaults.conf:2:1: warning SL003 [unknown-property] Spark")
    assert lines[4].startswith("spark-defaults.conf:3:23: error SL006 [invalid-value] Spark")  # no fix for 1.5
    assert lines[-1] == "[*] 1 fixable with --fix (1 more with --unsafe-fixes)."
    unsafe = lint(files, "--format", "concise", "--unsafe-fixes")
    assert unsafe.out.splitlines()[1].startswith("spark-defaults.conf:2:1: SL003 [*] Spark")
    assert unsafe.out.splitlines()[-1] == "[*] 2 fixable with --fix --unsafe-fixes (1 of them unsafe: check them)."
    statistics = lint(files, "--statistics", "--unsafe-fixes", "--format", "text")
    assert statistics.out.splitlines()[:2] == ["2  SL006  invalid-value     error    [*] 1 fixable",
                                               "1  SL003  unknown-property  warning  [*] 1 fixable"]
    only_unsafe = lint({"spark-defaults.conf": "spark.executr.cores 2\n"}, "--format", "text")
    assert only_unsafe.out.splitlines()[-1] == "No safe fixes (1 more with --unsafe-fixes)."
    clean_of_fixes = lint({"spark-defaults.conf": "spark.memory.fraction 1.5\n"}, "--format", "text")
    assert clean_of_fixes.out.splitlines()[-1].startswith("Found 1 problem")


def test_gitlab_code_quality_has_the_required_fields(lint):
    run = lint({"spark-defaults.conf": CONF, "session.json": '{"numExecutors": 2, "conf": {"spark.executor.instances": "8"}}'},
               "--format", "gitlab")
    issues = json.loads(run.out)
    assert [(issue["check_name"], issue["severity"], issue["location"]["path"], issue["location"]["lines"]["begin"])
            for issue in issues] == [("SL007 overridden-setting", "major", "session.json", 1),
                                     ("SL006 invalid-value", "critical", "spark-defaults.conf", 2),
                                     ("SL006 invalid-value", "critical", "spark-defaults.conf", 3)]
    assert all(issue["description"] and issue["fingerprint"] for issue in issues)
    assert len({issue["fingerprint"] for issue in issues}) == 3


def test_junit_has_a_suite_per_file_and_a_failure_per_finding(lint):
    run = lint({"bad/spark-defaults.conf": CONF, "good/spark-defaults.conf": "spark.master yarn\n",
                "package.json": '{"name": "web"}'}, "--format", "junit")
    root = ElementTree.fromstring(run.out)
    assert (root.tag, root.get("tests"), root.get("failures")) == ("testsuites", "3", "2")
    suites = {suite.get("name"): suite for suite in root}
    assert set(suites) == {"bad/spark-defaults.conf", "good/spark-defaults.conf"}  # package.json: skipped
    failures = [case.find("failure") for case in suites["bad/spark-defaults.conf"]]
    assert [failure.get("type") for failure in failures] == ["SL006", "SL006"]
    assert [case.get("name") for case in suites["bad/spark-defaults.conf"]] == ["SL006 2:23", "SL006 3:22"]
    (passing,) = list(suites["good/spark-defaults.conf"])
    assert passing.find("failure") is None


def test_github_says_how_many_annotations_it_will_not_show(lint, tmp_path, monkeypatch):
    summary = tmp_path / "step-summary.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    files = {f"job{number:02}/spark-defaults.conf": "spark.executor.memory 1g\nspark.executor.memory 2g\n"
             for number in range(12)}
    run = lint(files, "--format", "github")
    annotations = [line for line in run.out.splitlines() if line.startswith("::warning ")]
    assert run.code == 1 and len(annotations) == 12
    assert ("sparklint: GitHub shows 10 annotations of each level per step: 2 warnings will not appear as "
            "annotations; the job summary and the log list all 12 findings") in run.err
    written = summary.read_text(encoding="utf-8")
    assert written.startswith("## sparklint\n\nFound 12 problems (12 warnings) in 12 of 12 files.\n")
    assert written.count("| warning | SL002 duplicate-key |") == 12


def test_the_readme_several_outputs_example_works_as_written(lint, tmp_path):
    import re
    import shlex

    from conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8").replace("\n", " ")
    (flags,) = re.findall(r"\(`(--format text --format +sarif:\S+ --format junit:\S+)`\)", readme)
    run = lint({"spark-defaults.conf": CONF}, *shlex.split(flags))
    assert run.code == 1 and "error SL006 [invalid-value]" in run.out
    assert json.loads((tmp_path / "sparklint.sarif").read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert ElementTree.parse(tmp_path / "junit.xml").getroot().get("failures") == "2"
