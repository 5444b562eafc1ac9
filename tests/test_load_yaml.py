"""YAML loading: typed scalars, duplicate and merge keys, and the span of every entry."""

from __future__ import annotations

import math
import time
from typing import Optional

import pytest
import yaml
from hypothesis import given, settings, strategies as st

import sparklint.load.yaml_load as yaml_load
from sparklint.load.yaml_load import load_yaml
from sparklint.span import Span
from sparklint.tree import Document, LoadError, Pairs, Value, to_plain

SPARK_APPLICATION = """\
apiVersion: "sparkoperator.k8s.io/v1beta2"
kind: SparkApplication
metadata:
  name: pyspark-pi   # a comment
spec:
  type: Python
  mode: cluster
  image: 'spark:3.5.0'
  sparkConf:
    "spark.executor.memoryOverhead": "1g"
    spark.dynamicAllocation.enabled: "true"
    spark.sql.shuffle.partitions: 200
  driver:
    cores: 1
    memory: "512m"
  executor:
    cores: 2
    instances: 3
    memory: 4g
    labels:
      version: 3.5.0
  arguments:
    - --verbose
    - "10"
"""


def only(text: str) -> Document:
    (document,) = load_yaml("app.yaml", text)
    return document


def at(document: Document, *path: object) -> tuple[Pairs | list, int]:
    """The container holding the entry at `path` (keys and list indexes), and the entry's index."""
    container: Value = document.root
    for step in path[:-1]:
        container = container.get(step) if isinstance(container, Pairs) else container[step]  # type: ignore
    last = path[-1]
    index = container.index(last) if isinstance(container, Pairs) else last  # type: ignore[union-attr]
    return container, index  # type: ignore[return-value]


def spans(document: Document, *path: object) -> tuple[Optional[Span], Span]:
    container, index = at(document, *path)
    return document.spans[id(container)][index]


# (path, key span, value span) in SPARK_APPLICATION: 1-based, end column inclusive, quotes included.
SPARK_APPLICATION_SPANS = [
    (("apiVersion",), (1, 1, 1, 10), (1, 13, 1, 42)),
    (("metadata", "name"), (4, 3, 4, 6), (4, 9, 4, 18)),  # the comment is not part of the value
    (("spec", "image"), (8, 3, 8, 7), (8, 10, 8, 22)),
    (("spec", "sparkConf", "spark.executor.memoryOverhead"), (10, 5, 10, 35), (10, 38, 10, 41)),
    (("spec", "sparkConf", "spark.dynamicAllocation.enabled"), (11, 5, 11, 35), (11, 38, 11, 43)),
    (("spec", "sparkConf", "spark.sql.shuffle.partitions"), (12, 5, 12, 32), (12, 35, 12, 37)),
    (("spec", "driver", "memory"), (15, 5, 15, 10), (15, 13, 15, 18)),
    (("spec", "executor", "instances"), (18, 5, 18, 13), (18, 16, 18, 16)),
    (("spec", "executor", "memory"), (19, 5, 19, 10), (19, 13, 19, 14)),
    # A block collection runs from its first entry to the end of its last one.
    (("spec", "sparkConf"), (9, 3, 9, 11), (10, 5, 12, 37)),
    (("spec", "executor"), (16, 3, 16, 10), (17, 5, 21, 20)),
    (("spec", "arguments"), (22, 3, 22, 11), (23, 5, 24, 10)),
]


@pytest.mark.parametrize("path, key_span, value_span", SPARK_APPLICATION_SPANS,
                         ids=[".".join(map(str, case[0])) for case in SPARK_APPLICATION_SPANS])
def test_spark_application_spans(path: tuple, key_span: tuple, value_span: tuple) -> None:
    assert spans(only(SPARK_APPLICATION), *path) == (Span(*key_span), Span(*value_span))


