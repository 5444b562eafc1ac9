"""`extend = "../base.toml"`: a config file that inherits another's settings, with ruff's semantics.

The extended file is loaded first (it may extend another in turn), then the extending file's own keys are
laid over it, as ruff's `Configuration::combine` does (crates/ruff_workspace/src/configuration.rs):

- a scalar (`fail-on`, `platform`, `spark-version`, `force-exclude`, `baseline`) and a list that ruff
  replaces (`include`, `exclude`, `per-file-ignores`, and the team policies: `[[policy]]` with `policies`)
  come from the extending file when it writes them, else from the extended one;
- rule selection is chained as ruff chains its `rule_selections`: a `select` in the extending file starts
  the set afresh (the extended file's `select` and `ignore` no longer count), an `ignore` without a
  `select` adds to the extended file's `ignore`;
- option tables (`[rules.X]`, `[emr-serverless.maximum-capacity]`) are combined key by key, as ruff
  combines its plugin option tables.

Every path keeps the folder of the file that wrote it (ruff resolves "all relative paths in the extended
configuration file ... relative to its own location", astral-sh/ruff#8795): `Settings.roots` says where a
key's globs or path came from when that is not the extending file's own folder. A cycle or a missing file
is a ConfigError naming the file that wrote the `extend`.
"""

from __future__ import annotations

import os
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Callable, Mapping

if TYPE_CHECKING:
    from sparklint.settings import Settings

# Keys taken whole from the extending file when it writes them; the Settings field each fills.
_REPLACED = {"fail-on": "fail_on", "platform": "platform", "spark-version": "spark_version",
             "force-exclude": "force_exclude", "include": "include", "exclude": "exclude",
             "per-file-ignores": "per_file_ignores", "baseline": "baseline"}
# Keys whose paths are relative to the file that wrote them (Settings.roots).
ROOTED_KEYS = ("include", "exclude", "per-file-ignores", "baseline")


def extended_path(table: Mapping[str, Any], absolute: str) -> str:
    """The absolute path of the file that `extend` names (`~` expanded, as ruff does; relative to the
    folder of the file that writes it)."""
    written = os.path.expanduser(str(table["extend"]))
    return os.path.normpath(os.path.join(os.path.dirname(absolute), written))


def check_chain(base: str, chain: tuple[str, ...], shown: Callable[[str], str], prefix: str) -> None:
    """A file extended again by a file it extends (directly or through others) is a cycle."""
    if base in chain:
        cycle = " -> ".join(shown(path) for path in chain[chain.index(base):] + (base,))
        raise _config_error(f"{prefix}extend: {shown(base)} is already being extended (a cycle: {cycle})")


def combine(base: Settings, own: Settings, table: Mapping[str, Any]) -> Settings:
    """`own` (read from `table`, the extending file's table) laid over `base`, the extended file's Settings."""
    changes: dict[str, Any] = {}
    roots = dict(base.roots)
    for key in ROOTED_KEYS:
        roots.setdefault(key, base.root)  # what the extended file wrote stays relative to its own folder
    for key, name in _REPLACED.items():
        if key in table:
            roots.pop(key, None)
        else:
            changes[name] = getattr(base, name)
    if "select" not in table:  # ruff: only a `select` resets the set; an `ignore` adds to what came before
        changes["select"] = base.select
        changes["ignore"] = tuple(dict.fromkeys(base.ignore + own.ignore))
    if "policy" not in table and "policies" not in table:
        changes["policies"] = base.policies
    rules = {key: dict(options) for key, options in base.rules.items()}
    for key, options in own.rules.items():
        rules.setdefault(key, {}).update(options)
    changes["rules"] = MappingProxyType({key: MappingProxyType(options) for key, options in rules.items()})
    if base.max_capacity is not None or own.max_capacity is not None:
        changes["max_capacity"] = MappingProxyType({**(base.max_capacity or {}), **(own.max_capacity or {})})
    changes["roots"] = MappingProxyType(roots)
    changes["extends"] = tuple(path for path in (base.source, *base.extends) if path is not None)
    return own._replace(**changes)


def _config_error(message: str) -> Exception:
    from sparklint.settings import ConfigError

    return ConfigError(message)

