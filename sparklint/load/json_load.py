"""JSON loader: the C parser builds the tree; positions are found later, only if a finding needs one.

Most files in a pre-commit run have no findings, so `load_json` pays only for `json`'s C scanner.
The first `Document.span_of` call runs `fill_json_spans`, which tokenizes the text with one regex and
walks the tokens in lockstep with the tree to record every entry's key and value span.
"""

from __future__ import annotations

import json
import re
import sys
from bisect import bisect_right
from typing import Callable, Dict, List, Optional, Union

from sparklint.span import LineIndex, Span, line_starts
from sparklint.tree import Document, EntrySpans, LoadError, Pairs, Value

# One decoder for every file. `json.loads(text, object_pairs_hook=...)` builds a new JSONDecoder (and
# C scanner) on each call, which costs about as much as parsing a small config. Same semantics,
# except that we accept a leading byte-order mark (see `parse_json`).
_DECODER = json.JSONDecoder(object_pairs_hook=Pairs)
_BOM = "\ufeff"

# The tokens of text that `json` already accepted. Each match first swallows the whitespace, ':' and
# ',' before its token (inside an object keys and values alternate, which is all the walk needs);
# matching them in the pattern is 2.5x faster than letting `finditer` skip them one by one.
# Groups: 1 opening bracket, 2 closing bracket, 3 string (unrolled loop: no per-character
# alternation), 4 number / true / false / null / NaN / Infinity.
_TOKEN = re.compile(r'[ \t\r\n:,]*(?:([{\[])|([}\]])|("[^"\\]*(?:\\.[^"\\]*)*")|([^\s{}\[\]:,"]+))')
_OPEN, _CLOSE, _STRING = 1, 2, 3

SpanMaker = Callable[[int, int], Span]
Container = Union[Pairs, List[Value]]


def load_json(path: str, text: str) -> Document:
    """Parse `text` into a Document; positions are computed on first use. Raises only LoadError."""
    return Document(path, "json", parse_json(text), text, fill_spans=fill_json_spans)


def parse_json(text: str) -> Value:
    """The tree of `text` (objects as `Pairs`). Raises LoadError with the error's position."""
    if text.startswith(_BOM):
        # Windows editors save JSON with a BOM; a space keeps every offset (and column) unchanged.
        text = " " + text[1:]
    try:
        return _DECODER.decode(text)
    except json.JSONDecodeError as error:
        if not text.strip():
            raise LoadError("empty file") from None
        point = Span(error.lineno, error.colno, error.lineno, error.colno)
        raise LoadError(f"invalid JSON: {_reason(error.msg)}", point) from None
    except RecursionError:
        raise LoadError("JSON nested too deeply") from None
    except ValueError as error:
        # An integer longer than sys.get_int_max_str_digits() (3.11, and 3.9.14/3.10.7 security
        # releases); json gives no position, so we find the digits ourselves.
        raise LoadError("invalid JSON: an integer longer than sparklint (Python's int) reads "
                        f"({getattr(sys, 'get_int_max_str_digits', lambda: 0)()} digits)", _long_number_span(text)) from None


def _reason(message: str) -> str:
    """json's message without its dangling " at" ("Invalid control character at"): the span says where."""
    for suffix in (" starting at", " at"):
        if message.endswith(suffix):
            return message[: -len(suffix)]
    return message


def _long_number_span(text: str) -> Span | None:
    limit = getattr(sys, "get_int_max_str_digits", lambda: 0)()
    match = re.search(r"\d{%d,}" % (limit + 1), text) if limit else None
    return LineIndex(text).span(match.start(), match.end()) if match else None


def fill_json_spans(document: Document) -> None:
    """Record the span of every entry of every container in `document` (the lazy `fill_spans`)."""
    document.spans.update(scan_spans(document.root, document.text, offset_span_maker(document.text)))


def offset_span_maker(text: str) -> SpanMaker:
    """`LineIndex(text).span`, unrolled: one bisect for a one-line token, and no NamedTuple.__new__.

    It runs once per token, so this halves the cost of a fill.
    """
    starts = line_starts(text)
    last_line = len(starts)
    new_span = tuple.__new__

    def make_span(start: int, end: int) -> Span:
        line = bisect_right(starts, start)
        column = start - starts[line - 1] + 1
        if line == last_line or end <= starts[line]:
            return new_span(Span, (line, column, line, column + end - start - 1))
        end_line = bisect_right(starts, end - 1, line)
        return new_span(Span, (line, column, end_line, end - starts[end_line - 1]))

    return make_span


def scan_spans(root: Value, text: str, make_span: SpanMaker) -> Dict[int, EntrySpans]:
    """Entry spans keyed by container id, for `root` parsed from `text` (which must be valid JSON).

    `make_span(start, end)` turns a token's character offsets (end exclusive) into a Span; the
    notebook loader passes one that maps a cell body back into the .ipynb file.
    """
    spans: Dict[int, EntrySpans] = {}
    # The innermost open container and its walk state; enclosing ones wait on `stack`.
    container: Optional[Container] = None
    values: List[Value] = []
    entries: EntrySpans = []
    key: Optional[Span] = None
    is_object = expect_key = False
    opened_at = 0
    stack: list = []
    start = 1 if text.startswith(_BOM) else 0
    for match in _TOKEN.finditer(text, start):
        kind = match.lastindex
        if kind == _STRING and expect_key:
            key = make_span(match.start(kind), match.end())
            expect_key = False
        elif kind == _OPEN:
            child = root if container is None else values[len(entries)]
            stack.append((container, values, entries, key, is_object, opened_at))
            container = child  # type: ignore[assignment]
            is_object = expect_key = isinstance(child, Pairs)
            values = child.values if is_object else child  # type: ignore[union-attr,assignment]
            entries = []
            key = None
            opened_at = match.start(kind)
        elif kind == _CLOSE:
            spans[id(container)] = entries
            value_span = make_span(opened_at, match.end())
            container, values, entries, key, is_object, opened_at = stack.pop()
            if container is not None:
                entries.append((key, value_span))
                expect_key = is_object
        elif container is not None:  # a scalar entry (a scalar root has no container to record)
            entries.append((key, make_span(match.start(kind), match.end())))
            expect_key = is_object
    return spans