def test_spark_application_values() -> None:
    document = only(SPARK_APPLICATION)
    assert document.syntax == "yaml" and document.index == 0 and document.text == SPARK_APPLICATION
    spec = document.root.get("spec")  # type: ignore[union-attr]
    assert spec.get("sparkConf").to_dict() == {  # type: ignore[union-attr]
        "spark.executor.memoryOverhead": "1g", "spark.dynamicAllocation.enabled": "true",
        "spark.sql.shuffle.partitions": 200}
    assert spec.get("executor").to_dict() == {  # type: ignore[union-attr]
        "cores": 2, "instances": 3, "memory": "4g", "labels": {"version": "3.5.0"}}
    assert spec.get("arguments") == ["--verbose", "10"]  # type: ignore[union-attr]
    assert spans(document, "spec", "arguments", 1) == (None, Span(24, 7, 24, 10))
    assert document.span_of(*at(document, "spec", "driver", "memory")) == Span(15, 13, 15, 18)


def test_span_of_a_quoted_value_lets_a_ref_point_inside_it() -> None:
    from sparklint.tree import Ref

    document = only('spec:\n  sparkConf:\n    spark.driver.extraJavaOptions: "-Xss4m -XX:+UseG1GC"\n')
    container, index = at(document, "spec", "sparkConf", "spark.driver.extraJavaOptions")
    assert Ref(document, container, index).inside(7, 19).span == Span(3, 44, 3, 55)  # -XX:+UseG1GC


def test_python_parser_gives_the_same_tree_and_spans(monkeypatch: pytest.MonkeyPatch) -> None:
    fast = only(SPARK_APPLICATION)
    monkeypatch.setattr(yaml_load, "_Parser", yaml.SafeLoader)
    slow = only(SPARK_APPLICATION)
    assert slow.root == fast.root
    assert sorted(map(repr, slow.spans.values())) == sorted(map(repr, fast.spans.values()))


def test_multi_document_file() -> None:
    text = "---\na: 1\n---\n---\n~\n---\n# only a comment\n---\nb: [2]\n...\n"
    documents = load_yaml("many.yaml", text)
    # Empty and null documents are skipped; `index` is still the document's place in the file.
    assert [(document.index, to_plain(document.root)) for document in documents] == [(0, {"a": 1}), (4, {"b": [2]})]
    assert spans(documents[1], "b") == (Span(9, 1, 9, 1), Span(9, 4, 9, 6))
    assert spans(documents[1], "b", 0) == (None, Span(9, 5, 9, 5))
    assert load_yaml("empty.yaml", "") == []
    assert load_yaml("comment.yaml", "# nothing here\n") == []


def test_duplicate_keys_are_kept_in_order() -> None:
    document = only("spark:\n  a: 1\n  b: 2\n  a: 3\n")
    conf = document.root.get("spark")  # type: ignore[union-attr]
    assert conf.keys == ["a", "b", "a"] and conf.values == [1, 2, 3]  # type: ignore[union-attr]
    assert conf.get("a") == 3  # type: ignore[union-attr]
    assert document.spans[id(conf)][0] == (Span(2, 3, 2, 3), Span(2, 6, 2, 6))
    assert document.spans[id(conf)][2] == (Span(4, 3, 4, 3), Span(4, 6, 4, 6))


MERGE = """\
defaults: &defaults
  cores: 1
  memory: 1g
driver:
  <<: *defaults
  memory: 2g
"""


def test_merge_key_entries_come_first_and_point_at_the_anchor() -> None:
    document = only(MERGE)
    driver = document.root.get("driver")  # type: ignore[union-attr]
    assert list(driver.items()) == [("cores", 1), ("memory", "1g"), ("memory", "2g")]  # type: ignore[union-attr]
    assert driver.get("memory") == "2g"  # type: ignore[union-attr]  # explicit keys win
    assert document.spans[id(driver)] == [
        (Span(2, 3, 2, 7), Span(2, 10, 2, 10)),  # cores, where the anchor's entry is written
        (Span(3, 3, 3, 8), Span(3, 11, 3, 12)),
        (Span(6, 3, 6, 8), Span(6, 11, 6, 12)),
    ]
    # The anchored mapping's span starts at its content, after `&defaults`.
    assert spans(document, "defaults") == (Span(1, 1, 1, 8), Span(2, 3, 3, 12))


