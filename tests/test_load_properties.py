"""spark-defaults.conf loading: `java.util.Properties.load` semantics, then Spark's value trim."""

from __future__ import annotations

from typing import List, Optional, Tuple, Union

import pytest
from hypothesis import given, settings, strategies as st

from sparklint.load.properties import load_properties, parse_properties, trim_except_crlf
from sparklint.span import Span
from sparklint.tree import Document, LoadError, Pairs

MALFORMED = "IllegalArgumentException: Malformed \\uxxxx encoding."

# Each input with what a real JVM gives: `java.util.Properties.load(Reader)` over a UTF-8 reader
# (OpenJDK 17.0.15; a Properties subclass recorded every put() in order), each value then trimmed
# with a copy of Spark's `Utils.trimExceptCRLF`. Spark itself keeps only the last duplicate and only
# `spark.` keys; the loader keeps all entries so that rules can point at them.
JAVA_CASES: List[Tuple[str, Union[List[Tuple[str, str]], str]]] = [
    ("spark.a=first \\\n   second\n", [("spark.a", "first second")]),
    ("k=a\\tb\\nc\\rd\\fe", [("k", "a\tb\nc\rd\x0ce")]),
    ("k=C:\\path\\to", [("k", "C:path\to")]),
    ("k=C:\\\\path\\\\to", [("k", "C:\\path\\to")]),
    ("spark.t.key\\ with\\ space=v", [("spark.t.key with space", "v")]),
    ("a=b:c", [("a", "b:c")]),
    ("k   v", [("k", "v")]),
    ("k\tv", [("k", "v")]),
    ("k  =  v", [("k", "v")]),
    ("k : v", [("k", "v")]),
    ("k==v", [("k", "=v")]),
    ("k:=v", [("k", "=v")]),
    ("k = : v", [("k", ": v")]),
    ("a=1\r\nb=2\r\n", [("a", "1"), ("b", "2")]),
    ("a=1\rb=2\r", [("a", "1"), ("b", "2")]),
    ("k=a\\\r  b", [("k", "ab")]),
    ("k=a\\\r\n  b", [("k", "ab")]),
    ("k=v\\", [("k", "v")]),
    ("k=v\\\n", [("k", "v")]),
    ("\\", [("", "")]),
    ("\\\n", [("", "")]),
    ("\\\r\n", []),
    ("k=\\u00e9t\\u00E9", [("k", "été")]),
    ("k=été ✓", [("k", "été ✓")]),
    ("k=\\ud83d\\ude00", [("k", "😀")]),
    ("# c\n! c\n  # indented\nk=v # not a comment", [("k", "v # not a comment")]),
    ("spark.k", [("spark.k", "")]),
    ("k=", [("k", "")]),
    ("=v", [("", "v")]),
    (":v", [("", "v")]),
    ("a\\=b=c", [("a=b", "c")]),
    ("a\\:b:c", [("a:b", "c")]),
    ("\\\\=x", [("\\", "x")]),
    ("k=\\\\", [("k", "\\")]),
    ("k=a\\\\\n b", [("k", "a\\"), ("b", "")]),
    ("# comment \\\nk=v", [("k", "v")]),
    ("k=a\\\n#b", [("k", "a#b")]),
    ("\\\n#c\nk=v", [("k", "v")]),
    ("k=a\\\n\nb=c", [("k", "a"), ("b", "c")]),
    ("k=  v  \t", [("k", "v")]),
    ("k=\\ v", [("k", "v")]),
    ("k=v\\t", [("k", "v")]),
    ("k=\\nv", [("k", "\nv")]),
    ("k=v\x0b", [("k", "v")]),
    ("   k=v", [("k", "v")]),
    ("\f k=v", [("k", "v")]),
    ("k=1\nk=2", [("k", "1"), ("k", "2")]),
    ("ke\\\n  y=value", [("key", "value")]),
    ("k=\\q\\\"", [("k", 'q"')]),
    ("k=\\u12", MALFORMED),
    ("k=\\u12zz", MALFORMED),
    ("\\uXYZW=v", MALFORMED),
]


@pytest.mark.parametrize("text, expected", JAVA_CASES, ids=[repr(text) for text, _ in JAVA_CASES])
def test_matches_java_properties_load(text: str, expected: Union[List[Tuple[str, str]], str]) -> None:
    if isinstance(expected, str):
        with pytest.raises(LoadError, match="Malformed"):
            parse_properties(text)
    else:
        assert parse_properties(text)[0] == expected


