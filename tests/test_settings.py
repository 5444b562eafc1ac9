"""Settings: which config file applies to a file, what it says, and what a mistake in it looks like."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Iterator

import pytest

from sparklint import settings as settings_module
from sparklint.model import PLATFORMS
from sparklint.rule import SEVERITIES
from sparklint.settings import ConfigError, Settings, clear_caches, load_settings_file, settings_for

FULL_CONFIG = """\
select = ["SL2", "SL301"]
ignore = ["executors-below-dynamic-allocation-start"]
fail-on = "error"
platform = "emr-serverless"
spark-version = "3.5"
include = ["jobs/**/*.args"]
exclude = ["build/**"]

[per-file-ignores]
"examples/**" = ["SL201"]
"*.conf" = ["SL1", "SL201"]

[rules.SL201]
severity = "error"
minimum = 3

[rules.emr-serverless-disk-over-capacity]
severity = "off"

[emr-serverless.maximum-capacity]
cpu = "400 vCPU"
memory = "3000 GB"
disk = "20000 GB"
"""


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Run in an empty project folder with a private cache and no settings remembered between tests."""
    project = tmp_path / "project"
    project.mkdir()
    monkeypatch.chdir(project)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("SPARKLINT_NO_CACHE", raising=False)
    clear_caches()
    yield project
    clear_caches()


def write(path: str, text: str) -> Path:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text)
    return target


def config_error(path: str = "job.json", forced: str | None = None) -> str:
    with pytest.raises(ConfigError) as caught:
        settings_for(Path(path), Path(forced) if forced else None)
    return str(caught.value)


def markers(tmp_path: Path) -> list[str]:
    cache = tmp_path / "cache" / "sparklint"
    return sorted(os.listdir(cache)) if cache.exists() else []


# --- finding the config file ----------------------------------------------------------------------


def test_without_a_config_file_the_defaults_apply(isolated: Path) -> None:
    settings = settings_for(Path("jobs/job.json"))
    assert settings == Settings(root=isolated)
    assert (settings.fail_on, settings.select, settings.platform, settings.source) == ("warning", (), None, None)


def test_sparklint_toml_is_read_from_its_top_level() -> None:
    write(".sparklint.toml", FULL_CONFIG)
    settings = settings_for(Path("jobs/nightly/job.json"))
    assert settings.select == ("SL2", "SL301")
    assert settings.ignore == ("executors-below-dynamic-allocation-start",)
    assert settings.per_file_ignores == (("examples/**", ("SL201",)), ("*.conf", ("SL1", "SL201")))
    assert (settings.fail_on, settings.platform, settings.spark_version) == ("error", "emr-serverless", "3.5")
    assert settings.include == ("jobs/**/*.args",)
    assert settings.exclude == ("build/**",)
    assert settings.rules == {"SL201": {"severity": "error", "minimum": 3}, "emr-serverless-disk-over-capacity": {"severity": "off"}}
    assert settings.max_capacity == {"cpu": "400 vCPU", "memory": "3000 GB", "disk": "20000 GB"}
    assert settings.root == Path.cwd()
    assert settings.source == Path.cwd() / ".sparklint.toml"


def test_pyproject_toml_is_read_from_tool_sparklint() -> None:
    write("pyproject.toml", '[project]\nname = "jobs"\n\n[tool.sparklint]\nfail-on = "info"\n')
    assert settings_for(Path("job.json")).fail_on == "info"


def test_a_pyproject_toml_without_tool_sparklint_does_not_count(isolated: Path) -> None:
    write(".sparklint.toml", 'fail-on = "error"\n')
    write("service/pyproject.toml", '[project]\nname = "service"\n\n[tool.ruff]\nline-length = 100\n')
    settings = settings_for(Path("service/conf/spark-defaults.conf"))
    assert (settings.fail_on, settings.source) == ("error", isolated / ".sparklint.toml")


