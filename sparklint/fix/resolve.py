"""From a rule's `Fix` to an `Edit`: the file's characters to replace, from the loader's spans.

The new text is written as the file already writes that token: a JSON or YAML string keeps its quote
style, a number or a plain YAML scalar that needs quoting gets double quotes, a value in a notebook's
`%%configure` body is escaped once more for the cell's source string. Only a setting that sits
literally in the file (its key and value there are the Spark key and value) is fixed: a value inside
a spark-submit string or a native field the dialect renames is left alone (None). `sparklint.fix.apply`
then proves each edit by loading the result before anything is written.
"""

from __future__ import annotations

import json
import re
from typing import Optional

from sparklint.fix.intent import Edit, Expect, Fix
from sparklint.span import LineIndex, Span
from sparklint.tree import Document, Pairs

# Text that needs no quoting or escaping in any syntax we write (keys and values such as
# spark.executor.memory, 1536m, org.apache.spark.serializer.KryoSerializer, ${secrets:scope/key}).
_PLAIN = re.compile(r"[A-Za-z0-9_.\-/+][A-Za-z0-9_.\-/+:@]*\Z")
_PROPERTIES_SAFE = re.compile(r"[^\\\s#!=:][^\\\r\n]*\Z")  # no escapes needed in a properties value
_PROPERTIES_KEY = re.compile(r"[^\\\s#!=:][^\\\s=:]*\Z")
# Plain YAML scalars that a YAML 1.1 loader reads as something else than the string (booleans, null,
# numbers, sexagesimals): such a value is written double-quoted.
_YAML_NOT_STRING = re.compile(r"(?i:y|n|yes|no|on|off|true|false|null|~|[-+]?\.(?:inf|nan))|[-+.0-9_:eE]+")

_indexes: dict[int, tuple[str, LineIndex]] = {}  # id(text) -> (text, its LineIndex): one per file


def resolve(fix: Fix) -> Optional[Edit]:
    """The edit for `fix`, or None when the setting is not one entry of a container in its file."""
    setting = fix.setting
    ref = setting.ref
    if ref is None or ref.document is None or ref.container is None or ref.fixed is not None:
        return None
    document, container, index = ref.document, ref.container, ref.index
    if not isinstance(container, Pairs) or index >= len(container):
        return None
    if ref.start is not None:
        from sparklint.fix.inside import resolve_inside

        return resolve_inside(fix)
    if container.keys[index] != setting.key or scalar_text(container.values[index]) != setting.value:
        return None  # the dialect maps this field (a prefix, a renamed native field): not a literal entry
    entries = document.entry_spans(container)
    if entries is None or index >= len(entries) or entries[index][0] is None:
        return None
    key_span, value_span = entries[index]
    text = document.text
    lines = line_index(text)
    if fix.action == "insert":
        if value_span is None or not setting.value or document.syntax == "python":
            return None  # a builder call is not an entry to copy
        from sparklint.fix.insert import resolve_insert

        bounds = (*_bounds(lines, key_span), *_bounds(lines, value_span))
        return resolve_insert(fix, document, container, index, bounds,
                              lambda token, new, is_key: _encoded(document.syntax, token, new, is_key))
    if fix.action == "delete":
        located = _deletion(document, entries, index, lines)
        if located is None:
            return None
        start, end = located
        replacement = ""
    elif fix.action == "key_value":  # one edit from the key to the value, what lies between kept
        if value_span is None or not setting.value:
            return None
        start, key_end = _bounds(lines, key_span)
        value_start, end = _bounds(lines, value_span)
        key = _encoded(document.syntax, text[start:key_end], fix.key, True)
        value = _encoded(document.syntax, text[value_start:end], fix.text, False)
        if key is None or value is None or value_start < key_end:
            return None
        replacement = key + text[key_end:value_start] + value
    else:
        span = key_span if fix.action == "key" else value_span
        if span is None:
            return None
        start, end = _bounds(lines, span)
        if fix.action == "value" and document.syntax == "properties" and not setting.value:
            end = start  # an empty value's span is the point after the separator
        encoded = _encoded(document.syntax, text[start:end], fix.text, fix.action == "key")
        if encoded is None:
            return None
        replacement = encoded
    path = path_to(document.root, container)
    if path is None:
        return None
    new_key = fix.key if fix.action == "key_value" else fix.text
    expect = Expect(document.syntax, document.index, -1 if document.cell is None else document.cell, path, index,
                    fix.action, new_key, fix.text if fix.action == "key_value" else "")
    return make_edit(fix, document, start, end, replacement, expect)


def _bounds(lines: LineIndex, span: Span) -> tuple[int, int]:
    """[start, end) of `span` (whose end is inclusive) in the file's text."""
    return offset(lines, span.line, span.column), offset(lines, span.end_line, span.end_column) + 1


