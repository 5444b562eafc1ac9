"""Applying edits to one file's text: each proven by loading the result, in rounds, re-linting between.

An edit is kept only when the edited text loads (same syntax, same documents) into exactly the tree it
promised: the one entry changed as the fix says, every other key, value, document and cell as before.
The edits of a round do not overlap; after a round the file is linted again, and the round is undone
when a fixed rule does not report fewer findings by as many as were fixed, or when SL001, SL002 or SL007
report more (the edit broke the file's structure). Rounds go on until no fix applies
(at most `MAX_ROUNDS`), so a fix that only becomes possible after another (overlapping spans) lands too.
"""

from __future__ import annotations

from collections import Counter
from typing import Callable, Optional

from sparklint.fix.intent import Edit, Expect
from sparklint.load import load
from sparklint.records import Record
from sparklint.rule import Finding
from sparklint.tree import Document, Pairs, Value

MAX_ROUNDS = 20

Lint = Callable[[str], list[Finding]]  # the findings of the file's text


class FileFix(Record):
    path: str
    original: str
    fixed: str
    applied: list[Finding]  # the findings whose fixes were applied, in order
    remaining: list[Finding]  # the findings of the fixed text
    refused: list[tuple[Finding, str]] = []  # fixes not applied, and why


def applicable(finding: Finding, unsafe: bool) -> bool:
    return finding.edit is not None and (finding.edit.safe or unsafe)


def fix_text(path: str, text: str, syntax: str, lint: Lint, unsafe: bool) -> FileFix:
    """Apply every applicable fix to `text`; the findings of the result (`remaining`) come from `lint`."""
    original, findings = text, lint(text)
    applied: list[Finding] = []
    refused: dict[tuple, tuple[Finding, str]] = {}
    for _ in range(MAX_ROUNDS):
        batch = _disjoint([finding for finding in findings if applicable(finding, unsafe)
                           and finding.path == path and _key(finding) not in refused])
        proven = []
        for finding in batch:
            if proves(path, text, syntax, finding.edit):  # type: ignore[arg-type]
                proven.append(finding)
            else:
                refused[_key(finding)] = (finding, "the edited file would not read as the fix promises")
        if not proven:
            break
        for attempt in (proven, proven[:1]):  # the round, else its first fix alone
            changed = apply_edits(text, [finding.edit for finding in attempt])  # type: ignore[misc]
            after = lint(changed)
            new_rules = _worse(findings, after, attempt)
            if not new_rules:
                text, findings = changed, after
                applied.extend(attempt)
                break
        else:
            refused[_key(proven[0])] = (proven[0], f"after it, {' and '.join(new_rules)} would report more than "
                                                              "the fix leaves")
    return FileFix(path, original, text, applied, findings, list(refused.values()))


def _disjoint(findings: list[Finding]) -> list[Finding]:
    """A subset whose edits neither overlap nor start at one place, first come first."""
    chosen: list[Finding] = []
    last_start, last_end = -1, -1
    for finding in sorted(findings, key=lambda item: (item.edit.start, item.edit.end)):  # type: ignore[union-attr]
        edit = finding.edit
        assert edit is not None
        if edit.start >= last_end and edit.start > last_start:
            chosen.append(finding)
            last_start, last_end = edit.start, edit.end
    return chosen


def apply_edits(text: str, edits: list[Edit]) -> str:
    """`text` with non-overlapping `edits` applied."""
    for edit in sorted(edits, key=lambda item: item.start, reverse=True):
        text = text[:edit.start] + edit.text + text[edit.end:]
    return text


# Rules whose new findings mean the fix broke the file's structure: it no longer parses, or it now sets a
# key twice (a rename onto a key already set) or in two layers.
_STRUCTURAL = ("SL001", "SL002", "SL007")


def _worse(before: list[Finding], after: list[Finding], fixed: list[Finding]) -> list[str]:
    """The rules that show the round did not do what it promised: a fixed rule that reports as many
    findings as before less the fixed ones (the fix did not converge), or a structural rule reporting
    more. Other rules may report more: a value Spark refused is now judged (SL106 on a heap it can read)."""
    expected = Counter(finding.rule for finding in before)
    expected.subtract(finding.rule for finding in fixed)
    found = Counter(finding.rule for finding in after)
    watched = {finding.rule for finding in fixed} | set(_STRUCTURAL)
    return sorted(rule for rule in watched if found[rule] > max(expected[rule], 0))


