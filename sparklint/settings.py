"""sparklint's configuration: `.sparklint.toml` or `[tool.sparklint]` in `pyproject.toml`.

For each linted file the nearest config file in its directory or above, up to the repository's root
(the folder holding `.git`), is used (`.sparklint.toml` first, as ruff prefers `.ruff.toml`); `--config`
forces one file for all. A config is validated
against `schema/config.schema.json`, so a typo is a `ConfigError` naming the file, the key and what
was expected. Validation needs jsonschema (over 100 ms to import), so a config that validated once
leaves an empty marker file in the user's cache, named by a hash of the schema and the file, and the
next run with the same bytes skips jsonschema entirely.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping, Optional, Union

from sparklint.discover import glob_matches, is_repository_root, relative_to

SCHEMA_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "schema", "config.schema.json")
SPARK_VERSION_PATTERN = r"[0-9]+\.[0-9]+(\.[0-9]+)?"  # as in the schema; compiled only when a flag sets it
DEFAULT_FAIL_ON = "warning"

StrPath = Union[str, "os.PathLike[str]"]


class ConfigError(Exception):
    """A configuration the user must fix; the CLI prints the message and exits with code 2."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


_EMPTY_RULES: Mapping[str, Mapping[str, object]] = MappingProxyType({})
_EMPTY_ROOTS: Mapping[str, Path] = MappingProxyType({})
# The fields of a Settings, in order; the last four are left out of its hash (mappings, compiled rules).
_FIELDS = ("select", "ignore", "per_file_ignores", "fail_on", "platform", "spark_version", "include", "exclude",
           "force_exclude", "root", "source", "baseline", "extends", "rules", "max_capacity", "policies", "roots")
_HASHED = _FIELDS[:13]


class Settings:
    """The resolved configuration for one file. Empty `select` means the default rule set.

    Read-only (one Settings is shared by every file under its config) and compared by value, like a
    frozen dataclass; a plain class so that a run never imports `dataclasses` (and `inspect` behind it).
    """

    __slots__ = _FIELDS

    select: tuple[str, ...]
    ignore: tuple[str, ...]
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...]
    fail_on: str
    platform: Optional[str]
    spark_version: Optional[str]
    # Read-only views: no caller may edit them.
    rules: Mapping[str, Mapping[str, object]]
    max_capacity: Optional[Mapping[str, str]]
    include: tuple[str, ...]
    exclude: tuple[str, ...]
    force_exclude: bool  # apply `exclude` to files named on the command line too (pre-commit)
    root: Path
    source: Optional[Path]
    # Team policies (`[[policy]]`, `policies = [...]`), compiled into Rules when the config loads.
    policies: tuple[Any, ...]
    # `baseline = "..."`: the baseline file, absolute (relative to the config file that wrote it).
    baseline: Optional[Path]
    # The files `extend` brought in (nearest first), and the folder a key's globs or path are relative to
    # when an extended file wrote it (see sparklint.extend); any other key's is `root`.
    extends: tuple[Path, ...]
    roots: Mapping[str, Path]

    def __init__(self, select: tuple[str, ...] = (), ignore: tuple[str, ...] = (),
                 per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = (), fail_on: str = DEFAULT_FAIL_ON,
                 platform: Optional[str] = None, spark_version: Optional[str] = None,
                 rules: Mapping[str, Mapping[str, object]] = _EMPTY_RULES,
                 max_capacity: Optional[Mapping[str, str]] = None, include: tuple[str, ...] = (),
                 exclude: tuple[str, ...] = (), force_exclude: bool = False, root: Optional[Path] = None,
                 source: Optional[Path] = None, policies: tuple[Any, ...] = (), baseline: Optional[Path] = None,
                 extends: tuple[Path, ...] = (), roots: Mapping[str, Path] = _EMPTY_ROOTS) -> None:
        values = locals()
        for name in _FIELDS:
            object.__setattr__(self, name, values[name])
        if root is None:
            object.__setattr__(self, "root", Path.cwd())

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r}: Settings are read-only")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}: Settings are read-only")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in _FIELDS)

    def __hash__(self) -> int:
        return hash(tuple(getattr(self, name) for name in _HASHED))

    def __repr__(self) -> str:
        return "Settings(" + ", ".join(f"{name}={getattr(self, name)!r}" for name in _FIELDS) + ")"

    def _replace(self, **changes: Any) -> Settings:
        return Settings(**{name: changes.get(name, getattr(self, name)) for name in _FIELDS})

    def merged(self, **overrides: Any) -> Settings:
        """A copy with command-line overrides applied; a None override keeps the configured value."""
        changes: dict[str, Any] = {}
        for name, value in overrides.items():
            if name not in _FIELD_NAMES:
                raise TypeError(f"Settings has no field {name!r}")
            if value is None:
                continue
            if name in _TUPLE_FIELDS:
                value = tuple(value)
            changes[name] = value
        _check_overrides(changes)
        return self._replace(**changes) if changes else self

    def ignored_codes_for(self, path: StrPath) -> tuple[str, ...]:
        """The rule ids, prefixes or names that `per-file-ignores` turns off for `path`."""
        if not self.per_file_ignores:
            return ()
        relative = self.relative(path, "per-file-ignores")

        codes: dict[str, None] = {}
        for pattern, pattern_codes in self.per_file_ignores:
            negated = pattern.startswith("!")  # as in ruff: the files the rest of the pattern does not name
            if glob_matches(pattern[1:] if negated else pattern, relative) is not negated:
                codes.update(dict.fromkeys(pattern_codes))
        return tuple(codes)

    def excludes(self, path: StrPath) -> bool:
        """Whether the `exclude` globs (gitignore patterns, in order, `!` taking back) name `path` or a
        folder it is in (paths relative to the folder of the config file that wrote them)."""
        if not self.exclude:
            return False
        from sparklint.globs import compile_patterns

        return compile_patterns(self.exclude).excludes_path(self.relative(path, "exclude"))

    def relative(self, path: StrPath, key: str = "") -> str:
        """`path` relative to the folder of the config file that wrote `key` (see `discover.relative_to`)."""
        return relative_to(os.fspath(path), str(self.root_of(key)))

    def root_of(self, key: str) -> Path:
        """The folder the globs or path of `key` (`exclude`, `per-file-ignores`, ...) are relative to."""
        return self.roots.get(key, self.root)