def make_edit(fix: Fix, document: Document, start: int, end: int, replacement: str, expect: Expect) -> Edit:
    """The Edit of [start, end) -> replacement in `document`'s file, with its positions and title."""
    text = document.text
    lines = line_index(text)
    setting = fix.setting
    line, column = lines.position(start) if start < len(text) else _end_position(text, lines)
    end_line, end_column = lines.position(end) if end < len(text) else _end_position(text, lines)
    title = (f"Delete this {setting.key} entry" if fix.action == "delete" else
             f"Rename {setting.key} to {fix.text}" if fix.action == "key" else
             f"Rename {setting.key} to {fix.key}, its value {setting.value} as {fix.text}" if fix.action == "key_value" else
             f"Set {fix.key} to {fix.text}" if fix.action == "insert" else f"Set {setting.key} to {fix.text}")
    return Edit(fix.safe, title, start, end, replacement, line, column, end_line, end_column, expect)


def scalar_text(value: object) -> str:
    """A scalar as the dialects hand it to Spark (YAML `true` -> "true", a number -> its digits)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def line_index(text: str) -> LineIndex:
    cached = _indexes.get(id(text))
    if cached is None or cached[0] is not text:
        _indexes.clear()
        cached = _indexes[id(text)] = (text, LineIndex(text))
    return cached[1]


def offset(lines: LineIndex, line: int, column: int) -> int:
    return lines._starts[line - 1] + column - 1  # noqa: SLF001 (LineIndex keeps the line starts)


def _end_position(text: str, lines: LineIndex) -> tuple[int, int]:
    line, column = lines.position(max(0, len(text) - 1))
    return (line + 1, 1) if text.endswith("\n") else (line, column + 1)


def _encoded(syntax: str, token: str, text: str, is_key: bool) -> Optional[str]:
    """`text` written where `token` was, in the token's own style; None when it cannot be written safely."""
    if "\n" in text or "\r" in text:
        return None
    if syntax == "properties":
        return text if (_PROPERTIES_KEY if is_key else _PROPERTIES_SAFE).match(text) else None
    if syntax == "notebook":  # a JSON token inside the cell's JSON source string
        inner = _encoded("json", token.replace('\\"', '"'), text, is_key)
        return None if inner is None else json.dumps(inner, ensure_ascii=False)[1:-1]
    first = token[:1]
    if first == '"' and syntax in ("json", "yaml", "hcl", "python"):
        if syntax == "hcl" and ("${" in text or "%{" in text):
            return None  # would become an HCL template
        return json.dumps(text, ensure_ascii=False)
    if first == "'" and syntax == "yaml":
        return "'" + text.replace("'", "''") + "'"
    if first == "'" and syntax == "python":
        return f"'{text}'" if _PLAIN.match(text) else None
    if syntax == "yaml" and first not in ("|", ">", "&", "*", "!", "[", "{"):
        return text if _PLAIN.match(text) and not _YAML_NOT_STRING.fullmatch(text) else json.dumps(text, ensure_ascii=False)
    if syntax in ("json", "hcl") and not is_key:  # a number or bare word: Spark values are strings
        return json.dumps(text, ensure_ascii=False) if _PLAIN.match(text) else None
    return None


_LINE_REST = re.compile(r"[ \t]*[,;]?[ \t]*(?:#[^\r\n]*)?(?:\r\n|\r|\n|\Z)")


def _deletion(document: Document, entries: list, index: int, lines: LineIndex) -> Optional[tuple[int, int]]:
    """[start, end) of entry `index` with what separates it from the next entry: its whole lines when it
    has lines to itself, else up to the next entry's key (`{"a": 1, "a": 2}`). The last entry of a
    container is never deleted (its separator belongs to the entry before)."""
    if index + 1 >= len(entries) or entries[index + 1][0] is None:
        return None
    text = document.text
    key_span, value_span = entries[index]
    next_key = entries[index + 1][0]
    start = offset(lines, key_span.line, key_span.column)
    end = offset(lines, value_span.end_line, value_span.end_column) + 1
    next_start = offset(lines, next_key.line, next_key.column)
    line_start = offset(lines, key_span.line, 1)
    rest = _LINE_REST.match(text, end)
    own_lines = (document.syntax != "notebook" and not text[line_start:start].strip(" \t")
                 and rest is not None and next_key.line > value_span.end_line)
    if own_lines and rest is not None and (document.syntax in ("yaml", "properties", "hcl") or "#" not in rest.group()):
        return line_start, rest.end()
    if next_key.line != value_span.end_line and document.syntax not in ("json", "notebook"):
        return None  # comments may sit between the two entries: only whole lines are deleted there
    return (start, next_start) if next_start > end else None


def path_to(root: object, container: object) -> Optional[tuple[int, ...]]:
    """Indices from `root` down to `container` (found by identity), or None."""
    stack: list[tuple[object, tuple[int, ...]]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        if node is container:
            return path
        children = node.values if isinstance(node, Pairs) else node if isinstance(node, list) else ()
        for position, child in enumerate(children):
            if isinstance(child, (Pairs, list)):
                stack.append((child, path + (position,)))
    return None


def span_text(document: Document, span: Span) -> str:
    """The file's characters under `span` (inclusive end), for tests and messages."""
    lines = line_index(document.text)
    return document.text[offset(lines, span.line, span.column):offset(lines, span.end_line, span.end_column) + 1]
