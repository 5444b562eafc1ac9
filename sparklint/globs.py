"""sparklint's one glob dialect, gitignore's, matched without backtracking: `.gitignore` files and the
config's `include`, `exclude` and `per-file-ignores` (as the gitignore documentation describes it,
git-scm.com/docs/gitignore "PATTERN FORMAT").

`*` and `?` stay within one path segment, `**` spans any number of segments (including none), and
`[abc]` / `[a-z]` / `[!abc]` / `[^abc]` are character classes; a backslash makes the next character
literal. A pattern with a `/` at its start or in its middle is anchored to the folder it is relative to
(`/top.conf` is only that folder's top.conf, `jobs/*.json` only jobs/ there); one without matches a name
at any depth (`*.json` matches `deep/down/b.json`). A trailing `/` matches directories only, `!` in front
re-includes what an earlier pattern excluded (`Patterns`: the last pattern that matches decides). A
leading `./` is dropped (a config glob written as a relative path).

A glob is compiled once into runs of segments between its `**`s, each segment into runs of characters
between its `*`s, and both levels are matched by the greedy wildcard algorithm (`_star_match`), which
never revisits a choice: at most (path length x pattern length) steps whatever the pattern. The regex translation this replaces
backtracked: `**/` written 25 times took over two minutes on one path.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Callable, FrozenSet, List, Optional, Sequence, Tuple, TypeVar, Union

T = TypeVar("T")


class GlobError(ValueError):
    """A glob that cannot mean anything (a reversed range such as `[z-a]`); the message says why."""


_ANY = "any"  # `?`
_STAR = "star"  # `*`, and `**` as a whole segment

# A unit of a segment: a literal character, `?`, or a class (negated, characters, ranges).
_Class = Tuple[bool, FrozenSet[str], Tuple[Tuple[str, str], ...]]
_Unit = Union[str, _Class]


def _star_match(blocks: List, items: Sequence[T], fits: Callable[[Any, Sequence[T], int], bool]) -> bool:
    """Whether `items` is blocks[0] * blocks[1] * ... * blocks[-1], where `*` is any run of items and
    each block is a run of fixed length (`fits(block, items, at)` tests one at a position).

    The first block is a prefix, the last a suffix, and each block between goes where it first fits:
    with fixed-length blocks that leaves the most room for the rest, so no choice is ever revisited
    (the greedy wildcard algorithm): at most len(items) x len(pattern) steps.
    """
    if len(blocks) == 1:
        return len(items) == len(blocks[0]) and fits(blocks[0], items, 0)
    first, last = blocks[0], blocks[-1]
    end = len(items) - len(last)
    if end < len(first) or not fits(first, items, 0) or not fits(last, items, end):
        return False
    at = len(first)
    for block in blocks[1:-1]:
        while at + len(block) <= end and not fits(block, items, at):
            at += 1
        if at + len(block) > end:
            return False
        at += len(block)
    return True


def _chars_fit(block: Union[str, list], name: str, at: int) -> bool:
    if isinstance(block, str):
        return name.startswith(block, at)
    for offset, unit in enumerate(block):
        char = name[at + offset]
        if unit != char and unit != _ANY and not (isinstance(unit, tuple) and _in_class(unit, char)):
            return False
    return True


class _Segment:
    """One `/`-free part of a pattern: blocks of units between its `*`s."""

    __slots__ = ("blocks", "literal")

    def __init__(self, text: str) -> None:
        # A block of literal characters only is kept as a string: compared with startswith.
        self.blocks: List = [block if any(isinstance(unit, tuple) or unit == _ANY for unit in block) else "".join(block)
                             for block in _blocks(text)]
        self.literal: Optional[str] = self.blocks[0] if len(self.blocks) == 1 and isinstance(self.blocks[0], str) else None

    def matches(self, name: str) -> bool:
        if self.literal is not None:
            return name == self.literal
        return _star_match(self.blocks, name, _chars_fit)


def _in_class(unit: _Class, char: str) -> bool:
    negated, chars, ranges = unit
    found = char in chars or any(low <= char <= high for low, high in ranges)
    return found != negated


def _blocks(text: str) -> List[list]:
    blocks: List[list] = [[]]
    index = 0
    while index < len(text):
        char = text[index]
        end = text.find("]", index + 2) if char == "[" else -1
        if char == "\\" and index + 1 < len(text):  # gitignore: a backslash quotes the next character
            blocks[-1].append(text[index + 1])
            index += 2
            continue
        if char == "*":
            if blocks[-1] or len(blocks) == 1:  # `**` inside a segment is one `*`
                blocks.append([])
        elif char == "?":
            blocks[-1].append(_ANY)
        elif end != -1:
            blocks[-1].append(_class(text[index + 1:end], text[index:end + 1]))
            index = end
        else:
            blocks[-1].append(char)  # a lone `[` is literal, as in fnmatch
        index += 1
    return blocks


def _class(body: str, shown: str) -> _Class:
    negated = body.startswith(("!", "^"))  # git's wildmatch takes both
    if negated:
        body = body[1:]
    chars = set()
    ranges = []
    index = 0
    while index < len(body):
        if index + 2 < len(body) and body[index + 1] == "-":
            low, high = body[index], body[index + 2]
            if low > high:
                raise GlobError(f"the character range {low}-{high} in {shown} is reversed (write {high}-{low})")
            ranges.append((low, high))
            index += 3
        else:
            chars.add(body[index])
            index += 1
    return negated, frozenset(chars), tuple(ranges)


class _AnySegment:
    """What a last `**` needs after the segments before it: one more segment, even an empty one
    (`a/**` matches `a/` and `a/b/c`, not `a`; a directory is tested as `a/`)."""

    @staticmethod
    def matches(name: str) -> bool:
        return True


def _segments_fit(block: list, names: Sequence[str], at: int) -> bool:
    return all(segment.matches(names[at + offset]) for offset, segment in enumerate(block))


class Glob:
    """A compiled glob of `/`-separated segments; `matches_path` takes a path relative to the pattern's root."""

    __slots__ = ("blocks",)

    def __init__(self, pattern: str) -> None:
        if pattern.startswith("./"):
            pattern = pattern[2:]
        parts = pattern.lstrip("/").split("/")
        blocks: List[list] = [[]]
        for part in parts:
            if part != "**":
                blocks[-1].append(_Segment(part))
            elif blocks[-1] or len(blocks) == 1:  # `**/**` is `**`
                blocks.append([])
        if parts[-1] == "**":
            blocks[-1].append(_AnySegment())
        self.blocks = blocks

    def matches_path(self, relative_path: str) -> bool:
        """The whole path, segment by segment (gitignore's anchored match; no bare-name fallback)."""
        return _star_match(self.blocks, relative_path.split("/"), _segments_fit)