def test_merge_key_list_earlier_mappings_win() -> None:
    text = "a: &a {x: 1}\nb: &b {x: 2, y: 3}\nc:\n  <<: [*a, *b]\n  z: 0\n"
    document = only(text)
    merged = document.root.get("c")  # type: ignore[union-attr]
    assert merged.to_dict() == {"x": 1, "y": 3, "z": 0} == yaml.safe_load(text)["c"]  # type: ignore[union-attr]
    assert document.spans[id(merged)][merged.index("x")] == (Span(1, 8, 1, 8), Span(1, 11, 1, 11))  # type: ignore


def test_alias_value_is_the_anchored_value_at_the_alias_position() -> None:
    document = only("memory: &m 512m\nexecutor:\n  memory: *m\n")
    assert document.root.get("executor").get("memory") == "512m"  # type: ignore[union-attr]
    assert spans(document, "memory") == (Span(1, 1, 1, 6), Span(1, 12, 1, 15))
    assert spans(document, "executor", "memory") == (Span(3, 3, 3, 8), Span(3, 11, 3, 12))


TYPED = [
    ("plain", "plain"), ("'quoted'", "quoted"), ('"1"', "1"), ("1", 1), ("-12", -12), ("0x1A", 26),
    ("1_000", 1000), ("017", 15), ("0b101", 5), ("1:30", 90), ("!!int 0o17", 15), ("!!int '42'", 42),
    ("0o17", "0o17"),  # YAML 1.2 octal: a string under YAML 1.1, as PyYAML and Go's yaml.v2 read it
    ("1.5", 1.5), ("1_000.5", 1000.5), ("-.inf", -math.inf), ("1.5e3", "1.5e3"), ("6.8523015e+5", 685230.15),
    ("yes", True), ("No", False), ("ON", True), ("off", False), ("true", True), ("FALSE", False),
    ("!!bool 'yes'", True), ("!!bool maybe", "maybe"), ("!!float abc", "abc"),
    ("~", None), ("null", None), ("", None), ("!!str 12", "12"), ("2021-07-01", "2021-07-01"),
    ("!!binary aGk=", "aGk="), ("!!python/object:os.system ls", "ls"), ("! 12", 12),
]


@pytest.mark.parametrize("written, value", TYPED, ids=[case[0] or "empty" for case in TYPED])
def test_typed_scalars(written: str, value: object) -> None:
    assert only(f"k: {written}\n").root.get("k") == value  # type: ignore[union-attr]


def test_nan() -> None:
    assert math.isnan(only("k: .NaN\n").root.get("k"))  # type: ignore[arg-type, union-attr]


def test_keys_are_their_raw_text() -> None:
    document = only("1: a\ntrue: b\n~: c\n'q': d\n? [x, y]\n: e\n? {p: q}\n: f\n")
    assert document.root.keys == ["1", "true", "~", "q", "[x, y]", "{p: q}"]  # type: ignore[union-attr]
    assert spans(document, "[x, y]") == (Span(5, 3, 5, 8), Span(6, 3, 6, 3))


CLOUDFORMATION = """\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Job:
    Type: AWS::Glue::Job
    Properties:
      Name: !Sub '${AWS::StackName}-etl'
      Role: !GetAtt JobRole.Arn
      DefaultArguments:
        "--conf": !Join [" ", ["spark.executor.memory=4g", !Ref Extra]]
        "--TempDir": !Sub
          - "s3://${Bucket}/tmp"
          - Bucket: !Ref Bucket
      Command: !!python/object/apply:os.system ["echo never run"]
"""


