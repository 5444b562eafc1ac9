"""spark-submit argument strings: shell-like word splitting and spark-submit's own option parsing.

Configs carry spark-submit arguments as ONE string (EMR Serverless
`jobDriver.sparkSubmit.sparkSubmitParameters`, EMR on EKS `sparkSubmitJobDriver.sparkSubmitParameters`;
platforms.md §1.10) or as a list of words (EMR steps `Args`, Airflow operators). `split_words` turns a
string into words with character offsets; `parse_submit_args` turns words into the Spark settings they
make, the way `SparkSubmitOptionParser.parse` + `SparkSubmitArguments.handle` read them (spark.md §6).

Nothing is executed or expanded: `${VAR}`, `$(cmd)` and globs stay literal, because the platforms pass
the string to spark-submit without a shell and a linter must never run what it reads.
"""

from __future__ import annotations

import re
from typing import Iterable, Optional, Sequence, Union

from sparklint.patterns import lazy_pattern
from sparklint.records import Record


class Word(Record):
    """One word of an argument string: its value after quote removal, and `text[start:end]` it came from."""

    value: str
    start: int
    end: int


class WordList(list):  # list[Word]
    """The words of one string, plus what `parse_submit_args` needs besides them.

    `errors` holds problems found while splitting (an unclosed quote) so they reach `SubmitArgs.errors`;
    `text` is the split string, used to point precisely inside a quoted `--opt=value` word.
    """

    def __init__(self, words: Iterable[Word] = (), text: Optional[str] = None,
                 errors: Optional[list[tuple[str, int, int]]] = None) -> None:
        super().__init__(words)
        self.text = text
        self.errors: list[tuple[str, int, int]] = errors if errors is not None else []


# --------------------------------------------------------------------------------------------------
# Word splitting (POSIX shell rules, "2.2 Quoting" and "2.6.5 Field Splitting", without expansions)
# --------------------------------------------------------------------------------------------------

# Blanks are the shell's default IFS (space, tab, newline). Other whitespace (\r, NBSP) stays inside a
# word, as in a shell, so `--conf\u00a0k=v` is reported as an unknown option instead of silently working.
# `#` does not start a comment: the string is not a shell script, and `#` is common in values
# (`--files s3://b/f.txt#alias`).
_TOKEN = lazy_pattern(
    r"""(?P<blank>[ \t\n]+)
      | (?P<plain>[^ \t\n'"\\]+)
      | '(?P<single>[^']*)'
      | "(?P<double>(?:[^"\\]|\\.)*)"
      | \\(?P<escaped>.)
      | (?P<unclosed>['"].*)
      | (?P<lone>\\)
    """,
    re.VERBOSE | re.DOTALL,
)
# Inside double quotes a backslash escapes only these; before a newline it is a line continuation.
_DOUBLE_ESCAPE = lazy_pattern(r'\\([\\"$`\n])')


def _unescape_double(inner: str) -> str:
    return _DOUBLE_ESCAPE.sub(lambda match: "" if match.group(1) == "\n" else match.group(1), inner)


def split_words(text: str) -> list[Word]:
    """Split `text` into words like a POSIX shell, without expanding anything; never raises.

    Single quotes keep everything literally; double quotes allow `\\"`, `\\\\`, `\\$`, `` \\` `` and
    backslash-newline; a backslash outside quotes escapes the next character, and backslash-newline is a
    continuation. Adjacent quoted and unquoted parts join into one word (`spark.x="1 2"`). An unclosed
    quote yields the text read so far as the last word and an error in the returned list's `errors`.

    Returns a `WordList` (a `list[Word]` that also carries `errors` and `text`).
    """
    words = WordList(text=text)
    pieces: list[str] = []
    start = -1  # -1: no word under way
    end = 0
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "blank":
            if start >= 0:
                words.append(Word("".join(pieces), start, end))
                pieces, start = [], -1
            continue
        if kind == "escaped" and match.group("escaped") == "\n":
            continue  # line continuation: removed, neither starts nor ends a word
        if kind == "plain" or kind == "single":
            piece = match.group(kind)
        elif kind == "double":
            piece = _unescape_double(match.group("double"))
        elif kind == "escaped":
            piece = match.group("escaped")
        elif kind == "unclosed":
            rest = match.group("unclosed")
            quote = rest[0]
            piece = rest[1:] if quote == "'" else _unescape_double(rest[1:])
            name = "single" if quote == "'" else "double"
            words.errors.append((f"unclosed {name} quote ({quote}) in spark-submit arguments",
                                 match.start(), len(text)))
        else:  # a backslash ending the text escapes nothing; keep it, as bash does
            piece = "\\"
        if start < 0:
            start = match.start()
        pieces.append(piece)
        end = match.end()
    if start >= 0:
        words.append(Word("".join(pieces), start, end))
    return words


