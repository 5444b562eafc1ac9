"""Shell scripts and Dockerfiles: every command line in them that launches Spark (command_line.py)."""

from __future__ import annotations

from typing import Optional

from sparklint.model import JobConfig
from sparklint.tree import Document

_FIELDS = {"shell": "", "dockerfile": "Dockerfile command"}


def recognise(document: Document) -> Optional[list[JobConfig]]:
    if document.syntax not in _FIELDS:
        return None
    script = document.root
    commands = getattr(script, "commands", None)
    if commands is None:
        return []
    from sparklint.dialects.command_line import configs_from_commands  # only for files naming a launcher

    return configs_from_commands(document, commands, _FIELDS[document.syntax])
