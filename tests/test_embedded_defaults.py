"""A spark-defaults.conf embedded in YAML (a Kubernetes ConfigMap's `data`, Helm chart values such as
Kyuubi's `sparkConf.files`): read with the spark-defaults reader, every finding at the line and column of
the embedded line in the YAML file; templates stay unread."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st

from conftest import SHARED
from hostile import check_promises, outputs
from test_fuzz_hostile import EXAMPLES, HOSTILE_KEYS, KEYS, SECRET_KEYS, VALUES, secret_values, texts

CONFIG_MAP = """\
apiVersion: v1
kind: ConfigMap
metadata:
  name: spark-config
data:
  log4j2.properties: |
    rootLogger.level = info
  spark-defaults.conf: |
    # sizing
    spark.executor.instances          2
    spark.dynamicAllocation.enabled   true
    spark.dynamicAllocation.initialExecutors 4
    spark.executor.memmory=4g
"""


def test_a_config_map_block_is_read_with_positions_in_the_yaml_file(lint):
    run = lint({"k8s/spark-config.yaml": CONFIG_MAP})
    # SL201 on the value "2" of line 10 (block indentation 4 + "spark.executor.instances" + blanks);
    # SL003 on the misspelt key of line 13, column 5 (the first character after the indentation).
    assert sorted(run.rules()) == [("SL003", 13, 5), ("SL201", 10, 39)]
    assert run.code == 1
    assert "k8s/spark-config.yaml:11 (data.spark-defaults.conf)" in " ".join(f["message"] for f in run.findings)


def test_a_good_block_is_quiet_and_the_other_files_of_the_config_map_are_not_read(lint):
    good = CONFIG_MAP.replace("spark.executor.memmory", "spark.executor.memory").replace(
        "spark.dynamicAllocation.enabled   true", "spark.dynamicAllocation.enabled   false").replace(
        "    spark.dynamicAllocation.initialExecutors 4\n", "")
    run = lint({"spark-config.yaml": good})
    assert (run.code, run.findings) == (0, [])


def test_explain_shows_the_embedded_settings_at_their_yaml_lines(lint):
    run = lint({"spark-config.yaml": CONFIG_MAP}, "explain", "--format", "text")
    assert run.code == 0
    assert "defaults 'data.spark-defaults.conf'" in run.out
    assert "spark-config.yaml:10 (data.spark-defaults.conf)" in run.out  # spark.executor.instances 2


@pytest.mark.skipif(not (SHARED / "corpus2").is_dir() and os.environ.get("CI") != "true",
                    reason="the shared corpus is not there")
def test_kyuubi_chart_values_in_the_corpus_are_read_and_quiet(lint):
    text = (SHARED / "corpus2" / "023-helm-values-kyuubi.yaml").read_text(encoding="utf-8")
    run = lint({"values.yaml": text}, "explain", "--format", "json")
    (config,) = run.findings["configs"] if isinstance(run.findings, dict) else run.findings
    assert config["name"] == "sparkConf.files.spark-defaults.conf"
    assert config["kind"] == "defaults"
    # NOTES: nothing firm on its Spark side (the Hadoop 3.4.2 jars on Spark 3.5.2 are "unsure").
    assert lint({"values.yaml": text}).findings == []


def test_chart_values_with_a_wrong_setting_point_into_the_values_file(lint):
    values = ("sparkConf:\n  dir: /opt/spark/conf\n  files:\n    'spark-defaults.conf': |\n"
              "      spark.submit.deployMode=cluster\n      spark-master=k8s://https://kubernetes.default.svc\n")
    run = lint({"values.yaml": values})
    assert run.rules() == [("SL004", 6, 7)]


def test_a_continuation_line_and_a_stripped_block_keep_their_positions(lint):
    text = ("data:\n  spark-defaults.conf: |-\n    spark.driver.extraJavaOptions -Dx=1 \\\n"
            "        -Dy=2\n    spark.executor.cores  0\n")
    run = lint({"cm.yaml": text})
    assert [(rule, line) for rule, line, _ in run.rules()] == [("SL006", 5)]
    assert run.rules()[0][2] == 27


def test_a_quoted_value_points_at_the_whole_value_and_a_folded_one_is_not_read(lint):
    quoted = 'data:\n  spark-defaults.conf: "spark.executor.cores 0\\nspark.task.cpus 1\\n"\n'
    run = lint({"cm.yaml": quoted})
    assert run.rules() == [("SL006", 2, 24)]
    # `>` joins the lines: Spark would get one property, spark.executor.cores = "0 spark.task.cpus 1".
    folded = "data:\n  spark-defaults.conf: >\n    spark.executor.cores 0\n    spark.task.cpus 1\n"
    assert lint({"folded.yaml": folded}, paths=("folded.yaml",)).findings == []


def test_helm_templates_and_templated_blocks_are_not_read(lint):
    templated = ("data:\n  spark-defaults.conf: |\n    {{- range $k, $v := .Values.sparkConf }}\n"
                 "    {{ $k }} {{ $v }}\n    {{- end }}\n    spark.executor.cores 0\n")
    in_chart = CONFIG_MAP.replace("name: spark-config", 'name: "{{ .Release.Name }}-spark"')
    run = lint({"cm.yaml": templated, "chart/templates/configmap.yaml": in_chart}, "--verbose")
    assert (run.code, run.findings) == (0, [])


def test_a_templated_value_inside_a_line_is_read_and_never_judged(lint):
    text = ("data:\n  spark-defaults.conf: |\n    spark.executor.cores {{ .Values.cores }}\n"
            "    spark.hadoop.fs.s3a.secret.key {{ s3_secret | default(lake_secret) }}\n"
            "    spark.executor.memory 512k\n")
    run = lint({"cm.yaml": text})
    assert [rule for rule, _, _ in run.rules()] == ["SL101"]  # only the literal 512k heap


def test_a_yaml_file_that_only_mentions_spark_defaults_is_not_read(lint):
    text = "name: x\nsparkConfMap:\n  name: spark-properties\n  key: spark-defaults.conf\n"
    run = lint({"values.yaml": text}, "--verbose")
    assert run.code == 0 and "not a Spark configuration we recognise" in run.err


def test_a_secret_in_the_block_is_reported_and_masked(lint):
    text = "data:\n  spark-defaults.conf: |\n    spark.hadoop.fs.s3a.secret.key wJalrXUtnFEMI-K7MDENG-bPxRfiCY\n"
    run = lint({"cm.yaml": text}, "--format", "text")
    assert "SL601" in run.out and "cm.yaml:3:36" in run.out and "wJalrXUtnFEMI" not in run.out


@st.composite
def config_maps(draw) -> tuple[str, list[str]]:
    lines, secrets = [], []
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["plain", "secret", "hostile", "random"]))
        if kind == "secret":
            value = draw(secret_values)
            lines.append(f"{draw(st.sampled_from(SECRET_KEYS))} {value}")
            secrets.append(value)
            continue
        key = {"plain": lambda: draw(st.sampled_from(KEYS)), "hostile": lambda: draw(st.sampled_from(HOSTILE_KEYS)),
               "random": lambda: "spark." + draw(texts)}[kind]()
        lines.append(f"{key.replace(chr(10), '')}{draw(st.sampled_from(['=', ' ', ': ']))}"
                     f"{draw(st.sampled_from(VALUES) | texts)}")
    style = draw(st.sampled_from(["|", "|-", "|+", "|2", ">"]))
    body = "\n".join(lines).replace("\n", "\n    ")
    text = f"apiVersion: v1\nkind: ConfigMap\ndata:\n  spark-defaults.conf: {style}\n    {body}\n"
    if draw(st.booleans()):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(["\t", "{{", "'", "\\", ":", "\n  "])) + text[at:]
    return text, [secret for secret in secrets if secret in text]


@settings(max_examples=max(50, EXAMPLES // 3), deadline=None, suppress_health_check=list(HealthCheck))
@given(config_maps())
@example(("apiVersion: v1\nkind: ConfigMap\ndata:\n  spark-defaults.conf: >\n    spark.executor.memory=NaN\n"
          "    {{spark.ssl.keyPassword Zq00000000-SECRET\n    spark.executor.memory=NaN\n", ["Zq00000000-SECRET"]))
@example(("apiVersion: v1\nkind: ConfigMap\ndata:\n  spark-defaults.conf: |\n    spark.executor.memory 2g\n"
          "    spark.ssl.keyP{{assword Zq00000000-SECRET\n", ["Zq00000000-SECRET"]))
def test_hostile_config_maps_keep_every_promise(case):
    text, secrets = case
    root = Path(tempfile.mkdtemp(prefix="sparklint-embedded-"))
    try:
        (root / "configmap.yaml").write_text(text, encoding="utf-8", errors="surrogatepass")
        check_promises(outputs(root), secrets)
    finally:
        shutil.rmtree(root, ignore_errors=True)
