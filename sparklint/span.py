"""Source positions: 1-based line and column spans, and offset -> position conversion."""

from __future__ import annotations

from bisect import bisect_right
from typing import Iterable, Iterator, Optional

from sparklint.records import Record


class Span(Record):
    """A region of a file. Lines and columns are 1-based; the end is inclusive of its column."""

    line: int
    column: int
    end_line: int
    end_column: int

    def shifted(self, start: int, end: int) -> Span:
        """The sub-span from character `start` to `end` (0-based, exclusive) of a one-line span's text.

        Used to point inside a string value (a `--conf` in `sparkSubmitParameters`). A multi-line span
        cannot be shifted reliably, so it is returned whole.
        """
        if self.line != self.end_line:
            return self
        return Span(self.line, self.column + start, self.line, self.column + max(start, end - 1))


def line_starts(text: str) -> list[int]:
    """The offset of each line's first character, as a list (the fastest to bisect in a hot loop)."""
    starts = [0]
    find = text.find
    position = find("\n")
    while position != -1:
        starts.append(position + 1)
        position = find("\n", position + 1)
    return starts


class LineIndex:
    """Converts 0-based character offsets into 1-based (line, column); built once per text (ruff's LineIndex).

    The line starts are an array of machine ints, 8 bytes a line: a list of ints costs 36 (the fix
    resolver keeps one per file; a million-line file's was 38 MB, issue 18). `bisect` reads either.
    """

    __slots__ = ("_starts",)

    def __init__(self, text: str) -> None:
        from array import array

        starts = array("q", (0,))
        append = starts.append
        find = text.find
        position = find("\n")
        while position != -1:
            append(position + 1)
            position = find("\n", position + 1)
        self._starts = starts

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1

    def span(self, start: int, end: int) -> Span:
        """Span of text[start:end] (end exclusive, end > start)."""
        line, column = self.position(start)
        end_line, end_column = self.position(max(start, end - 1))
        return Span(line, column, end_line, end_column)


class PackedSpans:
    """(key span, value span) of each entry of a container, packed as 8 machine ints an entry.

    A list of two Span tuples an entry costs about 250 bytes (the tuples and their line numbers);
    this costs 32. The properties loader fills its positions into one of these when a finding needs
    any (a million-line file then took 250 MB), and `Document.span_of` reads one entry back. It is a
    read-only sequence of (Optional[Span], Span) pairs, like the list it replaces.
    """

    __slots__ = ("_numbers",)

    def __init__(self) -> None:
        from array import array

        self._numbers = array("i")

    @classmethod
    def of(cls, entries: Iterable[tuple[Optional[Span], Span]]) -> PackedSpans:
        """These entries, packed."""
        packed = cls()
        for entry in entries:
            packed.append(entry)
        return packed

    def append(self, entry: tuple[Optional[Span], Span]) -> None:
        key_span, value_span = entry
        self._numbers.extend(key_span if key_span is not None else _NO_SPAN)
        self._numbers.extend(value_span)

    def __len__(self) -> int:
        return len(self._numbers) // 8

    def __getitem__(self, index: int) -> tuple[Optional[Span], Span]:
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("entry index out of range")
        numbers = self._numbers[index * 8:index * 8 + 8]
        key_span = Span(*numbers[:4]) if numbers[0] else None
        return key_span, Span(*numbers[4:])

    def __iter__(self) -> Iterator[tuple[Optional[Span], Span]]:
        for index in range(len(self)):
            yield self[index]

    def __eq__(self, other: object) -> bool:  # equal to the list of the same entries
        if isinstance(other, (PackedSpans, list, tuple)):
            return len(self) == len(other) and all(mine == theirs for mine, theirs in zip(self, other))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]


_NO_SPAN = (0, 0, 0, 0)  # line 0: no key span (lines are 1-based)