def test_cloudformation_tags_keep_their_text_and_nothing_is_run() -> None:
    document = only(CLOUDFORMATION)
    properties = document.root.get("Resources").get("Job").get("Properties")  # type: ignore[union-attr]
    assert properties.to_dict() == {  # type: ignore[union-attr]
        "Name": "${AWS::StackName}-etl",
        "Role": "JobRole.Arn",
        "DefaultArguments": {"--conf": [" ", ["spark.executor.memory=4g", "Extra"]],
                             "--TempDir": ["s3://${Bucket}/tmp", {"Bucket": "Bucket"}]},
        "Command": ["echo never run"],
    }
    # A tagged value's span starts at the value, after the tag, so its quote is its first char.
    assert spans(document, "Resources", "Job", "Properties", "Name") == (Span(6, 7, 6, 10), Span(6, 18, 6, 40))
    assert spans(document, "Resources", "Job", "Properties", "Role") == (Span(7, 7, 7, 10), Span(7, 21, 7, 31))
    assert spans(document, "Resources", "Job", "Properties", "DefaultArguments", "--conf") == (
        Span(9, 9, 9, 16), Span(9, 25, 9, 71))


def test_block_scalars_end_at_their_last_character() -> None:
    document = only("script: |\n  line one\n  line two\n\n\n# comment\nnext: >-\n  folded\n  text\nlast: 1\n")
    assert document.root.to_dict() == {"script": "line one\nline two\n", "next": "folded text", "last": 1}  # type: ignore
    assert spans(document, "script")[1] == Span(1, 9, 3, 10)
    assert spans(document, "next")[1] == Span(7, 7, 9, 6)
    assert spans(document, "last")[1] == Span(10, 7, 10, 7)


def test_block_collection_ends_before_trailing_comments_flow_one_at_its_bracket() -> None:
    document = only("spec:\n  env:\n    - a\n    - b\n  # trailing comment\n\nother: {k: [1, 2]}\n")
    assert spans(document, "spec") == (Span(1, 1, 1, 4), Span(2, 3, 4, 7))
    assert spans(document, "other") == (Span(7, 1, 7, 5), Span(7, 8, 7, 18))
    assert spans(document, "other", "k") == (Span(7, 9, 7, 9), Span(7, 12, 7, 17))


def test_empty_value_is_a_point_after_the_colon() -> None:
    document = only("a:\nb:   # comment\nc: 1\n")
    assert document.root.to_dict() == {"a": None, "b": None, "c": 1}  # type: ignore[union-attr]
    assert spans(document, "a")[1] == Span(1, 3, 1, 3)
    assert spans(document, "b")[1] == Span(2, 3, 2, 3)


def test_multi_line_plain_and_quoted_scalars() -> None:
    document = only('a: one\n  two\nb: "x\n  y"\n')
    assert document.root.to_dict() == {"a": "one two", "b": "x y"}  # type: ignore[union-attr]
    assert spans(document, "a")[1] == Span(1, 4, 2, 5)
    assert spans(document, "b")[1] == Span(3, 4, 4, 4)


@pytest.mark.parametrize("ending", ["\n", "\r\n"])
def test_crlf_and_lf_give_the_same_spans(ending: str) -> None:
    document = only(SPARK_APPLICATION.replace("\n", ending))
    assert spans(document, "spec", "executor", "instances") == (Span(18, 5, 18, 13), Span(18, 16, 18, 16))
    assert spans(document, "spec", "executor") == (Span(16, 3, 16, 10), Span(17, 5, 21, 20))


def test_line_breaks_that_line_index_does_not_count() -> None:
    # libyaml ends lines at CR, NEL, LS and PS too; spans follow LineIndex (lines end at LF only),
    # like every other loader, so that `Document.char_at` agrees with them.
    document = only("a: 1\rb: 'x'\r")
    assert spans(document, "b") == (Span(1, 6, 1, 6), Span(1, 9, 1, 11))
    document = only("# \u2028\nspark:\n  memory: '4g'\n")
    assert spans(document, "spark", "memory") == (Span(3, 3, 3, 8), Span(3, 11, 3, 14))