def check_glob(pattern: str) -> Optional[str]:
    """Why `pattern` is not a usable glob, or None."""
    try:
        Pattern(pattern)
    except GlobError as error:
        return str(error)
    return None


class Pattern:
    """One gitignore pattern (a line of a `.gitignore`, or a config glob): `matches(relative, is_dir)`
    takes a `/`-separated path relative to the folder the pattern is relative to."""

    __slots__ = ("text", "negated", "directory_only", "name", "glob", "contents_prefix")

    def __init__(self, text: str, negation: bool = True) -> None:
        self.text = text
        self.negated = negation and text.startswith("!")
        body = text[1:] if self.negated else text
        if body.startswith("./"):
            body = body[2:]
        self.directory_only = body.endswith("/")
        body = body.rstrip("/")
        anchored = "/" in body
        body = body[1:] if body.startswith("/") else body
        # An unanchored pattern is one segment matched against a name; an anchored one a whole Glob.
        self.name: Optional[_Segment] = None if anchored else _Segment(body)
        self.glob: Optional[Glob] = Glob(body) if anchored else None
        # `dir/**`: everything below what `dir` matches is matched, so the walk can skip the folder.
        self.contents_prefix: Optional[Glob] = (Glob(body[:-3]) if anchored and body.endswith("/**")
                                                and not self.directory_only and len(body) > 3 else None)

    def matches(self, relative: str, is_dir: bool) -> bool:
        if self.directory_only and not is_dir:
            return False
        if self.name is not None:
            return self.name.matches(relative.rsplit("/", 1)[-1])
        return self.glob is not None and self.glob.matches_path(relative)

    def covers_contents(self, relative_directory: str) -> bool:
        """Whether every path below this directory matches (`dir/**` on `dir`)."""
        return self.contents_prefix is not None and self.contents_prefix.matches_path(relative_directory)


class Patterns:
    """An ordered list of gitignore patterns relative to one folder; the last one that matches decides."""

    __slots__ = ("patterns", "has_negation")

    def __init__(self, patterns: Sequence[Pattern]) -> None:
        self.patterns = tuple(patterns)
        self.has_negation = any(pattern.negated for pattern in self.patterns)

    def decide(self, relative: str, is_dir: bool) -> Optional[bool]:
        """True: excluded, False: re-included by a `!` pattern, None: no pattern matches."""
        for pattern in reversed(self.patterns):
            if pattern.matches(relative, is_dir):
                return not pattern.negated
        return None

    def excludes_contents(self, relative_directory: str) -> bool:
        """Whether nothing below this directory can be left: it is excluded itself, or a `dir/**` covers
        it with no `!` pattern after that could take something back."""
        if self.decide(relative_directory, True):
            return True
        for index in range(len(self.patterns) - 1, -1, -1):
            pattern = self.patterns[index]
            if pattern.negated:
                return False
            if pattern.covers_contents(relative_directory):
                return True
        return False

    def excludes_path(self, relative: str, is_dir: bool = False) -> bool:
        """Whether `relative` is excluded: itself, or as a path inside an excluded directory (git never
        looks inside one, so a `!` pattern cannot take a file of it back)."""
        parts = relative.split("/")
        for end in range(1, len(parts)):
            if self.excludes_contents("/".join(parts[:end])):
                return True
        return bool(self.decide(relative, is_dir))


@lru_cache(maxsize=256)
def compile_patterns(texts: Tuple[str, ...], negation: bool = True) -> Patterns:
    """The config's globs as one ordered list (cached: a config's few patterns judge every file)."""
    return Patterns([Pattern(text, negation) for text in texts])


def parse_gitignore(text: str) -> Patterns:
    """The patterns of a `.gitignore` (or `.git/info/exclude`) file: blank lines and `#` comments skipped,
    trailing blanks dropped unless quoted with a backslash, `\\#` and `\\!` for a literal first character.
    A pattern that cannot mean anything (`[z-a]`) is dropped, as git drops what it cannot use."""
    patterns = []
    for line in text.splitlines():
        stripped = line.rstrip(" \t")
        if stripped.endswith("\\") and len(stripped) < len(line):
            stripped += line[len(stripped)]  # `foo\\ ` keeps one quoted blank
        if not stripped or stripped.startswith("#"):
            continue
        try:
            patterns.append(Pattern(stripped))
        except GlobError:
            continue
    return Patterns(patterns)
