"""The loaded form of a file: a tree of plain values whose positions are kept beside it.

Loaders (one per syntax) produce a `Document`. Mappings are `Pairs` (duplicate keys kept, in file
order), sequences are `list`, scalars are `str`/`int`/`float`/`bool`/`None`. Positions are stored per
container in `Document.spans`: for each entry of a `Pairs` or `list`, `(key_span, value_span)`
(`key_span` is None for list items). A loader may fill the table lazily (the JSON loader scans for
positions only when a finding needs one); `Document.span_of` triggers that.
"""

from __future__ import annotations

from typing import Callable, Iterator, List, Optional, Tuple, Union

from sparklint.span import Span

Scalar = Union[str, int, float, bool, None]
Value = Union["Pairs", List["Value"], Scalar]
EntrySpans = List[Tuple[Optional[Span], Span]]


class Pairs:
    """An ordered mapping that keeps duplicate keys. Lookups return the last value (JSON/YAML semantics)."""

    __slots__ = ("keys", "values", "_positions")

    def __init__(self, pairs: list[tuple[str, Value]]) -> None:
        # Two comprehensions, not `zip(*pairs)`: a million-entry file would unpack a million arguments.
        self.keys: list[str] = [key for key, _ in pairs]
        self.values: list[Value] = [value for _, value in pairs]
        self._positions: dict[str, int] | None = None

    @classmethod
    def of(cls, keys: list[str], values: list[Value]) -> Pairs:
        """Pairs holding these two lists (not copied), of the same length."""
        pairs = cls.__new__(cls)
        pairs.keys, pairs.values, pairs._positions = keys, values, None
        return pairs

    @property
    def positions(self) -> dict[str, int]:
        """Key -> index of its last entry; built on first lookup (most nested maps are never looked up)."""
        positions = self._positions
        if positions is None:
            positions = self._positions = {key: index for index, key in enumerate(self.keys)}
        return positions

    def __len__(self) -> int:
        return len(self.keys)

    def __contains__(self, key: object) -> bool:
        return key in self.positions

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys)

    def __repr__(self) -> str:
        return f"Pairs({list(zip(self.keys, self.values))!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Pairs) and self.keys == other.keys and self.values == other.values

    __hash__ = None  # type: ignore[assignment]

    def get(self, key: str, default: Value = None) -> Value:
        index = self.positions.get(key)
        return default if index is None else self.values[index]

    def index(self, key: str) -> int:
        """Index of the last entry with this key, or -1."""
        return self.positions.get(key, -1)

    def items(self) -> Iterator[tuple[str, Value]]:
        return zip(self.keys, self.values)

    def entries(self) -> Iterator[tuple[int, str, Value]]:
        """(index, key, value) for every entry, duplicates included."""
        for index, key in enumerate(self.keys):
            yield index, key, self.values[index]

    def to_dict(self) -> dict[str, object]:
        """Plain nested dicts/lists (last duplicate wins); for tests and JSON output."""
        return {key: to_plain(self.values[index]) for key, index in self.positions.items()}


def to_plain(value: Value) -> object:
    if isinstance(value, Pairs):
        return value.to_dict()
    if isinstance(value, list):
        return [to_plain(item) for item in value]
    return value


class LoadError(Exception):
    """A file that cannot be parsed. Becomes an SL001 finding (or a skip note when it is not ours).

    `certain` is False when the loader reads only a subset of the syntax (Terraform): its failure may
    be sparklint's limit, not a mistake in the file, so it is a skip note, never a finding.
    """

    def __init__(self, message: str, span: Span | None = None, certain: bool = True) -> None:
        super().__init__(message)
        self.message = message
        self.span = span
        self.certain = certain