def _raw_offset(raw: str, index: int) -> int:
    """Offset in `raw` (the source of one word) of the character at `index` of the word's value."""
    done = 0
    for match in _TOKEN.finditer(raw):
        kind = match.lastgroup
        if kind == "blank" or (kind == "escaped" and match.group("escaped") == "\n"):
            continue
        if kind == "plain":
            offsets = list(range(match.start(), match.end()))
        elif kind == "single" or (kind == "unclosed" and match.group("unclosed")[0] == "'"):
            offsets = list(range(match.start() + 1, match.end() - (1 if kind == "single" else 0)))
        elif kind == "escaped" or kind == "lone":
            offsets = [match.start()]
        else:  # double quotes (closed or not): walk the escapes
            offsets = []
            inner_start = match.start() + 1
            inner = raw[inner_start:match.end() - (1 if kind == "double" else 0)]
            position = 0
            while position < len(inner):
                if inner[position] == "\\" and position + 1 < len(inner) and inner[position + 1] in '\\"$`\n':
                    if inner[position + 1] != "\n":
                        offsets.append(inner_start + position)
                    position += 2
                else:
                    offsets.append(inner_start + position)
                    position += 1
        if index < done + len(offsets):
            # The first character of a quoted part is pointed at from its opening quote, so that
            # `--conf='k=v'` spans `'k=v'` just like `--conf 'k=v'` does.
            return match.start() if index == done else offsets[index - done]
        done += len(offsets)
    return len(raw)


# --------------------------------------------------------------------------------------------------
# spark-submit options
# --------------------------------------------------------------------------------------------------

LOCAL = "local"
STANDALONE = "standalone"
YARN = "yarn"
KUBERNETES = "kubernetes"
ALL_CLUSTER_MANAGERS = frozenset({LOCAL, STANDALONE, YARN, KUBERNETES})
_SYK = frozenset({STANDALONE, YARN, KUBERNETES})

# flag -> (conf key, cluster managers where spark-submit sets that key from the flag).
# The mapping is the OptionAssigner list in core/src/main/scala/org/apache/spark/deploy/SparkSubmit.scala
# (prepareSubmitEnvironment); where a flag is not assigned, a `--conf` of the same key is what Spark sees
# (spark.md §6). Option names: launcher/src/main/java/org/apache/spark/launcher/SparkSubmitOptionParser.java.
_FLAGS: dict[str, tuple[str, frozenset[str]]] = {
    # All cluster managers. 4.x: --master is not set as spark.master when --remote is used.
    "--master": ("spark.master", ALL_CLUSTER_MANAGERS),
    # Spark Connect (3.4+); all cluster managers.
    "--remote": ("spark.remote", ALL_CLUSTER_MANAGERS),
    # All cluster managers; SparkSubmitArguments rejects anything but "client" / "cluster".
    "--deploy-mode": ("spark.submit.deployMode", ALL_CLUSTER_MANAGERS),
    # All cluster managers.
    "--name": ("spark.app.name", ALL_CLUSTER_MANAGERS),
    # Client mode: all cluster managers (the launcher also makes it the driver's -Xmx);
    # cluster mode: standalone/YARN/K8s.
    "--driver-memory": ("spark.driver.memory", ALL_CLUSTER_MANAGERS),
    # Cluster deploy mode only, on standalone/YARN/K8s: in client mode the flag sets nothing.
    "--driver-cores": ("spark.driver.cores", _SYK),
    # All cluster managers and deploy modes.
    "--driver-class-path": ("spark.driver.extraClassPath", ALL_CLUSTER_MANAGERS),
    "--driver-java-options": ("spark.driver.extraJavaOptions", ALL_CLUSTER_MANAGERS),
    "--driver-library-path": ("spark.driver.extraLibraryPath", ALL_CLUSTER_MANAGERS),
    # Standalone/YARN/K8s (+Mesos in 3.5); ignored in local mode, where `--conf` of the key wins.
    "--executor-memory": ("spark.executor.memory", _SYK),
    # Standalone/YARN/K8s; ignored in local mode.
    "--executor-cores": ("spark.executor.cores", _SYK),
    # YARN and K8s only.
    "--num-executors": ("spark.executor.instances", frozenset({YARN, KUBERNETES})),
    # Standalone only in 4.x (standalone + Mesos in 3.5).
    "--total-executor-cores": ("spark.cores.max", frozenset({STANDALONE})),
    # YARN only.
    "--queue": ("spark.yarn.queue", frozenset({YARN})),
    # Local (client mode)/standalone/K8s; on YARN it goes to spark.yarn.dist.jars, merged with existing.
    "--jars": ("spark.jars", frozenset({LOCAL, STANDALONE, KUBERNETES})),
    # Local/standalone/K8s; on YARN spark.yarn.dist.files (resp. .archives), merged with existing.
    "--files": ("spark.files", frozenset({LOCAL, STANDALONE, KUBERNETES})),
    "--archives": ("spark.archives", frozenset({LOCAL, STANDALONE, KUBERNETES})),
    # Cluster deploy mode on all cluster managers; on YARN also spark.yarn.dist.pyFiles.
    "--py-files": ("spark.submit.pyFiles", ALL_CLUSTER_MANAGERS),
    # Propagated to the driver for dependency resolution in cluster mode on standalone/K8s only;
    # in client mode spark-submit resolves them itself.
    "--packages": ("spark.jars.packages", frozenset({STANDALONE, KUBERNETES})),
    "--exclude-packages": ("spark.jars.excludes", frozenset({STANDALONE, KUBERNETES})),
    "--repositories": ("spark.jars.repositories", frozenset({STANDALONE, KUBERNETES})),
    # All cluster managers.
    "--principal": ("spark.kerberos.principal", ALL_CLUSTER_MANAGERS),
    "--keytab": ("spark.kerberos.keytab", ALL_CLUSTER_MANAGERS),
    # A switch; sets spark.driver.supervise=true for standalone cluster mode only.
    "--supervise": ("spark.driver.supervise", frozenset({STANDALONE})),
}

