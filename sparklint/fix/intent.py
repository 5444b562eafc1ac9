"""What a fix is: a rule's intent (`Fix`, on a Hit) and the text edit it resolves to (`Edit`, on a Finding).

A rule never counts columns: it says "set this setting's value to X", "rename its key to Y" or "delete
its entry", and `sparklint.fix.resolve` turns that into characters of the file, from the spans the
loader recorded, written in the file's own syntax (its quoting and escapes). Like ruff's fixes, each
is **safe** (the result means exactly what the author meant: `--fix` applies it) or **unsafe** (a
judgement the author must check: only with `--unsafe-fixes`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sparklint.records import Record

if TYPE_CHECKING:
    from sparklint.model import Setting

ACTIONS = ("value", "key", "key_value", "delete", "insert")


class Fix(Record):
    """A rule's proposed change to one written setting."""

    action: str  # "value": replace its value; "key": rename its key; "key_value": rename its key to
    # `key` and set its value to `text`; "delete": remove its entry; "insert": add `key` = `text` next
    # to it (a `--conf` after it in a spark-submit string, or a new entry of its map)
    setting: Setting
    text: str = ""  # the new value or key, as Spark should receive it (not encoded for the file)
    safe: bool = False
    key: str = ""  # "insert": the key to add; "key_value": the new key


def set_value(setting: Setting, value: str, safe: bool) -> Fix:
    return Fix("value", setting, value, safe)


def rename_key(setting: Setting, key: str, safe: bool) -> Fix:
    return Fix("key", setting, key, safe)


def rename_with_value(setting: Setting, key: str, value: str, safe: bool) -> Fix:
    """Rename the key and write the value the new key needs (the old key's value in the new one's unit)."""
    return Fix("key_value", setting, value, safe, key)


def delete_entry(setting: Setting, safe: bool) -> Fix:
    return Fix("delete", setting, "", safe)


def insert_beside(setting: Setting, key: str, value: str, safe: bool) -> Fix:
    """Set `key` to `value` where `setting` is written: a `--conf` word after it in a spark-submit
    string, or a new entry after it in its map, written as it is written."""
    return Fix("insert", setting, value, safe, key)


def written_as_itself(setting: Setting) -> bool:
    """True when the file writes `setting` as a `key value` entry of a map, or as a word of a spark-submit
    string, under its Spark key (not a native field a dialect renames): an anchor `insert_beside` can use."""
    ref = setting.ref
    if ref is None or ref.fixed is not None or ref.container is None or ref.start is not None:
        return ref is not None and ref.start is not None
    keys = getattr(ref.container, "keys", None)
    return isinstance(keys, list) and ref.index < len(keys) and keys[ref.index] == setting.key


class Expect(Record):
    """What the loaded file must look like after the edit (checked before anything is written): the
    document (syntax, number, cell), the path of indices from its root to the container, the entry's
    index there, and the action with its new text. Everything else must load exactly as before."""

    syntax: str
    document: int
    cell: int
    path: tuple[int, ...]
    index: int
    action: str
    text: str  # the new value ("value"), key ("key", "key_value") or key added ("insert")
    value: str = ""  # "key_value", "insert": the new entry's value


class Edit(Record):
    """Replace the file's characters [start, end) with `text`. Positions are 1-based, the end exclusive
    (the character after the replaced ones), as SARIF regions and editors take them."""

    safe: bool
    title: str
    start: int
    end: int
    text: str
    line: int
    column: int
    end_line: int
    end_column: int
    expect: Expect

    def to_json(self) -> dict[str, object]:
        return {"safe": self.safe, "title": self.title, "line": self.line, "column": self.column,
                "end_line": self.end_line, "end_column": self.end_column, "replacement": self.text}