_FIELD_NAMES = frozenset(_FIELDS)
_TUPLE_FIELDS = frozenset({"select", "ignore", "include", "exclude"})


def _check_overrides(changes: Mapping[str, Any]) -> None:
    # Flags bypass the schema, so the three closed-set values are checked here, with flag names.
    if "fail_on" in changes:
        from sparklint.rule import SEVERITIES

        if changes["fail_on"] not in SEVERITIES:
            raise ConfigError(f"--fail-on: {changes['fail_on']!r} is not one of {list(SEVERITIES)!r}")
    if "platform" in changes:
        from sparklint.model import PLATFORMS

        if changes["platform"] not in PLATFORMS:
            raise ConfigError(f"--platform: {changes['platform']!r} is not one of {list(PLATFORMS)!r}")
    if "spark_version" in changes and not re.fullmatch(SPARK_VERSION_PATTERN, str(changes["spark_version"])):
        raise ConfigError(f"--spark-version: {changes['spark_version']!r} is not a version like '3.5' or '4.0.1'")


# Caches for one process: a directory's Settings, the nearest config file of each visited directory,
# and each config file's Settings. 10,000 files in 100 directories cost 100 lookups.
_settings_by_directory: dict[str, Settings] = {}
_config_by_directory: dict[str, Optional[str]] = {}
_settings_by_file: dict[str, Settings] = {}


def clear_caches() -> None:
    """Forget every config looked up or loaded in this process (tests, long-running callers)."""
    _settings_by_directory.clear()
    _config_by_directory.clear()
    _settings_by_file.clear()


def loaded_policies() -> list[Any]:
    """The team policies of every config loaded in this process (reporters describe their rules)."""
    return [policy for settings in _settings_by_file.values() for policy in settings.policies]


def settings_for(path: StrPath, forced: Optional[StrPath] = None) -> Settings:
    """The Settings for the file (or directory) at `path`: the forced config, the nearest one, or defaults."""
    if forced is not None:
        return _load_once(_absolute(forced))
    absolute = _absolute(path)
    # One stat per call, so that passing a directory (the working directory, say) never means its parent.
    directory = absolute if os.path.isdir(absolute) else os.path.dirname(absolute)
    settings = _settings_by_directory.get(directory)
    if settings is None:
        config = _nearest_config(directory)
        settings = _load_once(config) if config is not None else Settings(root=Path(os.getcwd()))
        _settings_by_directory[directory] = settings
    return settings