def test_the_nearest_config_file_wins(isolated: Path) -> None:
    write(".sparklint.toml", 'fail-on = "error"\n')
    write("team/pyproject.toml", '[tool.sparklint]\nfail-on = "info"\n')
    assert settings_for(Path("team/jobs/job.json")).fail_on == "info"
    assert settings_for(Path("team/jobs/job.json")).root == isolated / "team"
    assert settings_for(Path("other/job.json")).fail_on == "error"


def test_a_directory_gets_the_config_in_it_not_the_one_above(isolated: Path) -> None:
    write(".sparklint.toml", 'fail-on = "error"\n')
    write("team/.sparklint.toml", 'fail-on = "info"\n')
    assert settings_for(isolated / "team").fail_on == "info"
    assert settings_for(Path(".")).fail_on == "error"


def test_sparklint_toml_beats_pyproject_toml_in_the_same_folder() -> None:
    write(".sparklint.toml", 'fail-on = "error"\n')
    write("pyproject.toml", '[tool.sparklint]\nfail-on = "info"\n')
    assert settings_for(Path("job.json")).fail_on == "error"


def test_each_directory_is_looked_up_once(monkeypatch: pytest.MonkeyPatch) -> None:
    write(".sparklint.toml", 'fail-on = "error"\n')
    looked_in: list[str] = []
    real_config_in = settings_module._config_in

    def counting(directory: str) -> str | None:
        looked_in.append(directory)
        return real_config_in(directory)

    monkeypatch.setattr(settings_module, "_config_in", counting)
    directories = [f"team{team}/app{app}" for team in range(10) for app in range(10)]
    for directory in directories:
        for number in range(100):
            settings_for(Path(directory) / f"job{number}.json")
    # 100 leaf directories, their 10 parents and the project folder: each once.
    assert len(looked_in) == len(set(looked_in)) == 111


def test_forced_config_applies_to_every_file(isolated: Path) -> None:
    write("pyproject.toml", '[tool.sparklint]\nfail-on = "info"\n')
    write("ci/lint.toml", 'fail-on = "error"\n')
    settings = settings_for(Path("job.json"), forced=Path("ci/lint.toml"))
    assert (settings.fail_on, settings.root) == ("error", isolated / "ci")


def test_forced_pyproject_toml_reads_tool_sparklint() -> None:
    write("ci/pyproject.toml", '[tool.sparklint]\nfail-on = "error"\n')
    assert settings_for(Path("job.json"), forced=Path("ci/pyproject.toml")).fail_on == "error"


@pytest.mark.parametrize(
    ("files", "forced", "message"),
    [
        ({}, "lint.toml", "lint.toml: config file not found"),
        ({"lint.yaml": "fail-on: error\n"}, "lint.yaml", "lint.yaml: expected a .toml file (.sparklint.toml or pyproject.toml)"),
        ({"ci/pyproject.toml": "[tool.ruff]\n"}, "ci/pyproject.toml", "ci/pyproject.toml: no [tool.sparklint] table"),
    ],
)
def test_forced_config_problems(files: dict[str, str], forced: str, message: str) -> None:
    for name, text in files.items():
        write(name, text)
    assert config_error(forced=forced) == message


def test_invalid_toml_names_the_file_and_the_parser_message() -> None:
    write(".sparklint.toml", 'select = ["SL2"]\nfail-on = error\n')
    message = config_error()
    assert message.startswith(".sparklint.toml: invalid TOML: ")
    assert "line 2, column 11" in message


def test_invalid_toml_in_a_pyproject_that_mentions_sparklint_is_an_error() -> None:
    write("pyproject.toml", "[tool.sparklint\n")
    assert config_error().startswith("pyproject.toml: invalid TOML: ")


def test_a_broken_pyproject_that_is_not_ours_is_not_our_business() -> None:
    write("pyproject.toml", "[tool.ruff\n")
    assert settings_for(Path("job.json")).source is None


