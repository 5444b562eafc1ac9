"""load_json: the tree, the lazily filled positions (1-based line/column, end inclusive), and errors."""

from __future__ import annotations

import json
import sys
from typing import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sparklint.load.json_load import load_json
from sparklint.span import Span
from sparklint.tree import Document, LoadError, Pairs, Ref, to_plain

START_JOB_RUN = """\
{
  "applicationId": "00fabc123def4567",
  "executionRoleArn": "arn:aws:iam::123456789012:role/EMRServerlessRole",
  "jobDriver": {
    "sparkSubmit": {
      "entryPoint": "s3://bucket/jobs/etl.py",
      "sparkSubmitParameters": "--conf spark.executor.memory=4g --conf spark.executor.instances=3"
    }
  },
  "configurationOverrides": {
    "applicationConfiguration": [
      {
        "classification": "spark-defaults",
        "properties": {
          "spark.dynamicAllocation.initialExecutors": "3",
          "spark.executor.cores": "4"
        }
      }
    ]
  }
}
"""


def entries(document: Document, container: Pairs | list) -> list[tuple[object, object]]:
    """(key span, value span) of every entry, as plain tuples: what a user would read as line/column."""
    return [
        (document.span_of(container, index, on_key=True) if isinstance(container, Pairs) else None,
         document.span_of(container, index))
        for index in range(len(container))
    ]


def test_start_job_run_positions() -> None:
    document = load_json("job.json", START_JOB_RUN)
    root = document.root
    assert isinstance(root, Pairs)
    assert entries(document, root) == [
        ((2, 3, 2, 17), (2, 20, 2, 37)),
        ((3, 3, 3, 20), (3, 23, 3, 72)),
        ((4, 3, 4, 13), (4, 16, 9, 3)),
        ((10, 3, 10, 26), (10, 29, 20, 3)),
    ]
    submit = root.get("jobDriver").get("sparkSubmit")
    assert entries(document, submit) == [
        ((6, 7, 6, 18), (6, 21, 6, 45)),
        ((7, 7, 7, 29), (7, 32, 7, 98)),
    ]
    overrides = root.get("configurationOverrides")
    configurations = overrides.get("applicationConfiguration")
    assert entries(document, overrides) == [((11, 5, 11, 30), (11, 33, 19, 5))]
    assert entries(document, configurations) == [(None, (12, 7, 18, 7))]
    assert entries(document, configurations[0]) == [
        ((13, 9, 13, 24), (13, 27, 13, 42)),
        ((14, 9, 14, 20), (14, 23, 17, 9)),
    ]
    assert entries(document, configurations[0].get("properties")) == [
        ((15, 11, 15, 52), (15, 55, 15, 57)),
        ((16, 11, 16, 32), (16, 35, 16, 37)),
    ]


def test_ref_inside_submit_parameters_points_at_the_conf() -> None:
    document = load_json("job.json", START_JOB_RUN)
    submit = document.root.get("jobDriver").get("sparkSubmit")
    parameters = submit.get("sparkSubmitParameters")
    start = parameters.index("spark.executor.memory=4g")
    ref = Ref(document, submit, 1).inside(start, start + len("spark.executor.memory=4g"))
    assert ref.span == (7, 40, 7, 63)


def test_positions_are_computed_lazily_and_once() -> None:
    document = load_json("job.json", START_JOB_RUN)
    assert document.spans == {}
    root = document.root
    assert document.span_of(root, 0) == (2, 20, 2, 37)
    filled = dict(document.spans)
    # Containers: root, jobDriver, sparkSubmit, configurationOverrides, the list, its object, properties.
    assert len(filled) == 7
    document.span_of(root, 1)
    assert document.spans == filled


def test_duplicate_keys_each_have_their_own_span() -> None:
    text = '{"spark.executor.memory": "4g",\n "spark.executor.memory": "8g"}'
    document = load_json("dup.json", text)
    root = document.root
    assert root.keys == ["spark.executor.memory", "spark.executor.memory"]
    assert root.get("spark.executor.memory") == "8g"
    assert entries(document, root) == [
        ((1, 2, 1, 24), (1, 27, 1, 30)),
        ((2, 2, 2, 24), (2, 27, 2, 30)),
    ]


def test_unicode_counts_code_points() -> None:
    # "é" and "😀" are one column each (Python str characters), wherever they are written raw.
    text = '{"név": "ünïcødé 😀", "n": 1}'
    document = load_json("u.json", text)
    assert entries(document, document.root) == [((1, 2, 1, 6), (1, 9, 1, 19)), ((1, 22, 1, 24), (1, 27, 1, 27))]


def test_escaped_strings_cover_their_raw_token() -> None:
    text = r'{"a\"b": "c\\d\u00e9\ud83d\ude00", "x\n": [true, null, -1.5e3]}'
    document = load_json("e.json", text)
    root = document.root
    assert root.keys == ['a"b', "x\n"]
    assert root.values[0] == "c\\dé😀"
    assert entries(document, root) == [((1, 2, 1, 7), (1, 10, 1, 33)), ((1, 36, 1, 40), (1, 43, 1, 62))]
    assert entries(document, root.values[1]) == [
        (None, (1, 44, 1, 47)),
        (None, (1, 50, 1, 53)),
        (None, (1, 56, 1, 61)),
    ]


