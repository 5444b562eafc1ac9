"""--write-baseline / --baseline (issue 11 §4): adopt sparklint on a repository with findings, and from then
on hear only about new ones. Findings are matched by fingerprint (rule, path, setting key), not line."""

from __future__ import annotations

import json

import pytest

BEFORE = "spark.master yarn\nspark.executor.memory 1.5g\n"


def test_a_baseline_run_reports_only_the_new_finding(lint, tmp_path):
    written = lint({"conf/spark-defaults.conf": BEFORE}, "--format", "text", "--write-baseline", "sparklint-baseline.json")
    assert written.code == 0 and "wrote 1 finding to sparklint-baseline.json" in written.err
    entries = json.loads((tmp_path / "sparklint-baseline.json").read_text(encoding="utf-8"))["findings"]
    assert [(entry["rule"], entry["path"], entry["key"]) for entry in entries] == \
        [("SL006", "conf/spark-defaults.conf", "spark.executor.memory")]
    # Lines move, the known bad value changes, and a new mistake arrives.
    after = "# sizes\nspark.master yarn\nspark.executor.memory 2.5g\nspark.executor.cores 0x4\n"
    run = lint({"conf/spark-defaults.conf": after}, "--format", "text", "--baseline", "sparklint-baseline.json")
    assert run.code == 1
    assert [line.split(" ")[0] for line in run.out.splitlines() if " SL" in line] == ["conf/spark-defaults.conf:4:22:"]
    assert "1 known finding in the baseline not shown." in run.out


def test_only_known_findings_is_a_clean_run(lint):
    lint({"spark-defaults.conf": BEFORE}, "--write-baseline", "base.json")
    run = lint({}, "--format", "text", "--baseline", "base.json")
    assert run.code == 0 and run.out == "All clean: 1 file checked; 1 file skipped (not Spark configurations; " \
                                        "--verbose says why); 1 known finding in the baseline not shown.\n"


def test_the_baseline_works_from_another_directory(lint, tmp_path):
    lint({"repo/spark-defaults.conf": BEFORE}, "--write-baseline", "repo/base.json", paths=("repo",))
    (tmp_path / "repo" / "sub").mkdir()
    import os

    os.chdir(tmp_path / "repo" / "sub")
    from sparklint.cli import main

    assert main(["--format", "json", "--baseline", "../base.json", ".."]) == 0


def test_one_more_of_the_same_kind_is_new(lint):
    lint({"a.json": '{"conf": {"spark.executor.memory": "1.5g"}}'}, "--write-baseline", "base.json", paths=("a.json",))
    run = lint({"a.json": '{"conf": {"spark.executor.memory": "1.5g"}}',
                "b.json": '{"conf": {"spark.executor.memory": "1.5g"}}'}, "--baseline", "base.json",
               paths=("a.json", "b.json"))
    assert run.code == 1 and [finding["path"] for finding in json.loads(run.out)] == ["b.json"]


@pytest.mark.parametrize("content, says", [
    (None, "cannot read the baseline"),
    ("[1, 2", "not a sparklint baseline (not JSON"),
    ('{"findings": []}', "not a sparklint baseline (write one with --write-baseline base.json)"),
    ('{"sparklint-baseline": 1, "findings": [{"rule": "SL006"}]}', "an entry without a fingerprint"),
])
def test_a_bad_baseline_is_exit_2(lint, tmp_path, content, says):
    if content is not None:
        (tmp_path / "base.json").write_text(content, encoding="utf-8")
    run = lint({"spark-defaults.conf": BEFORE}, "--baseline", "base.json")
    assert run.code == 2 and says in run.err and run.out == ""


def test_the_readme_baseline_commands_work_as_written(lint, tmp_path):
    import re
    import shlex

    from conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    (block,) = [block for block in re.findall(r"```sh\n(.*?)\n```", readme, re.DOTALL) if "baseline" in block]
    write, use = [shlex.split(line) for line in block.splitlines()]
    assert write[0] == use[0] == "sparklint"
    assert lint({"spark-defaults.conf": BEFORE}, *write[1:-1], "--format", "text", paths=(write[-1],)).code == 0
    (tmp_path / "spark-defaults.conf").write_text(BEFORE + "spark.executor.cores 0x4\n", encoding="utf-8")
    run = lint({}, *use[1:-1], "--format", "text", paths=(use[-1],))
    assert run.code == 1 and run.out.count(" SL006 ") == 1 and "spark-defaults.conf:3:22:" in run.out


def test_baseline_in_the_config_is_relative_to_the_config_file_and_the_flag_wins(lint, tmp_path, monkeypatch, capsys):
    from sparklint.cli import main

    lint({"repo/.git/HEAD": "", "repo/spark-defaults.conf": BEFORE}, "--write-baseline", "repo/ci/known.json",
         paths=("repo",))
    lint({"repo/.sparklint.toml": 'baseline = "ci/known.json"\n',
          "repo/spark-defaults.conf": BEFORE + "spark.executor.cores 0x4\n"}, "--write-baseline", "repo/none.json",
         paths=("repo/.sparklint.toml",))

    def in_repo(*flags: str) -> tuple[int, str]:
        monkeypatch.chdir(tmp_path / "repo")  # the working directory's configuration names the baseline
        capsys.readouterr()
        code = main(["--format", "text", *flags, "."])
        return code, capsys.readouterr().out

    code, out = in_repo()
    assert code == 1 and out.count(" SL006 ") == 1 and "spark-defaults.conf:3:22:" in out
    assert "1 known finding in the baseline not shown." in out
    # --baseline FILE wins: a baseline of no findings reports both.
    code, out = in_repo("--baseline", "none.json")
    assert code == 1 and out.count(" SL006 ") == 2 and "known finding" not in out


def test_a_configured_baseline_that_is_missing_is_exit_2(lint):
    run = lint({".sparklint.toml": 'baseline = "known.json"\n', "spark-defaults.conf": BEFORE})
    assert run.code == 2 and "known.json: cannot read the baseline" in run.err and "Traceback" not in run.err


def test_an_extending_config_inherits_the_baseline_relative_to_the_file_that_wrote_it(lint, tmp_path, monkeypatch):
    from sparklint.cli import main

    lint({".git/HEAD": "", "spark/team/spark-defaults.conf": BEFORE}, "--write-baseline", "spark/known.json",
         paths=("spark/team",))
    lint({"spark/base.toml": 'baseline = "known.json"\n', "spark/team/.sparklint.toml": 'extend = "../base.toml"\n'},
         paths=("spark/team",))
    monkeypatch.chdir(tmp_path / "spark" / "team")
    assert main(["--quiet", "."]) == 0  # the one finding is known