# --- what a mistake looks like --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('fail-on = "warn"', "fail-on: 'warn' is not one of ['info', 'warning', 'error']"),
        ('fail_on = "error"', "fail_on: unknown key; did you mean 'fail-on'?"),
        ('colour = "always"', "colour: unknown key; expected one of 'baseline', 'emr-serverless', 'exclude', 'extend', 'fail-on', 'force-exclude', 'ignore', "
         "'include', 'per-file-ignores', 'platform', 'policies', 'policy', 'rules', 'select', 'spark-version'"),
        ('select = "SL2"', 'select: expected a list of rule ids, id prefixes or rule names, like ["SL2", "SL301"], '
         "got string 'SL2'"),
        ("select = [201]", 'select[0]: expected a rule id, id prefix or rule name, like "SL201", "SL2" or '
         "\"executors-below-dynamic-allocation-start\", got integer 201"),
        ('platform = "emr-severless"', "platform: 'emr-severless' is not one of ['emr-serverless', 'emr', 'yarn', "
         "'kubernetes', 'standalone', 'local', 'databricks', 'glue', 'synapse', 'fabric', 'dataproc', "
         "'dataproc-serverless', 'generic']"),
        ('spark-version = "3"', "spark-version: expected a Spark version as a string, like \"3.5\" or \"4.0.1\", got string '3'"),
        ("spark-version = 3.5", "spark-version: expected a Spark version as a string, like \"3.5\" or \"4.0.1\", got float 3.5"),
        ('[rules.SL201]\nseverity = "fatal"', "rules.SL201.severity: 'fatal' is not one of ['info', 'warning', 'error', 'off']"),
        ('[rules."SL 201"]', 'rules."SL 201": not a valid key; expected a rule id, id prefix or rule name, like "SL201", '
         '"SL2" or "executors-below-dynamic-allocation-start"'),
        ('rules = { SL201 = "error" }', "rules.SL201: expected a table of rule options, like { severity = \"error\" }, "
         "got string 'error'"),
        ('[per-file-ignores]\n"examples/**" = "SL201"', 'per-file-ignores."examples/**": expected a list of rule ids, '
         "id prefixes or rule names, like [\"SL2\", \"SL301\"], got string 'SL201'"),
        ('exclude = ["build", ""]', "exclude[1]: expected a glob pattern, like \"jobs/**/*.json\", got string ''"),
        ('[emr-serverless.maximum-capacity]\ncpu = 400', "emr-serverless.maximum-capacity.cpu: expected a vCPU count "
         "as a string, like \"400 vCPU\" or \"400\" (EMR Serverless MaximumAllowedResources.cpu), got integer 400"),
        ('[emr-serverless.maximum-capacity]\nmemory = "3 TB"', "emr-serverless.maximum-capacity.memory: expected a size "
         "in GB as a string, like \"3000 GB\" or \"3000\" (EMR Serverless MaximumAllowedResources.memory), got string '3 TB'"),
        ('[emr-serverless.maximum-capacity]\ndisk = "200"', "emr-serverless.maximum-capacity.disk: expected a size in GB "
         "with its unit as a string, like \"20000 GB\" (EMR Serverless MaximumAllowedResources.disk), got string '200'"),
        ('[emr-serverless.maximum-capacity]\ngpus = "1"', "emr-serverless.maximum-capacity.gpus: unknown key; "
         "expected one of 'cpu', 'disk', 'memory'"),
    ],
)
def test_a_mistake_names_the_file_the_key_and_what_was_expected(toml: str, message: str) -> None:
    write(".sparklint.toml", toml + "\n")
    assert config_error() == f".sparklint.toml: {message}"


def test_in_pyproject_toml_the_table_is_named_too() -> None:
    write("pyproject.toml", '[tool.sparklint]\nfail-on = "warn"\n')
    assert config_error() == "pyproject.toml: [tool.sparklint] fail-on: 'warn' is not one of ['info', 'warning', 'error']"