def spans(text: str) -> list[tuple[Optional[Span], Span]]:
    document = load_properties("spark-defaults.conf", text)
    return document.entry_spans(document.root)


# (text, entry index, key span, value span): 1-based line and column, end column inclusive.
SPAN_CASES = [
    ("spark.master  yarn\n", 0, (1, 1, 1, 12), (1, 15, 1, 18)),
    ("# comment\n\nspark.executor.memory=4g\n", 0, (3, 1, 3, 21), (3, 23, 3, 24)),
    ("  spark.a : b\n", 0, (1, 3, 1, 9), (1, 13, 1, 13)),
    ("k\tv  \n", 0, (1, 1, 1, 1), (1, 3, 1, 3)),
    ("spark.a  =  x\x0b \n", 0, (1, 1, 1, 7), (1, 13, 1, 13)),  # the value ends where Spark's trim ends it
    ("spark.app.name=été\n", 0, (1, 1, 1, 14), (1, 16, 1, 18)),  # columns count characters
    ("a=1\r\nb=2\r\n", 1, (2, 1, 2, 1), (2, 3, 2, 3)),
    # A lone CR ends a properties line but, as in LineIndex, not a line number.
    ("a=1\rb=2\r", 1, (1, 5, 1, 5), (1, 7, 1, 7)),
    # Continuations: the value runs from its first char to its last, across lines.
    ("# c\nspark.a=first \\\n   second\n", 0, (2, 1, 2, 7), (2, 9, 3, 9)),
    ("k=a\\\n  b\\\n  c\n", 0, (1, 1, 1, 1), (1, 3, 3, 3)),
    ("ke\\\n  y=value\n", 0, (1, 1, 2, 3), (2, 5, 2, 9)),
    # Escapes: the span is the raw text; trimmed escapes (`\ `, `\t`) are outside it.
    ("spark.t.key\\ with\\ space = v\n", 0, (1, 1, 1, 24), (1, 28, 1, 28)),
    ("k=\\ v\\t\n", 0, (1, 1, 1, 1), (1, 5, 1, 5)),
    ("k=C:\\\\tmp\n", 0, (1, 1, 1, 1), (1, 3, 1, 9)),
    # An empty value is a point just after the separator (or after the key).
    ("k=\n", 0, (1, 1, 1, 1), (1, 3, 1, 3)),
    ("k = \n", 0, (1, 1, 1, 1), (1, 4, 1, 4)),
    ("spark.k\n", 0, (1, 1, 1, 7), (1, 8, 1, 8)),
    ("=v\n", 0, (1, 1, 1, 1), (1, 2, 1, 2)),
    # A BOM is part of the first key, as Java reads it.
    ("\ufeffspark.master yarn\n", 0, (1, 1, 1, 13), (1, 15, 1, 18)),
]


@pytest.mark.parametrize("text, entry, key_span, value_span", SPAN_CASES, ids=[repr(case[0]) for case in SPAN_CASES])
def test_spans(text: str, entry: int, key_span: tuple, value_span: tuple) -> None:
    assert spans(text)[entry] == (Span(*key_span), Span(*value_span))


def test_document_keeps_every_entry_in_order() -> None:
    text = "spark.master yarn\nlog4j.rootCategory=INFO\nspark.master local[4]\n"
    document = load_properties("conf/spark-defaults.conf", text)
    assert isinstance(document, Document) and document.syntax == "properties" and document.text == text
    assert document.root == Pairs([("spark.master", "yarn"), ("log4j.rootCategory", "INFO"),
                                   ("spark.master", "local[4]")])
    assert document.root.get("spark.master") == "local[4]"  # the last duplicate wins, as in Spark
    assert document.span_of(document.root, 2) == Span(3, 14, 3, 21)
    assert document.span_of(document.root, 2, on_key=True) == Span(3, 1, 3, 12)


def test_empty_and_comment_only_files() -> None:
    assert load_properties("a.conf", "").root == Pairs([])
    assert load_properties("a.conf", "# nothing\n\n   ! here\n").root == Pairs([])


