"""Makefile recipes: the shell command lines GNU make runs, read with the shell tokenizer; nothing is run.

GNU make (https://www.gnu.org/software/make/manual/make.html, "Recipe Syntax", "Splitting Recipe
Lines", "Variables in Recipes"): a recipe line starts with a tab; `@`, `-` and `+` before the command
are make's own; each line runs in its own shell, and a backslash-newline continues the line, make
dropping the tab that starts the next one; `$(VAR)` / `${VAR}` are make's variables and `$$` is a `$`
for the shell. Every other line (rules, assignments, directives, comments) is make's, not the shell's.

The recipe lines are kept in place and everything else is blanked (line breaks kept), so the shell
tokenizer's offsets are the Makefile's own. Make's `$(VAR)` reads to the tokenizer as a command
substitution and `$$x` as a shell variable: both mark their word as a template, never judged.
"""

from __future__ import annotations

import re

from sparklint.load.shell import Script, tokenize

_NOT_NEWLINE = re.compile(r"[^\n]")
_RECIPE_PREFIX = re.compile(r"\t[ \t]*[@+\-]*")


def makefile_commands(text: str) -> Script:
    """The shell commands of a Makefile's recipe lines, with offsets into the Makefile."""
    pieces = []
    previous_continues = make_continues = False
    for line in text.split("\n"):
        if make_continues:  # a continued assignment or rule line: make's, even when it starts with a tab
            pieces.append(_NOT_NEWLINE.sub(" ", line))
            make_continues = line.rstrip("\r").endswith("\\")
        elif previous_continues:  # the rest of a continued recipe line: make drops only its leading tab
            cut = 1 if line.startswith("\t") else 0
            pieces.append(" " * cut + line[cut:])
            previous_continues = line.rstrip("\r").endswith("\\")
        elif line.startswith("\t"):
            # The recipe prefix (tab, then make's @ - + flags) is blanked; the command keeps its columns.
            prefix = _RECIPE_PREFIX.match(line)
            cut = prefix.end() if prefix is not None else 1
            pieces.append(" " * cut + line[cut:])
            previous_continues = line.rstrip("\r").endswith("\\")
        else:
            pieces.append(_NOT_NEWLINE.sub(" ", line))
            make_continues = line.rstrip("\r").endswith("\\")
    return tokenize("\n".join(pieces))