FLAG_TO_KEY: dict[str, str] = {flag: key for flag, (key, _) in _FLAGS.items()}
"""Dedicated spark-submit flag -> the Spark conf key it sets (see `_FLAGS` for where each applies)."""

FLAG_CLUSTER_MANAGERS: dict[str, frozenset[str]] = {flag: managers for flag, (_, managers) in _FLAGS.items()}
"""Dedicated flag -> cluster managers ("local", "standalone", "yarn", "kubernetes") where it sets its key."""

CONF_OPTIONS = frozenset({"--conf", "-c"})
# Options taking a value that set no conf key: the main class, the properties file (which replaces
# spark-defaults.conf; spark.md §6), the proxy user, and the --kill/--status actions.
OTHER_VALUE_OPTIONS = frozenset({"--class", "--properties-file", "--proxy-user", "--kill", "--status"})
# Switches (SparkSubmitOptionParser `switches`); --load-spark-defaults exists from Spark 4.0 only.
SWITCHES = frozenset({"--help", "-h", "--verbose", "-v", "--version", "--usage-error", "--supervise",
                      "--load-spark-defaults"})
VALUE_OPTIONS = frozenset(FLAG_TO_KEY) - SWITCHES | CONF_OPTIONS | OTHER_VALUE_OPTIONS

# SparkSubmitOptionParser.parse: `(--[^=]+)=(.+)` with Matcher.matches(). Java's `.` stops at any line
# terminator, so a value with a newline does not match and the whole word is an unknown option.
_EQUALS_FORM = lazy_pattern("(--[^=]+)=([^\n\r\u0085\u2028\u2029]+)")


class SubmitSetting(Record):
    """A Spark setting made by spark-submit arguments.

    `start`/`end` are character offsets (end exclusive) into the split text: the whole `key=value` word
    for `--conf`, the value word for a dedicated flag, the value part for `--opt=value`, the switch for
    `--supervise`. `from_flag` is True for dedicated flags, which beat a `--conf` of the same key where
    they apply (spark-submit applies `--conf` with setIfMissing after them; spark.md §6).
    """

    key: str
    value: str
    option: str
    start: int
    end: int
    from_flag: bool


class SubmitArgs:
    """What spark-submit makes of a list of words. Settings are in order; the caller applies "last wins"."""

    __slots__ = ("settings", "errors", "options", "switches", "primary_resource", "app_args")

    def __init__(self, settings: Optional[list[SubmitSetting]] = None, errors: Optional[list[tuple[str, int, int]]] = None,
                 options: Optional[list[tuple[str, Word]]] = None, switches: Optional[list[Word]] = None,
                 primary_resource: Optional[Word] = None, app_args: Optional[list[Word]] = None) -> None:
        self.settings: list[SubmitSetting] = [] if settings is None else settings
        # (message, start, end): problems that make spark-submit fail, in text order.
        self.errors: list[tuple[str, int, int]] = [] if errors is None else errors
        # (option as written, value word) for --class, --properties-file, --proxy-user, --kill, --status.
        self.options: list[tuple[str, Word]] = [] if options is None else options
        self.switches: list[Word] = [] if switches is None else switches
        # The application jar/py and everything after it (application arguments, never parsed as options).
        self.primary_resource = primary_resource
        self.app_args: list[Word] = [] if app_args is None else app_args

    def option(self, name: str) -> Optional[Word]:
        """The value word of the last `name` option (e.g. "--properties-file", "--class"), or None."""
        found = None
        for option, word in self.options:
            if option == name:
                found = word
        return found

    @property
    def properties_file(self) -> Optional[Word]:
        return self.option("--properties-file")

    @property
    def main_class(self) -> Optional[Word]:
        return self.option("--class")


