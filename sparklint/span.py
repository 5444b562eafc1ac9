"""Source positions: 1-based line and column spans, and offset -> position conversion."""

from __future__ import annotations

from bisect import bisect_right
from typing import NamedTuple


class Span(NamedTuple):
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


class LineIndex:
    """Converts 0-based character offsets into 1-based (line, column); built once per text (ruff's LineIndex)."""

    __slots__ = ("_starts",)

    def __init__(self, text: str) -> None:
        starts = [0]
        find = text.find
        position = find("\n")
        while position != -1:
            starts.append(position + 1)
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