def test_malformed_unicode_escape_points_at_the_escape() -> None:
    with pytest.raises(LoadError) as caught:
        load_properties("spark-defaults.conf", "x=1\nspark.app.name=caf\\u00zz\n")
    assert "Malformed \\uxxxx encoding." in caught.value.message
    assert caught.value.span == Span(2, 19, 2, 24)


def test_malformed_escape_cut_short_by_the_end_of_the_key() -> None:
    with pytest.raises(LoadError) as caught:
        parse_properties("\\uXYZ")
    assert caught.value.span == Span(1, 1, 1, 5)


def test_a_bom_is_part_of_the_first_key_as_java_reads_it() -> None:
    # Java's UTF-8 InputStreamReader keeps U+FEFF, so Properties.load reads the key "\ufeffspark.master".
    assert parse_properties("\ufeffspark.master yarn\nspark.app.name a\n")[0] == [
        ("\ufeffspark.master", "yarn"), ("spark.app.name", "a")]
    assert parse_properties("\ufeff# comment\n")[0] == [("\ufeff#", "comment")]  # not a comment any more
    assert parse_properties("\ufeff")[0] == [("\ufeff", "")]
    assert parse_properties("\ufeffa\\\n b=1\n")[0] == [("\ufeffab", "1")]


def test_trim_except_crlf() -> None:
    assert trim_except_crlf(" \t\x00v w\x0b\f ") == "v w"
    assert trim_except_crlf("\nv\r") == "\nv\r"
    assert trim_except_crlf(" \t ") == ""


def test_corpus_style_file_is_fast_enough() -> None:
    # A pre-commit hook reads thousands of files; this guards against an accidental quadratic path.
    import time

    text = "".join(f"# setting {i}\nspark.custom.key{i}   value{i}\\\n   continued\n" for i in range(2000))
    started = time.perf_counter()
    pairs, _ = parse_properties(text)
    assert len(pairs) == 2000 and pairs[-1] == ("spark.custom.key1999", "value1999continued")
    assert time.perf_counter() - started < 1.0


# --- invariants on random files built from the tricky pieces above ----------------------------

PIECES = ["spark.a", "b", "=", ":", " ", "\t", "\f", "\\", "\\\\", "\\ ", "\\=", "\\:", "#", "!", "\n", "\r",
          "\r\n", "\\t", "\\n", "\\u0041", "\\u00", "\\ud83d\\ude00", "x", "é", "😀", "\x0b", "\x00",
          "C:\\path\\to", "\\\n", "\\\r\n", "\\\r", "  ", "\ufeff"]


def _offset(line_starts: list[int], line: int, column: int) -> int:
    return line_starts[line - 1] + column - 1


def _covered(text: str, span: Span) -> str:
    line_starts = [0] + [index + 1 for index, char in enumerate(text) if char == "\n"]
    start = _offset(line_starts, span.line, span.column)
    end = _offset(line_starts, span.end_line, span.end_column)
    assert 0 <= start <= end < len(text) or start == end == len(text), span
    return text[start:end + 1]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=16))
def test_random_files_load_or_fail_cleanly(pieces: list[str]) -> None:
    text = "".join(pieces)
    try:
        pairs, entry_spans = parse_properties(text)
    except LoadError as error:
        assert "Malformed" in error.message and error.span is not None
        _covered(text, error.span)
        return
    assert len(pairs) == len(entry_spans)
    for (key, value), (key_span, value_span) in zip(pairs, entry_spans):
        if key:
            # The key span's raw text, read as a properties line of its own, decodes to the key
            assert parse_properties("\n" + _covered(text, key_span))[0][0][0] == key
        if value:
            assert parse_properties("k=" + _covered(text, value_span))[0][0][1] == value
        else:
            assert (value_span.line, value_span.column) == (value_span.end_line, value_span.end_column)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from([piece for piece in PIECES if "\\" not in piece]), max_size=16))
def test_the_fast_path_reads_the_same_entries_and_spans(pieces: list[str]) -> None:
    """Files without backslashes are read by one regex scan, spans later: same pairs, same spans."""
    text = "".join(pieces)
    pairs, entry_spans = parse_properties(text)
    document = load_properties("spark-defaults.conf", text)
    assert isinstance(document.root, Pairs)
    assert list(document.root.items()) == pairs
    assert document.entry_spans(document.root) == entry_spans
