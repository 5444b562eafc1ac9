"""`extend = "../base.toml"`: a monorepo keeps one policy; the extending file's settings win (ruff's rules)."""

from __future__ import annotations

import json
import re

import pytest

from sparklint.cli import main

# SL003 (unknown property, a warning) at line 1, SL005 (deprecated property, a warning) at line 2.
TWO_FINDINGS = "spark.executor.memoryy 4g\nspark.yarn.executor.memoryOverhead 1g\n"


def rules_at(run) -> list[tuple[str, str, int]]:
    return [(finding["path"], finding["rule"], finding["line"]) for finding in run.findings]


def test_an_ignore_in_the_extending_file_adds_to_the_extended_files(lint) -> None:
    run = lint({"base.toml": 'ignore = ["SL003"]\n',
                "team/.sparklint.toml": 'extend = "../base.toml"\n',
                "team/spark-defaults.conf": TWO_FINDINGS}, paths=("team",))
    assert rules_at(run) == [("team/spark-defaults.conf", "SL005", 2)]
    run = lint({"team/.sparklint.toml": 'extend = "../base.toml"\nignore = ["SL005"]\n'}, paths=("team",))
    assert run.code == 0 and run.findings == []


def test_a_select_in_the_extending_file_starts_afresh(lint) -> None:
    # ruff: a `select` resets the rule set, so the extended file's `ignore` no longer applies.
    run = lint({"base.toml": 'ignore = ["SL003"]\nselect = ["SL005"]\n',
                "team/.sparklint.toml": 'extend = "../base.toml"\nselect = ["SL003"]\n',
                "team/spark-defaults.conf": TWO_FINDINGS}, paths=("team",))
    assert rules_at(run) == [("team/spark-defaults.conf", "SL003", 1)]


def test_scalars_and_rule_tables_of_the_extending_file_win(lint) -> None:
    base = 'fail-on = "error"\n[rules.SL003]\nseverity = "error"\n[rules.SL005]\nseverity = "error"\n'
    run = lint({"base.toml": base, "team/.sparklint.toml": 'extend = "../base.toml"\n',
                "team/spark-defaults.conf": TWO_FINDINGS}, paths=("team",))
    assert [(f["rule"], f["severity"]) for f in run.findings] == [("SL003", "error"), ("SL005", "error")]
    assert run.code == 1
    # The extending file changes one rule's severity and the fail level; the other rule keeps the base's.
    run = lint({"team/.sparklint.toml": 'extend = "../base.toml"\nfail-on = "warning"\n'
                                         '[rules.SL003]\nseverity = "info"\n'}, paths=("team",))
    assert [(f["rule"], f["severity"]) for f in run.findings] == [("SL003", "info"), ("SL005", "error")]
    run = lint({"team/.sparklint.toml": 'extend = "../base.toml"\nfail-on = "error"\n'
                                         '[rules.SL005]\nseverity = "warning"\n[rules.SL003]\nseverity = "info"\n'},
               paths=("team",))
    assert run.code == 0  # nothing at or above the extending file's fail-on


def test_the_extended_files_globs_stay_relative_to_its_own_folder(lint, tmp_path, monkeypatch, capsys) -> None:
    # base.toml sits in the repository's top folder: its `team/generated/**` names team/generated/ there.
    lint({"base.toml": 'exclude = ["team/generated/**"]\n[per-file-ignores]\n"team/legacy/*" = ["SL003"]\n',
          "team/.sparklint.toml": 'extend = "../base.toml"\n',
          "team/generated/spark-defaults.conf": TWO_FINDINGS,
          "team/legacy/spark-defaults.conf": TWO_FINDINGS,
          "team/spark-defaults.conf": "spark.executor.memoryy 4g\n"})

    def in_team() -> list[tuple[str, str, int]]:
        monkeypatch.chdir(tmp_path / "team")  # the walk uses the configuration of the folder it starts in
        capsys.readouterr()
        main(["--format", "json", "."])
        return [(f["path"], f["rule"], f["line"]) for f in json.loads(capsys.readouterr().out)]

    assert in_team() == [("legacy/spark-defaults.conf", "SL005", 2), ("spark-defaults.conf", "SL003", 1)]
    # The extending file's own `exclude` replaces the extended one's (ruff's `exclude`), relative to team/.
    (tmp_path / "team" / ".sparklint.toml").write_text('extend = "../base.toml"\nexclude = ["legacy/**"]\n')
    assert in_team() == [("generated/spark-defaults.conf", "SL003", 1), ("generated/spark-defaults.conf", "SL005", 2),
                         ("spark-defaults.conf", "SL003", 1)]


