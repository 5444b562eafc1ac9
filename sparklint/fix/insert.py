"""A new entry of a map the file already has, written as the entry it follows (the anchor) is written.

The new entry copies the anchor's key quoting, its separator (` = `, `": "`, `: `, a tab) and its value
quoting, and goes where a person would put it:
- on a line of its own after the anchor's line, with the anchor's indentation (properties, YAML block
  maps, HCL), the anchor's line ending and, in HCL, its trailing comma;
- in JSON right after the anchor's value, as `,` + the anchor's line break and indentation + the entry,
  so the commas stay right whether the anchor was the last entry or not;
- after the anchor's value as `, entry` where the map is written on one line (`{"a": "1"}`, a YAML or
  HCL flow map, a notebook's `%%configure` source line, which cannot take a line break).
Anything else (a session builder's `.config(...)` call, a YAML list item's first key) gets no edit.
`sparklint.fix.apply` proves the result: the map must load with exactly this entry added.
"""

from __future__ import annotations

import re
from typing import Optional

from sparklint.fix.intent import Edit, Expect, Fix
from sparklint.tree import Document, Pairs

_LINE_END = re.compile(r"\r\n|\r|\n")
# What may follow an entry that has its line to itself.
_REST = {
    "properties": re.compile(r"[ \t]*\Z"),
    "yaml": re.compile(r"[ \t]*(?:#.*)?\Z"),
    "hcl": re.compile(r"[ \t]*,?[ \t]*(?:(?:#|//).*)?\Z"),
    "json": re.compile(r"[ \t]*,?[ \t]*\Z"),
}
_INDENT = {"yaml": re.compile(r"[ \t]*(?:-[ \t]+)*\Z")}  # a list item's first key: "- " becomes blanks
_NEXT_IN_LINE = re.compile(r"[ \t]*[,}]")  # a one-line map goes on after the anchor


def resolve_insert(fix: Fix, document: Document, container: Pairs, index: int, bounds: tuple[int, int, int, int],
                   encode) -> Optional[Edit]:
    """The edit adding `fix.key` = `fix.text` after entry `index` (whose key and value are at `bounds`:
    key start, key end, value start, value end); `encode(token, text, is_key)` writes a token in the
    anchor's style."""
    from sparklint.fix.resolve import make_edit, path_to

    syntax = document.syntax
    text = document.text
    key_start, key_end, value_start, value_end = bounds
    key = encode(text[key_start:key_end], fix.key, True)
    value = encode(text[value_start:value_end], fix.text, False)
    if key is None or value is None or value_start < key_end or fix.key in container.keys:
        return None
    entry = key + text[key_end:value_start] + value
    line_start = max(text.rfind("\n", 0, key_start), text.rfind("\r", 0, key_start)) + 1
    prefix = text[line_start:key_start]
    ending = _LINE_END.search(text, value_end)
    line_end = ending.start() if ending else len(text)
    rest = text[value_end:line_end]
    newline = ending.group() if ending else _first_newline(text)
    own_line = (syntax in _REST and _REST[syntax].match(rest) is not None
                and (_INDENT.get(syntax) or re.compile(r"[ \t]*\Z")).match(prefix) is not None)
    if own_line and syntax == "json":
        at, piece = value_end, "," + newline + prefix + entry
    elif own_line:
        indent = prefix.replace("-", " ")
        comma = "," if syntax == "hcl" and rest.lstrip(" \t").startswith(",") else ""
        if ending:
            at, piece = ending.end(), indent + entry + comma + newline
        else:
            at, piece = len(text), newline + indent + entry + comma
    elif syntax in ("json", "notebook", "yaml", "hcl") and _NEXT_IN_LINE.match(text, value_end):
        at, piece = value_end, ", " + entry
    else:
        return None
    path = path_to(document.root, container)
    if path is None:
        return None
    expect = Expect(syntax, document.index, -1 if document.cell is None else document.cell, path, index,
                    "insert", fix.key, fix.text)
    return make_edit(fix, document, at, at, piece, expect)


def _first_newline(text: str) -> str:
    found = _LINE_END.search(text)
    return found.group() if found else "\n"
