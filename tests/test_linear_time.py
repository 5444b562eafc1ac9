"""Hostile input, part 2 (issue 18): every step is linear, or bounded, in the size of its input.

Each test builds a file of a shape that used to take from half a minute to several minutes and lints
it through the CLI under a generous time bound (a shared CI machine is slow, a quadratic step is far
slower still), and checks the finding a user would see, so that a fast wrong answer fails too.
"""

from __future__ import annotations

import time

import pytest

from sparklint.globs import Pattern

BOUND = 20.0  # seconds; each case took 30 s to over 280 s before


def timed(lint, files, *flags, paths=(".",)):
    started = time.perf_counter()
    run = lint(files, *flags, paths=paths)
    elapsed = time.perf_counter() - started
    assert elapsed < BOUND, f"took {elapsed:.1f} s"
    return run


def test_a_huge_token_in_java_options_is_linear(lint):
    # `\S*-Xmx\S*` retried from every start of one 80 KB token: 36 s.
    token = "-" * 80_000
    run = timed(lint, {"spark-defaults.conf": f"spark.executor.extraJavaOptions {token}-Xmx4g{token}\n"})
    (finding,) = [finding for finding in run.findings if finding["rule"] == "SL103"]
    assert finding["line"] == 1 and finding["severity"] == "error"
    run = timed(lint, {"spark-defaults.conf": f"spark.executor.extraJavaOptions {token}\n"})
    assert [finding for finding in run.findings if finding["rule"] == "SL103"] == []


def test_twenty_thousand_aliases_of_one_mapping(lint):
    # Each alias re-read the whole file to get the anchor's text: 33-42 s.
    lines = ["base: &a {spark.executor.memory: 1m, spark.executor.cores: 2}"]
    lines += [f"k{index}: *a" for index in range(20_000)]
    run = timed(lint, {"conf.yaml": "\n".join(lines) + "\n"})
    assert run.code in (0, 1)
    assert "Traceback" not in run.err


def test_twenty_thousand_suppression_comments(lint):
    # Each stand-alone directive scanned all the comment lines after it: 56 s.
    text = "# sparklint: disable=SL201\n" * 20_000 + "spark.executor.memoryy 4g\n"
    run = timed(lint, {"spark-defaults.conf": text})
    found = [(finding["rule"], finding["line"]) for finding in run.findings]
    assert ("SL003", 20_001) in found  # not suppressed, and each unused directive is SL008
    assert sorted(found) == [("SL003", 20_001)] + [("SL008", line) for line in range(1, 20_001)]
    text = "# sparklint: disable=SL003\n" * 20_000 + "spark.executor.memoryy 4g\n"
    assert timed(lint, {"spark-defaults.conf": text}).findings == []


def test_a_glob_of_many_double_stars(lint):
    # `**/` 25 times compiled to nested `(?:[^/]*/)*` groups: over 120 s for one path.
    deep = "/".join("abcdefgh") + "/job.conf"
    config = '[per-file-ignores]\n"' + "**/" * 25 + 'x.conf" = ["SL003"]\n'
    run = timed(lint, {".sparklint.toml": config, deep: "spark.executor.memoryy 4g\n"}, paths=(deep,))
    assert [finding["rule"] for finding in run.findings] == ["SL003"]  # not ignored: the name differs
    config = '[per-file-ignores]\n"' + "**/" * 25 + 'job.conf" = ["SL003"]\n'
    assert timed(lint, {".sparklint.toml": config}, paths=(deep,)).findings == []


@pytest.mark.parametrize(("pattern", "path", "matches"), [
    ("**/" * 2000 + "x.conf", "/".join(["d"] * 2000) + "/y.conf", False),
    ("**/" * 2000 + "y.conf", "/".join(["d"] * 2000) + "/y.conf", True),
    ("a*" * 1000 + "b", "a" * 5000, False),
    ("*a" * 1000 + "*b", "a" * 999 + "b", False),
    ("*a" * 100 + "*b", "a" * 5000 + "b", True),
    ("/" + "*a" * 1000 + "*b", "a" * 999 + "b", False),  # anchored: the whole path, segment by segment
    ("x/" + "**/" * 2000 + "y.conf", "x/" + "/".join(["d"] * 2000) + "/y.conf", True),
])
def test_glob_matching_never_backtracks(pattern, path, matches):
    started = time.perf_counter()
    assert Pattern(pattern).matches(path, False) is matches
    assert time.perf_counter() - started < 2.0


def test_a_file_of_forty_thousand_unknown_keys(lint):
    # A fuzzy did-you-mean search per key: 281 s for 4.5 MB. The first keys still get suggestions.
    keys = [f"spark.executor.memoryz{index:06d}x" for index in range(40_000)]
    text = "spark.executor.memmory 4g\n" + "".join(f"{key} 4g\n" for key in keys)
    run = timed(lint, {"spark-defaults.conf": text})
    # Reported: the first 1,000 per rule (engine.MAX_HITS_PER_RULE); the rest are counted in a note.
    assert len(run.findings) == 1_000 and {finding["rule"] for finding in run.findings} == {"SL003"}
    assert "SL003 found 39,001 more problems" in run.err
    assert "did you mean spark.executor.memory?" in run.findings[0]["message"]


def test_a_reversed_range_in_a_glob_is_a_config_error(lint):
    run = lint({".sparklint.toml": '[per-file-ignores]\n"[z-a].conf" = ["SL003"]\n',
                "spark-defaults.conf": "spark.executor.memory 4g\n"})
    assert run.code == 2 and "Traceback" not in run.err
    assert 'per-file-ignores."[z-a].conf": invalid glob' in run.err
    run = lint({".sparklint.toml": 'exclude = ["ok/**", "[z-a]"]\n'})
    assert run.code == 2 and "exclude[1]: invalid glob" in run.err


def test_many_documents_of_one_big_yaml_file(lint):
    # Every document of a multi-document file holds the file's whole text, and each dialect's word test
    # scanned it once per document: 3,000 documents and 2 MB took 55 s of CPU (a real 3.6 MB manifest of 62
    # documents, 2.7 s of its 4 s).
    documents = [f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c{index}\ndata:\n  a: b\n" for index in range(3000)]
    application = ("apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\nmetadata:\n  name: pi\n"
                   "spec:\n  sparkConf:\n    spark.executor.memoryy: 4g\n")
    padding = ("# " + "x" * 98 + "\n") * 20_000
    run = timed(lint, {"manifests.yaml": application + "---\n" + "---\n".join(documents) + padding})
    assert [(finding["rule"], finding["line"], finding["severity"]) for finding in run.findings] == [
        ("SL003", 7, "warning")]
