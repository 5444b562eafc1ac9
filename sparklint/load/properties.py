"""spark-defaults.conf loader: `java.util.Properties.load` semantics, with the span of every key and value.

Spark reads the file with `Properties.load(Reader)` over a UTF-8 `InputStreamReader` and trims each
value with `Utils.trimExceptCRLF` (`Utils.getPropertiesFromFile`,
core/src/main/scala/org/apache/spark/util/Utils.scala). This module follows the JDK 17 source of
`Properties.LineReader.readLine` (logical lines) and `Properties.load0` / `loadConvert` (key,
separator, escapes) case by case, quirks included; tests/test_load_properties.py holds the cases
checked against a real JVM. Unlike Spark, every entry is kept (non-`spark.` keys and duplicates, in
file order) so that rules can point at them.
"""

from __future__ import annotations

import re
from typing import Callable, Iterator, Tuple

from sparklint.patterns import lazy_pattern
from sparklint.span import Span
from sparklint.tree import Document, EntrySpans, LoadError, Pairs, Value


# A physical line: leading whitespace (`LineReader` skips ' ', '\t', '\f' at the start of every
# line, continuation lines included), the content, then '\r\n', '\r', '\n' or the end of the text.
_PHYSICAL_LINE = lazy_pattern(r"[ \t\f]*([^\r\n]*)(\r\n|\r|\n|)")

# Without backslashes a physical line is a logical line, read whole. Groups: 1 comment mark
# (`#`/`!` after leading whitespace), 2 key, 3 separator, 4 value, 5 line terminator. A blank line has
# an empty key and no separator.
_PLAIN_LINE = lazy_pattern(
    r"[ \t\f]*(?:([#!])[^\r\n]*|([^=: \t\f\r\n]*)(?:[ \t\f]*([=:]))?[ \t\f]*([^\r\n]*))(\r\n|\r|\n|\Z)"
)

# `load0`: the key runs to the first '=', ':' or whitespace not escaped by a backslash; then
# whitespace, at most one '=' or ':', whitespace; the rest is the value (`a=b:c` -> "b:c").
# Group 1 is the raw key, group 2 the '='/':' separator when there is one.
_ENTRY = lazy_pattern(r"((?:[^=: \t\f\\]|\\.)*)(?:[ \t\f]*([=:]))?[ \t\f]*", re.DOTALL)

# `loadConvert`: `\uXXXX` (exactly four hex digits, else IllegalArgumentException), or a backslash
# and any other character (`\t \n \r \f` mean TAB LF CR FF; any other `\x` is `x`).
_ESCAPE = lazy_pattern(r"\\(?:u([0-9a-fA-F]{4})|(u)|(.))", re.DOTALL)
_NAMED_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "f": "\f"}
_SURROGATE = lazy_pattern("[\ud800-\udfff]")

_FINDALL_MAX_CHARS = 1 << 16  # see plain_pairs

# `Utils.trimExceptCRLF` strips chars <= U+0020 except '\r' and '\n' from both ends of a value.
_TRIMMED = "".join(chr(code) for code in range(0x21) if code not in (0x0A, 0x0D))

# One logical line, as its physical pieces: (offset in the text, chars, line number, offset of that
# line's start). Lines are counted as `LineIndex` counts them (at '\n'), so a lone '\r', which ends a
# properties line, does not start a new line number.
Segment = Tuple[int, str, int, int]
# Span from a logical line's char `first` to char `last` (inclusive); a point when last < first.
SpanOf = Callable[[int, int], Span]


def load_properties(path: str, text: str) -> Document:
    """Every entry of a spark-defaults.conf, in file order, with spans. Raises only LoadError.

    A file without backslashes (nearly all) is read by one regex scan, and its spans are worked out
    only when a finding needs them (`fill_properties_spans`): most files have none.
    """
    if "\\" not in text:
        return Document(path, "properties", plain_pairs(text), text, fill_spans=fill_properties_spans)
    pairs, entry_spans = parse_properties(text)
    root = Pairs(pairs)
    return Document(path, "properties", root, text, spans={id(root): entry_spans})


