"""Finding the files to lint, and reading them safely.

`discover` expands the paths from the command line: a file is always a candidate (the loader decides
whether it is ours), a directory is walked with `os.scandir` keeping only names that can hold a Spark
configuration. `read_text` turns every way a file can be unreadable into an `Unreadable` with a short
message, so one odd file becomes a note instead of a traceback.

`include`, `exclude` and `per-file-ignores` are gitignore patterns (`sparklint.globs`), and a walk inside a
git repository skips what its `.gitignore` files ignore (`sparklint.gitignore`; `respect_gitignore=False`
is `--no-ignore`). A file named on the command line is always a candidate.
"""

from __future__ import annotations

import errno
import functools
import os
import re
import stat
import sys
from typing import TYPE_CHECKING, Iterable, Iterator, Optional, Union

from sparklint.distribution import CONF, is_distribution, is_distribution_listing
from sparklint.globs import compile_patterns
from sparklint.records import Record
from sparklint.verdict import READ_HIDDEN_DIRECTORIES

if TYPE_CHECKING:
    from sparklint.gitignore import GitIgnore

MAX_BYTES = 5 * 1024 * 1024
# Git's own heuristic for "binary": a NUL byte near the start (xdiff's buffer_is_binary looks at 8000).
SNIFF_BYTES = 8 * 1024

# Lower-cased name endings a directory walk keeps; `spark-defaults.conf*` is matched separately so that
# `spark-defaults.conf.template` (what Spark ships in conf/) is linted too.
CONFIG_SUFFIXES = (".json", ".yaml", ".yml", ".ipynb", ".conf", ".properties", ".tf", ".py", ".sh", ".bash",
                   ".dockerfile", ".mk")
# Dockerfiles by name (`Dockerfile`, `Dockerfile.spark`, `Containerfile`).
DOCKERFILE_NAMES = ("dockerfile", "containerfile")
DOCKERFILE_PREFIXES = ("dockerfile.", "containerfile.")
SPARK_DEFAULTS_PREFIX = "spark-defaults.conf"

# Never ours, and often huge: walking a virtualenv or node_modules would dominate a run.
SKIPPED_DIRECTORIES = frozenset(
    {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".mypy_cache", ".pytest_cache",
     "site-packages", "dist-packages"}  # installed packages (pyspark's own tests among them), whatever the venv's name
)


class Candidate(Record):
    """A file to load, with its path as the user would write it."""

    path: str
    explicit: bool = False  # named on the command line, not found by walking a directory


class Note(Record):
    """Something the user should hear about that is not a finding (a missing path, an unreadable dir)."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class Unreadable(Exception):
    """A file that cannot be read as UTF-8 text; the message says why, without the path."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def is_repository_root(directory: str) -> bool:
    """A git repository's root: it holds `.git` (a folder, or a file in a worktree or submodule)."""
    return os.path.lexists(os.path.join(directory, ".git"))


def is_config_name(name: str) -> bool:
    """Whether a directory walk keeps a file of this name (before user `include` globs)."""
    lowered = name.lower()
    return (lowered.endswith(CONFIG_SUFFIXES) or lowered.startswith((SPARK_DEFAULTS_PREFIX, *DOCKERFILE_PREFIXES))
            or lowered in DOCKERFILE_NAMES or lowered in ("makefile", "gnumakefile"))


def discover(
    paths: Iterable[str], include: tuple[str, ...] = (), exclude: tuple[str, ...] = (), root: str = "",
    include_root: str = "", respect_gitignore: bool = True,
) -> Iterator[Union[Candidate, Note]]:
    """Expand `paths` into candidates, in a deterministic order, each file once.

    `exclude` globs match paths relative to `root` (the folder of the config file that gave them; the
    current directory when empty), `include` globs relative to `include_root` (the same by default; an
    extended config file's folder when only that file wrote `include`)."""
    seen: set[str] = set()
    cwd = os.getcwd()
    for path in paths:
        try:
            info = os.stat(path)
        except OSError as exc:
            yield Note(path, _os_error_message(exc, path))
            continue
        if not stat.S_ISDIR(info.st_mode):
            # Named explicitly (pre-commit passes file names): always a candidate, whatever its name.
            if _first_time(seen, cwd, path):
                yield Candidate(path, explicit=True)
            continue
        include_prefix = _prefix(path, include_root) if include and include_root and include_root != root else None
        ignore = None
        if respect_gitignore:
            from sparklint.gitignore import GitIgnore

            ignore = GitIgnore.around(os.path.normpath(os.path.join(cwd, path)))
        for found in _walk(path, include, exclude, _prefix(path, root or cwd), include_prefix, ignore):
            if isinstance(found, Note) or _first_time(seen, cwd, found.path):
                yield found


