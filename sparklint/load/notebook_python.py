"""PySpark settings in a notebook's code cells: each cell that names SparkSession, SparkConf or an Airflow
Spark operator is parsed with `ast` (sparklint/load/python_ast.py), its spans mapped to the raw characters
of the cell's source strings in the .ipynb file.

IPython lines that are not Python (`%pip install ...`, `!ls`, `%%sql` cells) are left out: a line magic
or shell escape is blanked (line numbers and columns of the other lines stay), a cell magic (on any line:
Glue kernels take line magics before `%%configure`) skips the cell. A cell that still does not parse is skipped; its error is a note, never SL001.
"""

from __future__ import annotations

import re
from typing import Optional

from sparklint.knowledge.airflow import has_markers
from sparklint.span import Span
from sparklint.tree import Document, LoadError, Pairs

_IPYTHON_LINE = re.compile(r"^[ \t]*[%!]")
# A cell magic (`%%sql`, `%%configure`) makes the rest of the cell another language; Glue and sparkmagic
# kernels accept line magics before it (`%glue_version 3.0` then `%%configure`).
_CELL_MAGIC = re.compile(r"^[ \t]*%%", re.MULTILINE)


def python_cells(path: str, text: str, notebook: Document, cells: list) -> tuple[list[Document], list[LoadError]]:
    """Documents of the code cells' operator calls and session chains, and one note per cell that does not parse."""
    from sparklint.load.notebook import cell_places, code_cells
    from sparklint.load.python_ast import parse_python, read_module

    documents: list[Document] = []
    errors: list[LoadError] = []
    lines: Optional[list[str]] = None
    for cell_index, cell, source, parts, cell_source in code_cells(cells):
        if not has_markers(cell_source) or _CELL_MAGIC.search(cell_source):
            continue
        cell_lines = cell_source.split("\n")
        python = "\n".join("" if _IPYTHON_LINE.match(line) else line for line in cell_lines)
        tree, cell_errors, dropped = parse_python(python)
        for error in cell_errors:
            errors.append(LoadError(f"cell {cell_index + 1}: {error.message}", None, certain=False))
        if tree is None:
            continue
        if lines is None:
            lines = text.split("\n")
        places = cell_places(notebook, cell, source, parts, lines)
        to_span = _converter(cell_lines, places)
        for document in read_module(path, text, tree, to_span, frozenset(dropped), cell=cell_index):
            document.index = len(documents)
            documents.append(document)
    return documents, errors


def _converter(cell_lines: list[str], places: list):
    """ast positions in the cell's source -> Spans in the .ipynb file."""
    starts = [0]
    for line in cell_lines:
        starts.append(starts[-1] + len(line) + 1)

    def offset(line: int, byte_column: int) -> int:
        text = cell_lines[line - 1] if 0 < line <= len(cell_lines) else ""
        column = byte_column if text.isascii() else len(text.encode("utf-8")[:byte_column].decode("utf-8", "ignore"))
        return starts[min(max(line, 1), len(starts)) - 1] + column

    def to_span(line: int, column: int, end_line: int, end_column: int) -> Span:
        if not places:
            return Span(1, 1, 1, 1)
        start = min(offset(line, column), len(places) - 1)
        end = min(max(offset(end_line, end_column) - 1, start), len(places) - 1)
        first, last = places[start], places[end]
        return Span(first[0], first[1], last[0], last[2])

    return to_span