def test_crlf_line_endings() -> None:
    text = '{\r\n  "a": "x",\r\n  "b": {\r\n    "c": 2\r\n  }\r\n}\r\n'
    document = load_json("crlf.json", text)
    root = document.root
    assert entries(document, root) == [((2, 3, 2, 5), (2, 8, 2, 10)), ((3, 3, 3, 5), (3, 8, 5, 3))]
    assert entries(document, root.get("b")) == [((4, 5, 4, 7), (4, 10, 4, 10))]


def test_nested_and_empty_arrays_are_distinct_containers() -> None:
    text = "[[1, [2, []]],\n [], {}, [[3]]]"
    document = load_json("a.json", text)
    root = document.root
    assert entries(document, root) == [
        (None, (1, 2, 1, 13)),
        (None, (2, 2, 2, 3)),
        (None, (2, 6, 2, 7)),
        (None, (2, 10, 2, 14)),
    ]
    assert entries(document, root[0]) == [(None, (1, 3, 1, 3)), (None, (1, 6, 1, 12))]
    assert entries(document, root[0][1]) == [(None, (1, 7, 1, 7)), (None, (1, 10, 1, 11))]
    assert entries(document, root[1]) == []
    assert entries(document, root[2]) == []
    assert entries(document, root[3][0]) == [(None, (2, 12, 2, 12))]
    assert id(root[1]) in document.spans and id(root[0][1][1]) in document.spans


def test_scalar_root_has_no_entries() -> None:
    document = load_json("s.json", '  "just a string"\n')
    assert document.root == "just a string"
    assert document.span_of([], 0) is None


def test_byte_order_mark_is_accepted_and_counted_as_a_column() -> None:
    document = load_json("bom.json", '\ufeff{"a": 1}')
    assert entries(document, document.root) == [((1, 3, 1, 5), (1, 8, 1, 8))]


@pytest.mark.parametrize(
    ("text", "message", "span"),
    [
        ("", "empty file", None),
        (" \n\t\r\n", "empty file", None),
        ("\ufeff\n", "empty file", None),
        ('{\n  "a": 1,\n}', "invalid JSON: ", (3, 1, 3, 1)),
        ('{"a": 1}\n{"b": 2}', "invalid JSON: ", (2, 1, 2, 1)),
        ('{\n  "a": "unterminated', "invalid JSON: ", (2, 8, 2, 8)),
        ('{"a": "tab\there"}', "invalid JSON: ", (1, 11, 1, 11)),
        ("{'a': 1}", "invalid JSON: ", (1, 2, 1, 2)),
        ("[1, 2", "invalid JSON: ", (1, 6, 1, 6)),
        ("[" * 100_000, "JSON nested too deeply", None),
    ],
)
def test_errors(text: str, message: str, span: tuple[int, int, int, int] | None) -> None:
    with pytest.raises(LoadError) as caught:
        load_json("bad.json", text)
    # The text after "invalid JSON: " is Python's json module's, which changes between releases.
    assert caught.value.message.startswith(message) if message.endswith(": ") else caught.value.message == message
    assert caught.value.span == span


@pytest.mark.skipif(not hasattr(sys, "get_int_max_str_digits"), reason="no integer digit limit before 3.11")
def test_integer_over_the_digit_limit_is_a_load_error() -> None:
    digits = "7" * (sys.get_int_max_str_digits() + 1)
    with pytest.raises(LoadError) as caught:
        load_json("big.json", '{\n  "n": ' + digits + "\n}")
    assert caught.value.message.startswith("invalid JSON: ")
    assert caught.value.span == (2, 8, 2, 8 + len(digits) - 1)


# --- property: every recorded span's text is the JSON of the value (or key) it belongs to ---------

keys = st.text(st.characters(blacklist_categories=()), max_size=8)
scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(
    st.characters(blacklist_categories=()), max_size=12
)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
                      max_leaves=25)


def span_text(lines: list[str], span: Span) -> str:
    if span.line == span.end_line:
        return lines[span.line - 1][span.column - 1 : span.end_column]
    middle = lines[span.line : span.end_line - 1]
    return "\n".join([lines[span.line - 1][span.column - 1 :], *middle, lines[span.end_line - 1][: span.end_column]])


def containers(value: object) -> Iterator[Pairs | list]:
    if isinstance(value, (Pairs, list)):
        yield value
        for item in value.values if isinstance(value, Pairs) else value:
            yield from containers(item)


@settings(max_examples=300, deadline=None)
@given(
    value=values,
    indent=st.sampled_from([None, 0, 1, 2, 4, "\t"]),
    separators=st.sampled_from([(",", ":"), (", ", ": "), (" , ", " : "), (",\n", ":\t")]),
    ensure_ascii=st.booleans(),
    crlf=st.booleans(),
)
def test_spans_round_trip(value: object, indent: object, separators: tuple[str, str], ensure_ascii: bool,
                          crlf: bool) -> None:
    text = json.dumps(value, indent=indent, separators=separators, ensure_ascii=ensure_ascii)
    if crlf:
        text = text.replace("\n", "\r\n")
    document = load_json("h.json", text)
    assert to_plain(document.root) == value
    lines = text.split("\n")
    seen = 0
    for container in containers(document.root):
        seen += 1
        recorded = document.entry_spans(container)
        assert len(recorded) == len(container)
        items = container.items() if isinstance(container, Pairs) else ((None, item) for item in container)
        for (key, item), (key_span, value_span) in zip(items, recorded):
            assert to_plain(json.loads(span_text(lines, value_span))) == to_plain(item)
            if key is None:
                assert key_span is None
            else:
                assert json.loads(span_text(lines, key_span)) == key
    assert seen == len(document.spans)
