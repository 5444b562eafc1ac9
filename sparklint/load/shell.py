"""Shell text as words and simple commands, with the file offset of every character; nothing is run.

A POSIX/bash subset, enough to find the command lines that launch Spark (bash(1) "QUOTING", "SHELL
GRAMMAR", "REDIRECTION"; POSIX "2.2 Quoting", "2.3 Token Recognition"):
- blanks split words; a newline, `;`, `&`, `&&`, `|`, `||`, `(` and `)` end a simple command;
- `'...'` is literal, `"..."` honours `\\"`, `\\\\`, `\\$`, `` \\` `` and backslash-newline, a backslash
  outside quotes escapes the next character, and backslash-newline is a line continuation (removed);
- `$VAR`, `${...}`, `$(...)`, `$((...))` and backquotes are kept as written and mark the word as a
  template: nothing is expanded, a value computed at run time is never judged; the commands inside a
  `$(...)` (one level deep: `JOB=$(aws emr-serverless start-job-run ...)`) are read too, after the
  script's own commands;
- `#` at the start of a word starts a comment; redirections (`> f`, `2>&1`, `<<< s`) are dropped from
  the words; heredoc bodies (`<<EOF`, `<<-'EOF'`) are skipped and kept as `Heredoc`s.

Every `Token` keeps, for each character of its value, the offset in the text it came from, so a
setting inside a word (`--conf=spark.x=1`, `--properties=a=1,b=2`) points at its own characters.
Never raises and runs in time linear in the text (each scan only moves forward). A Windows `\\r`
before a newline is treated as a blank.
"""

from __future__ import annotations

import re
from typing import List, Optional

from sparklint.records import Record

_PLAIN = re.compile(r"[^ \t\r\n'\"\\$`;&|()<>]+")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!\-]")
_OPERATORS = ("&&", "||", ";;", ";&", "|&", ";", "&", "|", "(", ")")
_REDIRECTIONS = ("<<<", "<<-", "<<", ">>", ">&", "<&", "<>", ">|", "&>>", "&>", ">", "<")


class Token:
    """One word: its value after quote removal, the text offsets [start, end) it was read from, the text
    offset of each value character (`offsets`), and whether it holds an expansion (`templated`)."""

    __slots__ = ("value", "start", "end", "offsets", "templated")

    def __init__(self, value: str, start: int, end: int, offsets: List[int], templated: bool) -> None:
        self.value = value
        self.start = start
        self.end = end
        self.offsets = offsets
        self.templated = templated

    def offset(self, index: int) -> int:
        """Text offset of value character `index` (the token's end for an index past the value)."""
        offsets = self.offsets
        if 0 <= index < len(offsets):
            return offsets[index]
        return self.end if index >= len(offsets) else self.start

    def __repr__(self) -> str:
        return f"Token({self.value!r}, {self.start}, {self.end})"


class Command(Record):
    """A simple command: its words (redirections dropped) and what ended it: "\\n", ";", "&&", "|", ...,
    or "" at the end of the text; `end` is the offset of that terminator."""

    words: List[Token]
    terminator: str
    end: int


class Heredoc(Record):
    """A here-document body: text[start:end], after the command at index `command`."""

    delimiter: str
    start: int
    end: int
    command: int


class Script(Record):
    commands: List[Command]
    heredocs: List[Heredoc]