def test_bom_counts_as_a_column_like_line_index() -> None:
    document = only("\ufeffspark.master: yarn\nb: [1]\n")
    assert document.root.to_dict() == {"spark.master": "yarn", "b": [1]}  # type: ignore[union-attr]
    assert spans(document, "spark.master") == (Span(1, 2, 1, 13), Span(1, 16, 1, 19))
    assert spans(document, "b") == (Span(2, 1, 2, 1), Span(2, 4, 2, 6))
    with pytest.raises(LoadError) as caught:
        load_yaml("bom.yaml", "\ufeffa: 'x\n")
    assert caught.value.span == Span(2, 1, 2, 1)


# --- bad input: only LoadError, with the position of the problem ------------------------------

ERRORS = [
    # None: libyaml's own wording, which varies by release; only sparklint's prefix and the position count.
    ("tab", "spec:\n\tdriver: 1\n", None, (2, 1)),
    ("unclosed quote", "a: 'x\nb: 2\n", None, (3, 1)),
    ("bad indentation", "spec:\n  a: 1\n   b: 2\n", None, (3, 5)),
    ("unclosed flow", "spec:\n  driver: {cores: 1\n", None, (3, 1)),
    ("dedent in list", "- a\nb: 1\n", None, (2, 1)),
    ("undefined alias", "a: *nope\n", None, (1, 4)),
    ("recursive alias", "a: &x [1, *x]\n", None, (1, 11)),
    ("merge of a scalar", "a: 1\n<<: 3\n", "a merge key `<<` needs a mapping or a list of mappings", (2, 5)),
    ("control character", "a: é\x07\n", None, (1, 5)),
]


@pytest.mark.parametrize("text, problem, position", [case[1:] for case in ERRORS], ids=[case[0] for case in ERRORS])
def test_errors(text: str, problem: str | None, position: tuple[int, int]) -> None:
    with pytest.raises(LoadError) as caught:
        load_yaml("bad.yaml", text)
    assert caught.value.message.startswith("invalid YAML: ")
    if problem is not None:
        assert problem in caught.value.message
    assert caught.value.span is not None and (caught.value.span.line, caught.value.span.column) == position


def test_lone_surrogate_is_a_load_error() -> None:
    with pytest.raises(LoadError, match="not valid Unicode"):
        load_yaml("bad.yaml", "a: \udcff\n")


BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def test_billion_laughs_fails_fast() -> None:
    started = time.perf_counter()
    with pytest.raises(LoadError, match="YAML alias expansion too large") as caught:
        load_yaml("bomb.yaml", BILLION_LAUGHS)
    assert time.perf_counter() - started < 1.0
    assert caught.value.span is not None and caught.value.span.line == 6


def test_merge_bomb_fails_fast() -> None:
    lines = ["l0: &l0 {a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, i: 9}"]
    lines += [f"l{n}: &l{n} [" + ", ".join([f"*l{n - 1}"] * 9) + "]" for n in range(1, 10)]
    lines.append("m:\n  <<: [" + ", ".join(["*l0"] * 9) + "]")
    started = time.perf_counter()
    with pytest.raises(LoadError, match="too large"):
        load_yaml("bomb.yaml", "\n".join(lines) + "\n")
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize("text", ["[" * 100_000 + "]" * 100_000, "- " * 100_000 + "x\n",
                                  "".join(" " * depth + f"k{depth}:\n" for depth in range(1000)) + " " * 1000 + "1\n"],
                         ids=["flow", "compact block", "indented"])
def test_deep_nesting_is_a_load_error_not_a_crash(text: str) -> None:
    # yaml.compose_all would recurse in C and kill the process with a segmentation fault here.
    with pytest.raises(LoadError, match="nested too deeply"):
        load_yaml("deep.yaml", text)


