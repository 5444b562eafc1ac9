"""Python loader: Spark settings written as literals in Python code, read with `ast` (never imported,
never executed).

Two shapes become Documents (one per call), with spans pointing at the literals in the file:
- an Airflow operator call (`SparkSubmitOperator(...)`, `EmrServerlessStartJobOperator(...)`, ...): root
  `{<operator name>: {<keyword>: <value>, ...}}`, keywords from `**name` splats included;
- a `SparkSession.builder` chain or a `SparkConf()` (`.config("k", "v")`, `.master(...)`, `.set(...)`,
  `conf.set(...)` statements on a variable bound to `SparkConf()`): root `{"SparkSession.builder" |
  "SparkConf": {<spark key>: <value>, ...}}` (see `session_chain`).

Only literals are values: strings, numbers, booleans, None, dicts, lists, tuples, `dict(k=v)`, and names
bound once to such a literal in the same module. Anything else (`Variable.get(...)`, f-strings, a
function's result, a name bound twice) becomes `${<its source>}`, which the rules treat as a template and
never judge, like a Jinja string. A file is parsed only when its text names one of `knowledge.airflow.MARKERS`, so a
repository of ordinary Python costs one substring scan per file.
"""

from __future__ import annotations

import ast
import warnings
from typing import Callable, Iterator, Optional

from sparklint.span import Span
from sparklint.tree import Document, LoadError, Pairs, Value

from sparklint.knowledge.airflow import OPERATORS, has_markers
from sparklint.load.python_names import bindings, imported_operators


MAX_RECOVERIES = 5  # lines dropped to read past syntax errors (see `parse_python`)
_MAX_NAME_DEPTH = 16  # NAME = OTHER = ... chains followed
_MAX_DEPTH = 40  # literal nesting followed (names included); deeper is a template
_BUDGET = 100_000  # literal nodes converted per file; past it, values are templates (A = [A, A] ... bombs)

Converter = Callable[[int, int, int, int], Span]  # (line, column0, end_line, end_column0) -> Span
_BOM = "\ufeff"


def load_python(path: str, text: str) -> tuple[list[Document], list[LoadError]]:
    """The operator calls and session chains of a Python file.

    A file that does not parse is read past its broken lines (at most `MAX_RECOVERIES`; the calls that
    touch a dropped line are not read) and the syntax error is returned as an uncertain LoadError: a
    skip note with --verbose, never an SL001 finding, since a DAG's syntax is not a Spark setting."""
    if not has_markers(text):
        return [], []
    tree, errors, dropped = parse_python(text)
    if tree is None:
        return [], errors
    source = _Source(text)
    return read_module(path, text, tree, source.span, frozenset(dropped)), errors


def parse_python(text: str) -> tuple[Optional[ast.Module], list[LoadError], set[int]]:
    """(module, errors, dropped line numbers). On a SyntaxError the offending line is blanked and the
    parse retried, up to MAX_RECOVERIES times; None when the file still does not parse."""
    errors: list[LoadError] = []
    dropped: set[int] = set()
    # Python reads a UTF-8 byte-order mark as the encoding mark it is (tokenizer: utf-8-sig); ast.parse of a
    # str takes it for a stray character, so it is cut here (_Source puts the column back on line 1).
    lines = (text[1:] if text.startswith(_BOM) else text).split("\n")
    attempt = "\n".join(lines)
    for _ in range(MAX_RECOVERIES + 1):
        try:
            with warnings.catch_warnings():
                # Python 3.12+ warns about "\d" in a string while parsing; the DAG's style is not our business.
                warnings.simplefilter("ignore")
                return ast.parse(attempt), errors, dropped
        except SyntaxError as error:
            line = error.lineno or 0
            if not errors:
                errors.append(LoadError(f"Python syntax error at line {line}: {error.msg}; the rest of the file "
                                        "was read without that line" if line else
                                        f"Python syntax error: {error.msg}",
                                        Span(max(line, 1), 1, max(line, 1), 1), certain=False))
            if not 0 < line <= len(lines) or line in dropped:
                break
            dropped.add(line)
            lines[line - 1] = ""
            attempt = "\n".join(lines)
        except (ValueError, RecursionError, MemoryError, OverflowError) as error:
            errors.append(LoadError(f"Python file sparklint cannot parse: {type(error).__name__}", None,
                                    certain=False))
            break
    if errors:
        errors[0] = LoadError(errors[0].message.split(";")[0], errors[0].span, certain=False)
    return None, errors, dropped