class _Reader:
    """The tokenizer's state: one forward pass over `text`."""

    def __init__(self, text: str, nested: bool = False) -> None:
        self.text = text
        self.n = len(text)
        self.nested = nested  # inside a `$(...)`: its own substitutions are not read (one level, linear time)
        self.substituted: List[Command] = []  # the commands of this text's `$(...)`s
        self.commands: List[Command] = []
        self.heredocs: List[Heredoc] = []
        self.words: List[Token] = []
        self.pieces: List[str] = []
        self.offsets: List[int] = []
        self.start = -1
        self.templated = False
        self.redirect_target = False  # the next word is a redirection target: dropped
        self.pending: List[tuple[str, bool]] = []  # heredoc delimiters waiting for the end of the line

    # Words and commands ------------------------------------------------------------------------

    def begin(self, position: int) -> None:
        if self.start < 0:
            self.start = position

    def add(self, piece: str, offsets: List[int]) -> None:
        self.pieces.append(piece)
        self.offsets.extend(offsets)

    def end_word(self, position: int) -> None:
        if self.start < 0:
            return
        token = Token("".join(self.pieces), self.start, position, self.offsets, self.templated)
        self.pieces, self.offsets, self.start, self.templated = [], [], -1, False
        if self.redirect_target:
            self.redirect_target = False
            return
        self.words.append(token)

    def end_command(self, terminator: str, position: int) -> None:
        self.end_word(position)
        self.redirect_target = False
        if self.words:
            self.commands.append(Command(self.words, terminator, position))
        self.words = []

    # Scanning ----------------------------------------------------------------------------------

    def run(self) -> Script:
        text, n = self.text, self.n
        i = 0
        while i < n:
            c = text[i]
            if c == " " or c == "\t" or c == "\r":
                self.end_word(i)
                i += 1
            elif c == "\n":
                self.end_command("\n", i)
                i += 1
                if self.pending:
                    i = self.read_heredocs(i)
            elif c == "#" and self.start < 0:
                newline = text.find("\n", i)
                i = n if newline < 0 else newline
            elif c == "\\":
                i = self.backslash(i)
            elif c == "'":
                i = self.single(i)
            elif c == '"':
                i = self.double(i)
            elif c == "$":
                i = self.dollar(i, in_double=False)
            elif c == "`":
                i = self.backquote(i)
            elif c in "<>" or (c == "&" and text.startswith("&>", i)):
                i = self.redirection(i)
            elif c in ";&|()":
                operator = next(op for op in _OPERATORS if text.startswith(op, i))
                self.end_command(operator, i)
                i += len(operator)
            else:
                match = _PLAIN.match(text, i)
                end = match.end() if match else i + 1
                self.begin(i)
                self.add(text[i:end], list(range(i, end)))
                i = end
        self.end_command("", n)
        # After the script's own commands, so that a heredoc's command index still points at its command.
        return Script(self.commands + self.substituted, self.heredocs)

    def backslash(self, i: int) -> int:
        text = self.text
        if text.startswith("\n", i + 1):
            return i + 2  # line continuation: removed, the word goes on
        if text.startswith("\r\n", i + 1):
            return i + 3
        if i + 1 >= self.n:
            self.begin(i)
            self.add("\\", [i])
            return i + 1
        self.begin(i)
        self.add(text[i + 1], [i + 1])
        return i + 2

    def single(self, i: int) -> int:
        text = self.text
        close = text.find("'", i + 1)
        end = self.n if close < 0 else close
        self.begin(i)
        self.add(text[i + 1:end], list(range(i + 1, end)))
        return self.n if close < 0 else close + 1

    def double(self, i: int) -> int:
        text, n = self.text, self.n
        self.begin(i)
        j = i + 1
        while j < n:
            c = text[j]
            if c == '"':
                return j + 1
            if c == "\\" and j + 1 < n:
                following = text[j + 1]
                if following == "\n":
                    j += 2
                    continue
                if following in '\\"$`':
                    self.add(following, [j + 1])
                    j += 2
                    continue
                self.add(c, [j])
                j += 1
            elif c == "$":
                j = self.dollar(j, in_double=True)
            elif c == "`":
                j = self.backquote(j)
            else:
                stop = j + 1
                while stop < n and text[stop] not in '"\\$`':
                    stop += 1
                self.add(text[j:stop], list(range(j, stop)))
                j = stop
        return n

    def dollar(self, i: int, in_double: bool) -> int:
        """`$...` kept as written; returns the offset after it."""
        text, n = self.text, self.n
        following = text[i + 1] if i + 1 < n else ""
        if following == "'" and not in_double:  # $'...' (ANSI-C quoting): its escapes are kept as written
            j = i + 2
            while j < n and text[j] != "'":
                j += 2 if text[j] == "\\" else 1
            end = min(j, n)
            self.begin(i)
            self.add(text[i + 2:end], list(range(i + 2, end)))
            return min(end + 1, n) if end < n else n
        if following == "(":
            end = _skip_balanced(text, i + 1, "(", ")")
            if not self.nested and not text.startswith("((", i + 1) and text[end - 1:end] == ")":
                inner = text[i + 2:end - 1]
                found = _Reader(inner, nested=True).run()
                self.substituted.extend(remap(Script(found.commands, []), list(range(i + 2, end - 1)), i + 2).commands)
        elif following == "{":
            end = _skip_balanced(text, i + 1, "{", "}")
        else:
            match = _NAME.match(text, i + 1)
            if match is None:
                self.begin(i)
                self.add("$", [i])
                return i + 1
            end = match.end()
        self.begin(i)
        self.add(text[i:end], list(range(i, end)))
        self.templated = True
        return end

    def backquote(self, i: int) -> int:
        text, n = self.text, self.n
        j = i + 1
        while j < n and text[j] != "`":
            j += 2 if text[j] == "\\" else 1
        end = min(j + 1, n)
        self.begin(i)
        self.add(text[i:end], list(range(i, end)))
        self.templated = True
        return end

    def redirection(self, i: int) -> int:
        text = self.text
        # A word of digits right before `>` is the file descriptor (`2>`): part of the redirection.
        if self.start >= 0 and "".join(self.pieces).isdigit() and self.start + len("".join(self.pieces)) == i:
            self.pieces, self.offsets, self.start, self.templated = [], [], -1, False
        self.end_word(i)
        operator = next(op for op in _REDIRECTIONS if text.startswith(op, i))
        i += len(operator)
        if operator in ("<<", "<<-"):
            i = self.heredoc_delimiter(i, operator == "<<-")
        elif operator in (">&", "<&") and i < self.n and (text[i].isdigit() or text[i] == "-"):
            i += 1  # 2>&1, <&-
        else:
            self.redirect_target = True
        return i

    def heredoc_delimiter(self, i: int, strip_tabs: bool) -> int:
        text, n = self.text, self.n
        while i < n and text[i] in " \t":
            i += 1
        # Read the delimiter word with the normal rules, then drop it from the words.
        saved = (self.words, self.pieces, self.offsets, self.start, self.templated)
        self.words, self.pieces, self.offsets, self.start, self.templated = [], [], [], -1, False
        while i < n and text[i] not in " \t\r\n;&|()<>":
            c = text[i]
            if c == "'":
                i = self.single(i)
            elif c == '"':
                i = self.double(i)
            elif c == "\\":
                i = self.backslash(i)
            else:
                self.begin(i)
                self.add(c, [i])
                i += 1
        delimiter = "".join(self.pieces)
        self.words, self.pieces, self.offsets, self.start, self.templated = saved
        if delimiter:
            self.pending.append((delimiter, strip_tabs))
        return i

    def read_heredocs(self, i: int) -> int:
        text, n = self.text, self.n
        for delimiter, strip_tabs in self.pending:
            body = i
            while i < n:
                newline = text.find("\n", i)
                line_end = n if newline < 0 else newline
                line = text[i:line_end].rstrip("\r")
                if (line.lstrip("\t") if strip_tabs else line) == delimiter:
                    self.heredocs.append(Heredoc(delimiter, body, i, max(0, len(self.commands) - 1)))
                    i = line_end + 1 if newline >= 0 else n
                    break
                i = line_end + 1 if newline >= 0 else n
            else:
                self.heredocs.append(Heredoc(delimiter, body, n, max(0, len(self.commands) - 1)))
        self.pending = []
        return i