def load_settings_file(path: StrPath, _chain: tuple[str, ...] = ()) -> Settings:
    """Read and validate one config file and the files it extends (uncached here; the cache's validity
    marker still applies)."""
    absolute = _absolute(path)
    shown = _shown(absolute)
    if not absolute.endswith(".toml"):
        raise ConfigError(f"{shown}: expected a .toml file (.sparklint.toml or pyproject.toml)")
    raw = _read_config_bytes(absolute, shown)
    document = _parse_toml(raw, shown)
    if os.path.basename(absolute) == "pyproject.toml":
        table = _tool_table(document)
        if table is None:
            raise ConfigError(f"{shown}: no [tool.sparklint] table")
        location = "[tool.sparklint]"
    else:
        table, location = document, ""
    try:
        _validate(table, raw, shown, location)
    except RecursionError:  # jsonschema recurses per nested value
        raise ConfigError(f"{shown}: invalid TOML: nested too deeply") from None
    _check_globs(table, shown, location)
    root = os.path.dirname(absolute)
    policies: tuple[Any, ...] = ()
    if "policy" in table or "policies" in table:  # the compiler is imported only where a config has policies
        from sparklint.policy import compile_policies

        policies = compile_policies(table, root, shown, location, _read_policy_file)
    own = _settings_from_table(table, Path(root), Path(absolute), policies)
    if "extend" not in table:
        return own
    from sparklint.extend import check_chain, combine, extended_path

    base_path = extended_path(table, absolute)
    where = f"{shown}: {location} " if location else f"{shown}: "
    check_chain(base_path, _chain + (absolute,), _shown, where)
    try:
        base = load_settings_file(base_path, _chain + (absolute,))
    except ConfigError as error:
        if error.message.startswith(_shown(base_path) + ": config file not found"):
            raise ConfigError(f"{where}extend: {_shown(base_path)}: config file not found") from None
        raise
    return combine(base, own, table)


def _read_policy_file(absolute: str) -> tuple[Mapping[str, Any], str]:
    """A file listed under `policies`: a TOML file of `[[policy]]` tables, validated like a config."""
    shown = _shown(absolute)
    if not absolute.endswith(".toml"):
        raise ConfigError(f"{shown}: expected a .toml file of [[policy]] tables")
    raw = _read_config_bytes(absolute, shown)
    table = _parse_toml(raw, shown)
    try:
        _validate(table, raw, shown, "", _policy_file_schema())
    except RecursionError:
        raise ConfigError(f"{shown}: invalid TOML: nested too deeply") from None
    return table, shown


def _policy_file_schema() -> bytes:
    """The schema of a policy file: the config schema's policy definitions, and nothing but `policy`."""
    import json

    config_schema = json.loads(_schema_bytes())
    return json.dumps({"$schema": config_schema["$schema"], "$defs": config_schema["$defs"],
                       "description": "a file of [[policy]] tables", "type": "object",
                       "additionalProperties": False,
                       "properties": {"policy": {"$ref": "#/$defs/policyList"}}}).encode()


def _check_globs(table: Mapping[str, Any], shown: str, location: str) -> None:
    """A glob that can match nothing sensible (`[z-a]`) is the user's to fix, named with its key."""
    from sparklint.globs import check_glob

    prefix = f"{shown}: {location} " if location else f"{shown}: "
    keyed = [(_key_path(["per-file-ignores", glob]), glob) for glob in table.get("per-file-ignores", {})]
    keyed += [(_key_path([key, index]), glob) for key in ("include", "exclude")
              for index, glob in enumerate(table.get(key, ()))]
    problems = [f"{prefix}{where}: invalid glob: {problem}" for where, glob in keyed
                for problem in [check_glob(glob)] if problem is not None]
    if problems:
        raise ConfigError("\n".join(problems))


def _load_once(absolute: str) -> Settings:
    settings = _settings_by_file.get(absolute)
    if settings is None:
        settings = _settings_by_file[absolute] = load_settings_file(absolute)
    return settings


def _nearest_config(directory: str) -> Optional[str]:
    visited = []
    current = directory
    while True:
        if current in _config_by_directory:
            found = _config_by_directory[current]
            break
        visited.append(current)
        found = _config_in(current)
        parent = os.path.dirname(current)
        # Found, or the filesystem root, or the repository's root (a `.git` folder, or file in a worktree or
        # submodule): a config above the repository belongs to someone else, as ruff decides.
        if found is not None or parent == current or is_repository_root(current):
            break
        current = parent
    for seen in visited:
        _config_by_directory[seen] = found
    return found


