"""The walk honours .gitignore (issue 11 §4): nested files, `!`, anchored patterns, directory patterns,
.git/info/exclude; `--no-ignore` turns it off; the config's globs mean what a .gitignore line means.
Semantics checked against pathspec's GitIgnoreSpec (a maintained gitignore implementation)."""

from __future__ import annotations

import time

import pytest

from sparklint.globs import parse_gitignore

BAD = "spark.executor.memoryy 4g\n"  # SL003 at line 1


def linted(run) -> list[str]:
    return sorted({finding["path"] for finding in run.findings})


REPOSITORY = {
    ".git/HEAD": "ref: refs/heads/main\n",
    ".git/info/exclude": "scratch/\n",
    ".gitignore": "/top.conf\nbuild/\n*.generated.conf\n!keep.generated.conf\n",
    "top.conf": BAD, "sub/top.conf": BAD,  # `/top.conf` is only the top folder's
    "build/spark-defaults.conf": BAD, "sub/build/spark-defaults.conf": BAD,  # `build/` at any depth
    "a.generated.conf": BAD, "keep.generated.conf": BAD,  # `!` takes one back
    "scratch/spark-defaults.conf": BAD,  # .git/info/exclude
    "team/.gitignore": "local.conf\n!/a.generated.conf\n",  # a deeper file wins, relative to its folder
    "team/local.conf": BAD, "team/a.generated.conf": BAD, "team/b.generated.conf": BAD,
    "spark-defaults.conf": BAD,
}


def test_the_walk_skips_what_git_ignores(lint) -> None:
    run = lint(REPOSITORY)
    assert linted(run) == ["keep.generated.conf", "spark-defaults.conf", "sub/top.conf", "team/a.generated.conf"]
    assert run.code == 1


def test_no_ignore_walks_everything(lint) -> None:
    run = lint(REPOSITORY, "--no-ignore")
    assert linted(run) == sorted(name for name in REPOSITORY if name.endswith(".conf"))


def test_a_file_named_on_the_command_line_is_linted_whatever_gitignore_says(lint) -> None:
    # As ruff does: naming a file is asking for it (pre-commit names only files git tracks).
    run = lint(REPOSITORY, paths=("top.conf", "build/spark-defaults.conf"))
    assert linted(run) == ["build/spark-defaults.conf", "top.conf"]


def test_walking_a_subfolder_still_applies_the_repository_s_ignore_files(lint) -> None:
    run = lint(REPOSITORY, paths=("team", "sub"))
    assert linted(run) == ["sub/top.conf", "team/a.generated.conf"]


def test_outside_a_git_repository_gitignore_is_not_read(lint) -> None:
    run = lint({".gitignore": "*.conf\n", "spark-defaults.conf": BAD})
    assert linted(run) == ["spark-defaults.conf"]


def test_exclude_globs_have_gitignore_semantics(lint) -> None:
    files = {".sparklint.toml": 'exclude = ["/top.conf", "build/", "*.generated.conf", "!keep.generated.conf"]\n',
             "top.conf": BAD, "sub/top.conf": BAD, "sub/build/spark-defaults.conf": BAD,
             "a.generated.conf": BAD, "keep.generated.conf": BAD}
    assert linted(lint(files)) == ["keep.generated.conf", "sub/top.conf"]
    # With --force-exclude (the pre-commit hook) the same globs judge the files it names.
    run = lint(files, "--force-exclude", paths=("top.conf", "sub/top.conf", "a.generated.conf", "keep.generated.conf"))
    assert linted(run) == ["keep.generated.conf", "sub/top.conf"]


def test_per_file_ignores_have_gitignore_semantics(lint) -> None:
    config = '[per-file-ignores]\n"/top.conf" = ["SL003"]\n"legacy/" = ["SL003"]\n"!jobs/**" = ["invalid-value"]\n'
    run = lint({".sparklint.toml": config, "top.conf": BAD, "sub/top.conf": BAD, "x/legacy/spark-defaults.conf": BAD,
                "jobs/spark-defaults.conf": "spark.executor.memory 1.5g\n",
                "other/spark-defaults.conf": "spark.executor.memory 1.5g\n"})
    assert [(f["path"], f["rule"]) for f in run.findings] == [("jobs/spark-defaults.conf", "SL006"),
                                                               ("sub/top.conf", "SL003")]


