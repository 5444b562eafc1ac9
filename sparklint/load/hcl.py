"""Terraform (HCL native syntax) loader: blocks, attributes and literal values, with spans.

Only what Spark settings are written with is read as values: strings (interpolations such as
`"${var.x}"` kept as written, so they count as templated), heredocs, numbers, booleans, null,
tuples `[...]`, objects `{...}`, `jsonencode(<one of those>)`, read as its argument, and `merge(...)` with
at least one object literal among its arguments, read as those objects merged (see _Reader.merged). Any
other expression (`var.x`, `local.y`, function calls,
conditionals, `for` expressions) is kept as `${<the expression as written>}`: a value sparklint cannot
know before `terraform plan`, which the rules treat as templated. Nothing is evaluated.

Blocks become nested maps keyed by their type and labels, repeated blocks repeated keys:
`resource "aws_emrserverless_application" "app" { maximum_capacity { cpu = "8 vCPU" } }` is
`{"resource": {"aws_emrserverless_application": {"app": {"maximum_capacity": {"cpu": "8 vCPU"}}}}}`.

The grammar is the HCL native syntax specification (hashicorp/hcl `hclsyntax/spec.md`): bodies of
attributes `name = expression` and blocks `type "label"... { body }`, one item per line; `#`, `//`
and `/* */` comments; template strings with `${...}` / `%{...}` sequences and `$${` / `%%{` escapes;
heredocs `<<EOT` / `<<-EOT`. This reader covers a subset of expressions, so a file it cannot follow
raises a LoadError that is *not* reported as a syntax error (`LoadError.certain` is False):
Terraform itself is the judge of HCL syntax.
"""

from __future__ import annotations

import re
from typing import Optional

from sparklint.span import LineIndex, Span
from sparklint.tree import Document, EntrySpans, LoadError, Pairs, Value

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_MAX_INT_DIGITS = 4000  # below the 4300 of sys.get_int_max_str_digits()
_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_HEREDOC = re.compile(r"<<(-?)([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n")
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}
_MAX_DEPTH = 100
# Blanks and comments (`#`, `//` to the end of the line, `/* ... */` anywhere), with or without newlines.
_BLANKS = re.compile(r"(?:[ \t\r]+|#[^\n]*|//[^\n]*|/\*.*?\*/)*", re.DOTALL)
_BLANKS_AND_NEWLINES = re.compile(r"(?:[ \t\r\n]+|#[^\n]*|//[^\n]*|/\*.*?\*/)*", re.DOTALL)
_STRING_RUN = re.compile(r'[^"\\\n$%]+')  # characters a quoted string takes as they are
_JSONENCODE = re.compile(r"jsonencode[ \t]*\(")
_MERGE = re.compile(r"merge[ \t]*\(")
_KEYWORDS = {"true": True, "false": False, "null": None}


