"""The README tells the truth: the example output it shows is what sparklint prints, and it lists the hook."""

from __future__ import annotations

import re

from conftest import REPO
from sparklint.cli import main


def test_readme_shows_the_real_output_of_the_examples(monkeypatch, capsys):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    shown = re.search(r"<!-- examples-output: begin -->\n```text\n(.*?)```\n<!-- examples-output: end -->",
                      readme, re.DOTALL)
    assert shown, "README lost its examples-output block"
    monkeypatch.chdir(REPO)
    code = main(["--no-color", "examples/"])
    assert code == 1
    assert capsys.readouterr().out == shown.group(1)


def test_readme_starts_with_the_two_setup_commands_and_ci_runs_the_second():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"```sh\n(.*?)\n```", readme)
    assert commands[:2] == ["python -m pip install . && sparklint examples/",
                            "python -m pip install -e '.[test]' && python -m pytest"]
    assert commands[1] in (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()


def test_readme_lists_every_rule():
    from sparklint.registry import load_rules

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for rule in load_rules().values():
        assert f"| {rule.id} | {rule.name} | {rule.severity} |" in readme


def test_readme_configuration_example_is_valid(tmp_path):
    from sparklint.settings import load_settings_file

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    example = re.search(r"```toml\n(# \.sparklint\.toml\n.*?)```", readme, re.DOTALL).group(1)
    (tmp_path / ".sparklint.toml").write_text(example, encoding="utf-8")
    settings = load_settings_file(tmp_path / ".sparklint.toml")
    assert (settings.platform, settings.fail_on, settings.ignore) == ("emr-serverless", "warning", ("SL304",))
    assert settings.max_capacity["disk"] == "150GB"
