"""The Terraform (HCL) loader: literal values as Terraform writes them, everything else kept as text,
blocks as nested maps, spans for attributes, labels and items; a file it cannot follow is an uncertain
LoadError (a skip, never SL001), and no input raises anything else."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from sparklint.load.hcl import load_hcl
from sparklint.span import Span
from sparklint.tree import LoadError, Pairs


def plain(value):
    if isinstance(value, Pairs):
        return [(key, plain(item)) for key, item in zip(value.keys, value.values)]
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def root(text: str):
    return plain(load_hcl("main.tf", text).root)


@pytest.mark.parametrize("text, expected", [
    ('a = "x"\n', [("a", "x")]),
    ('a = "tab\\there \\"q\\" \\u00e9"\n', [("a", 'tab\there "q" é')]),
    ('a = "s3://${var.bucket}/x"\n', [("a", "s3://${var.bucket}/x")]),
    ('a = "$${literal} %%{x}"\n', [("a", "${literal} %{x}")]),
    ('a = "${format("%s}", var.x)}"\n', [("a", '${format("%s}", var.x)}')]),
    ("a = 4\nb = -1.5\nc = 2e3\n", [("a", 4), ("b", -1.5), ("c", 2000.0)]),
    ("a = true\nb = false\nc = null\n", [("a", True), ("b", False), ("c", None)]),
    ('a = ["x", 2, [true]]\n', [("a", ["x", 2, [True]])]),
    ('a = [\n  "x",\n  "y",\n]\n', [("a", ["x", "y"])]),
    ('a = {\n  "spark.k" = "v"\n  b: 2, c = "3"\n}\n', [("a", [("spark.k", "v"), ("b", 2), ("c", "3")])]),
    ("a = <<EOT\nline 1\n  line 2\nEOT\n", [("a", "line 1\n  line 2\n")]),
    ("a = <<-EOT\n    line 1\n      line 2\n    EOT\n", [("a", "line 1\n  line 2\n")]),
    # jsonencode of a literal is read as the literal (its JSON holds the same values).
    ('a = jsonencode([\n  { Classification = "spark-defaults" }\n])\n', [("a", [[("Classification", "spark-defaults")]])]),
    ('a = jsonencode(var.x)\n', [("a", "${jsonencode(var.x)}")]),
    # Expressions are not evaluated: kept as written, as a template.
    ("a = var.cores\n", [("a", "${var.cores}")]),
    # merge(): its object literals merged, a later key replacing an earlier one; unknown maps add nothing.
    ('a = merge({\n  x = "}"\n})\n', [("a", [("x", "}")])]),
    ('a = merge(var.d, { x = "1", y = "2" }, local.e, { x = "3" })\n', [("a", [("y", "2"), ("x", "3")])]),
    ('a = merge(var.d, local.e)\n', [("a", "${merge(var.d, local.e)}")]),
    ('a = merge(["x"], { y = 1 })\n', [("a", '${merge(["x"], { y = 1 })}')]),
    ('a = merge({ y = 1 })["y"]\n', [("a", '${merge({ y = 1 })["y"]}')]),
    ('a = var.on ? "4g" : "8g"\n', [("a", '${var.on ? "4g" : "8g"}')]),
    ('a = "4" == var.x\n', [("a", '${"4" == var.x}')]),
    ("a = [for x in var.y : upper(x)]\n", [("a", "${[for x in var.y : upper(x)]}")]),
    # Blocks: one map per label, repeated blocks repeat their key; comments of three kinds.
    ('resource "t" "n" {\n  # c\n  x = 1 // c\n  /* c */ y = 2\n}\n', [("resource", [("t", [("n", [("x", 1), ("y", 2)])])])]),
    ("b {\n  c { d = 1 }\n}\nb {}\n", [("b", [("c", [("d", 1)])]), ("b", [])]),
    ("\ufeffa = 1\n", [("a", 1)]),
    ("", []),
])
def test_values(text, expected):
    assert root(text) == expected


def test_merged_entries_keep_their_own_spans():
    document = load_hcl("main.tf", 'a = merge(var.d,\n  { "x" = "1", y = "2" },\n  { x = "3" })\n')
    merged = document.root.values[0]
    assert merged.keys == ["y", "x"]
    assert document.span_of(merged, 0) == Span(2, 20, 2, 22)  # y from the first literal
    assert document.span_of(merged, 1) == Span(3, 9, 3, 11)  # x from the later one, which wins
    assert document.span_of(merged, 1, on_key=True) == Span(3, 5, 3, 5)


def test_spans_of_attributes_labels_and_items():
    text = ('resource "aws_emrserverless_application" "app" {\n'
            '  maximum_capacity {\n'
            '    cpu = "8 vCPU"\n'
            '  }\n'
            '  tags = { team = "data" }\n'
            '  list = [1, "two"]\n'
            '}\n')
    document = load_hcl("main.tf", text)
    resources = document.root.values[0]
    by_name = resources.values[0]
    body = by_name.values[0]
    assert document.span_of(resources, 0, on_key=True) == Span(1, 10, 1, 40)  # the quoted label
    assert document.span_of(by_name, 0, on_key=True) == Span(1, 42, 1, 46)
    capacity = body.values[0]
    assert document.span_of(body, 0, on_key=True) == Span(2, 3, 2, 18)
    assert document.span_of(capacity, 0, on_key=True) == Span(3, 5, 3, 7)
    assert document.span_of(capacity, 0) == Span(3, 11, 3, 18)
    tags = body.values[1]
    assert document.span_of(tags, 0, on_key=True) == Span(5, 12, 5, 15)
    assert document.span_of(tags, 0) == Span(5, 19, 5, 24)
    assert document.span_of(body.values[2], 1) == Span(6, 14, 6, 18)


@pytest.mark.parametrize("text", [
    'a = "unterminated\n',
    "b {\n  a = 1\n",
    "a = [1, 2\n",
    "= 3\n",
    "a = (1\n",
    "a = <<EOT\nno end\n",
    "a = 1 /* open",
    "a = " + "[" * 500 + "]" * 500 + "\n",
])
def test_what_it_cannot_follow_is_an_uncertain_load_error(text):
    with pytest.raises(LoadError) as caught:
        load_hcl("main.tf", text)
    assert caught.value.certain is False and caught.value.span is not None
    assert "Terraform:" in caught.value.message


def test_an_unreadable_terraform_file_is_a_skip_not_a_finding(lint):
    run = lint({"main.tf": 'resource "aws_emrserverless_application" "a" {\n  name = "spark\n}\n'}, "--verbose")
    assert run.code == 0 and run.findings == []
    assert "main.tf: Terraform: a string is not closed" in run.err and "; nothing read" in run.err
    text = lint({"main.tf": 'resource "aws_emrserverless_application" "a" {\n  name = "spark\n}\n'}, "--format", "text")
    assert "Nothing checked: 1 file skipped" in text.out  # skipped, not counted as checked


PIECES = ['resource', ' "t"', ' "n"', " {", "}", "\n", " = ", '"s"', '"${', "var.x", "[", "]", ",", "{", "(", ")",
          "<<EOT\n", "EOT\n", "<<-X\n", "# c\n", "// c\n", "/*", "*/", "1", "-2.5", "true", "null", ":", "?", "\\",
          '"', "$${", "%{", "é", "\t", "a", "b", "=="]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=24))
def test_random_text_loads_or_fails_cleanly(pieces):
    try:
        load_hcl("main.tf", "".join(pieces))
    except LoadError as error:
        assert error.certain is False
