"""Property test: all safe fixes applied to generated spark-defaults, JSON, YAML files and spark-submit strings
(EMR Serverless sparkSubmitParameters) leave a file that
loads as before and that Spark reads with the same effective settings (the same bytes for each size, a
renamed key's value under its replacement, the winner of a duplicate kept), and a second pass fixes nothing."""

from __future__ import annotations

import json
import re
from fractions import Fraction
from typing import Optional

from hypothesis import HealthCheck, given, settings, strategies as st

from sparklint.engine import Linter
from sparklint.fix.apply import fix_text
from sparklint.knowledge.catalog import catalog
from sparklint.knowledge.units import _BYTE_SUFFIXES, _IEC_SUFFIXES
from sparklint.load import load
from sparklint.registry import load_rules
from sparklint.settings import Settings
from sparklint.verdict import of_file

LINTER = Linter(load_rules())
SETTINGS = Settings()
KEYS = ["spark.executor.memory", "spark.driver.memory", "spark.yarn.executor.memoryOverhead",
        "spark.executor.memoryOverhead", "spark.sql.shuffle.partitions", "spark.kryoserializer.buffer.max",
        "spark.executr.cores", "spark.kryoserializer.buffer.mb"]
VALUES = ["1.5g", "4gib", "2 g", "512", "0.5g", "0.3k", "4g", "1536m", "2.25t", "10", "x", "1.5G", "0.5mib",
          "0.064", "2", "0.0005"]


def _lint(path: str):
    def lint(text: str):
        return LINTER.check(LINTER.read(path, text, SETTINGS))
    return lint


def _amount(value: str) -> Optional[Fraction]:
    """Bytes a size string stands for, fractions allowed (what the author meant), or None."""
    match = re.fullmatch(r"([0-9]+(?:\.[0-9]+)?)[ \t]*([a-z]+)", value.strip().lower())
    if match is None:
        return None
    multiplier = _BYTE_SUFFIXES.get(match.group(2)) or _IEC_SUFFIXES.get(match.group(2))
    return Fraction(match.group(1)) * multiplier if multiplier else None


def _meaning(path: str, text: str) -> dict[str, object]:
    """key -> what Spark reads for it: alternatives under their replacement (the key itself wins), sizes
    as bytes."""
    spark = catalog()
    result: dict[str, object] = {}
    renamed: dict[str, object] = {}
    for config in LINTER.read(path, text, SETTINGS).configs:
        for key, setting in config.winners().items():
            if setting.ref is None:
                continue
            amount = _amount(setting.value)
            value = amount if amount is not None else setting.value
            if key == "spark.kryoserializer.buffer.mb" and re.fullmatch(r"[0-9]+(\.[0-9]+)?", setting.value):
                # SparkConf's translation, s"${(s.toDouble * 1000).toInt}k", in bytes
                value = int(Fraction(setting.value) * 1000) * 1024
            deprecation = spark.deprecation(key, "3.5")
            if deprecation is not None and deprecation.alternative and deprecation.replacement:
                renamed.setdefault(deprecation.replacement, value)
            else:
                result[key] = value
    for key, value in renamed.items():
        result.setdefault(key, value)
    return result


def _properties(entries, separator: str, newline: str, last_newline: bool) -> str:
    lines = [f"{key}{separator}{value}" for key, value in entries]
    lines.insert(len(lines) // 2, "# a comment")
    return newline.join(lines) + (newline if last_newline else "")


def _json(entries, indent: Optional[int]) -> str:
    body = ", ".join(f"{json.dumps(key)}: {json.dumps(value)}" for key, value in entries)
    if indent is None:
        return '{"file": "s3://b/app.py", "conf": {' + body + "}}\n"
    pad = " " * indent
    inner = (",\n" + pad * 2).join(f"{json.dumps(key)}: {json.dumps(value)}" for key, value in entries)
    return '{\n' + pad + '"file": "s3://b/app.py",\n' + pad + '"conf": {\n' + pad * 2 + inner + "\n" + pad + "}\n}\n"


def _yaml(entries, quote: str) -> str:
    head = ("apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\nmetadata:\n  name: etl\nspec:\n"
            "  type: Python\n  mainApplicationFile: local:///app.py\n  sparkConf:\n")
    return head + "".join(f"    {key}: {quote}{value}{quote}  # c\n" for key, value in entries)


def _submit(entries, separator: str) -> str:
    parameters = " ".join(f"--conf{separator}{key}={value}" for key, value in entries if " " not in value)
    return ('{"applicationId": "00abc", "executionRoleArn": "arn:aws:iam::1:role/r", "jobDriver": {"sparkSubmit": '
            '{"entryPoint": "s3://b/main.py", "sparkSubmitParameters": ' + json.dumps(parameters) + "}}}\n")


ENTRIES = st.lists(st.tuples(st.sampled_from(KEYS), st.sampled_from(VALUES)), min_size=1, max_size=6)
FILES = st.one_of(
    st.builds(lambda e, s, n, l: ("spark-defaults.conf", _properties(e, s, n, l)), ENTRIES,
              st.sampled_from([" ", "=", ": ", "\t", "  =  "]), st.sampled_from(["\n", "\r\n"]), st.booleans()),
    st.builds(lambda e, i: ("livy.json", _json(e, i)), ENTRIES, st.sampled_from([None, 2, 4])),
    st.builds(lambda e, q: ("app.yaml", _yaml(e, q)), ENTRIES, st.sampled_from(["", "'", '"'])),
    st.builds(lambda e, s: ("job.json", _submit(e, s)), ENTRIES, st.sampled_from([" ", "  ", "="])),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(FILES)
def test_safe_fixes_keep_what_spark_reads(file):
    path, text = file
    syntax = of_file(path, text).syntax
    result = fix_text(path, text, syntax, _lint(path), unsafe=False)
    documents, errors = load(path, result.fixed, syntax)
    assert documents and not errors, "the fixed file still loads"
    assert _meaning(path, result.fixed) == _meaning(path, text)
    again = fix_text(path, result.fixed, syntax, _lint(path), unsafe=False)
    assert again.fixed == result.fixed and not again.applied, "a second pass fixes nothing"
    if result.applied:
        assert result.fixed != text