def _as_words(words: Sequence[Union[Word, str]]) -> list[Word]:
    """Words as `Word`s; plain strings get offsets into `" ".join(words)` (one space between items)."""
    result: list[Word] = []
    offset = 0
    for item in words:
        if isinstance(item, str):
            result.append(Word(item, offset, offset + len(item)))
            offset += len(item) + 1
        else:
            result.append(Word(*item))
    return result


def _is_spark_submit(value: str) -> bool:
    return value == "spark-submit" or value.endswith("/spark-submit")


def parse_submit_args(words: list[Word] | list[str]) -> SubmitArgs:
    """Parse spark-submit arguments as SparkSubmitOptionParser.parse / SparkSubmitArguments.handle do.

    Accepts the result of `split_words` (its splitting errors are carried over) or a list of strings
    (an EMR step's `Args`); for strings, offsets are into `" ".join(words)`. A leading `spark-submit`
    word is skipped. The first word that is not an option is the primary resource; it and everything
    after it are application arguments. Never raises: what spark-submit would reject goes in `errors`.
    """
    text: Optional[str] = getattr(words, "text", None)
    errors: list[tuple[str, int, int]] = list(getattr(words, "errors", ()))
    items = _as_words(words)
    settings: list[SubmitSetting] = []
    options: list[tuple[str, Word]] = []
    switches: list[Word] = []
    primary: Optional[Word] = None
    app_args: list[Word] = []

    index = 1 if items and _is_spark_submit(items[0].value) else 0
    while index < len(items):
        word = items[index]
        index += 1
        name, value = word.value, None
        match = _EQUALS_FORM.fullmatch(word.value)
        if match is not None:
            name = match.group(1)
            value = _value_part(word, len(name) + 1, text)

        if name in VALUE_OPTIONS:
            if value is None:
                if index == len(items):
                    errors.append((f"Missing argument for option '{name}'.", word.start, word.end))
                    break
                value = items[index]
                index += 1
            _handle_value(name, value, settings, options, errors)
        elif name in SWITCHES:
            # SparkSubmitOptionParser drops a value given to a switch (`--supervise=false` still supervises).
            switches.append(word)
            if name == "--supervise":
                settings.append(SubmitSetting(FLAG_TO_KEY[name], "true", name, word.start, word.end, True))
        elif name.startswith("-"):
            # SparkSubmitArguments.handleUnknown fails here. To lint the rest anyway, guess that a typo'd
            # option took a value when the next word is not an option and an option (or the end) follows.
            errors.append((f"Unrecognized option '{name}'.", word.start, word.end))
            if (value is None and index < len(items) and not items[index].value.startswith("-")
                    and (index + 1 == len(items) or items[index + 1].value.startswith("--"))):
                index += 1
        else:
            primary = word
            app_args = items[index:]
            break

    errors.sort(key=lambda error: (error[1], error[2]))
    return SubmitArgs(settings, errors, options, switches, primary, app_args)


def _value_part(word: Word, skip: int, text: Optional[str]) -> Word:
    """The value of an `--opt=value` word (from character `skip` of its value), with its own span."""
    value = word.value[skip:]
    if text is not None:
        start = word.start + _raw_offset(text[word.start:word.end], skip)
    else:
        start = min(word.start + skip, word.end)
    return Word(value, start, word.end)


def _handle_value(name: str, value: Word, settings: list[SubmitSetting], options: list[tuple[str, Word]],
                  errors: list[tuple[str, int, int]]) -> None:
    """One option with its value, as SparkSubmitArguments.handle treats it."""
    if name in CONF_OPTIONS:
        # SparkSubmitUtils.parseSparkConfProperty: split("=", 2), so later `=` belong to the value.
        key, equals, conf_value = value.value.partition("=")
        if not equals:
            # spark-submit 3.5.9 exits with "Error: Invalid argument to --conf: <value>" (measured by
            # tests/test_oracle_rules.py; older sources said "Spark config without '='").
            from sparklint.masking import conf_argument  # a secret's value may follow a ':' or a blank

            errors.append((f"Invalid argument to --conf: {conf_argument(value.value)} (no '=')",
                           value.start, value.end))
            return
        settings.append(SubmitSetting(key, conf_value, name, value.start, value.end, False))
        return
    if name in OTHER_VALUE_OPTIONS:
        options.append((name, value))
        return
    if name == "--deploy-mode" and value.value not in ("client", "cluster"):
        errors.append(('--deploy-mode must be either "client" or "cluster"', value.start, value.end))
    settings.append(SubmitSetting(FLAG_TO_KEY[name], value.value, name, value.start, value.end, True))