def _config_in(directory: str) -> Optional[str]:
    # A config that is there but not a regular file (a FIFO, a device; for .sparklint.toml, a broken link too)
    # is found, and its read refused with exit 2 (`_read_config_bytes`): taken for absent, the defaults would
    # apply unsaid. A broken pyproject.toml link is passed over: most pyproject.toml files are not ours.
    candidate = os.path.join(directory, ".sparklint.toml")
    if os.path.lexists(candidate) and not os.path.isdir(candidate):
        return candidate
    candidate = os.path.join(directory, "pyproject.toml")
    if not os.path.exists(candidate) or os.path.isdir(candidate):
        return None
    raw = _read_config_bytes(candidate, _shown(candidate))
    # Most pyproject.toml files are not ours: a byte search spares importing and running the TOML parser.
    if b"sparklint" not in raw or _tool_table(_parse_toml(raw, _shown(candidate))) is None:
        return None
    return candidate


def _tool_table(document: Mapping[str, object]) -> Optional[Any]:
    tool = document.get("tool")
    return tool.get("sparklint") if isinstance(tool, dict) else None


# A config is a few hundred bytes; reading more than this is never needed (and `--config /dev/zero` or a
# FIFO would never end: only regular files are read, see `discover.read_bytes`).
MAX_CONFIG_BYTES = 1024 * 1024


def _read_config_bytes(absolute: str, shown: str) -> bytes:
    from sparklint.discover import Unreadable, read_bytes

    if not os.path.lexists(absolute):
        raise ConfigError(f"{shown}: config file not found")
    try:
        raw = read_bytes(absolute, MAX_CONFIG_BYTES)
    except Unreadable as error:
        raise ConfigError(f"{shown}: cannot read config file: {error.message.replace('; skipped', '')}") from None
    if len(raw) > MAX_CONFIG_BYTES:
        raise ConfigError(f"{shown}: cannot read config file: larger than {MAX_CONFIG_BYTES // 1024} KB")
    return raw


def _parse_toml(raw: bytes, shown: str) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:
        import tomli as tomllib
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{shown}: invalid TOML: not UTF-8 (invalid byte at offset {exc.start})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{shown}: invalid TOML: {exc}") from None
    except RecursionError:  # the TOML parser recurses per nested array or inline table
        raise ConfigError(f"{shown}: invalid TOML: nested too deeply") from None


def _absolute(path: StrPath) -> str:
    return os.path.normpath(os.path.join(os.getcwd(), os.fspath(path)))


def shown_path(absolute: str) -> str:
    """A config file's path as messages show it (relative to the working directory below it)."""
    return _shown(absolute)


def _shown(absolute: str) -> str:
    """The path as messages show it: relative to the working directory when it lies below it."""
    try:
        relative = os.path.relpath(absolute)
    except ValueError:  # another drive on Windows
        return absolute
    return absolute if relative == ".." or relative.startswith(".." + os.sep) else relative


def _settings_from_table(table: Mapping[str, Any], root: Path, source: Path,
                         policies: tuple[Any, ...] = ()) -> Settings:
    # The table has passed the schema (now or on an earlier run with the same bytes), so shapes hold.
    capacity = table.get("emr-serverless", {}).get("maximum-capacity")
    rules = {name: MappingProxyType(dict(options)) for name, options in table.get("rules", {}).items()}
    return Settings(
        select=tuple(table.get("select", ())),
        ignore=tuple(table.get("ignore", ())),
        per_file_ignores=tuple((glob, tuple(codes)) for glob, codes in table.get("per-file-ignores", {}).items()),
        fail_on=table.get("fail-on", DEFAULT_FAIL_ON),
        platform=table.get("platform"),
        spark_version=table.get("spark-version"),
        rules=MappingProxyType(rules),
        max_capacity=MappingProxyType(dict(capacity)) if capacity is not None else None,
        include=tuple(table.get("include", ())),
        exclude=tuple(table.get("exclude", ())),
        force_exclude=bool(table.get("force-exclude", False)),
        root=root,
        source=source,
        policies=policies,
        baseline=Path(os.path.normpath(os.path.join(root, os.path.expanduser(table["baseline"]))))
        if "baseline" in table else None,
    )


# --- validation, and the cache that lets most runs skip it -------------------------------------------