def plain_pairs(text: str) -> Pairs:
    """The (key, trimmed value) pairs of a text without backslashes: `parse_properties`'s pairs, faster.

    `findall` is the fastest on a normal file, but it holds a 5-tuple for every line at once: on a 4 MB
    file of a million short lines that was 160 MB. A large text is scanned match by match instead, and
    a key or value it has seen already is kept once: a 3.7 MB file of 300,000 `spark.a=true` held 600,000
    strings of 50-60 bytes (issue 18). The strings remembered are capped, so a file of distinct keys
    does not pay for a table of them all.
    """
    if len(text) <= _FINDALL_MAX_CHARS:
        found = [(key, value.strip(_TRIMMED)) for _, key, separator, value, _ in _PLAIN_LINE.findall(text)
                 if key or separator]
        return Pairs(found)
    keys: list[str] = []
    values: list[Value] = []
    add_key, add_value = keys.append, values.append
    seen: dict[str, str] = {}
    for match in _PLAIN_LINE.finditer(text):
        key, separator, value = match.group(2, 3, 4)
        if key or separator:
            value = value.strip(_TRIMMED)
            known_key, known_value = seen.get(key), seen.get(value)
            if known_key is None and len(seen) < _SHARED_STRINGS:
                known_key = seen[key] = key
            if known_value is None and len(seen) < _SHARED_STRINGS:
                known_value = seen[value] = value
            add_key(known_key or key)
            add_value(known_value or value)
    return Pairs.of(keys, values)


_SHARED_STRINGS = 4096  # see plain_pairs


def fill_properties_spans(document: Document) -> None:
    """The spans of a document `load_properties` read without them (the lazy `fill_spans`): each
    entry's span is worked out when asked (`_PlainSpans`), since the findings need only a few."""
    document.spans[id(document.root)] = _PlainSpans(document.text)  # type: ignore[assignment]


class _PlainSpans:
    """(key span, value span) of each entry of a text without backslashes, a read-only sequence.

    Keeps where each entry's line starts and its line number, 8 bytes an entry, and matches the line
    again for the entry asked for: packing every entry's two spans (32 bytes an entry, built all at
    once) was 64 MB at its peak on a million-line file (issue 18).
    """

    __slots__ = ("_text", "_starts", "_lines")

    def __init__(self, text: str) -> None:
        from array import array

        starts, lines = array("i"), array("i")
        add_start, add_line = starts.append, lines.append
        line_number = 1
        for match in _PLAIN_LINE.finditer(text):
            key, separator, terminator = match.group(2, 3, 5)
            if key or separator:
                add_start(match.start())
                add_line(line_number)
            if terminator and terminator[-1] == "\n":
                line_number += 1
        self._text, self._starts, self._lines = text, starts, lines

    def __len__(self) -> int:
        return len(self._starts)

    def __getitem__(self, index: int) -> tuple[Span, Span]:
        start = self._starts[index]  # IndexError as a list's, negative indexes included
        line_number = self._lines[index]
        # The matches of `finditer` are contiguous (every position starts one: the value runs to the line's
        # end), so matching at an entry's start finds the same match; its line starts after the last '\n'.
        match = _PLAIN_LINE.match(self._text, start)
        return _plain_spans(match, line_number, self._text.rfind("\n", 0, start) + 1)

    def __iter__(self) -> Iterator[tuple[Span, Span]]:
        for index in range(len(self)):
            yield self[index]

    def __eq__(self, other: object) -> bool:  # equal to the list of the same entries
        if isinstance(other, (_PlainSpans, list, tuple)):
            return len(self) == len(other) and all(mine == theirs for mine, theirs in zip(self, other))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]


def trim_except_crlf(value: str) -> str:
    """Spark's `Utils.trimExceptCRLF`: strip chars <= U+0020 except CR and LF from both ends."""
    return value.strip(_TRIMMED)


def parse_properties(text: str) -> tuple[list[tuple[str, str]], EntrySpans]:
    """(key, trimmed value) pairs and their (key span, value span), as Spark's loader reads them."""
    pairs: list[tuple[str, str]] = []
    entry_spans: EntrySpans = []
    # A UTF-8 byte-order mark is not skipped: Java's UTF-8 InputStreamReader keeps U+FEFF as a character,
    # so Properties.load makes it part of the first key ("\ufeffspark.master"), which Spark then drops as
    # a non-`spark.` key (checked against spark-submit 3.5.9 in tests/test_oracle_rules.py; SL004 says so).
    if "\\" not in text:
        _parse_plain(text, pairs, entry_spans)
    else:
        for segments, line_start in _logical_lines(text):
            pairs.append(_entry(segments, line_start, entry_spans))
    return pairs, entry_spans


