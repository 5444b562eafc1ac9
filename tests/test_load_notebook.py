"""load_notebook: sparkmagic %%configure cells, with positions mapped into the .ipynb file."""

from __future__ import annotations

import json
from typing import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sparklint.load.notebook import load_notebook
from sparklint.span import Span
from sparklint.tree import Document, LoadError, Pairs, to_plain

# As Jupyter writes it (indent 1), with cells that exercise each case; line numbers are asserted.
NOTEBOOK = r'''{
 "cells": [
  {
   "cell_type": "markdown",
   "metadata": {},
   "source": [
    "%%configure\n",
    "{\"ignored\": true}"
   ]
  },
  {
   "cell_type": "code",
   "execution_count": 1,
   "metadata": {},
   "outputs": [],
   "source": [
    "%%configure -f\n",
    "{\n",
    "    \"driverMemory\": \"4g\",\n",
    "    \"conf\": {\"spark.executor.instances\": \"2\", \"spark.app.name\": \"say \\\"hi\\\"\"}\n",
    "}"
   ]
  },
  {
   "cell_type": "code",
   "execution_count": 2,
   "metadata": {},
   "outputs": [],
   "source": [
    "df = spark.range(10)\n",
    "df.count()"
   ]
  },
  {
   "cell_type": "code",
   "execution_count": null,
   "metadata": {},
   "outputs": [],
   "source": "%%configure\n{\"numExecutors\": 4, \"name\": \"caf\u00e9\"}"
  },
  {
   "cell_type": "code",
   "execution_count": null,
   "metadata": {},
   "outputs": [],
   "source": [
    "%%configure -f\n",
    "{\"executorMemory\": \"8g\",\n",
    " \"executorCores\" 4}"
   ]
  },
  {
   "cell_type": "code",
   "execution_count": null,
   "metadata": {},
   "outputs": [],
   "source": [
    "\n",
    "%%configure --force\n",
    "{\"executorCores\": 2}"
   ]
  },
  {
   "cell_type": "code",
   "execution_count": null,
   "metadata": {},
   "outputs": [],
   "source": ["%%configure\n"]
  },
  {
   "cell_type": "code",
   "execution_count": null,
   "metadata": {},
   "outputs": [],
   "source": ["%%configured\n", "{}"]
  }
 ],
 "metadata": {"kernelspec": {"display_name": "PySpark", "language": "python", "name": "pysparkkernel"}},
 "nbformat": 4,
 "nbformat_minor": 5
}
'''


def entries(document: Document, container: Pairs | list) -> list[tuple[object, object]]:
    """(key span, value span) of every entry, as plain tuples: what a user would read as line/column."""
    return [
        (document.span_of(container, index, on_key=True) if isinstance(container, Pairs) else None,
         document.span_of(container, index))
        for index in range(len(container))
    ]


def test_configure_cells_become_documents() -> None:
    documents, errors = load_notebook("session.ipynb", NOTEBOOK)
    assert [(document.cell, document.index, document.syntax) for document in documents] == [
        (1, 1, "notebook"),
        (3, 3, "notebook"),
        (5, 5, "notebook"),
    ]
    assert [to_plain(document.root) for document in documents] == [
        {"driverMemory": "4g", "conf": {"spark.executor.instances": "2", "spark.app.name": 'say "hi"'}},
        {"numExecutors": 4, "name": "café"},
        {"executorCores": 2},
    ]
    assert all(document.text == NOTEBOOK and document.path == "session.ipynb" for document in documents)


def test_source_list_positions_account_for_escaped_quotes() -> None:
    # Line 19:     "    \"driverMemory\": \"4g\",\n",
    # Line 20:     "    \"conf\": {\"spark.executor.instances\": \"2\", \"spark.app.name\": \"say \\\"hi\\\"\"}\n",
    document = load_notebook("session.ipynb", NOTEBOOK)[0][0]
    root = document.root
    assert entries(document, root) == [
        ((19, 10, 19, 25), (19, 28, 19, 33)),
        ((20, 10, 20, 17), (20, 20, 20, 96)),
    ]
    assert entries(document, root.get("conf")) == [
        ((20, 21, 20, 48), (20, 51, 20, 55)),
        ((20, 58, 20, 75), (20, 78, 20, 95)),
    ]


def test_single_string_source_maps_within_the_token() -> None:
    # Line 39:    "source": "%%configure\n{\"numExecutors\": 4, \"name\": \"caf\u00e9\"}"
    document = load_notebook("session.ipynb", NOTEBOOK)[0][1]
    assert entries(document, document.root) == [
        ((39, 29, 39, 44), (39, 47, 39, 47)),
        ((39, 50, 39, 57), (39, 60, 39, 72)),  # "\u00e9" is one character, six raw columns
    ]


def test_force_flag_after_a_blank_line() -> None:
    # Line 60:     "{\"executorCores\": 2}"
    document = load_notebook("session.ipynb", NOTEBOOK)[0][2]
    assert entries(document, document.root) == [((60, 7, 60, 23), (60, 26, 60, 26))]


def test_broken_bodies_are_errors_and_other_cells_still_load() -> None:
    documents, errors = load_notebook("session.ipynb", NOTEBOOK)
    assert len(documents) == 3
    assert [(error.message.split(": Expecting")[0], error.span) for error in errors] == [
        # Line 49:     " \"executorCores\" 4}"   (the ':' is missing before the 4); json's wording is not ours
        ("cell 5: invalid JSON", (49, 25, 49, 25)),
        # Line 68:    "source": ["%%configure\n"]
        ("cell 7: empty %%configure body", (68, 16, 68, 16)),
    ]