class _Source:
    """ast positions (1-based line, 0-based UTF-8 byte column) -> Spans in characters."""

    def __init__(self, text: str) -> None:
        self.bom = 1 if text.startswith(_BOM) else 0  # parse_python parsed the text without it
        self.lines = text[self.bom:].split("\n")

    def column(self, line: int, byte_column: int) -> int:
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        shift = self.bom if line == 1 else 0
        if text.isascii():
            return byte_column + shift
        return len(text.encode("utf-8")[:byte_column].decode("utf-8", errors="ignore")) + shift

    def span(self, line: int, column: int, end_line: int, end_column: int) -> Span:
        start = self.column(line, column) + 1
        end = max(self.column(end_line, end_column), 1)
        if end_line == line:
            end = max(end, start)
        return Span(line, start, end_line, end)


def read_module(path: str, text: str, tree: ast.Module, to_span: Converter, dropped: frozenset[int] = frozenset(),
                cell: Optional[int] = None) -> list[Document]:
    """Documents for every operator call and session chain of a parsed module. `text` is the file's; in a
    notebook cell (`cell` given) string spans are not narrowed to their quotes (the file escapes them)."""
    reader = _Reader(tree, to_span, text if cell is None else "")
    documents = []
    for root, spans, lines in reader.documents():
        if dropped and not dropped.isdisjoint(lines):
            continue  # the call touches a line dropped to read past a syntax error: not what Python would run
        documents.append(Document(path, "python", root, text, index=len(documents), spans=spans, cell=cell))
    return documents