def load_hcl(path: str, text: str) -> Document:
    """The file's body as a tree of Pairs, with the span of every attribute, label and item."""
    reader = _Reader(text)
    root = reader.body(closing=None, depth=0)
    return Document(path, "hcl", root, text, spans=reader.spans)


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.position = 1 if text.startswith("\ufeff") else 0
        self.lines = LineIndex(text)
        self.spans: dict[int, EntrySpans] = {}

    # --- errors and spans ---------------------------------------------------------------------

    def fail(self, message: str) -> LoadError:
        """An uncertain LoadError at the current position (see the module docstring)."""
        offset = min(self.position, max(len(self.text) - 1, 0))
        span = self.lines.span(offset, offset + 1)
        return LoadError(f"Terraform: {message} (sparklint reads a subset of HCL)", span, certain=False)

    def span(self, start: int, end: int) -> Span:
        return self.lines.span(start, max(end, start + 1))

    # --- whitespace and comments --------------------------------------------------------------

    def skip(self, newlines: bool) -> None:
        """Skip blanks and comments; newlines too when `newlines` (a line comment ends at its newline)."""
        self.position = (_BLANKS_AND_NEWLINES if newlines else _BLANKS).match(self.text, self.position).end()
        if self.text.startswith("/*", self.position):
            raise self.fail("unterminated /* comment")

    def peek(self) -> str:
        return self.text[self.position] if self.position < len(self.text) else ""

    # --- bodies and blocks --------------------------------------------------------------------

    def body(self, closing: Optional[str], depth: int) -> Pairs:
        if depth > _MAX_DEPTH:
            raise self.fail("nested too deeply")
        pairs = Pairs([])
        entries: EntrySpans = []
        while True:
            self.skip(newlines=True)
            char = self.peek()
            if not char:
                if closing is not None:
                    raise self.fail("a block is not closed with '}'")
                break
            if char == "}" and closing is not None:
                self.position += 1
                break
            name_start = self.position
            match = _IDENTIFIER.match(self.text, self.position)
            if match is None:
                raise self.fail(f"expected an attribute or block name, found {char!r}")
            name = match.group()
            self.position = match.end()
            key_span = self.span(name_start, self.position)
            self.skip(newlines=False)
            if self.peek() == "=" and not self.text.startswith("==", self.position):
                self.position += 1
                value, start, end = self.expression(stops="\n}" if closing else "\n", depth=depth + 1)
            else:
                value, start, end = self.block(depth)
            pairs.keys.append(name)
            pairs.values.append(value)
            entries.append((key_span, self.span(start, end)))
        self.spans[id(pairs)] = entries
        return pairs

    def block(self, depth: int) -> tuple[Value, int, int]:
        """`type "label"... { body }` after its type: the body wrapped in one map per label."""
        labels: list[tuple[str, Span]] = []
        while True:
            char = self.peek()
            start = self.position
            if char == '"':
                label = self.string(depth)
            else:
                match = _IDENTIFIER.match(self.text, self.position)
                if match is None:
                    break
                label, self.position = match.group(), match.end()
            labels.append((label, self.span(start, self.position)))
            self.skip(newlines=False)
        if self.peek() != "{":
            raise self.fail("expected '=' or a block's '{'")
        opened = self.position
        self.position += 1
        value: Value = self.body(closing="}", depth=depth + 1)
        end = self.position
        for label, label_span in reversed(labels):
            wrapper = Pairs([(label, value)])
            self.spans[id(wrapper)] = [(label_span, self.span(opened, end))]
            value = wrapper
        return value, opened, end

    # --- expressions --------------------------------------------------------------------------

    def expression(self, stops: str, depth: int) -> tuple[Value, int, int]:
        """One expression, ending before a character of `stops` at its own nesting level (a newline
        in `stops` ends it at the end of the line). Returns (value, start, end offsets)."""
        if depth > _MAX_DEPTH:
            raise self.fail("nested too deeply")
        self.skip(newlines="\n" not in stops)
        start = self.position
        value = self.literal(depth)
        if value is _NOT_LITERAL:
            value = self.encoded(depth)
        if value is _NOT_LITERAL:
            value = self.merged(depth)
        if value is not _NOT_LITERAL:
            end = self.position
            self.skip(newlines="\n" not in stops)  # inside brackets a newline may follow an item
            char = self.peek()
            if not char or char in stops or (char == "\n" and "\n" in stops) or char == ",":
                self.position = end
                return value, start, end
        # An expression sparklint does not evaluate: keep its text.
        self.position = start
        self.skip_expression(stops, depth)
        end = self.position
        raw = self.text[start:end].rstrip()
        if not raw:
            raise self.fail("expected an expression")
        return "${" + raw + "}", start, start + len(raw)

    def literal(self, depth: int) -> object:
        char = self.peek()
        if char == '"':
            return self.string(depth)
        if char == "<" and _HEREDOC.match(self.text, self.position):
            return self.heredoc()
        if char == "[":
            return self.tuple(depth)
        if char == "{":
            return self.object(depth)
        match = _NUMBER.match(self.text, self.position)
        if match is not None and not _IDENTIFIER.match(self.text, match.end()):
            self.position = match.end()
            number = match.group()
            if any(mark in number for mark in ".eE"):
                return float(number)
            # Terraform numbers have arbitrary precision; Python's int() refuses more than
            # sys.get_int_max_str_digits() digits: such a number stays its digits, which no setting accepts.
            return int(number) if len(number) <= _MAX_INT_DIGITS else number
        match = _IDENTIFIER.match(self.text, self.position)
        if match is not None and match.group() in _KEYWORDS:
            self.position = match.end()
            return _KEYWORDS[match.group()]
        return _NOT_LITERAL

    def encoded(self, depth: int) -> object:
        """`jsonencode(<literal>)` read as the literal itself: the JSON text it makes holds the same
        values (an EMR cluster's `configurations_json = jsonencode([...])`), and keeping the structure
        keeps each value's position."""
        match = _JSONENCODE.match(self.text, self.position)
        if match is None:
            return _NOT_LITERAL
        self.position = match.end()
        self.skip(newlines=True)
        inner = self.literal(depth + 1)
        self.skip(newlines=True)
        if inner is _NOT_LITERAL or self.peek() != ")":
            return _NOT_LITERAL
        self.position += 1
        return inner

    def merged(self, depth: int) -> object:
        """`merge(var.defaults, { "--conf" = "..." })`: the object literals among the arguments merged, a
        later one's key replacing an earlier one's as Terraform's merge does ("more than one given map
        or object defines the same key then the one that is later in the argument sequence takes
        precedence", developer.hashicorp.com/terraform/language/functions/merge). The other arguments
        (`var.x`, `local.y`) are unknown before `terraform plan`: the result holds what the literals
        say, each entry at its own position. With no object literal among them it stays text."""
        match = _MERGE.match(self.text, self.position)
        if match is None:
            return _NOT_LITERAL
        start = self.position
        self.position = match.end()
        merged: dict[str, tuple[Value, tuple[Optional[Span], Span]]] = {}  # key -> (value, its entry spans), in written order
        literal = False
        while True:
            self.skip(newlines=True)
            if self.peek() == ")":
                self.position += 1
                break
            if not self.peek():
                raise self.fail("a merge( call is not closed with ')'")
            value, _, _ = self.expression(stops=",)", depth=depth + 1)
            if isinstance(value, Pairs):
                literal = True
                spans = self.spans.pop(id(value), [])  # the literal itself is not kept
                for index, key in enumerate(value.keys):
                    merged.pop(key, None)
                    merged[key] = (value.values[index], spans[index])
            elif not (isinstance(value, str) and value.startswith("${")):
                self.position = start
                return _NOT_LITERAL  # a list or a plain string: not a merge of maps Terraform accepts
            self.skip(newlines=True)
            if self.peek() == ",":
                self.position += 1
            elif self.peek() != ")":
                self.position = start
                return _NOT_LITERAL
        if not literal:
            self.position = start
            return _NOT_LITERAL
        result = Pairs.of(list(merged), [value for value, _ in merged.values()])
        self.spans[id(result)] = [spans for _, spans in merged.values()]
        return result

    def tuple(self, depth: int) -> object:
        self.position += 1
        self.skip(newlines=True)
        if re.match(r"for\s", self.text[self.position:self.position + 4]):
            return _NOT_LITERAL  # a `for` expression: kept as text
        items: list[Value] = []
        entries: EntrySpans = []
        while True:
            self.skip(newlines=True)
            if self.peek() == "]":
                self.position += 1
                break
            if not self.peek():
                raise self.fail("a list is not closed with ']'")
            value, start, end = self.expression(stops=",]", depth=depth + 1)
            items.append(value)
            entries.append((None, self.span(start, end)))
            self.skip(newlines=True)
            if self.peek() == ",":
                self.position += 1
            elif self.peek() != "]":
                return _NOT_LITERAL  # a `for` expression or something else: kept as text
        self.spans[id(items)] = entries
        return items

    def object(self, depth: int) -> object:
        self.position += 1
        pairs = Pairs([])
        entries: EntrySpans = []
        while True:
            self.skip(newlines=True)
            char = self.peek()
            if char == "}":
                self.position += 1
                break
            if not char:
                raise self.fail("an object is not closed with '}'")
            key_start = self.position
            if char == '"':
                key = self.string(depth)
            else:
                match = _IDENTIFIER.match(self.text, self.position)
                if match is None:
                    return _NOT_LITERAL  # a computed key `(var.x) = ...`: kept as text
                key, self.position = match.group(), match.end()
            key_span = self.span(key_start, self.position)
            self.skip(newlines=False)
            if self.peek() not in ("=", ":") or self.text.startswith("==", self.position):
                return _NOT_LITERAL  # `{for k, v in ...}` and the like
            self.position += 1
            value, start, end = self.expression(stops=",}\n", depth=depth + 1)
            pairs.keys.append(key)
            pairs.values.append(value)
            entries.append((key_span, self.span(start, end)))
            self.skip(newlines=False)
            if self.peek() == ",":
                self.position += 1
        self.spans[id(pairs)] = entries
        return pairs

    def string(self, depth: int) -> str:
        """A quoted template; `${...}` and `%{...}` sequences are kept as written."""
        text = self.text
        position = self.position + 1
        parts: list[str] = []
        while True:
            if position >= len(text) or text[position] == "\n":
                self.position = position
                raise self.fail("a string is not closed with '\"' on its line")
            char = text[position]
            if char == '"':
                self.position = position + 1
                return "".join(parts)
            if char == "\\":
                escaped = text[position + 1:position + 2]
                if escaped in _ESCAPES:
                    parts.append(_ESCAPES[escaped])
                    position += 2
                elif escaped in ("u", "U"):
                    digits = 4 if escaped == "u" else 8
                    code = text[position + 2:position + 2 + digits]
                    try:
                        parts.append(chr(int(code, 16)))
                    except ValueError:
                        self.position = position
                        raise self.fail("bad unicode escape") from None
                    position += 2 + digits
                else:
                    self.position = position
                    raise self.fail(f"unknown escape \\{escaped}")
            elif text.startswith(("$${", "%%{"), position):
                parts.append(text[position + 1:position + 3])
                position += 3
            elif text.startswith(("${", "%{"), position):
                self.position = position + 2
                self.skip_expression("}", depth + 1)
                if self.peek() != "}":
                    raise self.fail("a template sequence is not closed with '}'")
                parts.append(text[position:self.position + 1])
                position = self.position + 1
            else:
                run = _STRING_RUN.match(text, position)
                end = run.end() if run is not None else position + 1
                parts.append(text[position:end])
                position = end

    def heredoc(self) -> str:
        match = _HEREDOC.match(self.text, self.position)
        assert match is not None
        indented, marker = match.group(1), match.group(2)
        closing = re.compile(r"^[ \t]*" + re.escape(marker) + r"[ \t]*\r?$", re.MULTILINE)
        end = closing.search(self.text, match.end())
        if end is None:
            raise self.fail(f"heredoc <<{indented}{marker} is not closed")
        lines = self.text[match.end():end.start()].split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        if indented:
            widths = [len(line) - len(line.lstrip(" \t")) for line in lines if line.strip()]
            cut = min(widths) if widths else 0
            lines = [line[cut:] for line in lines]
        self.position = end.end()
        return "".join(line + "\n" for line in lines)

    def skip_expression(self, stops: str, depth: int) -> None:
        """Move past an expression: to the first character of `stops` outside brackets and strings."""
        if depth > _MAX_DEPTH:
            raise self.fail("nested too deeply")
        text, length = self.text, len(self.text)
        closers: list[str] = []
        while self.position < length:
            char = text[self.position]
            if not closers and (char in stops or (char == "\n" and "\n" in stops)):
                return
            if char == '"':
                self.string(depth + 1)
                continue
            if char == "<" and _HEREDOC.match(text, self.position):
                self.heredoc()
                continue
            if char == "#" or text.startswith(("//", "/*"), self.position):
                self.skip(newlines=False)
                continue
            if char in "([{":
                closers.append(")]}"["([{".index(char)])
                if len(closers) > _MAX_DEPTH:
                    raise self.fail("nested too deeply")
            elif char in ")]}":
                if not closers or closers.pop() != char:
                    raise self.fail(f"unexpected {char!r}")
            self.position += 1
        if closers:
            raise self.fail(f"expected {closers[-1]!r} before the end of the file")


_NOT_LITERAL = object()