def proves(path: str, text: str, syntax: str, edit: Edit) -> bool:
    """True when `text` with `edit` applied loads into the promised tree (see the module docstring)."""
    if edit.start < 0 or edit.end > len(text) or edit.start > edit.end:
        return False
    changed = apply_edits(text, [edit])
    old_documents, old_errors = _documents(path, text, syntax)
    new_documents, new_errors = _documents(path, changed, syntax)
    if len(new_errors) > len(old_errors) or len(new_documents) != len(old_documents):
        return False
    matched = False
    for old, new in zip(old_documents, new_documents):
        if old.syntax != new.syntax:
            return False
        if not matched and _is_target(old, edit.expect):
            if not _changed_as_expected(old.root, new.root, edit.expect):
                return False
            matched = True
        elif _is_tree(old.root) and old.root != new.root:
            return False
    return matched


def _documents(path: str, text: str, syntax: str) -> tuple[list[Document], list]:
    """The documents the linter reads from `text`: the loaded ones, then those the dialects derive (a
    spark-defaults.conf written by a shell heredoc is a properties document of the script's text)."""
    from sparklint.dialects import recognise

    documents, errors = load(path, text, syntax)
    found = {id(document): document for document in documents}
    for document in documents:
        for config in recognise(document):
            if config.document is not None:
                found.setdefault(id(config.document), config.document)
    return list(found.values()), errors


def _is_tree(root: object) -> bool:
    """A loader's tree (compared whole); a script's words or a module's code are compared by what the
    dialects derive from them."""
    return root is None or isinstance(root, (Pairs, list, str, int, float, bool))


def _is_target(document: Document, expect: Expect) -> bool:
    cell = -1 if document.cell is None else document.cell
    return (document.syntax, document.index, cell) == (expect.syntax, expect.document, expect.cell)


def _changed_as_expected(old: Value, new: Value, expect: Expect) -> bool:
    for position in expect.path:
        old_children, new_children = _children(old), _children(new)
        if old_children is None or new_children is None or len(old_children) != len(new_children):
            return False
        if isinstance(old, Pairs) and old.keys != new.keys:  # type: ignore[union-attr]
            return False
        if any(a != b for index, (a, b) in enumerate(zip(old_children, new_children)) if index != position):
            return False
        old, new = old_children[position], new_children[position]
    if not isinstance(old, Pairs) or not isinstance(new, Pairs):
        return False
    index = expect.index
    if expect.action == "delete":
        return (new.keys == old.keys[:index] + old.keys[index + 1:]
                and new.values == old.values[:index] + old.values[index + 1:])
    from sparklint.fix.resolve import scalar_text

    if expect.action == "insert":  # the new entry right after entry `index`, the rest as before
        after = index + 1
        return (new.keys == old.keys[:after] + [expect.text] + old.keys[after:]
                and new.values[:after] == old.values[:after] and new.values[after + 1:] == old.values[after:]
                and len(new) == len(old) + 1 and not isinstance(new.values[after], (Pairs, list))
                and scalar_text(new.values[after]) == expect.value)
    if len(new) != len(old):
        return False

    if expect.action in ("key", "key_value"):
        same_keys = (new.keys[:index] == old.keys[:index] and new.keys[index + 1:] == old.keys[index + 1:]
                     and new.keys[index] == expect.text)
        if expect.action == "key":
            return same_keys and new.values == old.values
        return (same_keys and scalar_text(new.values[index]) == expect.value
                and not isinstance(new.values[index], (Pairs, list))
                and all(a == b for position, (a, b) in enumerate(zip(old.values, new.values)) if position != index))

    return (new.keys == old.keys and scalar_text(new.values[index]) == expect.text
            and not isinstance(new.values[index], (Pairs, list))
            and all(a == b for position, (a, b) in enumerate(zip(old.values, new.values)) if position != index))


def _children(node: Value) -> Optional[list]:
    if isinstance(node, Pairs):
        return node.values
    return node if isinstance(node, list) else None


def _key(finding: Finding) -> tuple:
    """A refused fix, told apart from the same rule's same message on another line."""
    edit = finding.edit
    return (finding.rule, finding.message, edit.start, edit.text) if edit is not None else (finding.rule, finding.message)
