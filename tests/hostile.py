"""Running sparklint every way a user can on one set of files, and the promises every output keeps.

`outputs(root, paths)` lints `paths` (relative to `root`) in each format, with `--verbose`, `--statistics`,
`--show-source`, as the `--diff` of every fix (unsafe ones too) and as the baseline file `--write-baseline`
writes, and explains them in each format, in this process (as the CLI runs). `check_promises` asserts what the README
promises of all of them: exit 0, 1 or 2; no traceback; no secret value; no control character or line
break from file content (the only raw character below a space is the reporters' own "\\n"); no line a
CI log would read as a workflow command, except the github format's own commands about the linted files.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import tempfile
from pathlib import Path
from typing import Iterable, NamedTuple, Sequence

from sparklint.cli import main

LINT_FORMATS = ("text", "json", "github", "sarif", "concise", "full", "gitlab", "junit")
EXPLAIN_FORMATS = ("text", "json", "markdown")
# Raw characters a terminal or a log viewer acts on: C0 controls but "\n", DEL, C1 controls, Unicode
# line/paragraph separators, bidi overrides, lone surrogates.
UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_UNSAFE_IN_DIFF = re.compile(UNSAFE.pattern.replace("\x00-\x09", "\x00-\x08"))
_OWN_COMMAND = re.compile(r"::(error|warning|notice) file=[^,]*,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=SL\d+ [\w-]+::")


class Output(NamedTuple):
    command: tuple[str, ...]
    code: object  # an int, or the exception main() let out
    out: str
    err: str


def run(arguments: Sequence[str]) -> Output:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code: object = main(list(arguments))
        except BaseException as error:  # noqa: BLE001 (a traceback is what the promise forbids)
            code = error
    return Output(tuple(arguments), code, out.getvalue(), err.getvalue())


def outputs(root: Path, paths: Sequence[str] = (".",), flags: Sequence[str] = ()) -> list[Output]:
    """Every output for `paths`; `flags` (such as --spark-version) go to lint and explain alike."""
    previous = os.getcwd()
    os.chdir(root)
    try:
        found = [run(["--format", name, "--no-color", *flags, *paths]) for name in LINT_FORMATS]
        found.append(run(["--verbose", "--format", "text", *flags, *paths]))
        found.append(run(["--statistics", *flags, *paths]))
        found.append(run(["--format", "full", "--show-source", "--no-color", *flags, *paths]))
        found.append(run(["--diff", "--unsafe-fixes", *flags, *paths]))  # changes nothing
        found.append(_baseline(flags, paths))
        found += [run(["explain", "--format", name, *flags, *paths]) for name in EXPLAIN_FORMATS]
        return found
    finally:
        os.chdir(previous)


def _baseline(flags: Sequence[str], paths: Sequence[str]) -> Output:
    """`--write-baseline`'s run, with the file it wrote as the output (it is committed to the repository)."""
    with tempfile.TemporaryDirectory() as folder:
        written = Path(folder) / "baseline.json"
        output = run(["--write-baseline", str(written), *flags, *paths])
        text = written.read_text(encoding="utf-8") if written.exists() else ""
    return output._replace(command=(*output.command, "json"), out=output.out + text)


_RULE_CRASH = re.compile(r"rule SL\d+ crashed on this file")


def check_promises(found: Iterable[Output], secrets: Iterable[str] = ()) -> None:
    secrets = [secret for secret in secrets if secret]
    for output in found:
        where = " ".join(output.command)
        assert output.code in (0, 1, 2), f"{where}: {output.code!r}"
        text = output.out + output.err
        # Python's and the engine's own words for a crash: a generated value may well spell "Traceback".
        assert "Traceback (most recent call last)" not in text, f"{where}: {text[-800:]}"
        assert not _RULE_CRASH.search(text), f"{where}: {text[-800:]}"
        for secret in secrets:
            assert secret not in text, f"{where} shows the secret {secret!r}: {text[:800]}"
            if {"json", "sarif", "gitlab"} & set(output.command):
                assert json.dumps(secret)[1:-1] not in text, f"{where} shows the secret {secret!r}"
        # A diff keeps the file's tabs and CRLF line ends so that it applies as a patch (a tab, or a CR just
        # before the line feed, forges nothing).
        if "--diff" in output.command:
            unsafe = _UNSAFE_IN_DIFF.search(text.replace("\r\n", "\n"))
        else:
            unsafe = UNSAFE.search(text)
        assert unsafe is None, f"{where}: raw {unsafe.group()!r} in {text[max(0, unsafe.start() - 80):unsafe.end() + 80]!r}"
        for line in text.split("\n"):
            if line.startswith("::"):
                assert "github" in output.command and _OWN_COMMAND.match(line), f"{where}: a workflow command {line!r}"


def lint_json(root: Path, *flags: str, paths: Sequence[str] = (".",)) -> list[dict]:
    previous = os.getcwd()
    os.chdir(root)
    try:
        output = run(["--format", "json", *flags, *paths])
    finally:
        os.chdir(previous)
    assert output.code in (0, 1), output
    return json.loads(output.out)


def explain_json(root: Path, paths: Sequence[str] = (".",)) -> list[dict]:
    previous = os.getcwd()
    os.chdir(root)
    try:
        output = run(["explain", "--format", "json", *paths])
    finally:
        os.chdir(previous)
    assert output.code == 0, output
    return json.loads(output.out)["configs"]