class _Reader:
    def __init__(self, tree: ast.Module, to_span: Converter, text: str) -> None:
        self.tree = tree
        self.to_span = to_span
        self.text_lines = text.split("\n") if text else []
        self.bindings = bindings(tree)
        self.operators, self.foreign = imported_operators(tree)
        self.spans: dict[int, list] = {}
        self.lines: set[int] = set()
        self.budget = _BUDGET

    # Documents --------------------------------------------------------------------------------

    def documents(self) -> Iterator[tuple[Pairs, dict[int, list], set[int]]]:
        from sparklint.load.session_chain import session_documents

        for node in ast.walk(self.tree):
            if not isinstance(node, ast.Call):
                continue
            operator = self._operator_name(node.func)
            if operator is None:
                continue
            self.spans, self.lines = {}, set()
            arguments = self._keywords(node)
            root = Pairs([(operator, arguments)])
            self.spans[id(root)] = [(self.span(node.func), self.span(node))]
            self._touch(node)
            yield root, self.spans, self.lines
        yield from session_documents(self)

    def _operator_name(self, func: ast.expr) -> Optional[str]:
        """The operator a call instantiates (`SparkSubmitOperator(...)`, `spark.SparkSubmitOperator(...)`,
        `SparkSubmitOperator.partial(...)`), followed through `import ... as` aliases; None otherwise."""
        if isinstance(func, ast.Attribute) and func.attr == "partial":
            func = func.value  # dynamic task mapping: .partial() takes the operator's own arguments
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
        if name is None:
            return None
        name = self.operators.get(name, name)
        if name not in OPERATORS or name in self.foreign:
            return None
        return name

    def _keywords(self, call: ast.Call) -> Pairs:
        entries: list[tuple[str, Value]] = []
        spans: list = []
        for keyword in call.keywords:
            if keyword.arg is not None:
                entries.append((keyword.arg, self.value(keyword.value)))
                spans.append((self._keyword_span(keyword), self.span(keyword.value)))
                continue
            # `**name`: a dict literal (or a name bound to one) gives its keys as keywords.
            splat = self._resolve(keyword.value)
            if isinstance(splat, ast.Dict):
                for key_node, value_node in zip(splat.keys, splat.values):
                    key = self._string(key_node) if key_node is not None else None
                    if key is None:
                        continue
                    entries.append((key, self.value(value_node)))
                    spans.append((self.span(key_node), self.span(value_node)))
                    self._touch(key_node)
                    self._touch(value_node)
            else:
                entries.append(("**", _opaque(self, keyword.value)))
                spans.append((self.span(keyword.value), self.span(keyword.value)))
        pairs = Pairs(entries)
        self.spans[id(pairs)] = spans
        return pairs

    def _keyword_span(self, keyword: ast.keyword) -> Span:
        # Python 3.9+ gives keywords positions; the name starts the keyword.
        line = getattr(keyword, "lineno", None)
        if line is None:
            return self.span(keyword.value)
        column = keyword.col_offset
        return self.to_span(line, column, line, column + len(keyword.arg or ""))

    # Values -----------------------------------------------------------------------------------

    def value(self, node: ast.expr, depth: int = 0) -> Value:
        """A literal as a tree value (Pairs, list, scalar); anything else as a `${...}` template."""
        self.budget -= 1
        if depth > _MAX_DEPTH or self.budget < 0:
            return "${...}"  # nested past what a config holds, or names that refer to themselves
        resolved = self._resolve(node)
        self._touch(resolved)
        if isinstance(resolved, ast.Constant):
            value = resolved.value
            if isinstance(value, (str, int, float, bool)) or value is None:
                return value
            return _opaque(self, node)
        if isinstance(resolved, ast.Dict):
            return self._dict(resolved, depth)
        if isinstance(resolved, ast.Call) and isinstance(resolved.func, ast.Name) and resolved.func.id == "dict" \
                and not resolved.args:
            entries = [(keyword.arg, keyword.value) for keyword in resolved.keywords if keyword.arg is not None]
            if len(entries) == len(resolved.keywords):
                pairs = Pairs([(key, self.value(value, depth + 1)) for key, value in entries])
                self.spans[id(pairs)] = [(self._keyword_span(keyword), self.span(keyword.value))
                                         for keyword in resolved.keywords]
                return pairs
        if isinstance(resolved, (ast.List, ast.Tuple)):
            items = [self.value(item, depth + 1) for item in resolved.elts]
            self.spans[id(items)] = [(None, self.span(item)) for item in resolved.elts]
            return items
        return _opaque(self, node)

    def _dict(self, node: ast.Dict, depth: int) -> Value:
        entries: list[tuple[str, Value]] = []
        spans: list = []
        for key_node, value_node in zip(node.keys, node.values):
            self.budget -= 1
            if self.budget < 0:
                return "${...}"
            if key_node is None:  # {**other, ...}: merged when `other` is a literal dict
                other = self._resolve(value_node)
                if isinstance(other, ast.Dict) and depth < _MAX_NAME_DEPTH:
                    merged = self._dict(other, depth + 1)
                    if isinstance(merged, Pairs):
                        entries.extend(merged.items())
                        spans.extend(self.spans.get(id(merged), []))
                        continue
                return _opaque(self, node)  # unknown entries: the dict as a whole is unknown
            key = self._string(key_node)
            if key is None:
                return _opaque(self, node)
            entries.append((key, self.value(value_node, depth + 1)))
            spans.append((self.span(key_node), self.span(value_node)))
        pairs = Pairs(entries)
        self.spans[id(pairs)] = spans
        return pairs

    def _string(self, node: ast.expr) -> Optional[str]:
        resolved = self._resolve(node)
        if isinstance(resolved, ast.Constant) and isinstance(resolved.value, str):
            return resolved.value
        return None

    def _resolve(self, node: ast.expr) -> ast.expr:
        """A name bound once to a literal, followed to that literal (a few names deep)."""
        for _ in range(_MAX_NAME_DEPTH):
            if not isinstance(node, ast.Name):
                return node
            bound = self.bindings.get(node.id)
            if bound is None:
                return node
            node = bound
        return node

    # Positions --------------------------------------------------------------------------------

    def span(self, node: ast.AST) -> Span:
        """Where a node is written; for a name bound to a literal, where that literal is written."""
        if isinstance(node, ast.Name):
            node = self._resolve(node)
        line = getattr(node, "lineno", 1)
        column = getattr(node, "col_offset", 0)
        end_line = getattr(node, "end_lineno", None) or line
        end_column = getattr(node, "end_col_offset", None)
        if end_column is None:
            end_column = column + 1
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and self.text_lines:
            column = self._opening_quote(line, column)
        return self.to_span(line, column, end_line, end_column)

    def _opening_quote(self, line: int, column: int) -> int:
        """The column of a string literal's last opening quote (after an r/u/b prefix and the first two
        quotes of a triple quote), so that offsets into its value start just after it."""
        if not 0 < line <= len(self.text_lines):
            return column
        text = self.text_lines[line - 1]
        if not text.isascii():
            return column
        position = column
        while position < len(text) and text[position] in "rRuUbBfF":
            position += 1
        if text.startswith(('"""', "'''"), position):
            position += 2
        return position if position < len(text) and text[position] in "'\"" else column

    def _touch(self, node: ast.AST) -> None:
        line = getattr(node, "lineno", None)
        if line is not None:
            self.lines.update(range(line, (getattr(node, "end_lineno", None) or line) + 1))


def _opaque(reader: _Reader, node: ast.expr) -> str:
    """A value Python computes when the DAG runs: kept as a `${...}` template (never judged)."""
    reader._touch(node)
    try:
        source = ast.unparse(node) if hasattr(ast, "unparse") else type(node).__name__
    except Exception:  # ast.unparse on odd trees (RecursionError, ValueError): only a label is needed
        source = type(node).__name__
    if len(source) > 60:
        source = source[:57] + "..."
    return "${" + source.replace("\n", " ") + "}"
