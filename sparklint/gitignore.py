"""What git ignores: the `.gitignore` files of a repository and its `.git/info/exclude`, for the walk.

As git-scm.com/docs/gitignore says: a `.gitignore` holds patterns relative to its own folder, a deeper
file's patterns win over a shallower one's, `.git/info/exclude` comes below them all, and inside one file
the last matching pattern decides (`!` re-includes). A folder git ignores is never entered, so nothing in
it can be taken back. Only inside a git repository (a folder above holds `.git`), as ruff and ripgrep
do; the user's global `core.excludesFile` is not read (sparklint reads no git configuration).

Patterns are matched by `sparklint.globs` (linear time whatever the pattern: a `.gitignore` is written by
whoever wrote the repository being linted). A walk that meets no `.gitignore` reads nothing but a stat
of `.git/info/exclude`; files named on the command line are never judged by it (ruff lints a file named
on the command line whatever its ignore files say).
"""

from __future__ import annotations

import os
from typing import Optional

from sparklint.globs import Patterns, parse_gitignore

MAX_IGNORE_FILE_BYTES = 1024 * 1024  # larger files are not read: a hostile repository must not stall the walk


class GitIgnore:
    """The ignore files of one repository, each read once, for every entry the walk meets in it."""

    def __init__(self, repository_root: str) -> None:
        self.root = repository_root
        self._by_directory: dict[str, Optional[Patterns]] = {}
        self._relative_by_directory: dict[str, str] = {}
        self._info_exclude = _read_patterns(os.path.join(repository_root, ".git", "info", "exclude"))

    @classmethod
    def around(cls, directory: str) -> Optional["GitIgnore"]:
        """The repository holding `directory` (an absolute path), or None outside every repository."""
        from sparklint.discover import is_repository_root

        current = directory
        while True:
            if is_repository_root(current):
                return cls(current)
            parent = os.path.dirname(current)
            if parent == current:
                return None
            current = parent

    def ignores(self, parent: str, name: str, is_dir: bool) -> bool:
        """Whether git ignores the entry `name` of the absolute folder `parent` (inside the repository)."""
        relative_parent = self._relative(parent)
        if relative_parent is None:
            return False
        relative = f"{relative_parent}/{name}" if relative_parent else name
        directory = parent
        while True:
            patterns = self._patterns(directory)
            if patterns is not None:
                below = self._relative(directory)
                decided = patterns.decide(relative[len(below) + 1:] if below else relative, is_dir)
                if decided is not None:
                    return decided
            if directory == self.root:
                break
            directory = os.path.dirname(directory)
        return bool(self._info_exclude is not None and self._info_exclude.decide(relative, is_dir))

    def _relative(self, directory: str) -> Optional[str]:
        relative = self._relative_by_directory.get(directory)
        if relative is None:
            if directory != self.root and not directory.startswith(self.root.rstrip(os.sep) + os.sep):
                return None  # a symlinked or outside folder: not this repository's
            relative = os.path.relpath(directory, self.root).replace(os.sep, "/")
            relative = "" if relative == "." else relative
            self._relative_by_directory[directory] = relative
        return relative

    def _patterns(self, directory: str) -> Optional[Patterns]:
        if directory not in self._by_directory:
            self._by_directory[directory] = _read_patterns(os.path.join(directory, ".gitignore"))
        return self._by_directory[directory]


def _read_patterns(path: str) -> Optional[Patterns]:
    from sparklint.discover import Unreadable, read_bytes

    try:
        raw = read_bytes(path, MAX_IGNORE_FILE_BYTES)
    except Unreadable:
        return None  # missing (the common case), unreadable, a directory: nothing ignored by it
    if len(raw) > MAX_IGNORE_FILE_BYTES:
        return None
    patterns = parse_gitignore(raw.decode("utf-8", errors="replace"))
    return patterns if patterns.patterns else None
