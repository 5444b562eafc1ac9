"""YAML loader: libyaml's event stream turned into `Pairs`/lists/scalars, with every entry's span.

Why events and not `yaml.compose_all`: the C composer (`CParser._compose_node`) recurses on the C
stack, one frame per nesting level, and a file of 40,000 `[` kills the process with a segmentation
fault (2,000 in a thread with a 512 KB stack, the macOS default), which no `except` can turn into a
finding. libyaml's parser keeps its own stacks, so reading its events in a loop bounds nothing but
memory. The loop does what the composer and PyYAML's SafeConstructor would do, without constructing
any object from a tag:

* scalars are typed by the same YAML 1.1 implicit resolvers PyYAML uses (`yaml.resolver.Resolver`),
  so `yes` is True, `0x1A` is 26 and `"1"` is "1"; other tags (`!Ref`, `!!timestamp`,
  `!!python/object`) keep their text;
* mappings keep duplicate keys; keys are the raw scalar text (`1`, `true` stay "1", "true");
* merge keys (`<<: *base`, `<<: [*a, *b]`) are expanded as in `SafeConstructor.flatten_mapping`:
  merged entries come first, so explicit keys win as the last duplicate;
* an alias yields the anchored value itself (shared, not copied), and the entries inside it keep the
  anchor's spans; what the aliases would expand to is counted so that a "billion laughs" file fails
  fast instead of making every later tree walk explode.

Spans come from libyaml's marks: 0-based line and column with an exclusive end, turned into
`Span`'s 1-based inclusive form. Columns count characters of `Document.text` (a BOM counts), like
`LineIndex`.
"""

from __future__ import annotations

import math
import re
from typing import Callable, Dict, Optional, Tuple

import yaml
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.resolver import Resolver

from sparklint.span import LineIndex, PackedSpans, Span
from sparklint.tree import Document, EntrySpans, LoadError, Pairs, Value

try:
    from yaml.cyaml import CParser as _Parser  # libyaml: scanner and parser in C
except ImportError:  # PyYAML built without libyaml
    from yaml import SafeLoader as _Parser  # type: ignore[assignment]

_BOM = "\ufeff"
_TAG = "tag:yaml.org,2002:"
_STR = _TAG + "str"
_MERGE = _TAG + "merge"

# A file may not make the tree walkers visit more nodes than this, aliases expanded, or
# twice its length in characters when that is more (no alias-free file comes near it).
_EXPANSION_FLOOR = 100_000
# Deeper documents are refused, like the JSON loader's: rules and `to_plain` walk trees recursively.
_MAX_DEPTH = 500

# Line breaks that libyaml counts (YAML 1.1 §5.4) but `LineIndex` does not: NEL, LS, PS, and a CR
# not followed by LF.
_ODD_BREAKS = ("\x85", "\u2028", "\u2029")
_BLOCK_STYLES = ("|", ">")
# A node's properties, tag and anchor in either order, with the space and comments after them.
_PROPERTIES = re.compile(r"(?:[!&][^\s,\[\]{}]*\s*(?:#[^\n]*\n\s*)*)*")


def _typed(converter: Callable[[str], object]) -> Callable[[str], Value]:
    """A scalar converter that falls back to the text when the text is not of its type."""

    def convert(text: str) -> Value:
        try:
            return converter(text)  # type: ignore[return-value]
        except (ValueError, KeyError, IndexError):
            return text

    return convert


def _yaml_int(text: str) -> int:
    """`SafeConstructor.construct_yaml_int`: YAML 1.1 ints (`0x1A`, `0b101`, `017`, `1_000`, `1:30`)."""
    digits = text.replace("_", "")
    sign = -1 if digits[0] == "-" else 1
    if digits[0] in "+-":
        digits = digits[1:]
    if digits == "0":
        return 0
    if digits.startswith("0b"):
        return sign * int(digits[2:], 2)
    if digits.startswith("0x"):
        return sign * int(digits[2:], 16)
    if digits[0] == "0":
        return sign * int(digits, 8)  # base 8 also takes `0o17`, written under an explicit !!int
    if ":" in digits:
        return sign * _sexagesimal(digits, int)  # type: ignore[return-value]
    return sign * int(digits)