def test_redefined_anchor_uses_the_latest_definition() -> None:
    # YAML 1.2 and Go's yaml (Kubernetes) allow it; PyYAML's composer refuses it.
    assert only("a: &x 1\nb: &x 2\nc: *x\n").root.to_dict() == {"a": 1, "b": 2, "c": 2}  # type: ignore[union-attr]


# --- against PyYAML, and span invariants, on generated documents -----------------------------

SCALARS = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=12),
    st.integers(-10**6, 10**6),
    st.floats(allow_nan=False, allow_infinity=True, width=32),
    st.booleans(),
    st.none(),
    st.sampled_from(["yes", "off", "0x1F", "1_000", "~", "null", "1:30", "2021-01-01", "<<", "=", "- a", "a: b"]),
)
KEYS = st.text(alphabet="abcdefgh.-_ 1", min_size=1, max_size=8)
TREES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                        st.dictionaries(KEYS, inner, max_size=4)), max_leaves=20)
STYLES = [dict(default_flow_style=False), dict(default_flow_style=True), dict(default_flow_style=None),
          dict(default_flow_style=False, default_style='"'), dict(default_flow_style=False, default_style="'"),
          dict(default_flow_style=False, width=20), dict(default_flow_style=False, default_style="|")]


def _covered(text: str, span: Span) -> str:
    lines = text.split("\n")
    if span.line == span.end_line:
        return lines[span.line - 1][span.column - 1:span.end_column]
    return "\n".join([lines[span.line - 1][span.column - 1:], *lines[span.line:span.end_line - 1],
                      lines[span.end_line - 1][:span.end_column]])


def _check_spans(document: Document, container: Value) -> None:
    if not isinstance(container, (Pairs, list)):
        return
    entries = document.spans[id(container)]
    values = container.values if isinstance(container, Pairs) else container
    assert len(entries) == len(values)
    for (key_span, value_span), value in zip(entries, values):
        for span in (key_span, value_span):
            if span is not None:
                assert (span.line, span.column) <= (span.end_line, span.end_column)
                assert _covered(document.text, span) == _covered(document.text, span).strip(" \t\r\n")
        if isinstance(value, (Pairs, list)):
            _check_spans(document, value)
        elif value_span.line == value_span.end_line and document.char_at(value_span) not in "|>":
            covered = _covered(document.text, value_span)
            if covered and not (covered[0] in "'\"" and not isinstance(value, str)):
                # (an empty plain scalar is a point; `!!int "1"` is quoted after its tag)
                # The covered text alone reads back as the same scalar.
                assert yaml.safe_load(covered) == value or (value is None and covered in ("~", "null"))


@settings(max_examples=150, deadline=None)
@given(tree=TREES, style=st.sampled_from(STYLES))
def test_generated_documents_match_pyyaml_and_spans_hold(tree: object, style: dict) -> None:
    text = yaml.safe_dump({"root": tree}, allow_unicode=True, **style)
    (document,) = load_yaml("gen.yaml", text)
    assert to_plain(document.root) == yaml.safe_load(text)
    _check_spans(document, document.root)


PIECES = ["\n", " ", "  ", "\t", ":", "- ", "[", "]", "{", "}", ",", "'", '"', "&a ", "*a", "<<: ", "!Ref ",
          "!!int ", "? ", "|", ">", "#", "---\n", "...\n", "\\", "\r", "\ufeff", "\x00", "\u2028", "é", "0x1",
          "yes", "~", "%YAML 1.1\n", "key", "value", "spark.executor.memory"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30))
def test_random_text_loads_or_raises_load_error(pieces: list[str]) -> None:
    try:
        documents = load_yaml("random.yaml", "".join(pieces))
    except LoadError:
        return
    for document in documents:
        _check_structure(document, document.root)


def _check_structure(document: Document, container: Value) -> None:
    if isinstance(container, (Pairs, list)):
        entries = document.spans[id(container)]
        assert len(entries) == len(container)
        for item in (container.values if isinstance(container, Pairs) else container):
            _check_structure(document, item)