def _skip_balanced(text: str, i: int, opening: str, closing: str) -> int:
    """The offset after the `closing` that matches `text[i] == opening`, skipping quoted parts; the text's
    end when unbalanced. Linear: quotes are skipped with one find each."""
    n = len(text)
    depth = 0
    j = i
    while j < n:
        c = text[j]
        if c == "\\":
            j += 2
            continue
        if c == "'":
            close = text.find("'", j + 1)
            j = n if close < 0 else close + 1
            continue
        if c == '"':
            k = j + 1
            while k < n and text[k] != '"':
                k += 2 if text[k] == "\\" else 1
            j = k + 1
            continue
        if c == opening:
            depth += 1
        elif c == closing:
            depth -= 1
            if depth == 0:
                return j + 1
        j += 1
    return n


def tokenize(text: str) -> Script:
    """The simple commands and heredocs of `text`; never raises."""
    return _Reader(text).run()


def remap(script: Script, offsets: List[int], fallback: int) -> Script:
    """`script`, tokenized from a string whose character k came from offset `offsets[k]` of an outer text
    (a `bash -c '...'` argument, a YAML value), with every offset moved into the outer text."""

    def outer(offset: int) -> int:
        return offsets[offset] if 0 <= offset < len(offsets) else (offsets[-1] + 1 if offsets else fallback)

    commands = []
    for command in script.commands:
        words = [Token(token.value, outer(token.start), outer(token.end - 1) + 1,
                       [outer(offset) for offset in token.offsets], token.templated) for token in command.words]
        commands.append(Command(words, command.terminator, outer(command.end)))
    heredocs = [Heredoc(doc.delimiter, outer(doc.start), outer(doc.end), doc.command) for doc in script.heredocs]
    return Script(commands, heredocs)


def locate(value: str, text: str, start: int, end: Optional[int] = None) -> List[int]:
    """Offsets in `text` of the characters of `value`, a string a loader read from text[start:end] (a YAML
    or JSON scalar, quoted, escaped or folded): each character is matched at or after the previous one;
    characters not found (escapes, folded line breaks) take the previous offset. Linear in the region."""
    stop = len(text) if end is None else min(end, len(text))
    offsets: List[int] = []
    position = start
    for character in value:
        found = text.find(character, position, stop) if position < stop else -1
        # A character far ahead is an escape or a fold, not this one: keep the place.
        if found < 0 or (found - position > 8 and character in " \n"):
            offsets.append(max(start, position - 1) if offsets else start)
            continue
        offsets.append(found)
        position = found + 1
    return offsets


# Files ---------------------------------------------------------------------------------------------

