"""Shell scripts and Dockerfiles: every command line in them that launches Spark (command_line.py), and
spark-defaults files written by a heredoc (`cat > $SPARK_HOME/conf/spark-defaults.conf <<EOF`) or line by
line (`echo "spark.x y" >> .../spark-defaults.conf`, appended_defaults.py), read as spark-defaults.conf with
positions in the script."""

from __future__ import annotations

import re
from typing import Optional

from sparklint.model import JobConfig
from sparklint.tree import Document

_DEFAULTS_TARGET = re.compile(r"spark-defaults\.conf\S*[^\n]*<<|<<[^\n]*spark-defaults\.conf")
_NOT_NEWLINE = re.compile(r"[^\n]")
_FIELDS = {"shell": "", "dockerfile": "Dockerfile command", "makefile": "Makefile recipe"}


def recognise(document: Document) -> Optional[list[JobConfig]]:
    if document.syntax not in _FIELDS:
        return None
    script = document.root
    commands = getattr(script, "commands", None)
    if commands is None:
        return []
    from sparklint.dialects.command_line import configs_from_commands  # only for files naming a launcher

    configs = configs_from_commands(document, commands, _FIELDS[document.syntax])
    for heredoc in getattr(script, "heredocs", ()):
        text = document.text
        opener = text[text.rfind("\n", 0, max(0, heredoc.start - 1)) + 1:heredoc.start]
        if _DEFAULTS_TARGET.search(opener):
            configs.extend(_heredoc_defaults(document, heredoc.start, heredoc.end))
    if "spark-defaults.conf" in document.text:
        configs.extend(_appended_defaults(document, commands))
    return configs


def _appended_defaults(document: Document, commands: list) -> list[JobConfig]:
    """`echo "spark.x y" >> .../spark-defaults.conf` lines (appended_defaults.py), as one spark-defaults layer."""
    from sparklint.dialects.appended_defaults import appended_lines
    from sparklint.dialects.common import add_map
    from sparklint.dialects.spark_defaults import LAYER

    body = appended_lines(document, commands)
    if body is None:
        return []
    config = JobConfig(document.path, "defaults", "spark-defaults", document=body,
                       name="lines written to spark-defaults.conf")
    add_map(config, body, body.root, LAYER, "echo >> spark-defaults.conf")  # type: ignore[arg-type]
    return [config]


def _heredoc_defaults(document: Document, start: int, end: int) -> list[JobConfig]:
    """The heredoc body as a spark-defaults file: the rest of the script blanked (newlines kept), so
    every line and column is the script's own."""
    from sparklint.dialects import spark_defaults
    from sparklint.load.properties import load_properties
    from sparklint.tree import LoadError

    text = document.text
    padded = _NOT_NEWLINE.sub(" ", text[:start]) + text[start:end] + _NOT_NEWLINE.sub(" ", text[end:])
    try:
        body = load_properties(document.path, padded)
    except LoadError:
        return []
    return spark_defaults.recognise(body) or []
