"""spark-submit argument strings: word splitting and option parsing (sparklint/knowledge/spark_submit.py)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sparklint.knowledge.spark_submit import (
    FLAG_CLUSTER_MANAGERS,
    FLAG_TO_KEY,
    SubmitSetting,
    Word,
    parse_submit_args,
    split_words,
)


def values(text: str) -> list[str]:
    return [word.value for word in split_words(text)]


def settings_of(text: str) -> list[tuple[str, str, str, int, int, bool]]:
    return [tuple(item) for item in parse_submit_args(split_words(text)).settings]


def errors_of(text: str) -> list[tuple[str, int, int]]:
    return parse_submit_args(split_words(text)).errors


# --------------------------------------------------------------------------------------------------
# split_words
# --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("", []),
    ("   \t\n ", []),
    ("a b", [("a", 0, 1), ("b", 2, 3)]),
    ("  a\t\tb\n", [("a", 2, 3), ("b", 5, 6)]),
    ("--conf 'spark.a=b c'", [("--conf", 0, 6), ("spark.a=b c", 7, 20)]),
    ('--conf spark.x="1 2"', [("--conf", 0, 6), ("spark.x=1 2", 7, 20)]),
    # Adjacent parts join; empty quotes make an (empty) word.
    ("a'b'\"c\"d", [("abcd", 0, 8)]),
    ("'' x", [("", 0, 2), ("x", 3, 4)]),
    # Single quotes are literal, backslashes included.
    (r"'a\"b'", [(r"a\"b", 0, 6)]),
    # In double quotes, backslash escapes only " \ $ ` (and newline); otherwise it stays.
    (r'"a\"b\\c\$d\`e\nf"', [('a"b\\c$d`e\\nf', 0, 18)]),
    # Outside quotes, backslash escapes any character, including a blank.
    (r"a\ b c", [("a b", 0, 4), ("c", 5, 6)]),
    # Backslash-newline is a continuation, inside a word or between words.
    ("ab\\\ncd ef", [("abcd", 0, 6), ("ef", 7, 9)]),
    ("a \\\n b", [("a", 0, 1), ("b", 5, 6)]),
    ('"x\\\ny"', [("xy", 0, 6)]),
    # Nothing is expanded or executed.
    ("--conf spark.a=${HOME} $(rm -rf /) `id` *", [("--conf", 0, 6), ("spark.a=${HOME}", 7, 22), ("$(rm", 23, 27),
                                                  ("-rf", 28, 31), ("/)", 32, 34), ("`id`", 35, 39), ("*", 40, 41)]),
    ('"${VAR}"', [("${VAR}", 0, 8)]),
    # `#` is not a comment; \r and NBSP are not separators.
    ("--files s3://b/f.txt#alias #x", [("--files", 0, 7), ("s3://b/f.txt#alias", 8, 26), ("#x", 27, 29)]),
    ("a\rb a\u00a0b", [("a\rb", 0, 3), ("a\u00a0b", 4, 7)]),
    # A trailing lone backslash is kept.
    ("a\\", [("a\\", 0, 2)]),
])
def test_split_words(text: str, expected: list[tuple[str, int, int]]) -> None:
    words = split_words(text)
    assert [tuple(word) for word in words] == expected
    assert words.errors == []


@pytest.mark.parametrize("text, expected_words, expected_error", [
    ("a 'b c", [("a", 0, 1), ("b c", 2, 6)], ("unclosed single quote (') in spark-submit arguments", 2, 6)),
    ('--conf "spark.a=b', [("--conf", 0, 6), ("spark.a=b", 7, 17)],
     ('unclosed double quote (") in spark-submit arguments', 7, 17)),
    ('x=\'1 "2', [('x=1 "2', 0, 7)], ("unclosed single quote (') in spark-submit arguments", 2, 7)),
])
def test_split_words_unclosed_quote(text: str, expected_words: list[tuple[str, int, int]],
                                    expected_error: tuple[str, int, int]) -> None:
    words = split_words(text)
    assert [tuple(word) for word in words] == expected_words
    assert words.errors == [expected_error]


# --------------------------------------------------------------------------------------------------
# parse_submit_args: settings
# --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("--conf spark.a=1", [("spark.a", "1", "--conf", 7, 16, False)]),
    ("-c spark.a=1", [("spark.a", "1", "-c", 3, 12, False)]),
    # The value keeps every `=` after the first (parseSparkConfProperty splits with limit 2).
    ("--conf 'spark.driver.extraJavaOptions=-Da=b -Dc=d'",
     [("spark.driver.extraJavaOptions", "-Da=b -Dc=d", "--conf", 7, 50, False)]),
    ('--conf spark.executor.extraJavaOptions="-XX:+UseG1GC -Dx=\\"y z\\""',
     [("spark.executor.extraJavaOptions", '-XX:+UseG1GC -Dx="y z"', "--conf", 7, 65, False)]),
    ("--conf spark.a=", [("spark.a", "", "--conf", 7, 15, False)]),
    # Repeated keys are all kept, in order: the caller applies "last wins".
    ("--conf spark.a=1 --conf spark.a=2", [("spark.a", "1", "--conf", 7, 16, False),
                                           ("spark.a", "2", "--conf", 24, 33, False)]),
    # --opt=value forms point at the value part.
    ("--conf=spark.a=1", [("spark.a", "1", "--conf", 7, 16, False)]),
    ("--conf='spark.a=1 2'", [("spark.a", "1 2", "--conf", 7, 20, False)]),
    ("\"--conf=spark.a=1\"", [("spark.a", "1", "--conf", 8, 18, False)]),
    ("--executor-memory=4g", [("spark.executor.memory", "4g", "--executor-memory", 18, 20, True)]),
    ("--name=a=b", [("spark.app.name", "a=b", "--name", 7, 10, True)]),
    # Dedicated flags.
    ("--executor-memory 4g --num-executors 3",
     [("spark.executor.memory", "4g", "--executor-memory", 18, 20, True),
      ("spark.executor.instances", "3", "--num-executors", 37, 38, True)]),
    ("--master yarn --deploy-mode cluster --name 'my job' --queue q1",
     [("spark.master", "yarn", "--master", 9, 13, True),
      ("spark.submit.deployMode", "cluster", "--deploy-mode", 28, 35, True),
      ("spark.app.name", "my job", "--name", 43, 51, True),
      ("spark.yarn.queue", "q1", "--queue", 60, 62, True)]),
    ("--driver-memory 2g --driver-cores 2 --executor-cores 4 --total-executor-cores 16",
     [("spark.driver.memory", "2g", "--driver-memory", 16, 18, True),
      ("spark.driver.cores", "2", "--driver-cores", 34, 35, True),
      ("spark.executor.cores", "4", "--executor-cores", 53, 54, True),
      ("spark.cores.max", "16", "--total-executor-cores", 78, 80, True)]),
    ("--jars a.jar,b.jar --py-files d.zip --files f --archives e.tgz#env",
     [("spark.jars", "a.jar,b.jar", "--jars", 7, 18, True),
      ("spark.submit.pyFiles", "d.zip", "--py-files", 30, 35, True),
      ("spark.files", "f", "--files", 44, 45, True),
      ("spark.archives", "e.tgz#env", "--archives", 57, 66, True)]),
    ("--packages g:a:1 --exclude-packages g:b --repositories https://r",
     [("spark.jars.packages", "g:a:1", "--packages", 11, 16, True),
      ("spark.jars.excludes", "g:b", "--exclude-packages", 36, 39, True),
      ("spark.jars.repositories", "https://r", "--repositories", 55, 64, True)]),
    ("--driver-java-options '-Dx=1 -Dy=2' --driver-class-path /c --driver-library-path /l",
     [("spark.driver.extraJavaOptions", "-Dx=1 -Dy=2", "--driver-java-options", 22, 35, True),
      ("spark.driver.extraClassPath", "/c", "--driver-class-path", 56, 58, True),
      ("spark.driver.extraLibraryPath", "/l", "--driver-library-path", 81, 83, True)]),
    ("--principal p@R --keytab /k.kt",
     [("spark.kerberos.principal", "p@R", "--principal", 12, 15, True),
      ("spark.kerberos.keytab", "/k.kt", "--keytab", 25, 30, True)]),
    # --supervise is a switch that sets spark.driver.supervise=true, spanning the switch itself.
    ("--verbose --supervise -v", [("spark.driver.supervise", "true", "--supervise", 10, 21, True)]),
    # A flag and a --conf of the same key are both kept; from_flag tells the caller the flag wins.
    ("--conf spark.executor.memory=7g --executor-memory 2g",
     [("spark.executor.memory", "7g", "--conf", 7, 31, False),
      ("spark.executor.memory", "2g", "--executor-memory", 50, 52, True)]),
    # An option's value is the next word even when it looks like an option.
    ("--name --conf --conf spark.a=1", [("spark.app.name", "--conf", "--name", 7, 13, True),
                                        ("spark.a", "1", "--conf", 21, 30, False)]),
    # A leading spark-submit word is skipped.
    ("spark-submit --conf spark.a=1", [("spark.a", "1", "--conf", 20, 29, False)]),
    ("/usr/lib/spark/bin/spark-submit --conf spark.a=1", [("spark.a", "1", "--conf", 39, 48, False)]),
    # --conf after the primary resource is an application argument.
    ("--conf spark.a=1 app.py --conf spark.b=2", [("spark.a", "1", "--conf", 7, 16, False)]),
    # Keys and values are not validated here: non-spark keys are the caller's business.
    ("--conf foo.bar=1", [("foo.bar", "1", "--conf", 7, 16, False)]),
])
def test_settings(text: str, expected: list[tuple[str, str, str, int, int, bool]]) -> None:
    assert settings_of(text) == expected
    assert errors_of(text) == []


def test_setting_spans_slice_the_source() -> None:
    text = "--conf 'spark.a=b c' --executor-memory=\"4g\" --name \"x y\""
    spans = [text[item.start:item.end] for item in parse_submit_args(split_words(text)).settings]
    assert spans == ["'spark.a=b c'", '"4g"', '"x y"']


def test_list_of_strings() -> None:
    # An EMR step's Args: offsets are into " ".join(args).
    args = ["spark-submit", "--deploy-mode", "cluster", "--conf", "spark.a=b c", "s3://b/app.py", "--x", "1"]
    parsed = parse_submit_args(args)
    assert parsed.settings == [
        SubmitSetting("spark.submit.deployMode", "cluster", "--deploy-mode", 27, 34, True),
        SubmitSetting("spark.a", "b c", "--conf", 42, 53, False),
    ]
    joined = " ".join(args)
    assert [joined[item.start:item.end] for item in parsed.settings] == ["cluster", "spark.a=b c"]
    assert parsed.primary_resource == Word("s3://b/app.py", 54, 67)
    assert [word.value for word in parsed.app_args] == ["--x", "1"]
    assert parsed.errors == []


def test_list_of_strings_equals_form() -> None:
    parsed = parse_submit_args(["--conf=spark.a=1", "--num-executors=2"])
    assert [tuple(item) for item in parsed.settings] == [
        ("spark.a", "1", "--conf", 7, 16, False),
        ("spark.executor.instances", "2", "--num-executors", 33, 34, True),
    ]


# --------------------------------------------------------------------------------------------------
# parse_submit_args: switches, other options, primary resource
# --------------------------------------------------------------------------------------------------

def test_switches_and_other_options() -> None:
    text = ("--verbose --class com.x.Main --properties-file /etc/p.conf --proxy-user bob "
            "--load-spark-defaults -h --version --usage-error")
    parsed = parse_submit_args(split_words(text))
    assert [word.value for word in parsed.switches] == [
        "--verbose", "--load-spark-defaults", "-h", "--version", "--usage-error"]
    assert [(option, word.value) for option, word in parsed.options] == [
        ("--class", "com.x.Main"), ("--properties-file", "/etc/p.conf"), ("--proxy-user", "bob")]
    assert parsed.main_class == Word("com.x.Main", 18, 28)
    assert parsed.properties_file == Word("/etc/p.conf", 47, 58)
    assert parsed.settings == [] and parsed.errors == [] and parsed.primary_resource is None


def test_kill_and_status_take_a_value() -> None:
    parsed = parse_submit_args(split_words("--kill driver-1 --status=driver-2"))
    assert [(option, word) for option, word in parsed.options] == [
        ("--kill", Word("driver-1", 7, 15)), ("--status", Word("driver-2", 25, 33))]
    assert parsed.primary_resource is None and parsed.errors == []


def test_switch_value_is_dropped() -> None:
    # SparkSubmitOptionParser matches `--supervise=false`, then handles the switch without its value.
    parsed = parse_submit_args(split_words("--supervise=false"))
    assert [tuple(item) for item in parsed.settings] == [
        ("spark.driver.supervise", "true", "--supervise", 0, 17, True)]


def test_primary_resource_and_app_args() -> None:
    text = "--master yarn s3://bucket/app.jar --conf spark.a=1 --executor-memory 1g -x"
    parsed = parse_submit_args(split_words(text))
    assert [item.key for item in parsed.settings] == ["spark.master"]
    assert parsed.primary_resource == Word("s3://bucket/app.jar", 14, 33)
    assert [word.value for word in parsed.app_args] == ["--conf", "spark.a=1", "--executor-memory", "1g", "-x"]
    assert parsed.errors == []


def test_no_primary_resource_is_fine() -> None:
    # sparkSubmitParameters never holds the entry point (EMR Serverless passes it separately).
    parsed = parse_submit_args(split_words("--conf spark.a=1"))
    assert parsed.primary_resource is None and parsed.app_args == []


# --------------------------------------------------------------------------------------------------
# parse_submit_args: errors
# --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("--conf foo", [("Invalid argument to --conf: foo (no '=')", 7, 10)]),
    ("--conf=foo", [("Invalid argument to --conf: foo (no '=')", 7, 10)]),
    ("--conf", [("Missing argument for option '--conf'.", 0, 6)]),
    ("--conf spark.a=1 --executor-memory", [("Missing argument for option '--executor-memory'.", 17, 34)]),
    # `(--[^=]+)=(.+)` needs a non-empty value, so `--conf=` is an unknown option.
    ("--conf=", [("Unrecognized option '--conf='.", 0, 7)]),
    ("--executor-memroy 4g", [("Unrecognized option '--executor-memroy'.", 0, 17)]),
    ("--foo=bar", [("Unrecognized option '--foo'.", 0, 9)]),
    ("-c=spark.a=1", [("Unrecognized option '-c=spark.a=1'.", 0, 12)]),
    ("--deploy-mode Cluster", [('--deploy-mode must be either "client" or "cluster"', 14, 21)]),
    ("--conf 'spark.a=1", [("unclosed single quote (') in spark-submit arguments", 7, 17)]),
])
def test_errors(text: str, expected: list[tuple[str, int, int]]) -> None:
    assert errors_of(text) == expected


def test_unquoted_blank_in_a_value() -> None:
    # A classic: the second java option becomes a word of its own, which spark-submit rejects.
    text = "--conf spark.driver.extraJavaOptions=-Da=b -Dc=d"
    assert settings_of(text) == [("spark.driver.extraJavaOptions", "-Da=b", "--conf", 7, 42, False)]
    assert errors_of(text) == [("Unrecognized option '-Dc=d'.", 43, 48)]


def test_unclosed_quote_keeps_what_was_read() -> None:
    assert settings_of('--conf spark.a=1 --conf "spark.b=2 3') == [
        ("spark.a", "1", "--conf", 7, 16, False),
        ("spark.b", "2 3", "--conf", 24, 36, False),
    ]


def test_unknown_option_does_not_hide_the_rest() -> None:
    # spark-submit stops at the unknown option; the linter guesses it took a value and goes on.
    text = "--executor-memroy 4g --conf spark.a=1 --verbos app.py arg"
    parsed = parse_submit_args(split_words(text))
    assert [item.key for item in parsed.settings] == ["spark.a"]
    assert [message for message, _, _ in parsed.errors] == [
        "Unrecognized option '--executor-memroy'.", "Unrecognized option '--verbos'."]
    assert parsed.primary_resource is not None and parsed.primary_resource.value == "app.py"


def test_errors_are_in_text_order() -> None:
    parsed = parse_submit_args(split_words("--conf foo --bogus --conf 'spark.x=1"))
    assert [start for _, start, _ in parsed.errors] == [7, 11, 26]


# --------------------------------------------------------------------------------------------------
# The flag table
# --------------------------------------------------------------------------------------------------

def test_flag_table() -> None:
    assert FLAG_TO_KEY["--num-executors"] == "spark.executor.instances"
    assert FLAG_TO_KEY["--total-executor-cores"] == "spark.cores.max"
    assert FLAG_TO_KEY["--queue"] == "spark.yarn.queue"
    assert set(FLAG_CLUSTER_MANAGERS) == set(FLAG_TO_KEY)
    assert "local" not in FLAG_CLUSTER_MANAGERS["--executor-memory"]
    assert FLAG_CLUSTER_MANAGERS["--num-executors"] == frozenset({"yarn", "kubernetes"})


@pytest.mark.parametrize("flag", sorted(set(FLAG_TO_KEY) - {"--supervise"}))
def test_every_flag_parses(flag: str) -> None:
    assert settings_of(f"{flag} v1 {flag}=v2") == [
        (FLAG_TO_KEY[flag], "v1", flag, len(flag) + 1, len(flag) + 3, True),
        (FLAG_TO_KEY[flag], "v2", flag, 2 * len(flag) + 5, 2 * len(flag) + 7, True),
    ]


# --------------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------------

_SHELLISH = st.text(alphabet=st.sampled_from(list("ab=- \t\n'\"\\$`#")) | st.characters(), max_size=60)


@settings(max_examples=400, deadline=None)
@given(_SHELLISH)
def test_split_words_never_raises_and_offsets_slice_back(text: str) -> None:
    words = split_words(text)
    previous_end = 0
    for word in words:
        assert previous_end <= word.start < word.end <= len(text)
        previous_end = word.end
        source = text[word.start:word.end]
        # The slice is the word's source: splitting it alone gives the same single word.
        again = split_words(source)
        assert [item.value for item in again] == [word.value]
        if not any(char in source for char in "'\"\\"):
            assert source == word.value
    for _, start, end in words.errors:
        assert 0 <= start <= end == len(text)
    parse_submit_args(words)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["--conf", "-c", "--conf=a=b", "a=b", "--executor-memory", "4g", "--verbose",
                                 "--bogus", "app.py", "--name=x", "spark-submit", "="]), max_size=8))
def test_parse_submit_args_never_raises(args: list[str]) -> None:
    parsed = parse_submit_args(args)
    joined = " ".join(args)
    for item in parsed.settings:
        assert 0 <= item.start <= item.end <= len(joined)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["--conf=", "--executor-memory=", "--name=", "-c "]), _SHELLISH)
def test_setting_spans_stay_inside_the_text(prefix: str, rest: str) -> None:
    text = prefix + "spark.k=" + rest
    words = split_words(text)
    for item in parse_submit_args(words).settings:
        assert 0 <= item.start <= item.end <= len(text)
        # The span lies inside one word's source.
        assert any(word.start <= item.start and item.end <= word.end for word in words)