def _yaml_float(text: str) -> float:
    """`SafeConstructor.construct_yaml_float`: `1.5`, `1_000.5`, `.inf`, `-.Inf`, `.NaN`, `1:30.5`."""
    digits = text.replace("_", "").lower()
    sign = -1 if digits[0] == "-" else 1
    if digits[0] in "+-":
        digits = digits[1:]
    if digits == ".inf":
        return sign * math.inf
    if digits == ".nan":
        return math.nan
    if ":" in digits:
        return sign * _sexagesimal(digits, float)
    return sign * float(digits)


def _sexagesimal(digits: str, number: Callable[[str], float]) -> float:
    total: float = 0
    for part in digits.split(":"):
        total = total * 60 + number(part)
    return total


_BOOLEANS = {"yes": True, "no": False, "true": True, "false": False, "on": True, "off": False}

# What a resolved tag makes of a scalar's text; tags not listed keep the text.
_CONVERTERS: Dict[str, Callable[[str], Value]] = {
    _TAG + "int": _typed(_yaml_int),
    _TAG + "float": _typed(_yaml_float),
    _TAG + "bool": _typed(lambda text: _BOOLEANS[text.lower()]),
    _TAG + "null": lambda text: None,
}

# PyYAML's implicit resolvers (YAML 1.1) by first character, wildcard ones appended, as
# `BaseResolver.resolve` tries them. Read from `Resolver`, not `SafeLoader`: other libraries add
# resolvers to `SafeLoader` (copy-on-write per class), which must not change how we read a file.
_WILDCARD = tuple((tag, regexp.match) for tag, regexp in Resolver.yaml_implicit_resolvers.get(None, []))
_IMPLICIT = {
    first: tuple((tag, regexp.match) for tag, regexp in resolvers) + _WILDCARD
    for first, resolvers in Resolver.yaml_implicit_resolvers.items()
    if first is not None
}


# Tags already resolved for plain scalars that some resolver could match (`name`, `true`, `1`):
# words like these repeat across files, and a dict lookup costs a tenth of a regex match.
_RESOLVED: Dict[str, str] = {}
_RESOLVED_LIMIT = 20_000


def _resolve(text: str, resolvers: tuple) -> str:
    """The tag of a plain scalar by `BaseResolver.resolve`'s rules: the first resolver that matches."""
    tag = _STR
    for candidate, match in resolvers:
        if match(text):
            tag = candidate
            break
    if len(_RESOLVED) >= _RESOLVED_LIMIT:
        _RESOLVED.clear()
    _RESOLVED[text] = tag
    return tag


def load_yaml(path: str, text: str) -> list[Document]:
    """One Document per non-empty YAML document of `text`, with spans. Raises only LoadError."""
    # libyaml skips a leading BOM without counting it in marks; strip it ourselves so marks and
    # offsets agree, and shift first-line columns back afterwards.
    source = text[1:] if text.startswith(_BOM) else text
    parser = None
    try:
        parser = _Parser(source)
        documents = _Builder(path, text, source, parser).documents()
    except yaml.MarkedYAMLError as error:
        span = _mark_span(error.problem_mark, text)
        if error.problem_mark is not None and _flow_depth_before(source, error.problem_mark.index) >= _MAX_DEPTH:
            # libyaml may stop first with its own nesting limit (its wording varies by release).
            raise LoadError(f"YAML nested too deeply (more than {_MAX_DEPTH} levels)", span) from None
        problem = error.problem or error.context
        raise LoadError(f"invalid YAML: {problem}", span) from None
    except yaml.reader.ReaderError as error:
        raise LoadError(f"invalid YAML: {_reader_problem(error)}", _reader_span(error, source, text)) from None
    except yaml.YAMLError as error:
        raise LoadError(f"invalid YAML: {error}") from None
    except UnicodeError:
        # A lone surrogate (a file decoded with errors="surrogateescape") cannot be encoded for libyaml.
        raise LoadError("invalid YAML: the text is not valid Unicode") from None
    except RecursionError:
        raise LoadError("YAML nested too deeply") from None
    finally:
        if parser is not None:
            parser.dispose()
    if source is not text:
        for document in documents:
            _shift_first_line(document.spans)
    return documents


_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\']|\'\')*\'')


def _flow_depth_before(source: str, index: int) -> int:
    """How many flow collections are open at `index`: brackets outside quoted scalars (error path only)."""
    head = _QUOTED.sub("", source[:index])
    return head.count("[") + head.count("{") - head.count("]") - head.count("}")