def test_a_hostile_gitignore_does_not_stall_the_walk(lint) -> None:
    # pathspec's regular expressions take minutes on `*a*a*a...b` against a long name; ours are linear.
    started = time.perf_counter()
    run = lint({".git/HEAD": "", ".gitignore": "*a" * 2000 + "b\n" + "**/" * 2000 + "x\n",
                "a" * 200 + ".conf": BAD, "spark-defaults.conf": BAD})
    assert time.perf_counter() - started < 20
    assert linted(run) == ["a" * 200 + ".conf", "spark-defaults.conf"]


# The gitignore lines and paths of gitignore's documentation examples, and the cases the old matcher got
# wrong; each verdict is also asked of git itself (`git check-ignore`), the reference implementation.
CASES = [
    (["/top.conf"], "top.conf", True), (["/top.conf"], "sub/top.conf", False),
    (["top.conf"], "sub/top.conf", True), (["doc/frotz/"], "doc/frotz/a.conf", True),
    (["doc/frotz/"], "a/doc/frotz/b.conf", False), (["frotz/"], "a/frotz/b.conf", True),
    (["frotz/"], "frotz", False), (["*.conf", "!keep.conf"], "keep.conf", False),
    # git: "It is not possible to re-include a file if a parent directory of that file is excluded"
    # (pathspec's GitIgnoreSpec says these two are not ignored; git says they are).
    (["build/", "!build/keep.conf"], "build/keep.conf", True), (["a", "b", "!a"], "b/a", True),
    (["foo/*"], "foo/bar/hello.c", True), (["foo/*"], "foo/hello.c", True), (["**/foo"], "a/b/foo", True),
    (["abc/**"], "abc/x/y", True), (["a/**/b"], "a/x/y/b", True), (["a/**/b"], "a/b", True),
    (["\\#hash"], "#hash", True), (["\\!bang"], "!bang", True), (["# comment"], "# comment", False),
    (["trailing   "], "trailing", True), (["*.[ch]"], "src/x.h", True), (["[!a]*"], "a.c", False),
    (["conf/*.json"], "x/conf/a.json", False),
]


def git_ignored(tmp_path, lines: list[str], paths: list[str]) -> list[bool]:
    """git's own verdicts, from `git check-ignore` in a fresh repository (the paths need not exist: git
    then takes each one for a file)."""
    import shutil
    import subprocess

    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repository = tmp_path / "oracle"
    if not (repository / ".git").exists():
        repository.mkdir(exist_ok=True)
        subprocess.run(["git", "init", "-q", str(repository)], check=True)
    (repository / ".gitignore").write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = subprocess.run(["git", "-c", "core.excludesFile=", "check-ignore", "--no-index", "--stdin"],
                         cwd=repository, input="\n".join(paths) + "\n", capture_output=True, text=True)
    assert run.returncode in (0, 1), run.stderr
    ignored = set(run.stdout.splitlines())
    return [path in ignored for path in paths]


@pytest.mark.parametrize(("lines", "path", "ignored"), CASES)
def test_gitignore_matching(tmp_path, lines: list[str], path: str, ignored: bool) -> None:
    assert parse_gitignore("\n".join(lines)).excludes_path(path) is ignored
    assert git_ignored(tmp_path, lines, [path]) == [ignored]


def test_the_matcher_agrees_with_git_on_generated_patterns(tmp_path) -> None:
    hypothesis = pytest.importorskip("hypothesis")
    strategies = hypothesis.strategies
    segment = strategies.sampled_from(["a", "b", "ab", "*", "a*", "*b", "?", "**", "[ab]", "[!a]*"])
    pattern = strategies.builds(
        lambda negated, leading, parts, trailing: ("!" if negated else "") + ("/" if leading else "")
        + "/".join(parts) + ("/" if trailing else ""),
        strategies.booleans(), strategies.booleans(), strategies.lists(segment, min_size=1, max_size=3),
        strategies.booleans())
    path = strategies.lists(strategies.sampled_from(["a", "b", "ab", "ba"]), min_size=1, max_size=4).map("/".join)

    @hypothesis.settings(max_examples=150, deadline=None, database=None)
    @hypothesis.given(strategies.lists(pattern, min_size=1, max_size=3), strategies.lists(path, min_size=1, max_size=8))
    def agree(lines: list[str], paths: list[str]) -> None:
        patterns = parse_gitignore("\n".join(lines))
        ours = [patterns.excludes_path(file_path) for file_path in paths]
        assert ours == git_ignored(tmp_path, lines, paths), lines

    agree()