def test_every_mistake_is_reported_at_once() -> None:
    write(".sparklint.toml", 'fail-on = "warn"\nplatfrom = "emr"\n[rules.SL201]\nseverity = "fatal"\n')
    assert config_error().splitlines() == [
        ".sparklint.toml: platfrom: unknown key; did you mean 'platform'?",
        ".sparklint.toml: fail-on: 'warn' is not one of ['info', 'warning', 'error']",
        ".sparklint.toml: rules.SL201.severity: 'fatal' is not one of ['info', 'warning', 'error', 'off']",
    ]


def test_a_config_outside_the_working_directory_is_shown_with_its_full_path(tmp_path: Path) -> None:
    write(str(tmp_path / "elsewhere" / "lint.toml"), 'fail-on = "warn"\n')
    message = config_error(forced=str(tmp_path / "elsewhere" / "lint.toml"))
    assert message.startswith(f"{tmp_path / 'elsewhere' / 'lint.toml'}: fail-on: ")


@pytest.mark.parametrize(
    "capacity",
    [
        'cpu = "400"', 'cpu = "400 vCPU"', 'cpu = "4vcpu"', 'cpu = "16 VCPU"',
        'memory = "3000"', 'memory = "30 gb"', 'memory = "120GB"',
        'disk = "20000 GB"', 'disk = "200gB"',
    ],
)
def test_maximum_capacity_accepts_the_emr_serverless_api_formats(capacity: str) -> None:
    write(".sparklint.toml", f"[emr-serverless.maximum-capacity]\n{capacity}\n")
    key, value = capacity.split(" = ")
    assert settings_for(Path("job.json")).max_capacity == {key: json.loads(value)}


def test_the_schema_knows_the_same_platforms_and_severities_as_the_code() -> None:
    schema = json.loads(Path(settings_module.SCHEMA_PATH).read_text())
    assert schema["properties"]["platform"]["enum"] == list(PLATFORMS)
    assert schema["properties"]["fail-on"]["enum"] == list(SEVERITIES)
    rule_table = schema["properties"]["rules"]["additionalProperties"]
    assert rule_table["properties"]["severity"]["enum"] == [*SEVERITIES, "off"]


# --- the validation cache -------------------------------------------------------------------------