def _parse_plain(text: str, pairs: list[tuple[str, str]], entry_spans: EntrySpans) -> None:
    """The common case, a file without backslashes: no continuations, no escapes, one regex per line."""
    line_number = 1
    line_offset = 0  # offset where `line_number` starts
    append_pair, append_spans = pairs.append, entry_spans.append
    for match in _PLAIN_LINE.finditer(text):
        _, key, separator, value, terminator = match.groups()
        if key or separator:
            append_pair((key, value.strip(_TRIMMED)))
            append_spans(_plain_spans(match, line_number, line_offset))
        if terminator and terminator[-1] == "\n":
            line_number += 1
            line_offset = match.end()


def _plain_spans(match: re.Match, line_number: int, line_offset: int) -> tuple[Span, Span]:
    """(key span, value span) of one `_PLAIN_LINE` match of an entry on line `line_number`, which starts
    at offset `line_offset`."""
    new_span = tuple.__new__  # Span(...) without NamedTuple's Python-level __new__
    key, separator, value = match.group(2, 3, 4)
    key_start = match.start(2) - line_offset + 1
    key_end = key_start + len(key) - 1 if key else key_start
    trimmed = value.strip(_TRIMMED)
    if not trimmed:
        after = (match.end(3) if separator else match.end(2)) - line_offset + 1
        value_span = new_span(Span, (line_number, after, line_number, after))
    else:
        lead = len(value) - len(value.lstrip(_TRIMMED)) if len(trimmed) != len(value) else 0
        value_start = match.start(4) + lead - line_offset + 1
        value_span = new_span(Span, (line_number, value_start, line_number, value_start + len(trimmed) - 1))
    return new_span(Span, (line_number, key_start, line_number, key_end)), value_span


def _logical_lines(text: str) -> Iterator[tuple[list[Segment], tuple[int, int]]]:
    """The logical lines of `Properties.LineReader.readLine`, with where each began (line, column)."""
    match_line = _PHYSICAL_LINE.match
    end = len(text)
    position = 0
    line_number = 1
    line_offset = 0  # offset where `line_number` starts
    segments: list[Segment] = []
    length = 0  # chars in the logical line so far (readLine's `len`)
    continued = False  # the previous physical line ended in an odd number of backslashes
    line_start = (1, 1)
    while position < end:
        match = match_line(text, position)
        content = match.group(1)
        terminator = match.group(2)
        position = match.end()
        if not content:
            # A blank line is skipped, except that it ends a continued logical line.
            if continued:
                continued = False
                if length:
                    yield segments, line_start
                    segments, length = [], 0
        elif not length and content[0] in "#!":
            # readLine tests for a comment whenever its buffer is empty, even on a continuation line
            # after a line that held only "\": comments never continue (and there are no inline ones).
            continued = False
        else:
            content_offset = match.start(1)
            if not length:
                line_start = (line_number, content_offset - line_offset + 1)
            backslashes = len(content) - len(content.rstrip("\\"))
            continued = backslashes % 2 == 1
            if continued:
                content = content[:-1]  # the backslash at end of line is not part of the line
            if content:
                segments.append((content_offset, content, line_number, line_offset))
                length += len(content)
            if not (continued and terminator and position < end):
                # The line ends. readLine returns `len` (less a dangling backslash) even when that is
                # 0, so a lone "\" before EOF is the entry ("", ""); but after "\\\r\n" it has already
                # skipped the '\n' and meets EOF with an empty buffer, which is no line at all.
                if length or not continued or terminator != "\r\n":
                    yield segments, line_start
                segments, length, continued = [], 0, False
        if terminator and terminator[-1] == "\n":
            line_number += 1
            line_offset = position