def _first_time(seen: set[str], cwd: str, path: str) -> bool:
    # normpath is string work only; realpath would cost syscalls per file for a rare overlap.
    key = os.path.normpath(os.path.join(cwd, path))
    if key in seen:
        return False
    seen.add(key)
    return True


def _prefix(top: str, root: str) -> str:
    """What puts a path relative to `top` relative to `root`: "" for the root itself, "sub/dir/" below
    it, the absolute folder outside it, where only name patterns can match."""
    relative = relative_to(top, root)
    return "" if relative == "." else relative + "/"


def relative_to(path: str, root: str) -> str:
    """`path` relative to `root`, `/`-separated ("." for the root itself); absolute when outside it, so
    that globs, which are relative to `root`, can match only its name (`*.conf`)."""
    cwd = os.getcwd()
    # The walk's paths are plain relative ones ("d000/job.conf"): below a working directory inside `root`,
    # the answer is the working directory's place in `root` and the path, without normpath and relpath
    # for every file (a policy scoped by paths asks of each one).
    if os.sep == "/" and path and path[0] != "/" and not _DOTTED.search("/" + path + "/"):
        prefix = _working_directory_in(cwd, root)
        if prefix is not None:
            return prefix + path
    return _relative_to(path, root, cwd)


_DOTTED = re.compile(r"/\.{0,2}/")  # an empty, "." or ".." segment: only normpath knows what it means


@functools.lru_cache(maxsize=64)
def _working_directory_in(cwd: str, root: str) -> Optional[str]:
    """"" when `cwd` is `root`, "sub/dir/" below it, None outside it."""
    relative = _relative_to(".", root, cwd)
    if relative == ".":
        return ""
    return None if relative.startswith("/") else relative + "/"


def _relative_to(path: str, root: str, cwd: str) -> str:
    absolute = os.path.normpath(os.path.join(cwd, path))
    try:
        relative = os.path.relpath(absolute, root)
    except ValueError:  # another drive on Windows
        relative = absolute
    if relative == ".." or relative.startswith(".." + os.sep):
        relative = absolute
    return relative.replace(os.sep, "/")


def _walk(top: str, include: tuple[str, ...], exclude: tuple[str, ...], prefix: str = "",
          include_prefix: Optional[str] = None, ignore: Optional[GitIgnore] = None) -> Iterator[Union[Candidate, Note]]:
    # An explicit stack instead of recursion: no depth limit, and the order stays sorted per directory.
    shown_top = "" if os.path.normpath(top) == "." else top  # "." lists "a.json", not "./a.json"
    stack: list[Iterator[tuple[str, str, os.DirEntry[str]]]] = []
    listing = _list(top, shown_top, prefix)
    if isinstance(listing, Note):
        yield listing
        return
    stack.append(listing)
    excluded = compile_patterns(exclude) if exclude else None
    included = compile_patterns(include) if include else None
    cwd = os.getcwd() if ignore is not None else ""
    folders: dict[str, str] = {}  # a listed folder's absolute path, for the ignore files
    while stack:
        entry_info = next(stack[-1], None)
        if entry_info is None:
            stack.pop()
            continue
        shown, relative, entry = entry_info
        name = entry.name
        try:
            # follow_symlinks=False: a symlinked directory is never entered, so a loop cannot hang us.
            if entry.is_dir(follow_symlinks=False):
                if name in SKIPPED_DIRECTORIES or (name.startswith(".") and name not in READ_HIDDEN_DIRECTORIES) \
                        or (excluded is not None and excluded.excludes_contents(relative)) \
                        or (ignore is not None and ignore.ignores(_folder(folders, cwd, shown), name, True)):
                    continue
                listing = _list(shown, shown, relative + "/")
                if isinstance(listing, Note):
                    yield listing
                else:
                    stack.append(listing)
            elif entry.is_file():  # follows a symlink to a file; a dangling link is neither
                wanted = is_config_name(name) or (included is not None and bool(included.decide(
                    relative if include_prefix is None else include_prefix + relative[len(prefix):], False)))
                if wanted and not (excluded is not None and excluded.decide(relative, False)) \
                        and not (ignore is not None and ignore.ignores(_folder(folders, cwd, shown), name, False)):
                    yield Candidate(shown)
        except OSError:
            continue  # vanished or unreadable entry mid-walk: nothing to lint there


def _list(
    directory: str, shown_directory: str, relative_prefix: str
) -> Iterator[tuple[str, str, os.DirEntry[str]]] | Note:
    try:
        with os.scandir(directory or ".") as scanner:
            entries = sorted(scanner, key=lambda entry: entry.name)
    except OSError as exc:
        return Note(shown_directory or ".", _os_error_message(exc, directory))
    if is_distribution_listing(entry.name for entry in entries) and is_distribution(directory or "."):
        # An unpacked Spark distribution: Spark's own files; only its conf/ is the repository's.
        entries = [entry for entry in entries if entry.name == CONF]
    return (
        (_joined(shown_directory, entry.name), relative_prefix + entry.name, entry)
        for entry in entries
    )


