"""Fuzzed Python for the DAG and PySpark readers: never a traceback, never a hang, whatever the text."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings, strategies as st

from sparklint.dialects import recognise
from sparklint.load.python_ast import load_python

# Pieces of real DAGs and PySpark code, shuffled into mostly-broken programs.
_PIECES = [
    "SparkSubmitOperator(", "SparkSession.builder", ".config(", ".master(", "SparkConf()", ".set(", ".setAll(",
    "conf=", "**", "CONF", " = ", "{", "}", "[", "]", "(", ")", ",", ":", "'spark.executor.memory'", "'4g'",
    "\"{{ ds }}\"", "f'{x}'", "Variable.get('x')", "\n", "    ", "task_id='t'", "master='local'", "1", "True",
    "None", "dict(", "k=", "conf.set(", ".partial(", ".expand(", "from airflow.x import SparkSubmitOperator\n",
    "class SparkSubmitOperator:\n", "'''", "\\", "#", "é", "lambda: ", "del CONF['k']\n", ".update(",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pieces=st.lists(st.sampled_from(_PIECES), max_size=60))
def test_python_readers_never_raise(pieces):
    text = "".join(pieces) + "\nSparkSession SparkConf"
    started = time.perf_counter()
    documents, errors = load_python("fuzz.py", text)
    for document in documents:
        for config in recognise(document):
            for setting in config.settings + config.dropped:
                assert setting.span is None or setting.span.line >= 1
    assert time.perf_counter() - started < 2.0
    assert all(not error.certain for error in errors)  # a Python syntax error is never SL001


def test_deeply_nested_literals_do_not_crash():
    text = "SparkSubmitOperator(task_id='t', conf=" + "[" * 500 + "]" * 500 + ")\n"
    documents, errors = load_python("deep.py", text)
    assert errors and not errors[0].certain  # too deep for the parser: a note
    text = "x = SparkConf()" + ".set('spark.a', '1')" * 3000 + "\n"
    documents, errors = load_python("long.py", text)
    assert errors == [] or not errors[0].certain


def test_names_that_refer_to_themselves_or_multiply_do_not_hang():
    started = time.perf_counter()
    texts = [
        "A = [A, A]\nSparkSubmitOperator(task_id='t', conf={'spark.x': A})\n",
        "L0 = ['a']\n" + "".join(f"L{i} = [L{i - 1}, L{i - 1}]\n" for i in range(1, 40))
        + "SparkSubmitOperator(task_id='t', application_args=L39)\n",
        "X0 = {'spark.a': '1'}\n" + "".join(f"X{i} = {{**X{i - 1}, **X{i - 1}, **X{i - 1}}}\n" for i in range(1, 40))
        + "SparkSubmitOperator(task_id='t', conf=X39)\n",
        "b = SparkSession.builder\n" + "b.config(conf=b).config('spark.a', '1')\n" * 8,
        "x = y" + ".f()" * 5000 + "\nSparkConf\n",
    ]
    for text in texts:
        documents, errors = load_python("bomb.py", text)
        for document in documents:
            recognise(document)
        assert all(not error.certain for error in errors)
    assert time.perf_counter() - started < 10.0


def test_a_builder_that_reads_its_own_conf_does_not_repeat_settings():
    text = "b = SparkSession.builder\n" + "b.config(conf=b).config('spark.a', '1')\n" * 3
    documents, _ = load_python("self.py", text)
    (config,) = [config for document in documents for config in recognise(document)]
    assert [setting.span.line for setting in config.settings if setting.key == "spark.a"] == [2, 3, 4]