def _entry(segments: list[Segment], line_start: tuple[int, int], entry_spans: EntrySpans) -> tuple[str, str]:
    """`load0` on one logical line: the (key, trimmed value) pair; appends its spans."""
    if len(segments) == 1:
        chunk_offset, line, line_number, line_offset = segments[0]
        column = chunk_offset - line_offset + 1
        span = _one_line_span(line_number, column)
    else:
        line = "".join(segment[1] for segment in segments)
        span = _segments_span(segments, len(line), line_start)
    match = _ENTRY.match(line)
    key_end = match.end(1)
    value_start = match.end()
    raw_key = line[:key_end]
    raw_value = line[value_start:]
    key = _unescape(raw_key, 0, span)[0] if "\\" in raw_key else raw_key
    if "\\" in raw_value:
        value, first, last = _unescape(raw_value, value_start, span)
    else:
        value, first, last = raw_value, value_start, len(line) - 1
    trimmed = value.strip(_TRIMMED)
    if not trimmed:
        # Nothing after the separator: a point just after the '='/':' (or after the key).
        after = match.end(2) if match.group(2) else key_end
        value_span = span(after, after - 1)
    elif len(trimmed) == len(value):
        value_span = span(first, last)
    elif "\\" in raw_value:
        value_span = _trimmed_span(raw_value, value_start, span)
    else:
        lead = len(value) - len(value.lstrip(_TRIMMED))
        trail = len(value) - len(value.rstrip(_TRIMMED))
        value_span = span(first + lead, last - trail)
    entry_spans.append((span(0, key_end - 1), value_span))
    return key, trimmed


def _one_line_span(line_number: int, column: int) -> SpanOf:
    """Spans inside a logical line that is one physical line starting at `column`."""

    def span(first: int, last: int) -> Span:
        return Span(line_number, column + first, line_number, column + max(first, last))

    return span


def _segments_span(segments: list[Segment], length: int, line_start: tuple[int, int]) -> SpanOf:
    """Spans inside a logical line made of several physical pieces (or none: a lone "\\" at EOF)."""

    def position(index: int) -> tuple[int, int]:
        # One past the end is allowed: the point after a separator that ends the line.
        if not segments:
            return line_start
        if index >= length:
            chunk_offset, chunk, line_number, line_offset = segments[-1]
            return line_number, chunk_offset + len(chunk) - line_offset + 1
        for chunk_offset, chunk, line_number, line_offset in segments:
            if index < len(chunk):
                return line_number, chunk_offset + index - line_offset + 1
            index -= len(chunk)
        raise AssertionError("unreachable")

    def span(first: int, last: int) -> Span:
        line_number, column = position(first)
        if last < first:
            return Span(line_number, column, line_number, column)
        end_line, end_column = position(last)
        return Span(line_number, column, end_line, end_column)

    return span


def _unescape(raw: str, base: int, span: SpanOf) -> tuple[str, int, int]:
    """`loadConvert`: the decoded text; `base` places `raw` in its logical line for error spans."""

    def replace(match: re.Match) -> str:
        hex_digits, bad_u, other = match.groups()
        if hex_digits is not None:
            return chr(int(hex_digits, 16))
        if bad_u is not None:
            # Java reads up to four more chars of this key or value and rejects the first non-hex
            # one; Spark does not catch the IllegalArgumentException, so spark-submit fails.
            start = base + match.start()
            raise LoadError(
                "malformed \\uxxxx escape: java.util.Properties.load fails with "
                "IllegalArgumentException \"Malformed \\uxxxx encoding.\"",
                span(start, min(start + 5, base + len(raw) - 1)),
            )
        return _NAMED_ESCAPES.get(other, other)

    decoded = _ESCAPE.sub(replace, raw)
    if _SURROGATE.search(decoded):
        # Java strings are UTF-16: "\ud83d\ude00" is one emoji. Lone surrogates are kept as they are.
        decoded = decoded.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")
    return decoded, base, base + len(raw) - 1


def _trimmed_span(raw: str, base: int, span: SpanOf) -> Span:
    """Span of the raw text of a value with escapes, after trimExceptCRLF (which runs on decoded chars).

    Each escape decodes to one char, so walk the escapes and literals from each end, skipping those
    that trimming removes: `\\t` at the end of "v\\t" is trimmed; `\\n` is not.
    """
    pieces: list[tuple[int, int, str]] = []  # (raw start, raw end exclusive, decoded char)
    position = 0
    for match in _ESCAPE.finditer(raw):
        for literal_index in range(position, match.start()):
            pieces.append((literal_index, literal_index + 1, raw[literal_index]))
        hex_digits, _, other = match.groups()
        char = chr(int(hex_digits, 16)) if hex_digits is not None else _NAMED_ESCAPES.get(other, other)
        pieces.append((match.start(), match.end(), char))
        position = match.end()
    for literal_index in range(position, len(raw)):
        pieces.append((literal_index, literal_index + 1, raw[literal_index]))
    kept = [piece for piece in pieces if piece[2] not in _TRIMMED]
    return span(base + kept[0][0], base + kept[-1][1] - 1)