def _joined(directory: str, name: str) -> str:
    return os.path.join(directory, name) if directory else name


def _folder(folders: dict[str, str], cwd: str, shown: str) -> str:
    """The absolute folder an entry shown as `shown` is in (one normpath per folder, not per file)."""
    parent = os.path.dirname(shown)
    absolute = folders.get(parent)
    if absolute is None:
        absolute = folders[parent] = os.path.normpath(os.path.join(cwd, parent))
    return absolute


def glob_matches(pattern: str, relative_path: str, is_dir: bool = False) -> bool:
    """Whether a gitignore pattern names a `/`-separated relative path or a folder it is in."""
    return compile_patterns((pattern,), False).excludes_path(relative_path, is_dir)


def read_text(path: str, max_bytes: int = MAX_BYTES) -> str:
    """The file's text, decoded as UTF-8 with nothing stripped (a BOM stays: the loaders decide)."""
    return _decode(read_bytes(path, max_bytes), max_bytes)


def read_bytes(path: str, max_bytes: int) -> bytes:
    """Up to max_bytes + 1 bytes of a regular file; `Unreadable` for anything else.

    Opened with O_NONBLOCK, so that a FIFO (named on the command line, or swapped in for a file during the
    run) cannot block the open, and checked with fstat on that descriptor before a byte is read: FIFOs,
    devices (`/dev/zero`) and sockets are refused, since their reads can block or never end."""
    try:
        descriptor = os.open(path, os.O_RDONLY | _O_BINARY | _O_NONBLOCK)
        try:
            info = os.fstat(descriptor)
            if stat.S_ISDIR(info.st_mode):
                raise Unreadable("is a directory")
            if not stat.S_ISREG(info.st_mode):
                raise Unreadable(f"not a regular file ({_kind(info.st_mode)}); skipped")
            if info.st_size > max_bytes:  # a huge file is never read
                raise Unreadable(_too_large(max_bytes))
            return _read_at_most(descriptor, max_bytes + 1, info.st_size)
        finally:
            os.close(descriptor)
    except OSError as exc:
        raise Unreadable(_os_error_message(exc, path)) from None


_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # not on Windows, where there are no FIFOs to open


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"


_O_BINARY = getattr(os, "O_BINARY", 0)  # Windows: no newline translation


def _read_at_most(descriptor: int, limit: int, expected: int) -> bytes:
    """Up to `limit` bytes. One read of the size fstat gave (plus one byte, to see a file that grew)
    for regular files: a `read(limit)` would allocate `limit` bytes for every small file."""
    chunks = []
    total = 0
    size = min(limit, expected + 1) if expected else min(limit, 65536)
    while total < limit:
        chunk = os.read(descriptor, min(size, limit - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        size = min(limit, 65536)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def read_stdin(max_bytes: int = MAX_BYTES) -> str:
    """Standard input's text, with the same checks as `read_text`."""
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise Unreadable("standard input is not available")
    try:
        data = stream.read(max_bytes + 1)
    except OSError as exc:
        raise Unreadable(_os_error_message(exc, "-")) from None
    return _decode(data, max_bytes)


def _decode(data: bytes, max_bytes: int) -> str:
    if len(data) > max_bytes:
        raise Unreadable(_too_large(max_bytes))
    # PowerShell's `>` writes UTF-16 with a BOM; say so rather than "binary file".
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise Unreadable("not UTF-8: looks like UTF-16 (it starts with a UTF-16 byte order mark)")
    if b"\0" in data[:SNIFF_BYTES]:
        raise Unreadable("binary file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        # The bytes before the error decode cleanly, so the column counts characters as an editor does.
        column = len(data[line_start : exc.start].decode("utf-8")) + 1
        raise Unreadable(f"not UTF-8: invalid byte 0x{data[exc.start]:02x} at line {line}, column {column}") from None


def _too_large(max_bytes: int) -> str:
    megabytes = max_bytes / (1024 * 1024)
    limit = f"{megabytes:g} MB" if megabytes >= 1 else f"{max_bytes} bytes"
    return f"larger than {limit}; skipped"


def _os_error_message(exc: OSError, path: str) -> str:
    if exc.errno == errno.ENOENT:
        if os.path.lexists(path):
            return "no such file or directory (a broken symbolic link)"
        return "no such file or directory"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.ELOOP:
        return "too many levels of symbolic links (a symlink loop)"
    if exc.errno == errno.EISDIR:
        return "is a directory"
    if exc.errno == errno.ENOTDIR:
        return "not a directory (a path component is a file)"
    return (exc.strerror or str(exc)).lower()
