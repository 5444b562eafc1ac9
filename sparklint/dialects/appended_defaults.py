"""Spark settings a script writes into a spark-defaults.conf line by line: Dataproc initialization actions
and EMR bootstrap actions do `echo "spark.x y" >> $SPARK_HOME/conf/spark-defaults.conf`, `printf
'spark.x=y\\n' >> ...` or `echo "spark.x y" | sudo tee -a /etc/spark/conf/spark-defaults.conf`.

Each such line is what the file will hold, and Spark reads the file with `java.util.Properties.load`
(`Utils.getPropertiesFromFile`, core/src/main/scala/org/apache/spark/util/Utils.scala): so the words
`echo` prints (joined by one blank, bash(1) "echo"; `\\n` / `\\t` escapes under `-e`, as `printf` does for
its format) are read with the spark-defaults reader, every entry pointing at its own characters in the
script. A value with `$VAR` is a template, never judged. Not read: `printf` with arguments (the format
decides the text), `sed -i` edits, writes through `sh -c '...'`. Heredocs (`cat >> ... <<EOF`) are read
by sparklint/dialects/shell_script.py.
"""

from __future__ import annotations

import re
from typing import Optional

from sparklint.span import LineIndex, Span
from sparklint.tree import Document, Pairs

TARGET = "spark-defaults.conf"
# A redirection whose target names the file (the words, quoted text included, are blanked first).
_REDIRECT = re.compile(r"(?:\d|&)?>>?\s*(\S*" + re.escape(TARGET) + r")")
_ECHO_OPTIONS = re.compile(r"-[neE]+")
_ESCAPES = {"n": "\n", "t": "\t", "\\": "\\"}
_WRITERS = ("echo", "printf")
_PREFIXES = ("sudo", "command", "builtin", "then", "do", "else", "{")


def appended_lines(document: Document, commands: list) -> Optional[Document]:
    """A properties Document of every line the script's echo / printf commands write into a
    spark-defaults.conf, with positions in the script; None when there is none."""
    text = document.text
    content: list[str] = []
    offsets: list[int] = []
    for position, command in enumerate(commands):
        words = _after_prefixes(command.words)
        if not words or words[0].value not in _WRITERS or not _writes_defaults(text, command, commands, position):
            continue
        line = _printed(words)
        if line is None:
            continue
        for character, offset in line:
            content.append(character)
            offsets.append(offset)
        content.append("\n")
        offsets.append(command.end)
    if not content:
        return None
    from sparklint.load.properties import parse_properties

    body = "".join(content)
    entries, spans = parse_properties(body)
    if not any(key.startswith("spark.") for key, _ in entries):
        return None
    index = LineIndex(text)
    starts = [0] + [offset + 1 for offset, character in enumerate(body) if character == "\n"]

    def moved(span: Optional[Span]) -> Optional[Span]:
        if span is None:
            return None
        start = starts[span.line - 1] + span.column - 1
        end = starts[min(span.end_line, len(starts)) - 1] + span.end_column - 1
        first = offsets[min(start, len(offsets) - 1)]
        last = offsets[min(end, len(offsets) - 1)]
        return index.span(first, max(first, last) + 1)

    root = Pairs(entries)
    moved_spans = [(moved(key_span), moved(value_span) or Span(1, 1, 1, 1)) for key_span, value_span in spans]
    return Document(document.path, "properties", root, text, spans={id(root): moved_spans})


def _after_prefixes(words: list) -> list:
    start = 0
    while start < len(words) and words[start].value in _PREFIXES:
        start += 1
    return words[start:]


def _writes_defaults(text: str, command, commands: list, position: int) -> bool:
    """Whether the command's output goes to a spark-defaults.conf: a `>` / `>>` redirection naming it,
    or a pipe into `tee [-a] .../spark-defaults.conf`."""
    words = command.words
    raw = list(text[words[0].start:command.end])
    base = words[0].start
    for word in words:  # quoted text may hold a `>`: only the redirections are left
        for offset in range(word.start - base, min(word.end - base, len(raw))):
            raw[offset] = " "
    if _REDIRECT.search("".join(raw)):
        return True
    if command.terminator != "|" or position + 1 >= len(commands):
        return False
    piped = _after_prefixes(commands[position + 1].words)
    return bool(piped) and piped[0].value == "tee" and any(TARGET in word.value for word in piped[1:])


def _printed(words: list) -> Optional[list[tuple[str, int]]]:
    """(character, script offset) of the text the command prints, without its final newline."""
    arguments = words[1:]
    escapes = words[0].value == "printf"
    if escapes:
        if len(arguments) != 1 or "%" in arguments[0].value.replace("%%", ""):
            return None  # the format's arguments decide the text
    else:
        while arguments and _ECHO_OPTIONS.fullmatch(arguments[0].value):
            escapes = escapes or "e" in arguments[0].value
            arguments = arguments[1:]
    printed: list[tuple[str, int]] = []
    for number, word in enumerate(arguments):
        if number:
            printed.append((" ", word.start))
        value = word.value
        position = 0
        while position < len(value):
            character = value[position]
            if escapes and character == "\\" and position + 1 < len(value) and value[position + 1] in _ESCAPES:
                printed.append((_ESCAPES[value[position + 1]], word.offset(position)))
                position += 2
                continue
            if escapes and character == "%" and value.startswith("%%", position):
                position += 1
            printed.append((character, word.offset(position)))
            position += 1
    while printed and printed[-1][0] == "\n":
        printed.pop()
    return printed