def _mark_span(mark: Optional[yaml.Mark], text: str) -> Optional[Span]:
    if mark is None:
        return None
    column = mark.column + 1 + (mark.line == 0 and text.startswith(_BOM))
    return Span(mark.line + 1, column, mark.line + 1, column)


def _reader_problem(error: yaml.reader.ReaderError) -> str:
    if not isinstance(error.character, int):
        return str(error)
    return f"unacceptable character #x{error.character:04x}: {error.reason}"


def _reader_span(error: yaml.reader.ReaderError, source: str, text: str) -> Optional[Span]:
    """Where a ReaderError (a control character) is: libyaml reports a UTF-8 byte offset."""
    position = error.position
    if _Parser is not yaml.SafeLoader:
        position = len(source.encode("utf-8", "surrogatepass")[:position].decode("utf-8", "ignore"))
    position += len(text) - len(source)
    return LineIndex(text).span(position, position + 1)


def _shift_first_line(spans: Dict[int, EntrySpans]) -> None:
    """Count the stripped BOM in first-line columns again, as `LineIndex` over `Document.text` does."""

    def shift(span: Optional[Span]) -> Optional[Span]:
        if span is None or span.line != 1:
            return span
        end_column = span.end_column + 1 if span.end_line == 1 else span.end_column
        return Span(1, span.column + 1, span.end_line, end_column)

    for container, entries in spans.items():
        shifted = [(shift(key), shift(value)) for key, value in entries]
        if isinstance(entries, PackedSpans):
            spans[container] = PackedSpans.of(shifted)  # type: ignore[assignment]
        else:
            entries[:] = shifted  # type: ignore[misc]


# A container's entry spans are packed (32 bytes an entry, not two Span tuples and a pair: about 330)
# once it has this many entries: a SparkApplication with 170,000 sparkConf entries held 56 MB of them
# (issue 18), and a small container stays a list, which is faster to fill.
_PACK_AT = 512


