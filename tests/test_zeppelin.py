"""Zeppelin's spark interpreter (`conf/interpreter.json`, `interpreter-setting.json`): its `spark.*`
properties are what spark-submit gets, at the line of each value; blank values are not passed;
Zeppelin's own keys are not Spark's; the master falls back to `master`, then to Zeppelin's `local[*]`."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from hostile import check_promises, outputs
from test_fuzz_hostile import EXAMPLES, HOSTILE_KEYS, KEYS, SECRET_KEYS, VALUES, secret_values, texts


def interpreter_json(properties: dict[str, object], group: str = "spark") -> str:
    entries = {key: {"name": key, "value": value, "type": "checkbox" if isinstance(value, bool) else "string"}
               for key, value in properties.items()}
    return json.dumps({"interpreterSettings": {
        "spark": {"id": "spark", "name": "spark", "group": group, "properties": entries, "status": "READY",
                  "interpreterGroup": [{"name": "spark", "class": f"org.apache.zeppelin.{group}.SparkInterpreter"}]},
        "md": {"id": "md", "name": "md", "group": "md", "properties": {
            "markdown.parser.type": {"name": "markdown.parser.type", "value": "flexmark", "type": "string"}}}},
        "interpreterRepositories": []}, indent=2)


ZEPPELIN_OWN = {"zeppelin.spark.maxResult": "1000", "zeppelin.spark.useHiveContext": True, "args": "",
                "zeppelin.pyspark.python": "python", "spark.webui.yarn.useProxy": False, "SPARK_HOME": "/opt/spark",
                "spark.executor.memory": "", "spark.cores.max": ""}


def line_of(text: str, needle: str) -> int:
    return text[:text.index(needle)].count("\n") + 1


def test_spark_properties_are_read_at_their_value_lines(lint):
    text = interpreter_json({**ZEPPELIN_OWN, "spark.master": "yarn", "spark.submit.deployMode": "client",
                             "spark.executor.instances": "2", "spark.dynamicAllocation.enabled": "true",
                             "spark.dynamicAllocation.initialExecutors": "4", "spark.executor.memmory": "4g"})
    run = lint({"conf/interpreter.json": text})
    found = sorted((rule, line) for rule, line, _ in run.rules())
    assert found == [("SL003", line_of(text, '"value": "4g"')), ("SL201", line_of(text, '"value": "2"'))]
    assert run.code == 1


def test_zeppelin_keys_and_blank_values_are_not_spark_settings(lint):
    run = lint({"interpreter.json": interpreter_json({**ZEPPELIN_OWN, "spark.master": "local[4]"})})
    assert (run.code, run.findings) == (0, [])  # no SL003/SL004 on zeppelin.*, no SL006 on the blank memory


def test_the_old_master_property_is_the_master(lint):
    text = interpreter_json({**ZEPPELIN_OWN, "master": "local[*]"})
    run = lint({"interpreter.json": text}, "explain", "--format", "json")
    (config,) = run.findings["configs"]
    assert config["platform"] == "local" and config["name"] == "spark"
    master = next(item for item in config["settings"] if item["key"] == "spark.master")
    assert f"interpreter.json:{line_of(text, chr(34) + 'local[*]' + chr(34))}" in master["source"]


def test_without_a_master_zeppelin_starts_spark_locally(lint):
    run = lint({"interpreter.json": interpreter_json({"spark.executor.instances": "3"})}, "explain", "--format", "text")
    assert run.code == 0
    assert "session 'spark', platform local" in run.out
    assert "Zeppelin's default master" in run.out and "no executor" in run.out


def test_interpreter_setting_json_reads_default_values(lint):
    setting = [{"group": "spark", "name": "spark", "className": "org.apache.zeppelin.spark.SparkInterpreter",
                "properties": {
                    "spark.master": {"envName": "SPARK_MASTER", "propertyName": "spark.master",
                                     "defaultValue": "local[*]", "type": "string"},
                    "spark.driver.memory": {"envName": "", "propertyName": "spark.driver.memory",
                                            "defaultValue": "200m", "type": "string"},
                    "zeppelin.spark.maxResult": {"envName": None, "propertyName": "zeppelin.spark.maxResult",
                                                 "defaultValue": "1000", "type": "number"}}}]
    text = json.dumps(setting, indent=2)
    run = lint({"interpreter-setting.json": text})
    assert [(rule, line) for rule, line, _ in run.rules()] == [("SL101", line_of(text, '"200m"'))]


def test_the_older_flat_property_map(lint):
    text = json.dumps({"interpreterSettings": {"2A94M5J1Z": {
        "id": "2A94M5J1Z", "name": "spark", "group": "spark",
        "properties": {"spark.executor.memory": "", "master": "yarn-client", "spark.cores.max": "",
                       "zeppelin.spark.maxResult": "1000", "spark.executor.cores": "0"}}}}, indent=2)
    run = lint({"interpreter.json": text})
    assert [(rule, line) for rule, line, _ in run.rules()] == [("SL006", line_of(text, '"0"'))]


def test_a_credential_in_the_interpreter_environment_is_reported_and_masked(lint):
    text = interpreter_json({"spark.master": "yarn", "spark.submit.deployMode": "client",
                             "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI-K7MDENG-bPxRfiCY"})
    run = lint({"interpreter.json": text}, "--format", "text")
    assert "SL601" in run.out and "wJalrXUtnFEMI" not in run.out


def test_an_interpreter_json_without_a_spark_interpreter_is_quiet(lint):
    text = interpreter_json({"livy.spark.executor.memory": "1g", "zeppelin.livy.url": "http://livy:8998"},
                            group="livy")
    run = lint({"interpreter.json": text})
    assert (run.code, run.findings) == (0, [])


@st.composite
def interpreters(draw) -> tuple[str, str, list[str]]:
    properties: dict[str, object] = {}
    secrets = []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["plain", "secret", "hostile", "random", "zeppelin"]))
        if kind == "secret":
            value = draw(secret_values)
            properties[draw(st.sampled_from(SECRET_KEYS))] = value
            secrets.append(value)
            continue
        key = {"plain": lambda: draw(st.sampled_from(KEYS)), "hostile": lambda: draw(st.sampled_from(HOSTILE_KEYS)),
               "random": lambda: "spark." + draw(texts),
               "zeppelin": lambda: draw(st.sampled_from(["master", "zeppelin.spark.maxResult", "SPARK_HOME", "args"]))}[kind]()
        properties[key] = draw(st.sampled_from(VALUES) | texts | st.booleans() | st.none() | st.integers())
    shape = draw(st.sampled_from(["entries", "flat", "setting"]))
    if shape == "entries":
        text = interpreter_json(properties)
    elif shape == "flat":
        text = json.dumps({"interpreterSettings": {"s": {"group": "spark", "properties": properties}}})
    else:
        text = json.dumps([{"group": "spark", "properties": {key: {"propertyName": key, "defaultValue": value}
                                                            for key, value in properties.items()}}])
    if draw(st.booleans()):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(["{", '"', "]", ",", "null"])) + text[at:]
    return ("interpreter-setting.json" if shape == "setting" else "interpreter.json"), text, \
        [secret for secret in secrets if secret in text]


def test_a_value_named_as_a_secret_by_property_name_is_masked(tmp_path):
    # The map key is what Zeppelin passes (here cut by a stray brace); `propertyName` still says what the
    # value is: a password, never shown by lint or explain in any format.
    text = json.dumps([{"group": "spark", "properties": {
        "spark.ssl.keyPas{sword": {"propertyName": "spark.ssl.keyPassword", "defaultValue": "Zq12345678-SECRET"},
        "spark.executor.memory": {"propertyName": "spark.executor.memory", "defaultValue": "2g"}}}])
    (tmp_path / "interpreter-setting.json").write_text(text, encoding="utf-8")
    check_promises(outputs(tmp_path), ["Zq12345678-SECRET"])


@settings(max_examples=max(50, EXAMPLES // 3), deadline=None, suppress_health_check=list(HealthCheck))
@given(interpreters())
def test_hostile_interpreter_files_keep_every_promise(case):
    name, text, secrets = case
    root = Path(tempfile.mkdtemp(prefix="sparklint-zeppelin-"))
    try:
        (root / name).write_text(text, encoding="utf-8", errors="surrogatepass")
        check_promises(outputs(root), secrets)
    finally:
        shutil.rmtree(root, ignore_errors=True)