def test_a_valid_config_leaves_a_marker_and_the_next_run_skips_jsonschema(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(".sparklint.toml", FULL_CONFIG)
    first = settings_for(Path("job.json"))
    assert len(markers(tmp_path)) == 1

    clear_caches()
    monkeypatch.delitem(sys.modules, "jsonschema", raising=False)
    monkeypatch.setitem(sys.modules, "jsonschema", None)  # any `import jsonschema` now fails
    assert settings_for(Path("job.json")) == first


def test_without_a_marker_validation_needs_jsonschema(monkeypatch: pytest.MonkeyPatch) -> None:
    # The other half of the test above: proves the import blocker would have caught a validation.
    write(".sparklint.toml", FULL_CONFIG)
    monkeypatch.setitem(sys.modules, "jsonschema", None)
    with pytest.raises(ImportError):
        settings_for(Path("job.json"))


def test_an_invalid_config_is_never_cached_as_valid(tmp_path: Path) -> None:
    write(".sparklint.toml", 'fail-on = "warn"\n')
    for _ in range(2):
        clear_caches()
        assert config_error().startswith(".sparklint.toml: fail-on: ")
    assert markers(tmp_path) == []

    write(".sparklint.toml", 'fail-on = "error"\n')
    clear_caches()
    settings_for(Path("job.json"))
    write(".sparklint.toml", 'fail-on = "warn"\n')  # edited after a valid run: a new hash, validated again
    clear_caches()
    assert config_error().startswith(".sparklint.toml: fail-on: ")
    assert len(markers(tmp_path)) == 1


def test_the_same_bytes_read_as_another_kind_of_file_are_validated_again(tmp_path: Path) -> None:
    text = '[tool.sparklint]\nfail-on = "error"\n'
    write("a/pyproject.toml", text)
    assert settings_for(Path("a/job.json")).fail_on == "error"
    write("b/.sparklint.toml", text)
    assert config_error("b/job.json") == "b/.sparklint.toml: tool: unknown key; expected one of 'baseline', 'emr-serverless', " \
        "'exclude', 'extend', 'fail-on', 'force-exclude', 'ignore', 'include', 'per-file-ignores', 'platform', 'policies', 'policy', 'rules', 'select', 'spark-version'"


def test_sparklint_no_cache_turns_the_cache_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SPARKLINT_NO_CACHE", "1")
    write(".sparklint.toml", FULL_CONFIG)
    settings_for(Path("job.json"))
    assert markers(tmp_path) == []


def test_the_cache_defaults_to_dot_cache_in_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert settings_module.cache_directory() == str(tmp_path / "home" / ".cache" / "sparklint")


def test_a_cache_that_cannot_be_written_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    write(".sparklint.toml", 'fail-on = "error"\n')
    assert settings_for(Path("job.json")).fail_on == "error"


# --- overrides and per-file ignores ---------------------------------------------------------------


def test_command_line_overrides_replace_values_and_none_keeps_them() -> None:
    write(".sparklint.toml", FULL_CONFIG)
    settings = settings_for(Path("job.json"))
    merged = settings.merged(fail_on="info", select=["SL3"], platform=None, spark_version="4.0.1")
    assert (merged.fail_on, merged.select, merged.platform, merged.spark_version) == ("info", ("SL3",), "emr-serverless", "4.0.1")
    assert settings.fail_on == "error"  # the original is untouched
    assert settings.merged(fail_on=None) is settings


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"fail_on": "warn"}, "--fail-on: 'warn' is not one of ['info', 'warning', 'error']"),
        ({"platform": "emr-severless"}, "--platform: 'emr-severless' is not one of"),
        ({"spark_version": "3"}, "--spark-version: '3' is not a version like '3.5' or '4.0.1'"),
    ],
)
def test_bad_overrides_are_config_errors(override: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        Settings().merged(**override)
    assert str(caught.value).startswith(message)


def test_an_override_for_an_unknown_field_is_a_programming_error() -> None:
    with pytest.raises(TypeError, match="Settings has no field 'failon'"):
        Settings().merged(failon="info")


def test_settings_are_read_only() -> None:
    write(".sparklint.toml", FULL_CONFIG)
    settings = settings_for(Path("job.json"))
    with pytest.raises(AttributeError):  # as a frozen dataclass raises (FrozenInstanceError is one)
        settings.fail_on = "info"  # type: ignore[misc]
    with pytest.raises(TypeError):
        settings.rules["SL201"]["severity"] = "info"  # type: ignore[index]


def test_per_file_ignores_match_paths_relative_to_the_config_file(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write("repo/.sparklint.toml", FULL_CONFIG)
    settings = load_settings_file(Path("repo/.sparklint.toml"))
    assert settings.ignored_codes_for("repo/examples/a/job.json") == ("SL201",)
    assert settings.ignored_codes_for(isolated / "repo" / "examples" / "job.json") == ("SL201",)
    assert settings.ignored_codes_for("repo/jobs/job.json") == ()
    assert settings.ignored_codes_for("repo/examples/spark-defaults.conf") == ("SL201", "SL1")
    assert settings.ignored_codes_for("examples/job.json") == ()  # not below the config's folder

    (isolated / "repo" / "examples").mkdir()
    monkeypatch.chdir(isolated / "repo" / "examples")
    assert settings.ignored_codes_for("job.json") == ("SL201",)
    assert settings.ignored_codes_for("../job.json") == ()