class _Builder:
    """Reads one file's events into Documents; a class only to share the text and the counters."""

    def __init__(self, path: str, text: str, source: str, parser: _Parser) -> None:
        self.path = path
        self.text = text
        self.source = source
        self.get_event = parser.get_event
        self.produced = 0  # nodes so far in this file, aliases expanded
        self.budget = max(_EXPANSION_FLOOR, 2 * len(text))
        self.spans: Dict[int, EntrySpans] = {}
        self.line_starts: Optional[list] = None  # offset of each line's first character, for source_text
        # Marks count lines as LineIndex does unless the text has other line breaks; then spans are
        # computed from character offsets instead (slower, and rare).
        self.line_index: Optional[LineIndex] = None
        if ("\r" in source and source.count("\r") != source.count("\r\n")) or any(
            brk in source for brk in _ODD_BREAKS
        ):
            self.line_index = LineIndex(source)

    def documents(self) -> list[Document]:
        documents: list[Document] = []
        get_event = self.get_event
        index = 0
        while True:
            kind = get_event().__class__
            if kind is DocumentStartEvent:
                self.spans = {}
                root = self.document()
                if root is not None:
                    documents.append(Document(self.path, "yaml", root, self.text, index=index, spans=self.spans))
                index += 1
            elif kind is StreamEndEvent:
                return documents

    def document(self) -> Value:
        """The root of the document whose start event was just read; fills `self.spans`."""
        get_event = self.get_event
        source = self.source
        slow = self.line_index is not None
        implicit_resolvers = _IMPLICIT
        resolved = _RESOLVED
        new_span = tuple.__new__  # Span(...) without NamedTuple's Python-level __new__: 0.3 us a span
        converters = _CONVERTERS
        spans = self.spans
        produced = self.produced
        budget = self.budget
        anchors: Dict[str, Tuple[Value, Span, int, Optional[str]]] = {}  # value, span, size, key text
        stack: list = []  # the state below of each enclosing collection
        # The innermost open collection: its items (values, or (key, value) pairs), their spans, ...
        items: list = []
        entries: EntrySpans = []
        opened = None  # its start event (None at the top level)
        opened_at = 0  # `produced` when it opened
        is_mapping = False
        expect_key = False  # in a mapping, the next value read is a key
        key = ""
        key_span: Optional[Span] = None
        merging = False  # the pending key is the merge key `<<`
        merged: Optional[list] = None  # entries merged in by `<<`, and their spans
        merged_entries: EntrySpans = []
        root: Value = None
        while True:
            event = get_event()
            kind = event.__class__
            if kind is ScalarEvent:
                text = event.value
                tag = event.tag
                if tag is None or tag == "!":
                    # As the composer does: plain scalars go through the implicit resolvers.
                    tag = _STR
                    if event.implicit[0]:
                        resolvers = implicit_resolvers.get(text[:1], _WILDCARD)
                        if resolvers:
                            tag = resolved.get(text) or _resolve(text, resolvers)
                value: Value = text if tag == _STR else converters.get(tag, str)(text)
                start = event.start_mark
                end = event.end_mark
                if slow:
                    span = self.span_at(start.index, end.index, event.style in _BLOCK_STYLES)
                elif end.index <= start.index:  # an empty scalar: a point
                    span = new_span(Span, (start.line + 1, start.column + 1, start.line + 1, start.column + 1))
                elif end.column and event.style not in _BLOCK_STYLES:
                    span = new_span(Span, (start.line + 1, start.column + 1, end.line + 1, end.column))
                else:
                    span = self.block_scalar_span(start, end)
                if end.index > start.index and source[start.index] in "!&":
                    span = self.after_properties(span, start, end.index)
                produced += 1
                key_text: Optional[str] = text
                if event.anchor is not None:
                    anchors[event.anchor] = (value, span, 1, text)
                if expect_key and tag == _MERGE:
                    merging = True
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                if opened is not None:
                    stack.append((items, entries, opened, opened_at, is_mapping, expect_key, key, key_span, merging,
                                  merged, merged_entries))
                    if len(stack) >= _MAX_DEPTH:
                        raise LoadError(f"YAML nested too deeply (more than {_MAX_DEPTH} levels)",
                                        self.mark_span(event.start_mark))
                produced += 1
                items, entries, opened, opened_at = [], [], event, produced
                is_mapping = expect_key = kind is MappingStartEvent
                merging = False
                merged = None
                continue
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                if is_mapping:
                    if merged is not None:  # flatten_mapping: merged entries first
                        items = merged + items
                        entries = merged_entries + list(entries)
                    value = Pairs(items)
                else:
                    value = items
                spans[id(value)] = entries
                span = self.collection_span(opened, event, entries)
                key_text = None  # only a complex key needs its text: computed then
                if opened.anchor is not None:
                    anchors[opened.anchor] = (value, span, produced - opened_at + 1, None)
                if stack:
                    (items, entries, opened, opened_at, is_mapping, expect_key, key, key_span, merging, merged,
                     merged_entries) = stack.pop()
                else:
                    opened = None
            elif kind is AliasEvent:
                if event.anchor not in anchors:
                    # The composer registers an anchor when its collection starts, so `&a [*a]` is a
                    # recursive structure there; here the collection is not finished: refuse it.
                    raise LoadError(f"invalid YAML: found undefined or recursive alias *{event.anchor}",
                                    self.mark_span(event.start_mark))
                value, anchored_span, size, key_text = anchors[event.anchor]
                produced += size
                if produced > budget:
                    raise LoadError("YAML alias expansion too large", self.mark_span(event.start_mark))
                start = event.start_mark
                end = event.end_mark
                if slow:
                    span = self.span_at(start.index, end.index, False)
                else:
                    span = new_span(Span, (start.line + 1, start.column + 1, end.line + 1, end.column))
                if key_text is None and expect_key:
                    # Only a key needs the text: computing it for every alias made 20,000 aliases
                    # of one mapping quadratic.
                    key_text = self.source_text(anchored_span)
            elif kind is DocumentEndEvent:
                self.produced = produced
                return root
            else:
                continue
            # Attach the value just read to the open collection.
            if opened is None:
                root = value
            elif not is_mapping:
                items.append(value)
                entries.append((None, span))
                if len(items) == _PACK_AT:
                    entries = PackedSpans.of(entries)  # type: ignore[assignment]
            elif expect_key:
                key = key_text if key_text is not None else self.source_text(span)
                key_span = span
                expect_key = False
            else:
                if merging:
                    if merged is None:
                        merged, merged_entries = [], []
                    self.merge(value, span, merged, merged_entries)
                    merging = False
                else:
                    items.append((key, value))
                    entries.append((key_span, span))
                    if len(items) == _PACK_AT:
                        entries = PackedSpans.of(entries)  # type: ignore[assignment]
                expect_key = True

    def merge(self, value: Value, span: Span, merged: list, merged_entries: EntrySpans) -> None:
        """`flatten_mapping`: add the entries of a merged mapping (or list of mappings)."""
        if isinstance(value, Pairs):
            mappings = [value]
        elif isinstance(value, list) and all(isinstance(item, Pairs) for item in value):
            mappings = value[::-1]  # earlier mappings in the list win, so they go last
        else:
            # SafeConstructor raises ConstructorError here, and so does Go's yaml (Kubernetes).
            raise LoadError("invalid YAML: a merge key `<<` needs a mapping or a list of mappings", span)
        for mapping in mappings:
            merged.extend(mapping.items())
            merged_entries.extend(self.spans[id(mapping)])

    # --- positions --------------------------------------------------------------------------

    def block_scalar_span(self, start: yaml.Mark, end: yaml.Mark) -> Span:
        """A block scalar's end mark follows its trailing line breaks: end at its last visible char."""
        source = self.source
        last = end.index - 1
        while last > start.index and source[last] in " \t\r\n":
            last -= 1
        end_line = end.line + 1 - source.count("\n", last, end.index)
        end_column = last - source.rfind("\n", 0, last)
        return Span(start.line + 1, start.column + 1, end_line, end_column)

    def collection_span(self, start_event: object, end_event: object, entries: EntrySpans) -> Span:
        start = start_event.start_mark  # type: ignore[attr-defined]
        end = end_event.end_mark  # type: ignore[attr-defined]
        if start_event.flow_style or not entries:  # type: ignore[attr-defined]
            if self.line_index is not None:
                span = self.span_at(start.index, end.index, False)
            else:
                span = tuple.__new__(Span, (start.line + 1, start.column + 1, end.line + 1, end.column))
        else:
            # A block collection's end mark is where the next token starts, after any comments: end
            # it with its last entry instead.
            last = entries[-1][1]
            if self.line_index is not None:
                first_line, first_column = self.line_index.position(start.index)
                span = Span(first_line, first_column, last.end_line, last.end_column)
            else:
                span = tuple.__new__(Span, (start.line + 1, start.column + 1, last.end_line, last.end_column))
        if self.source[start.index:start.index + 1] in ("!", "&"):
            span = self.after_properties(span, start, end.index)
        return span

    def after_properties(self, span: Span, start: yaml.Mark, end: int) -> Span:
        """Start a node's span at its content, after its tag and anchor (`!Sub 'x'`, `&base`).

        The quotes of a quoted scalar must come first: `Ref.span` looks for one to point inside it.
        """
        content = _PROPERTIES.match(self.source, start.index).end()
        if content >= end:
            return span  # a tag on an empty node (`!!null`): keep the tag
        if self.line_index is not None:
            line, column = self.line_index.position(content)
        else:
            line = start.line + 1 + self.source.count("\n", start.index, content)
            column = content - self.source.rfind("\n", 0, content)
        return Span(line, column, span.end_line, span.end_column)

    def span_at(self, start: int, end: int, block: bool) -> Span:
        """The span of source[start:end] by offsets, for texts with line breaks LineIndex does not count."""
        assert self.line_index is not None
        if block:
            while end - 1 > start and self.source[end - 1] in " \t\r\n\x85\u2028\u2029":
                end -= 1
        if end <= start:
            line, column = self.line_index.position(start)
            return Span(line, column, line, column)
        return self.line_index.span(start, end)

    def mark_span(self, mark: yaml.Mark) -> Span:
        return _mark_span(mark, self.text)  # type: ignore[return-value]

    def source_text(self, span: Span) -> str:
        """The text a span covers: the string form of a collection used as a mapping key."""
        starts = self.line_starts
        if starts is None:  # computed once: a split per complex key was quadratic in the file
            starts = self.line_starts = [0] + [match.end() for match in re.finditer("\n", self.source)]
        if span.line > len(starts):
            return ""
        end_line = min(span.end_line, len(starts))
        line_end = starts[end_line] - 1 if end_line < len(starts) else len(self.source)
        return self.source[starts[span.line - 1] + span.column - 1:min(starts[end_line - 1] + span.end_column, line_end)]
