"""Discovery and reading: which files a run looks at, and what the user hears about odd ones."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pytest

from sparklint import discover as discover_module
from sparklint.discover import Candidate, Note, Unreadable, discover, glob_matches, read_stdin, read_text

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
needs_non_root = pytest.mark.skipif(IS_ROOT, reason="runs as root, and root can read a mode-000 file or directory")


def make(root: Path, *names: str, text: str = "{}") -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def found(paths: list[str], **globs) -> list[str]:
    """What discovery yields, as the user would see it: candidate paths, and notes as `path: message`."""
    return [item.path if isinstance(item, Candidate) else f"note {item}" for item in discover(paths, **globs)]


# --- walking directories --------------------------------------------------------------------------


def test_a_directory_walk_keeps_only_names_that_can_hold_spark_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make(
        tmp_path,
        "job.json", "app.yaml", "values.yml", "notebook.ipynb", "spark-defaults.conf", "log4j2.properties",
        "conf/spark-defaults.conf.template", "README.md", "main.py", "Makefile", "Makefile.am", "image.png",
        "UPPER.JSON",
    )
    monkeypatch.chdir(tmp_path)
    assert found(["."]) == [
        "Makefile",  # its recipes are read when they name spark-submit (a byte test first)
        "UPPER.JSON", "app.yaml", "conf/spark-defaults.conf.template", "job.json", "log4j2.properties",
        "main.py",  # Python is read only when it names an Airflow Spark operator, SparkSession or SparkConf
        "notebook.ipynb", "spark-defaults.conf", "values.yml",
    ]


def test_order_is_sorted_within_each_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make(tmp_path, "b.json", "a/z.json", "a/b.json", "c.json", "a/sub/x.json")
    monkeypatch.chdir(tmp_path)
    assert found(["."]) == ["a/b.json", "a/sub/x.json", "a/z.json", "b.json", "c.json"]


def test_paths_stay_as_the_user_wrote_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make(tmp_path, "jobs/a.json")
    monkeypatch.chdir(tmp_path)
    assert found(["jobs"]) == [os.path.join("jobs", "a.json")]
    assert found(["jobs/"]) == ["jobs/a.json"]
    assert found(["./jobs"]) == [os.path.join("./jobs", "a.json")]
    assert found([str(tmp_path / "jobs")]) == [str(tmp_path / "jobs" / "a.json")]


def test_a_file_named_explicitly_is_always_a_candidate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make(tmp_path, "README.md", "job.args", "node_modules/x.json")
    monkeypatch.chdir(tmp_path)
    assert found(["README.md", "job.args", "node_modules/x.json"]) == ["README.md", "job.args", "node_modules/x.json"]


def test_a_file_reached_twice_is_listed_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make(tmp_path, "a.json", "sub/b.json")
    monkeypatch.chdir(tmp_path)
    assert found([".", "sub", "a.json", "./a.json"]) == ["a.json", "sub/b.json"]


@pytest.mark.parametrize(
    "directory", [".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".mypy_cache", ".pytest_cache", ".idea"]
)
def test_tool_and_hidden_directories_are_not_walked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, directory: str) -> None:
    make(tmp_path, f"{directory}/config.json", "job.json")
    monkeypatch.chdir(tmp_path)
    assert found(["."]) == ["job.json"]


def test_a_hidden_directory_named_explicitly_is_walked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make(tmp_path, ".emr/job.json")
    monkeypatch.chdir(tmp_path)
    assert found([".emr"]) == [os.path.join(".emr", "job.json")]


def test_a_missing_path_is_a_note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert found(["nope.json", "missing/"]) == [
        "note nope.json: no such file or directory",
        "note missing/: no such file or directory",
    ]


def test_a_broken_symlink_named_explicitly_is_a_note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "dangling.json").symlink_to(tmp_path / "gone.json")
    monkeypatch.chdir(tmp_path)
    assert found(["dangling.json"]) == ["note dangling.json: no such file or directory (a broken symbolic link)"]


# --- symbolic links -------------------------------------------------------------------------------


def test_symlinked_directories_are_not_followed_so_a_loop_cannot_hang(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make(tmp_path, "a/one.json", "b/two.json")
    (tmp_path / "a" / "to_b").symlink_to(tmp_path / "b", target_is_directory=True)
    (tmp_path / "b" / "to_a").symlink_to(tmp_path / "a", target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    assert found(["."]) == ["a/one.json", "b/two.json"]


def test_a_symlink_to_a_file_is_linted_under_its_own_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make(tmp_path, "shared/base.conf")
    (tmp_path / "jobs").mkdir()
    (tmp_path / "jobs" / "spark-defaults.conf").symlink_to(tmp_path / "shared" / "base.conf")
    (tmp_path / "jobs" / "dangling.json").symlink_to(tmp_path / "gone.json")
    monkeypatch.chdir(tmp_path)
    assert found(["jobs"]) == [os.path.join("jobs", "spark-defaults.conf")]


# --- include and exclude --------------------------------------------------------------------------


def test_include_globs_add_names_the_walk_would_skip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make(tmp_path, "jobs/nightly.args", "jobs/deep/weekly.args", "notes.txt", "job.json")
    monkeypatch.chdir(tmp_path)
    assert found(["."], include=("*.args",)) == ["job.json", "jobs/deep/weekly.args", "jobs/nightly.args"]
    assert found(["."], include=("jobs/*.args",)) == ["job.json", "jobs/nightly.args"]


def test_exclude_globs_remove_files_and_whole_directories(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make(tmp_path, "job.json", "package-lock.json", "build/out.json", "examples/a/b.json", "src/build/c.json", "src/d.yaml")
    monkeypatch.chdir(tmp_path)
    assert found(["."], exclude=("package-lock.json", "build", "examples/**")) == ["job.json", "src/d.yaml"]
    assert found(["."], exclude=("*.json",)) == ["src/d.yaml"]
    assert found(["."], exclude=("src/build/",)) == [
        "build/out.json", "examples/a/b.json", "job.json", "package-lock.json", "src/d.yaml",
    ]


def test_exclude_is_relative_to_the_config_folder_whatever_is_walked(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    make(tmp_path, "repo/examples/a.json", "repo/jobs/b.json", "repo/jobs/examples/c.json")
    root = str(tmp_path / "repo")  # where the .sparklint.toml with `exclude = ["examples/**"]` lives
    monkeypatch.chdir(tmp_path)
    b, c = os.path.join("repo", "jobs", "b.json"), os.path.join("repo", "jobs", "examples", "c.json")
    assert found(["repo"], exclude=("examples/**",), root=root) == [b, c]
    monkeypatch.chdir(tmp_path / "repo" / "jobs")  # walking a subfolder: still relative to repo/
    assert found(["."], exclude=("examples/**",), root=root) == ["b.json", os.path.join("examples", "c.json")]
    assert found(["."], exclude=("jobs/examples/**",), root=root) == ["b.json"]
    monkeypatch.chdir(tmp_path / "repo")
    assert found(["examples", "jobs"], exclude=("examples/**",), root=root) == [b[5:], c[5:]]


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("examples/**", "examples/a/b.json", True),
        ("examples/**", "examples/b.json", True),
        ("examples/**", "other/examples/b.json", False),
        ("**/examples/*.json", "examples/b.json", True),
        ("**/examples/*.json", "x/y/examples/b.json", True),
        ("*.json", "deep/down/b.json", True),  # a bare pattern also matches the bare name
        ("jobs/*.json", "jobs/deep/b.json", False),  # `*` stays within one directory
        ("jobs/**/*.json", "jobs/b.json", True),
        ("./jobs/?.json", "jobs/b.json", True),
        ("spark-defaults.conf*", "conf/spark-defaults.conf.template", True),
        ("[!a]*.yaml", "b.yaml", True),
        ("[!a]*.yaml", "a.yaml", False),
        ("file[1].json", "file1.json", True),
    ],
)
def test_glob_matching(pattern: str, path: str, matches: bool) -> None:
    assert glob_matches(pattern, path) is matches


# --- reading --------------------------------------------------------------------------------------


def unreadable(path: Path | str, **options: int) -> str:
    with pytest.raises(Unreadable) as caught:
        read_text(str(path), **options)
    return str(caught.value)


def test_text_is_returned_exactly_as_written(tmp_path: Path) -> None:
    path = tmp_path / "spark-defaults.conf"
    path.write_bytes("\ufeffspark.app.name  café\r\nspark.master yarn\n".encode())
    assert read_text(str(path)) == "\ufeffspark.app.name  café\r\nspark.master yarn\n"


def test_an_empty_file_is_empty_text(tmp_path: Path) -> None:
    (tmp_path / "empty.json").write_bytes(b"")
    assert read_text(str(tmp_path / "empty.json")) == ""


def test_a_directory_where_a_file_was_expected(tmp_path: Path) -> None:
    assert unreadable(tmp_path) == "is a directory"


def test_a_missing_file(tmp_path: Path) -> None:
    assert unreadable(tmp_path / "gone.json") == "no such file or directory"


@needs_non_root
def test_a_file_without_read_permission(tmp_path: Path) -> None:
    path = tmp_path / "secret.json"
    path.write_text("{}")
    path.chmod(0)
    try:
        assert unreadable(path) == "permission denied"
    finally:
        path.chmod(0o644)


@needs_non_root
def test_a_directory_without_read_permission_is_a_note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make(tmp_path, "locked/a.json", "b.json")
    (tmp_path / "locked").chmod(0)
    monkeypatch.chdir(tmp_path)
    try:
        assert found(["."]) == ["b.json", "note locked: permission denied"]
    finally:
        (tmp_path / "locked").chmod(0o755)


def test_a_symlink_loop(tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to(tmp_path / "b", target_is_directory=True)
    (tmp_path / "b").symlink_to(tmp_path / "a", target_is_directory=True)
    assert unreadable(tmp_path / "a" / "job.json") == "too many levels of symbolic links (a symlink loop)"
    assert unreadable(tmp_path / "a") == "too many levels of symbolic links (a symlink loop)"


def test_a_file_over_the_size_limit_is_never_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "huge.json"
    path.write_bytes(b"{" + b" " * (6 * 1024 * 1024) + b"}")

    def no_open(*args: object, **kwargs: object) -> None:
        raise AssertionError("a file over the limit was opened")

    monkeypatch.setattr(discover_module, "open", no_open, raising=False)
    assert unreadable(path) == "larger than 5 MB; skipped"


def test_the_size_limit_can_be_lowered(tmp_path: Path) -> None:
    path = tmp_path / "job.json"
    path.write_text("x" * 101)
    assert unreadable(path, max_bytes=100) == "larger than 100 bytes; skipped"
    path.write_text("x" * 100)
    assert read_text(str(path), max_bytes=100) == "x" * 100


def test_a_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "logo.json"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10")
    assert unreadable(path) == "binary file"


def test_latin_1_text_names_the_byte_and_where_it_is(tmp_path: Path) -> None:
    path = tmp_path / "spark-defaults.conf"
    path.write_bytes("spark.master yarn\nspark.app.name café\n".encode("latin-1"))
    assert unreadable(path) == "not UTF-8: invalid byte 0xe9 at line 2, column 19"


def test_the_column_counts_characters_not_bytes(tmp_path: Path) -> None:
    path = tmp_path / "job.yaml"
    path.write_bytes("name: ñandú \xff".encode("utf-8").replace(b"\xc3\xbf", b"\xff"))
    assert unreadable(path) == "not UTF-8: invalid byte 0xff at line 1, column 13"


def test_utf_16_is_named(tmp_path: Path) -> None:
    path = tmp_path / "job.json"
    path.write_bytes("{}".encode("utf-16"))
    assert unreadable(path) == "not UTF-8: looks like UTF-16 (it starts with a UTF-16 byte order mark)"


# --- standard input -------------------------------------------------------------------------------


def stdin_with(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_stdin_is_read_as_bytes_and_decoded_as_utf_8(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin_with(monkeypatch, "\ufeffspark.app.name café\n".encode())
    assert read_stdin() == "\ufeffspark.app.name café\n"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary file"),
        (b"a = caf\xe9", "not UTF-8: invalid byte 0xe9 at line 1, column 8"),
        (b"x" * 101, "larger than 100 bytes; skipped"),
    ],
)
def test_stdin_gets_the_same_checks(monkeypatch: pytest.MonkeyPatch, data: bytes, message: str) -> None:
    stdin_with(monkeypatch, data)
    with pytest.raises(Unreadable) as caught:
        read_stdin(max_bytes=100)
    assert str(caught.value) == message


def test_no_stdin_at_all(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", None)
    with pytest.raises(Unreadable, match="standard input is not available"):
        read_stdin()


def test_notes_read_as_path_and_message() -> None:
    assert str(Note("x.json", "no such file or directory")) == "x.json: no such file or directory"


def test_outside_the_config_folder_only_name_patterns_match(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make(tmp_path, "repo/.keep", "elsewhere/jobs/a.json", "elsewhere/jobs/b.conf")
    monkeypatch.chdir(tmp_path / "repo")
    root = str(tmp_path / "repo")
    outside = str(tmp_path / "elsewhere")
    a, b = os.path.join(outside, "jobs", "a.json"), os.path.join(outside, "jobs", "b.conf")
    # "elsewhere/**" is relative to repo/: it names nothing outside it, whatever the absolute path holds.
    assert found([outside], exclude=("elsewhere/**", "jobs/**"), root=root) == [a, b]
    assert found([outside], exclude=("*.conf",), root=root) == [a]


@pytest.mark.parametrize("root", ["{cwd}", "{cwd}/..", "{cwd}/sub", "/elsewhere", "/", "{cwd}/", "."])
def test_relative_to_a_config_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, root: str) -> None:
    # The walk's plain paths take a short cut (no normpath / relpath per file): same answers as the long way.
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path)
    cwd = os.getcwd()
    root = root.format(cwd=cwd)
    for path in ["a.conf", "sub/a.conf", "sub/../a.conf", "./a.conf", "sub//a.conf", "sub/", "..", "../b",
                 "sub/./a", "...", "..a/b", "a/..", ".hidden/a", "/abs/a", f"{cwd}/sub/a"]:
        assert discover_module.relative_to(path, root) == discover_module._relative_to(path, root, cwd), path