class Document:
    """One parsed document of a file (a YAML file may hold several)."""

    __slots__ = ("path", "syntax", "root", "text", "index", "spans", "_fill_spans", "cell", "_lines")

    def __init__(
        self,
        path: str,
        syntax: str,
        root: Value,
        text: str,
        *,
        index: int = 0,
        spans: dict[int, EntrySpans] | None = None,
        fill_spans: Callable[[Document], None] | None = None,
        cell: int | None = None,
    ) -> None:
        self.path = path
        self.syntax = syntax  # "properties" | "json" | "yaml" | "notebook"
        self.root = root
        self.text = text
        self.index = index  # document number within the file (YAML `---`), or cell index
        self.spans: dict[int, EntrySpans] = spans if spans is not None else {}
        self._fill_spans = fill_spans
        self.cell = cell  # notebook cell index (0-based) when the document is a %%configure body
        self._lines: list[str] | None = None

    def char_at(self, span: Span) -> str:
        """The character where `span` starts ("" when out of range); tells a quoted token from a bare one."""
        if self._lines is None:
            self._lines = self.text.split("\n")
        if span.line > len(self._lines):
            return ""
        line = self._lines[span.line - 1]
        return line[span.column - 1] if 0 < span.column <= len(line) else ""

    def entry_spans(self, container: Pairs | list) -> EntrySpans | None:
        """(key span, value span) of each entry of `container`, computing positions if needed."""
        if self._fill_spans is not None:
            fill, self._fill_spans = self._fill_spans, None
            fill(self)
        return self.spans.get(id(container))

    def span_of(self, container: Pairs | list, index: int, on_key: bool = False) -> Span | None:
        """Span of entry `index` of `container` (its key when `on_key`), computing positions if needed."""
        entries = self.entry_spans(container)
        if entries is None or index >= len(entries):
            return None
        key_span, value_span = entries[index]
        return key_span if on_key and key_span is not None else value_span


class Ref:
    """Where a setting was written: an entry of a container in a document, or a fixed span.

    `start`/`end` point inside a one-line string value (a `--conf k=v` inside `sparkSubmitParameters`).

    Nearly every ref is a plain entry (document, container, index): those are instances of `Ref` itself,
    with three slots (40 bytes); the others (`on_key`, `start`/`end`, `fixed`) are a `_DetailedRef`
    (72 bytes). A million-entry spark-defaults.conf holds a million refs (issue 18).
    """

    __slots__ = ("document", "container", "index")
    on_key = False
    start: int | None = None
    end: int | None = None
    fixed: Span | None = None

    def __new__(
        cls,
        document: Document | None,
        container: Pairs | list | None = None,
        index: int = 0,
        *,
        on_key: bool = False,
        start: int | None = None,
        end: int | None = None,
        fixed: Span | None = None,
    ) -> Ref:
        if on_key or start is not None or end is not None or fixed is not None:
            ref: Ref = object.__new__(_DetailedRef)
            ref.on_key, ref.start, ref.end, ref.fixed = on_key, start, end, fixed  # type: ignore[misc]
        else:
            ref = object.__new__(Ref)
        ref.document, ref.container, ref.index = document, container, index
        return ref

    @classmethod
    def at(cls, document: Document | None, span: Span) -> Ref:
        return cls(document, fixed=span)

    def key(self) -> Ref:
        """A ref to the key of this entry (for findings about the key's name, not its value)."""
        if self.start is not None or self.fixed is not None or self.on_key:
            return self  # inside a string (a `--conf k=v`) or a fixed span: already as precise as it gets
        return Ref(self.document, self.container, self.index, on_key=True)

    def inside(self, start: int, end: int) -> Ref:
        """A ref to characters [start, end) of this ref's string value."""
        return Ref(self.document, self.container, self.index, on_key=self.on_key, start=start, end=end,
                   fixed=self.fixed)

    @property
    def span(self) -> Span | None:
        span = self.fixed
        if span is None and self.document is not None and self.container is not None:
            span = self.document.span_of(self.container, self.index, self.on_key)
        if span is not None and self.start is not None and self.end is not None:
            # A quoted JSON/YAML string starts at its quote; in a properties file a quote is part of the value.
            # A JSON string inside a notebook cell (a %%configure body) starts at its escaped quote, `\"`.
            document = self.document
            first = document.char_at(span) if document is not None and document.syntax != "properties" else ""
            quote = 1 if first in ('"', "'") else 2 if first == "\\" and document.syntax == "notebook" else 0
            span = span.shifted(self.start + quote, self.end + quote)
        return span


class _DetailedRef(Ref):
    """A ref to an entry's key, to characters inside its value, or to a fixed span (see `Ref`)."""

    __slots__ = ("on_key", "start", "end", "fixed")
