"""Finding the Synapse Spark pool a notebook runs on, when the notebook's repository defines it.

A Synapse notebook names its pool (`properties.bigDataPool.referenceName`, and the UI's copy in
`metadata.a365ComputeOptions.name`); its session runs on that pool's nodes, in the pool's Spark version
(Microsoft, "Apache Spark pool configurations in Azure Synapse Analytics": a session is created on a pool,
whose node size and count it draws from). When the repository the notebook lives in (the folder holding
`.git`, else the notebook's folder) holds the pool's definition (Terraform `azurerm_synapse_spark_pool`, an
ARM / Bicep JSON or REST body of `Microsoft.Synapse/workspaces/bigDataPools`), that definition is read: a
bounded walk, names first (`.tf`, `.json`), then a byte check for a pool resource and the pool's name, and
only those files are parsed, once per run (`forget` starts afresh). Nothing is executed.
"""

from __future__ import annotations

import functools
import os
from typing import Optional

from sparklint.application_search import bounded_files, repository_root
from sparklint.discover import Unreadable, read_text
from sparklint.model import JobConfig

_SUFFIXES = (".tf", ".json")
_MARKS = ("azurerm_synapse_spark_pool", "Microsoft.Synapse/workspaces/bigDataPools")
_MAX_BYTES = 2_000_000
_POOL_DIALECTS = ("terraform-synapse-spark-pool", "synapse-big-data-pool")


def pool_named(name: str, notebook_path: str) -> Optional[JobConfig]:
    """The pool called `name` that the repository holding `notebook_path` defines, or None (none, or two
    definitions that disagree on its node size: which one the notebook runs on is not known)."""
    found = _pools(repository_root(notebook_path), not os.path.isabs(notebook_path)).get(name.lower(), ())
    sizes = {(pool.synapse.node_size, pool.synapse.cores) for pool in found if pool.synapse is not None}
    return found[0] if found and len(sizes) <= 1 else None


def forget() -> None:
    """Drop what earlier runs found (the runner calls it when a run starts)."""
    _pools.cache_clear()


@functools.lru_cache(maxsize=16)
def _pools(root: str, relative: bool) -> dict[str, tuple[JobConfig, ...]]:
    """The pools defined under `root` by name; their paths relative when the run names files so (messages
    quote the pool's file as the run would print it)."""
    from sparklint.dialects import recognise
    from sparklint.load import load

    pools: dict[str, list[JobConfig]] = {}
    for path in bounded_files(root, _SUFFIXES):
        try:
            text = read_text(path, _MAX_BYTES)
        except (OSError, Unreadable):
            continue
        if not any(mark in text for mark in _MARKS):
            continue
        documents, _ = load(os.path.relpath(path) if relative else path, text)
        for document in documents:
            for config in recognise(document):
                if config.dialect in _POOL_DIALECTS and config.name:
                    # An ARM pool is named `<workspace>/<pool>`.
                    pools.setdefault(config.name.rsplit("/", 1)[-1].lower(), []).append(config)
    return {name: tuple(found) for name, found in pools.items()}
