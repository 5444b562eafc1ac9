"""Notebook loader: the sparkmagic `%%configure` cells of a Jupyter notebook (.ipynb).

sparkmagic's `%%configure [-f]` takes the rest of the cell as a JSON object of Livy session fields
(`KernelMagics.configure` runs `json.loads(cell)`: jupyter-incubator/sparkmagic,
sparkmagic/kernels/kernelmagics.py). Each such body becomes a Document whose spans point into the
.ipynb file itself: at the raw characters of the cell's source string tokens, escapes included,
because that file is what the user commits and what the pre-commit hook reports on.
"""

from __future__ import annotations

import re
from typing import Iterator, List, Optional, Tuple

from sparklint.knowledge.airflow import has_markers
from sparklint.load.json_load import load_json, parse_json, scan_spans
from sparklint.span import Span
from sparklint.tree import Document, LoadError, Pairs

# The first non-blank line of the cell is the magic, with any flags (`-f`, `--force`); the body
# starts on the next line. IPython drops leading blank lines before looking for a cell magic.
_MAGIC = re.compile(r"(?:[^\S\n]*\n)*(%%configure)(?!\S)[^\n]*\n?")

# One decoded character of a JSON string token: a surrogate pair escape (one code point once
# decoded, as `json` joins it), any other escape, or one raw character.
_RAW_CHARACTER = re.compile(
    r"\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}|\\.|.", re.DOTALL
)

# For each character of a cell's source: (file line, first file column, last file column).
Place = Tuple[int, int, int]


def code_cells(cells: list) -> Iterator[tuple[int, Pairs, object, list, str]]:
    """(index, cell, source as written, its parts, joined source) of each code cell whose source is
    text: a string, or a list of strings as nbformat writes it."""
    for cell_index, cell in enumerate(cells):
        if not isinstance(cell, Pairs) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source")
        parts = [source] if isinstance(source, str) else source
        if isinstance(parts, list) and all(isinstance(part, str) for part in parts):
            yield cell_index, cell, source, parts, "".join(parts)  # type: ignore[arg-type]


def load_notebook(path: str, text: str) -> tuple[list[Document], list[LoadError]]:
    """One Document per `%%configure` cell body, and one LoadError per body that does not parse.

    A notebook that is not valid JSON raises its LoadError. Valid JSON without a `cells` list is
    not a notebook we can read (nbformat 3 kept cells under `worksheets`) and yields nothing.
    """
    notebook = load_json(path, text)
    cells = notebook.root.get("cells") if isinstance(notebook.root, Pairs) else None
    documents: list[Document] = []
    errors: list[LoadError] = []
    if isinstance(cells, list) and has_markers(text):  # PySpark / Airflow code in code cells
        from sparklint.load.notebook_python import python_cells

        documents, errors = python_cells(path, text, notebook, cells)
    if not isinstance(cells, list) or "%" not in text:  # a C substring scan skips most notebooks
        return documents, errors
    if "glue_" in text or "_type" in text or "_workers" in text or "%spark_conf" in text:
        # A Glue kernelspec or Glue magics: the magics make a Glue session, not a Livy one.
        from sparklint.load.glue_notebook import glue_session, is_glue_notebook

        if is_glue_notebook(notebook.root, text):
            lines = text.split("\n")
            read = [(cell_source, cell_places(notebook, cell, source, parts, lines))
                    for _, cell, source, parts, cell_source in code_cells(cells) if "%" in cell_source]
            session, session_errors = glue_session(path, text, read)
            return documents + session, errors + session_errors
    if "%%configure" not in text:
        return documents, errors
    lines: Optional[List[str]] = None
    for cell_index, cell, source, parts, cell_source in code_cells(cells):
        magic = _MAGIC.match(cell_source)
        if magic is None:
            continue
        if lines is None:
            lines = text.split("\n")
        # The first span lookup scans the whole notebook once; notebooks without %%configure never do.
        places = cell_places(notebook, cell, source, parts, lines)
        try:
            documents.append(_load_body(path, text, cell_index, cell_source, magic, places))
        except LoadError as error:
            errors.append(LoadError(f"cell {cell_index + 1}: {error.message}", error.span))
    return documents, errors


def _load_body(path: str, text: str, cell_index: int, cell_source: str, magic: re.Match[str],
               places: list[Place]) -> Document:
    """The Document of one `%%configure` body, spans mapped into the notebook file."""
    body_start = magic.end()
    body = cell_source[body_start:]
    if not body.strip():
        raise LoadError("empty %%configure body", _point(places, magic.start(1)))
    try:
        root = parse_json(body)
    except LoadError as error:
        # json reports a body line and column; the body's own line starts turn it into an offset.
        at = magic.start(1) if error.span is None else body_start + _offset(body, error.span)
        raise LoadError(error.message, _point(places, at)) from None
    if not isinstance(root, Pairs):
        # sparkmagic hands the parsed body to its session settings as a dict of Livy fields.
        kind = "an array" if isinstance(root, list) else "a scalar"
        raise LoadError(f"the %%configure body must be a JSON object, not {kind}",
                        _point(places, body_start + len(body) - len(body.lstrip())))

    def make_span(start: int, end: int) -> Span:  # body offsets -> raw characters in the .ipynb
        line, column, _ = places[body_start + start]
        end_line, _, end_column = places[body_start + end - 1]
        return Span(line, column, end_line, end_column)

    spans = scan_spans(root, body, make_span)
    return Document(path, "notebook", root, text, index=cell_index, cell=cell_index, spans=spans)


def cell_places(notebook: Document, cell: Pairs, source: object, parts: list, lines: List[str]) -> List[Place]:
    """Where each character of a code cell's joined source is written in the .ipynb file."""
    if isinstance(source, str):
        tokens = [notebook.span_of(cell, cell.index("source"))]
    else:
        tokens = [notebook.span_of(source, index) for index in range(len(parts))]  # type: ignore[arg-type]
    return _source_places(parts, tokens, lines)


def _source_places(parts: list[str], tokens: list[Optional[Span]], lines: list[str]) -> list[Place]:
    """Where each character of the joined cell source is written in the notebook file."""
    places: list[Place] = []
    for part, token in zip(parts, tokens):
        if token is None:  # cannot happen for a tree built from this text; keep offsets aligned anyway
            places.extend([(1, 1, 1)] * len(part))
            continue
        # A JSON string token never spans lines (a raw newline in a string is invalid JSON).
        raw = lines[token.line - 1][token.column : token.end_column - 1]  # without the quotes
        first = token.column + 1
        token_places = []
        for match in _RAW_CHARACTER.finditer(raw):
            token_places.append((token.line, first + match.start(), first + match.end() - 1))
        if len(token_places) != len(part):  # defensive: point every character at the token
            token_places = [(token.line, token.column, token.end_column)] * len(part)
        places.extend(token_places)
    return places


def _offset(text: str, span: Span) -> int:
    """The 0-based offset in `text` of a span's start."""
    line_start = 0
    for _ in range(span.line - 1):
        line_start = text.index("\n", line_start) + 1
    return line_start + span.column - 1


def _point(places: list[Place], offset: int) -> Span:
    """A one-character span at a source offset; past the end, the closing quote of the last token."""
    if offset < len(places):
        line, column, _ = places[offset]
        return Span(line, column, line, column)
    line, _, last = places[-1]
    return Span(line, last + 1, line, last + 1)
