"""Edits inside a spark-submit string held by a JSON, YAML or HCL value (`sparkSubmitParameters`,
`--conf k=v ...`): the string is spliced, and only where the file writes it character for character
(no escape, quote or fold inside the token), so that a position in the string is a position in the file.

A `--conf` word is edited only when it is written bare (`spark.x=1`, no shell quoting), and the new text
is made only of characters that need no quoting in the shell or in the outer string. The proof in
`sparklint.fix.apply` then checks the whole new string, as Spark's spark-submit parser will read it.
"""

from __future__ import annotations

from typing import Optional

from sparklint.fix.intent import Edit, Expect, Fix
from sparklint.fix.resolve import line_index, make_edit, offset, path_to
from sparklint.patterns import lazy_pattern
from sparklint.tree import Pairs

_WORD = lazy_pattern(r"[A-Za-z0-9_.\-/+:@,]+\Z")  # needs no quoting in a shell or a JSON/YAML/HCL string
_OPTION_BEFORE = lazy_pattern(r"(?:--conf|-c)(?:=|[ \t]+)\Z")
_CONF_FIELDS = ("--conf ", "-c ")  # Setting.field of a `--conf k=v` read from a command line


def resolve_inside(fix: Fix) -> Optional[Edit]:
    setting = fix.setting
    ref = setting.ref
    assert ref is not None and ref.start is not None and ref.end is not None and ref.document is not None
    document, container = ref.document, ref.container
    if not isinstance(container, Pairs) or not setting.field.startswith(_CONF_FIELDS):
        return None
    value = container.values[ref.index]
    if not isinstance(value, str):
        return None
    start, end = ref.start, ref.end
    if value[start:end] != f"{setting.key}={setting.value}":
        return None  # shell quoting or escapes inside the word
    key_end = start + len(setting.key)
    if fix.action == "value":
        piece, cut = fix.text, (key_end + 1, end)
    elif fix.action == "key":
        piece, cut = fix.text, (start, key_end)
    elif fix.action == "key_value":
        if not _WORD.match(fix.key):
            return None
        piece, cut = f"{fix.key}={fix.text}", (start, end)
    elif fix.action == "insert":
        if not _WORD.match(fix.key):
            return None
        piece, cut = f" --conf {fix.key}={fix.text}", (end, end)
    else:
        piece, cut = "", _conf_word(value, start, end)
        if cut is None:
            return None
    if piece and not _WORD.match(fix.text):
        return None
    entries = document.entry_spans(container)
    if entries is None or ref.index >= len(entries):
        return None
    value_span = entries[ref.index][1]
    lines = line_index(document.text)
    raw_start = offset(lines, value_span.line, value_span.column)
    raw = document.text[raw_start:offset(lines, value_span.end_line, value_span.end_column) + 1]
    quote = 1 if document.syntax != "properties" and raw[:1] in ('"', "'") else 0
    if raw[quote:len(raw) - quote] != value:
        return None  # the token holds escapes or folds: string positions are not file positions
    path = path_to(document.root, container)
    if path is None:
        return None
    new_value = value[:cut[0]] + piece + value[cut[1]:]
    expect = Expect(document.syntax, document.index, -1 if document.cell is None else document.cell, path,
                    ref.index, "value", new_value)
    return make_edit(fix, document, raw_start + quote + cut[0], raw_start + quote + cut[1], piece, expect)


def _conf_word(value: str, start: int, end: int) -> Optional[tuple[int, int]]:
    """[start, end) of `--conf k=v` with the blanks on one side of it, or None when no `--conf` precedes."""
    option = _OPTION_BEFORE.search(value, 0, start)
    if option is None:
        return None
    first = option.start()
    after = end
    while after < len(value) and value[after] in " \t":
        after += 1
    if after > end:
        return first, after
    before = first
    while before > 0 and value[before - 1] in " \t":
        before -= 1
    return before, end