def _policy(policy_id: str, limit: str) -> str:
    return (f'[[policy]]\nid = "{policy_id}"\nname = "memory-cap-{policy_id.lower()}"\nseverity = "error"\n'
            f'summary = "Executors get at most {limit}"\ncheck = {{ key = "spark.executor.memory", max = "{limit}" }}\n')


def test_policies_come_from_the_extended_file_unless_the_extending_file_has_its_own(lint) -> None:
    # The platform team's policy file is named relative to platform/base.toml, the file that lists it.
    files = {"platform/base.toml": 'policies = ["team-policies.toml"]\n',
             "platform/team-policies.toml": _policy("ACME001", "16g"),
             "team/.sparklint.toml": 'extend = "../platform/base.toml"\n',
             "team/spark-defaults.conf": "spark.executor.memory 32g\n"}
    run = lint(files, paths=("team",))
    assert [(f["rule"], f["line"], f["severity"]) for f in run.findings] == [("ACME001", 1, "error")]
    assert run.code == 1
    # Policies are a list ruff would replace: the extending file's own policy is the one that applies.
    run = lint({"team/.sparklint.toml": 'extend = "../platform/base.toml"\n' + _policy("ACME002", "64g")},
               paths=("team",))
    assert run.code == 0 and run.findings == []


@pytest.mark.parametrize(("files", "message"), [
    ({".sparklint.toml": 'extend = "missing.toml"\n'}, ".sparklint.toml: extend: missing.toml: config file not found"),
    ({".sparklint.toml": 'extend = "a.toml"\n', "a.toml": 'extend = ".sparklint.toml"\n'},
     "a.toml: extend: .sparklint.toml is already being extended (a cycle: .sparklint.toml -> a.toml -> .sparklint.toml)"),
    ({".sparklint.toml": 'extend = ".sparklint.toml"\n'},
     ".sparklint.toml: extend: .sparklint.toml is already being extended (a cycle: .sparklint.toml -> .sparklint.toml)"),
    ({".sparklint.toml": 'extend = "base.toml"\n', "base.toml": 'fail-on = "never"\n'},
     "base.toml: fail-on: 'never' is not one of"),
    ({"pyproject.toml": '[tool.sparklint]\nextend = "base.toml"\n', "base.toml": 'extend = "gone/x.toml"\n'},
     "base.toml: extend: gone/x.toml: config file not found"),
    ({".sparklint.toml": 'extend = "pyproject.toml"\n', "pyproject.toml": '[tool.black]\n'},
     "pyproject.toml: no [tool.sparklint] table"),
])
def test_a_missing_or_circular_extend_is_exit_2_naming_the_file(lint, files, message) -> None:
    run = lint({**files, "spark-defaults.conf": TWO_FINDINGS})
    assert run.code == 2 and "Traceback" not in run.err
    assert message in run.err


def test_verbose_says_which_config_files_applied(lint) -> None:
    run = lint({"base.toml": 'ignore = ["SL003"]\n', "mid.toml": 'extend = "base.toml"\n',
                "team/pyproject.toml": '[tool.sparklint]\nextend = "../mid.toml"\n',
                "team/spark-defaults.conf": TWO_FINDINGS}, "--verbose", paths=("team",))
    assert ("team/pyproject.toml: the configuration applied (the nearest, extending mid.toml, extending base.toml), "
            "first to files in team") in run.err
    assert rules_at(run) == [("team/spark-defaults.conf", "SL005", 2)]


def test_the_readme_example_works_as_written(lint) -> None:
    from conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    example = re.search(r"```toml\n# teams/etl/\.sparklint\.toml\n(.*?)```", readme, re.DOTALL).group(1)
    run = lint({".git/HEAD": "", ".sparklint.toml": 'ignore = ["SL003"]\n[rules.SL201]\nseverity = "error"\n',
                "teams/etl/.sparklint.toml": example, "teams/etl/spark-defaults.conf": TWO_FINDINGS},
               "--verbose", paths=("teams/etl",))
    assert run.code == 0 and run.findings == []  # SL003 ignored by the base, SL005 by the team's file
    assert ("teams/etl/.sparklint.toml: the configuration applied (the nearest, extending .sparklint.toml)"
            in run.err)
