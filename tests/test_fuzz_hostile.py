"""A bounded hypothesis fuzzer over the loaders, the engine, every reporter and `explain` (issue 16).

Each example writes one file in one of the shapes sparklint reads, from settings drawn out of hostile
pools (keys with line breaks, ANSI and OSC sequences, lone surrogates; values NaN, Infinity, 10^400,
past Python's 4,300-digit limit, beyond a long), with secrets under secret keys written every way
spark-submit and the formats allow, sometimes cut short or with a stray character (parse errors). It
is linted in every format, with --verbose, and explained in every format (`hostile.outputs`), and
`hostile.check_promises` holds: exit 0/1/2, no traceback or crashed rule, no secret, no raw control
character or line break from the file, no forged workflow command.

Kept small for the normal suite (300 examples, 10-30 s on this shared machine); `SPARKLINT_FUZZ_EXAMPLES=2000` runs longer.
The inputs that broke sparklint before are kept as `@example`s.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, assume, example, given, settings, strategies as st

from hostile import UNSAFE, check_promises, outputs
from sparklint.masking import Masker, printable

EXAMPLES = int(os.environ.get("SPARKLINT_FUZZ_EXAMPLES", "300"))

KEYS = ["spark.executor.memory", "spark.driver.memory", "spark.executor.cores", "spark.executor.instances",
        "spark.memory.fraction", "spark.memory.storageFraction", "spark.executor.memoryOverhead",
        "spark.executor.memoryOverheadFactor", "spark.driver.maxResultSize", "spark.network.timeout",
        "spark.executor.heartbeatInterval", "spark.task.cpus", "spark.dynamicAllocation.enabled",
        "spark.dynamicAllocation.minExecutors", "spark.dynamicAllocation.maxExecutors",
        "spark.dynamicAllocation.initialExecutors", "spark.emr-serverless.executor.disk",
        "spark.memory.offHeap.size", "spark.memory.offHeap.enabled", "spark.master", "spark.executor.extraJavaOptions"]
SECRET_KEYS = ["spark.ssl.keyPassword", "spark.ssl.trustStorePassword", "spark.authenticate.secret",
               "spark.hadoop.fs.s3a.secret.key", "spark.hadoop.fs.s3a.access.key", "spark.ssl.keyStorePassword",
               "spark.hadoop.fs.azure.account.key.acct.dfs.core.windows.net"]
HOSTILE_KEYS = ["spark.authenticate.secret\n::error file=README.md,line=1::injected\n",
                "spark.exec\u001b[1A\u001b[2Kutor.memory", "spark.x\u001b]52;c;aGVsbG8=\u0007.password",
                "spark.\ud800executor.memory", "spark.executor.memory\u009b", "spark.app.name\u202e",
                "spark.\u2028x", "spark.hadoop.fs.s3a.secret.key.wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY",
                "spark.executor.memory\r::warning::x", "::error::spark.x"]
DIGITS = "9" * 4400
VALUES = ["NaN", "Infinity", "-Infinity", "1e400", "1e308", "-1", "0", "2g", "4096", "1.5g", DIGITS, "1" + "0" * 400 + "g",
          "9223372036854775807", "9223372036854775808", "9223372036854775807p", "2147483648", "true", "nan",
          "\u001b[2J", "x\ny", "\ud800", "-Xmx1e400g -Djavax.net.ssl.keyStorePassword=Zq00000000-SECRET", ""]
FORMATS = ["properties", "json", "yaml", "submit", "terraform-glue", "terraform-step", "notebook", "livy", "python"]

texts = st.text(st.characters(blacklist_categories=("Cs",)) | st.sampled_from(["\ud800", "\u001b", "\n", "\r"]),
                max_size=12)
secret_values = st.from_regex(r"Zq[0-9a-f]{8}-SECRET", fullmatch=True)


@st.composite
def configs(draw) -> tuple[str, str, list[str]]:
    """(file name, text, the secrets it holds)."""
    entries: list[tuple[str, str]] = []
    secrets: list[tuple[str, str]] = []
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["plain", "plain", "secret", "hostile", "random"]))
        if kind == "secret":
            value = draw(secret_values)
            entries.append((draw(st.sampled_from(SECRET_KEYS)), value))
            secrets.append(entries[-1])
            continue
        key = {"plain": lambda: draw(st.sampled_from(KEYS)), "hostile": lambda: draw(st.sampled_from(HOSTILE_KEYS)),
               "random": lambda: "spark." + draw(texts)}[kind]()
        entries.append((key, draw(st.sampled_from(VALUES) | texts)))
    secrets += [("keyStorePassword", "Zq00000000-SECRET") for _, value in entries if "Zq00000000-SECRET" in value]
    shape = draw(st.sampled_from(FORMATS))
    name, text = render(shape, entries, draw(st.sampled_from(["=", ":", " "])))
    cut = draw(st.sampled_from(["none", "none", "truncate", "junk"]))
    if cut == "truncate" and text:
        text = text[:draw(st.integers(0, len(text) - 1))]
    elif cut == "junk":
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(["{", '"', "'", "*", "&x", "\\", "]", "}", "\r", ":"])) + text[at:]
    # A secret is still one when its key is still written before it (a stray character may have broken
    # the key: "spark.ssl.keyP{assword" holds no secret).
    return name, text, [value for key, value in secrets
                        if re.search(re.escape(key) + r"[^\n]{0,8}?" + re.escape(value), text)]


def render(shape: str, entries: list[tuple[str, str]], separator: str) -> tuple[str, str]:
    if shape == "properties":
        return "spark-defaults.conf", "".join(f"{key.replace(chr(10), '')} {value}\n" for key, value in entries)
    if shape == "json":
        return "conf.json", json.dumps(dict(entries))
    if shape == "yaml":
        return "spark.yaml", "".join(f"{json.dumps(key)}: {json.dumps(value)}\n" for key, value in entries)
    submit = " ".join(_conf(key, value, separator) for key, value in entries)
    if shape == "submit":
        return "job.json", json.dumps({"applicationId": "a", "jobDriver": {"sparkSubmit": {
            "entryPoint": "s3://b/m.py", "sparkSubmitParameters": submit}}})
    if shape == "terraform-glue":  # Glue's --conf value chains settings: "k=v --conf k2=v2"
        glue = " --conf ".join(f"{key}{separator}{value}" for key, value in entries)
        return "glue.tf", ('resource "aws_glue_job" "j" {\n  command {\n    name = "glueetl"\n  }\n'
                           f'  default_arguments = {{\n    "--conf" = {_hcl(glue)}\n  }}\n}}\n')
    if shape == "terraform-step":
        arguments = ", ".join(_hcl(part) for key, value in entries for part in ("--conf", f"{key}{separator}{value}"))
        return "main.tf", ('resource "aws_emr_cluster" "c" {\n  name = "c"\n  step {\n    name = "s"\n'
                           '    hadoop_jar_step {\n      jar = "command-runner.jar"\n'
                           f'      args = ["spark-submit", {arguments}, "s3://b/job.py"]\n    }}\n  }}\n}}\n')
    if shape == "notebook":
        cell = "%%configure -f\n" + json.dumps({"conf": dict(entries)})
        return "nb.ipynb", json.dumps({"cells": [{"cell_type": "code", "source": cell.splitlines(True), "metadata": {},
                                                  "outputs": [], "execution_count": None}],
                                       "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    if shape == "python":  # an Airflow DAG and a SparkSession builder, read with ast
        builder = "".join(f"    .config({key!r}, {value!r})\n" for key, value in entries)
        return "dag.py", ("from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator\n"
                          "from pyspark.sql import SparkSession\n"
                          f"t = SparkSubmitOperator(task_id='t', application='a.py', conf={dict(entries)!r},\n"
                          f"    executor_memory={entries[0][1]!r})\n"
                          f"spark = (SparkSession.builder\n{builder}    .getOrCreate())\n")
    return "livy.json", json.dumps({"kind": "pyspark", "numExecutors": 2, "conf": dict(entries)})


def _conf(key: str, value: str, separator: str) -> str:
    setting = f"{key}{separator}{value}"
    return f'--conf "{setting}"' if separator == " " else f"--conf {setting}"


def _hcl(text: str) -> str:
    return json.dumps(text).replace("${", "$${").replace("%{", "%%{")


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(configs())
@example(("conf.json", json.dumps({"spark.\ud800executor.memory": "2g"}), []))
@example(("conf.json", json.dumps({"spark.authenticate.secret\n::error file=README.md,line=1::injected\n": "x"}), []))
@example(("conf.json", json.dumps({"spark.exec\u001b[1A\u001b[2Kutor.memory": "2g",
                                   "spark.x\u001b]52;c;aGVsbG8=\u0007.password": "abc"}), []))
@example(("job.json", json.dumps({"jobDriver": {"sparkSubmit": {"entryPoint": "s3://b/m.py",
          "sparkSubmitParameters": "--conf spark.ssl.keyPassword:Pw-SECRET"}}}), ["Pw-SECRET"]))
@example(("job.json", json.dumps({"jobDriver": {"sparkSubmit": {"entryPoint": "s3://b/m.py",
          "sparkSubmitParameters": '--conf "spark.ssl.trustStorePassword Pw-SECRET"'}}}), ["Pw-SECRET"]))
@example(("spark.yaml", "spark.ssl.keyPassword: *Pw-SECRET\n", ["Pw-SECRET"]))
@example(("conf.json", json.dumps({"spark.hadoop.fs.s3a.secret.key.wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY": "x"}),
          ["wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY"]))
@example(("main.tf", 'resource "aws_emrserverless_application" "a" {\n  maximum_capacity {\n    cpu = ' + DIGITS + "\n  }\n}\n", []))
@example(("spark.yaml", f"spark.executor.instances: {DIGITS}\n", []))
@example(("spark-defaults.conf", "spark.memory.fraction NaN\nspark.executor.memory 1" + "0" * 400 + "g\n", []))
@example(("spark-defaults.conf", "spark.memory.fraction Infinity\nspark.executor.memoryOverheadFactor 1e308\n", []))
@example(("job.json", json.dumps({"applicationId": "a", "jobDriver": {"sparkSubmit": {"entryPoint": "s3://b/m.py",
          "sparkSubmitParameters": "--conf spark.emr-serverless.driver.disk=-2147483649 --conf spark.executor.memory=-Infinity"}}}), []))
@example(("main.tf", 'resource "aws_emr_cluster" "c" {\n  step {\n    hadoop_jar_step {\n      jar = "command-runner.jar"\n'
                     '      args = ["spark-submit", "--conf", "{spark.ssl.keyPassword Zq00000001-SECRET", "s3://b/j.py"]\n'
                     '    }\n  }\n}\n', ["Zq00000001-SECRET"]))
@example(("dag.py", "from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator\n"
                    "from pyspark.sql import SparkSession\n"
                    "t = SparkSubmitOperator(task_id='t', application='a.py', executor_memory='Zq00000000-SECRET')\n"
                    "spark = SparkSession.builder.config('spark.ssl.keyPassword', 'Zq00000000-SECRET').getOrCreate()\n",
          ["Zq00000000-SECRET"]))
def test_hostile_files_keep_every_promise(case):
    name, text, secrets = case
    root = Path(tempfile.mkdtemp(prefix="sparklint-fuzz-"))
    try:
        (root / name).write_text(text, encoding="utf-8", errors="surrogatepass")
        if name == "job.json":  # an application beside the job: capacity arithmetic too
            (root / "application.json").write_text(json.dumps({"name": "a", "type": "SPARK", "releaseLabel": "emr-7.0.0",
                                                                "maximumCapacity": {"cpu": "4 vCPU", "memory": "1 GB",
                                                                                    "disk": "20 GB"}}))
        check_promises(outputs(root), secrets)
    finally:
        shutil.rmtree(root, ignore_errors=True)


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.text(st.characters() | st.sampled_from(["\ud800", "\u001b", "\u009b", "\u2028", "\n", "\r"])))
def test_printable_leaves_nothing_a_terminal_acts_on(text):
    shown = printable(text)
    assert UNSAFE.search(shown) is None
    assert printable(shown) == shown  # escaping twice (reporters after the engine) changes nothing
    shown.encode("utf-8")  # writable


@settings(max_examples=EXAMPLES, deadline=None)
@given(key=st.sampled_from(SECRET_KEYS), value=secret_values, separator=st.sampled_from(["=", ":", " ", ": ", " = "]),
       wrap=st.sampled_from(["{}", '"{}"', "'{}'", "--conf {}", '--conf "{}"', "[{}]"]))
def test_a_secret_written_any_way_is_masked_in_any_message_quoting_it(key, value, separator, wrap):
    # Blanks separate a key from its value only where a format says so (a properties line, a --conf
    # argument, a quoted "k v" string); "[k v]" is not such a place.
    assume(not (separator == " " and wrap == "[{}]"))
    written = wrap.format(f"{key}{separator}{value}")
    masker = Masker.of(f"x: 1\n{written}\n")
    for message in (written, f"refused {written} (no '=')", f"alias *{value}", value):
        assert value not in masker.show(message)