def _validate(table: Mapping[str, Any], raw: bytes, shown: str, location: str,
              schema: Optional[bytes] = None) -> None:
    schema = schema if schema is not None else _schema_bytes()
    marker = _marker_path(schema, raw, location)
    if marker is not None and os.path.exists(marker):
        return
    problems = _schema_problems(table, schema)
    if problems:
        prefix = f"{shown}: {location} " if location else f"{shown}: "
        raise ConfigError("\n".join(prefix + problem for problem in problems))
    if marker is not None:
        try:
            os.makedirs(os.path.dirname(marker), exist_ok=True)
            with open(marker, "wb"):
                pass
        except OSError:
            pass  # a read-only or full cache only costs the next run a validation


_schema_cache: list[bytes] = []


def _schema_bytes() -> bytes:
    if not _schema_cache:
        try:
            with open(SCHEMA_PATH, "rb") as handle:
                _schema_cache.append(handle.read())
        except OSError as exc:
            message = f"sparklint is installed without its config schema ({SCHEMA_PATH}): {exc.strerror}"
            raise ConfigError(message) from None
    return _schema_cache[0]


def cache_directory() -> Optional[str]:
    """Where validity markers live, or None when caching is off (SPARKLINT_NO_CACHE=1) or impossible."""
    if os.environ.get("SPARKLINT_NO_CACHE", "") not in ("", "0"):
        return None
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # the XDG spec says to ignore a relative value
        base = os.path.join(os.path.expanduser("~"), ".cache")
    if not os.path.isabs(base):  # no home directory: never scatter a cache into the working tree
        return None
    return os.path.join(base, "sparklint")


def _marker_path(schema: bytes, raw: bytes, location: str) -> Optional[str]:
    directory = cache_directory()
    if directory is None:
        return None
    import hashlib

    # The location is hashed too: the same bytes read as pyproject.toml and as .sparklint.toml
    # validate different tables, and one's verdict must not stand for the other's.
    digest = hashlib.sha256(schema + b"\0" + location.encode() + b"\0" + raw).hexdigest()
    return os.path.join(directory, digest)


def _schema_problems(table: Mapping[str, Any], schema: bytes) -> list[str]:
    import json

    import jsonschema

    validator = jsonschema.Draft202012Validator(json.loads(schema))
    errors = sorted(validator.iter_errors(table), key=lambda error: [str(part) for part in error.absolute_path])
    return [problem for error in errors for problem in _describe(error)]


def _describe(error: Any) -> list[str]:
    """One line per problem: `key.path: what is wrong; what was expected`."""
    path = list(error.absolute_path)
    keyword = error.validator
    if keyword == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        unknown = [key for key in error.instance if key not in allowed]
        return [f"{_key_path(path + [key])}: unknown key{_suggestion(key, allowed)}" for key in unknown]
    if "propertyNames" in error.absolute_schema_path:  # the instance is the key itself; the path is its table
        description = error.schema.get("description", "a valid key")
        return [f"{_key_path(path + [error.instance])}: not a valid key; expected {description}"]
    where = _key_path(path)
    where = f"{where}: " if where else ""
    if keyword == "enum":
        return [f"{where}{_repr(error.instance)} is not one of {list(error.validator_value)!r}"]
    description = error.schema.get("description")
    if description:
        return [f"{where}expected {description}, got {_toml_kind(error.instance)}"]
    return [f"{where}{error.message}"]


def _suggestion(key: str, allowed: list[str]) -> str:
    import difflib

    close = difflib.get_close_matches(key.replace("_", "-"), allowed, n=1, cutoff=0.6)
    if close:
        return f"; did you mean {close[0]!r}?"
    return "; expected one of " + ", ".join(repr(name) for name in allowed)


_BARE_KEY = r"[A-Za-z0-9_-]+"  # TOML bare keys; compiled only when an error is described


def _key_path(parts: list[object]) -> str:
    """A TOML-style dotted key (`rules.SL201.severity`, `per-file-ignores."a/**"`), `[i]` for list items."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            text = str(part) if re.fullmatch(_BARE_KEY, str(part)) else _quoted(str(part))
            out += f".{text}" if out else text
    return out


def _quoted(key: str) -> str:
    return '"' + key.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _repr(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _toml_kind(value: object) -> str:
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, bool):
        kind = "boolean"
    elif isinstance(value, int):
        kind = "integer"
    elif isinstance(value, float):
        kind = "float"
    elif isinstance(value, str):
        kind = "string"
    elif isinstance(value, list):
        kind = "array"
    else:
        kind = type(value).__name__  # datetime, date, time
    return f"{kind} {_repr(value)}"