# What a script must mention to be read at all (a byte test before any tokenizing: a repository of
# ordinary shell scripts costs one substring search per file).
LAUNCH_WORDS = ("spark-submit", "pyspark", "spark-shell", "spark-sql", "dataproc", "emr", "spark-defaults")
_SHELL_SHEBANG = re.compile(r"#![ \t]*(?:/usr)?/bin/(?:env[ \t]+)?(?:ba|z|da|k)?sh\b")
_DOCKERFILE_INSTRUCTION = re.compile(
    r"^[ \t]*(FROM|RUN|CMD|LABEL|MAINTAINER|EXPOSE|ENV|ADD|COPY|ENTRYPOINT|VOLUME|USER|WORKDIR|ARG|ONBUILD|"
    r"STOPSIGNAL|HEALTHCHECK|SHELL)\b", re.IGNORECASE | re.MULTILINE)


def mentions_launch(text: str) -> bool:
    return any(word in text for word in LAUNCH_WORDS)


def load_script(path: str, text: str, syntax: str) -> list:
    """A shell script or Dockerfile as one Document whose root is its `Script` (claimed by the
    command-line dialect alone); none when the text names no Spark launcher."""
    from sparklint.tree import Document

    if not mentions_launch(text) or (syntax == "shell" and text.startswith("#!") and not _SHELL_SHEBANG.match(text)):
        return []  # names no launcher, or a script for another interpreter (`#!/usr/bin/env python3`)
    if syntax == "makefile":
        from sparklint.load.makefile import makefile_commands

        script = makefile_commands(text)
    else:
        script = dockerfile_commands(text) if syntax == "dockerfile" else tokenize(text)
    return [Document(path, syntax, script, text)]  # type: ignore[arg-type]


def dockerfile_commands(text: str) -> Script:
    """The commands of a Dockerfile's RUN, CMD and ENTRYPOINT instructions (shell form tokenized, exec form
    read as its JSON list; `["sh", "-c", "..."]` tokenized too), offsets into the Dockerfile."""
    commands: List[Command] = []
    heredocs: List[Heredoc] = []
    starts = [match for match in _DOCKERFILE_INSTRUCTION.finditer(text)]
    for number, match in enumerate(starts):
        if match.group(1).upper() not in ("RUN", "CMD", "ENTRYPOINT"):
            continue
        body_start = match.end()
        body_end = starts[number + 1].start() if number + 1 < len(starts) else len(text)
        body = text[body_start:body_end]
        stripped = body.lstrip()
        if stripped.startswith("["):
            exec_start = body_start + len(body) - len(stripped)
            words = exec_form(text, exec_start, body_end)
            if words is not None:
                commands.extend(shell_c(words))
                continue
        # Options of RUN (`--mount=...`) come first; comment lines inside the instruction are Docker's own.
        inner = remap(tokenize(_blank_comments(body)), list(range(body_start, body_end)), body_end)
        commands.extend(inner.commands)
        heredocs.extend(inner.heredocs)
    return Script(commands, heredocs)


def _blank_comments(body: str) -> str:
    """The instruction with its comment lines blanked (same length: offsets are kept)."""
    return re.sub(r"(?m)^[ \t]*#[^\n]*", lambda found: " " * len(found.group(0)), body)


def exec_form(text: str, start: int, end: int) -> Optional[List[Token]]:
    """The words of a JSON list (`["spark-submit", "--conf", "k=v"]`) at text[start:end], or None."""
    from sparklint.load.json_load import parse_json, scan_spans
    from sparklint.tree import LoadError

    close = text.rfind("]", start, end)
    if close < 0:
        return None
    raw = text[start:close + 1]
    try:
        items = parse_json(raw)
    except (LoadError, RecursionError):
        return None
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        return None
    regions: List[tuple[int, int]] = []
    spans = scan_spans(items, raw, lambda a, b: (a, b))  # type: ignore[arg-type,return-value]
    for _, region in spans.get(id(items), []):
        regions.append(region)  # type: ignore[arg-type]
    words = []
    for item, (a, b) in zip(items, regions):
        offsets = locate(item, text, start + a + 1, start + b)
        # The word starts at its first character, not at the JSON quote (a quoted shell word is text).
        words.append(Token(item, offsets[0] if offsets else start + a, start + b, offsets, False))
    return words


def shell_c(words: List[Token]) -> List[Command]:
    """An exec-form command: itself, or for `sh -c "..."` / `bash -c '...'` the commands in its string."""
    if len(words) >= 3 and words[0].value.rsplit("/", 1)[-1] in ("sh", "bash", "dash", "ash", "zsh") and \
            words[1].value in ("-c", "-lc", "-ec", "-xc", "-euc", "-exc"):
        inner = words[2]
        script = remap(tokenize(inner.value), inner.offsets, inner.end)
        return script.commands
    return [Command(words, "", words[-1].end)] if words else []
