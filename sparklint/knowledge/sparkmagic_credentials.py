"""Livy passwords written in a sparkmagic `config.json`.

sparkmagic's `config.json` (`sparkmagic/example_config.json`) holds one `kernel_<language>_credentials`
block per kernel (`kernel_python_credentials`, `kernel_scala_credentials`, ...), with the `username`,
`password`, `url` and `auth` it connects to Livy with. A password there is a literal credential unless it
is a placeholder (`sparklint.knowledge.secrets.is_placeholder`).
"""

from __future__ import annotations

from typing import Iterator

from sparklint.knowledge.secrets import is_placeholder
from sparklint.model import JobConfig
from sparklint.patterns import lazy_pattern
from sparklint.tree import Pairs, Ref

_CREDENTIALS_BLOCK = lazy_pattern(r"kernel_\w+_credentials")


def plaintext_passwords(config: JobConfig) -> Iterator[tuple[str, Ref]]:
    """(block name, the `password` entry) for each credentials block of a sparkmagic config that holds a
    literal password."""
    document = config.document
    root = document.root if document is not None else None
    if config.dialect != "sparkmagic-config" or not isinstance(root, Pairs):
        return
    for name, block in root.items():
        if not _CREDENTIALS_BLOCK.fullmatch(name) or not isinstance(block, Pairs):
            continue
        for index, key, value in block.entries():
            if key == "password" and isinstance(value, str) and not is_placeholder(value):
                yield name, Ref(document, block, index)