def notebook(*sources: object, cell_type: str = "code") -> str:
    """A notebook as Jupyter writes it; the first cell's "source" starts on line 7."""
    cells = [{"cell_type": cell_type, "metadata": {}, "outputs": [], "source": source} for source in sources]
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1)


def test_error_at_end_of_body_points_at_the_closing_quote() -> None:
    text = notebook(["%%configure\n", '{"a": 1,'])
    errors = load_notebook("x.ipynb", text)[1]
    line = text.split("\n").index('    "{\\"a\\": 1,"') + 1
    assert [(error.message.startswith("cell 1: invalid JSON: "), error.span) for error in errors] == [
        (True, (line, 16, line, 16)),
    ]


def test_body_must_be_an_object() -> None:
    text = notebook("%%configure\n[1, 2]")
    errors = load_notebook("x.ipynb", text)[1]
    assert [(error.message, error.span) for error in errors] == [
        ("cell 1: the %%configure body must be a JSON object, not an array", (7, 28, 7, 28)),
    ]


def test_surrogate_pair_escape_is_one_character() -> None:
    text = notebook('%%configure\n{"name": "\U0001f600", "n": 1}')  # json.dumps writes \ud83d\ude00
    assert '\\"\\ud83d\\ude00\\"' in text
    document = load_notebook("x.ipynb", text)[0][0]
    assert entries(document, document.root) == [((7, 29, 7, 36), (7, 39, 7, 54)), ((7, 57, 7, 61), (7, 64, 7, 64))]


def test_string_split_across_source_lines_gets_a_two_line_span() -> None:
    # nbformat splits sources with str.splitlines, which also breaks at U+2028 inside a JSON string.
    text = notebook(["%%configure\n", '{"name": "a\u2028', 'b", "n": 1}'])
    document = load_notebook("x.ipynb", text)[0][0]
    assert document.root.get("name") == "a\u2028b"
    # Line 9:     "{\"name\": \"a\u2028",    line 10:     "b\", \"n\": 1}"
    assert entries(document, document.root) == [((9, 7, 9, 14), (9, 17, 10, 8)), ((10, 11, 10, 15), (10, 18, 10, 18))]


def test_cells_without_configure_are_ignored() -> None:
    text = notebook("%%configured\n{}", "  %%configure\n{}", "print(1)", ["%%sql\n", "SELECT 1"])
    assert load_notebook("x.ipynb", text) == ([], [])
    assert load_notebook("x.ipynb", notebook("%%configure\n{}", cell_type="markdown")) == ([], [])


def test_not_a_notebook_yields_nothing() -> None:
    assert load_notebook("x.ipynb", '{"nbformat": 3, "worksheets": []}') == ([], [])
    assert load_notebook("x.ipynb", "[1, 2]") == ([], [])


def test_malformed_notebook_raises() -> None:
    with pytest.raises(LoadError) as caught:
        load_notebook("x.ipynb", '{\n "cells": [\n  {"cell_type": "code",}\n ]\n}')
    assert caught.value.message.startswith("invalid JSON: ")
    assert caught.value.span == (3, 24, 3, 24)


# --- property: each mapped span covers the raw characters of its key or value ---------------------

scalars = st.none() | st.booleans() | st.integers() | st.text(st.characters(blacklist_categories=()), max_size=8)
bodies = st.dictionaries(
    st.text(st.characters(blacklist_categories=()), max_size=8),
    st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner,
                                                                                     max_size=3), max_leaves=8),
    max_size=5,
)


def containers(value: object) -> Iterator[Pairs | list]:
    if isinstance(value, (Pairs, list)):
        yield value
        for item in value.values if isinstance(value, Pairs) else value:
            yield from containers(item)


def raw_text(lines: list[str], span: Span) -> str:
    return lines[span.line - 1][span.column - 1 : span.end_column]


@settings(max_examples=200, deadline=None)
@given(body=bodies, indent=st.sampled_from([None, 1, 4]), as_list=st.booleans(), ensure_ascii=st.booleans(),
       flags=st.sampled_from(["", " -f", " --force"]))
def test_mapped_spans_cover_raw_tokens(body: dict, indent: int | None, as_list: bool, ensure_ascii: bool,
                                       flags: str) -> None:
    cell = f"%%configure{flags}\n" + json.dumps(body, indent=indent, ensure_ascii=ensure_ascii)
    source = cell.splitlines(keepends=True) if as_list else cell
    cells = [{"cell_type": "code", "metadata": {}, "outputs": [], "source": source}]
    text = json.dumps({"cells": cells}, indent=1, ensure_ascii=ensure_ascii)
    documents, errors = load_notebook("h.ipynb", text)
    assert errors == [] and len(documents) == 1
    document = documents[0]
    assert to_plain(document.root) == body
    lines = text.split("\n")
    for container in containers(document.root):
        items = container.items() if isinstance(container, Pairs) else ((None, item) for item in container)
        for (key, item), (key_span, value_span) in zip(items, document.spans[id(container)]):
            # nbformat splits source lines at "\x85" and "\u2028" too, so a string can straddle two
            # source tokens (two file lines); the raw-text check below needs one line.
            if key_span is not None and key_span.line == key_span.end_line:
                # The raw characters are part of a JSON string token: decode them twice to get the key.
                assert json.loads(json.loads(f'"{raw_text(lines, key_span)}"')) == key
            if isinstance(item, (Pairs, list)):
                opening, closing = ("{", "}") if isinstance(item, Pairs) else ("[", "]")
                assert lines[value_span.line - 1][value_span.column - 1] == opening
                assert lines[value_span.end_line - 1][value_span.end_column - 1] == closing
            elif value_span.line == value_span.end_line:
                assert json.loads(json.loads(f'"{raw_text(lines, value_span)}"')) == item
