"""Text quoted from a linted file, made safe to show: secret values masked, control characters escaped.

Every message that quotes file content (findings, parse errors, `--verbose` notes, `explain`) goes
through `Masker.show`, built once per file from what the file holds:

- the values of the file's secret settings (`knowledge/secrets.py` says which keys hold secrets, and
  which values are only placeholders), as parsed and as written in the raw text. The raw text is read
  too because a message may quote a token the parser never turned into a setting: a YAML parse error
  (`found undefined or recursive alias *Pw-SECRET`), a `--conf` spark-submit refuses for want of `=`
  (`--conf spark.ssl.keyPassword:Pw-SECRET`, `--conf "spark.ssl.trustStorePassword Pw-SECRET"`);
- credential-looking parts of a secret key itself, when a value was pasted into the key
  (`spark.hadoop.fs.s3a.secret.key.wJalrXUtnFEMI...`);
- in the message itself, any `secret.key=value` or `secret.key:value` it spells out.

Then `printable` escapes what a terminal or a CI log would act on (ANSI CSI, OSC 52 clipboard writes,
a line break that starts a GitHub workflow command `::error ...`, bidirectional overrides) the way
Python's `repr` does (`\\x1b`, `\\n`), as SL003 already showed keys; lone surrogates (from JSON escapes
such as `"\\ud800"`) become `\\ud800` instead of failing when the report is written.
"""

from __future__ import annotations

import functools
import re
from typing import Iterable, Optional

from sparklint.knowledge import secrets
from sparklint.model import JobConfig, Setting
from sparklint.patterns import lazy_pattern

# C0 and C1 controls (0x9b is an 8-bit CSI), DEL, Unicode line/paragraph separators, bidirectional
# marks and overrides ("Trojan Source"), and lone surrogates.
_UNSAFE = lazy_pattern("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}

_KEY_RUN = lazy_pattern(r"[A-Za-z0-9_.\-]*")
_STRAY = lazy_pattern(r"[^A-Za-z0-9_.\-]+")  # what a Spark key never holds
_KEY_RUN_BACK = 256  # how far left a key is followed from its secret word
# After a secret-looking key: a separator, `=` or `:` (properties, YAML, JSON, HCL, spark-submit), a
# comma between two quoted strings (Python's `.config("k", "v")`, `conf.set("k", "v")`), or blanks where
# blanks separate (a properties line, `--conf "k v"`, a quoted "k v" argument); the value.
_ASSIGNED = lazy_pattern(
    r"\\?[\"']?(?:[ \t]*[=:][ \t]*|(?<=[\"'])[ \t]*,[ \t]*(?=[\"'])|(?P<blank>[ \t\r\f]+))"
    r"(?P<value>\\?\"(?:[^\"\\\n]|\\.)*\\?\"|'[^'\n]*'|[^\s\"'\\,;)\]}]+)")
# What may come before a key whose value follows blanks: a line start (properties), `--conf`, a quote.
_BLANK_CONTEXT = lazy_pattern(r"(?:^|\n)[ \t]*$|--conf[ \t=]+\\?[\"']?$|[\"'][ \t]*$")
# In a message, `key=value` / `key: value` only (a message says "spark.ssl.keyPassword holds ...").
_IN_MESSAGE = lazy_pattern(r"['\"]?[ \t]*[=:][ \t]*(?:(?P<quote>['\"])(?P<quoted>[^'\"\n]*)(?P=quote)|(?P<value>[^\s\"',;)\]}]+))")
# A part of a key that looks like a credential rather than a name: long, letters and digits.
_CREDENTIAL_PART = lazy_pattern(r"(?=[^.]*[0-9])(?=[^.]*[A-Za-z])[A-Za-z0-9+/=_\-]{16,}")
_YAML_INDICATORS = "*&!"
# Literal parts of every alternative of secrets.SECRET_KEY_WORDS, lower case.
_WORD_MARKS = ("secret", "password", "token", "access", "credential", "account.key.")
_CONF_ARGUMENT = lazy_pattern(r"([^:\s]*)([:\s]+)\S", re.DOTALL)


def printable(text: str) -> str:
    """`text` with control characters, line breaks, bidi overrides and lone surrogates escaped."""
    if text.isascii() and text.isprintable():
        return text
    return _UNSAFE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    named = _NAMED.get(char)
    if named:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def line_start(text: str) -> str:
    """`text` made printable, and never starting with `::` (a GitHub workflow command): for a path that
    begins a line of the text report."""
    shown = printable(text)
    return "./" + shown if shown.startswith("::") else shown


class Masker:
    """Masks the secrets of one file (or config) in any message that quotes it, then escapes it."""

    __slots__ = ("_pattern",)

    def __init__(self, values: Iterable[str] = ()) -> None:
        found = sorted({value for value in values if value}, key=len, reverse=True)
        # Whole tokens only, so a short secret does not eat a part of a longer word.
        self._pattern: Optional[re.Pattern[str]] = re.compile(
            r"(?<![A-Za-z0-9])(?:" + "|".join(map(re.escape, found)) + r")(?![A-Za-z0-9])") if found else None

    @classmethod
    def of(cls, text: str, configs: Iterable[JobConfig] = ()) -> Masker:
        """The secrets written in `text` (raw) and held by the settings of `configs` (parsed)."""
        values = set(raw_secrets(text))
        for config in configs:
            values.update(setting_secrets(config.settings))
            # Keys Spark drops (not `spark.`: `{spark.ssl.keyPassword`) still hold what was written as a secret.
            values.update(setting_secrets(config.dropped))
            values.update(setting_secrets(config.environment))  # explain lists them
        return cls(values)

    @classmethod
    def of_config(cls, config: JobConfig) -> Masker:
        return cls.of(config.document.text if config.document is not None else "", [config])

    def mask(self, text: str) -> str:
        """`text` with this file's secrets, and any `secret.key=value` it spells out, masked."""
        if self._pattern is not None:
            text = self._pattern.sub(secrets.MASK, text)
        return mask_assignments(text) if may_hold_secrets(text) else text

    def show(self, text: str) -> str:
        """`text` as output may print it: masked, then escaped."""
        return printable(self.mask(text))


def mask_assignments(text: str) -> str:
    """`k=v` / `k: v` spelled out in a message, with the value masked when `k` holds a secret."""
    parts, last = [], 0
    for start, end in _secret_keys(text):
        match = _IN_MESSAGE.match(text, end)
        if match is None:
            continue
        group = "value" if match.group("value") is not None else "quoted"
        if match.group(group) and secrets.is_plain_secret(text[start:end], match.group(group)):
            parts += [text[last:match.start(group)], secrets.MASK]
            last = match.end(group)
    return "".join(parts) + text[last:] if parts else text


def conf_argument(argument: str) -> str:
    """A `--conf` argument without `=` (which spark-submit refuses), as a message may quote it: when the
    part before its first `:` or blank holds a secret word, the rest is masked, whatever else the
    argument holds (`{spark.ssl.keyPassword Pw` -> `{spark.ssl.keyPassword ****`)."""
    match = _CONF_ARGUMENT.match(argument)
    if match is None or not secrets.SECRET_KEY_WORDS.search(match.group(1)):
        return argument
    return match.group(1) + match.group(2) + secrets.MASK


def raw_secrets(text: str) -> Iterable[str]:
    """Secret values as written in raw text, in the shapes a Spark setting is written in any format."""
    if not may_hold_secrets(text):
        return
    for start, end in _secret_keys(text):
        key = text[start:end]
        yield from key_secrets(key)
        match = _ASSIGNED.match(text, end)
        if match is None:
            continue
        if match.group("blank") is not None and not _BLANK_CONTEXT.search(text, max(0, start - 64), start):
            continue
        for value in _unquoted(match.group("value")):
            if secrets.is_plain_secret(key, value):
                yield value


def _secret_keys(text: str) -> Iterable[tuple[int, int]]:
    """(start, end) of each key-like token holding one of Spark's secret words. Followed out from the
    word (a regex with the word in the middle of two runs would backtrack quadratically on long runs)."""
    last = -1
    for word in secrets.SECRET_KEY_WORDS.finditer(text):
        if word.start() < last:
            continue  # a second secret word in the same key
        start = word.start()
        floor = max(0, start - _KEY_RUN_BACK)
        while start > floor and (text[start - 1].isascii() and (text[start - 1].isalnum() or text[start - 1] in "_.-")):
            start -= 1
        match = _KEY_RUN.match(text, word.end())
        last = match.end() if match is not None else word.end()
        yield start, last


def _unquoted(value: str) -> list[str]:
    """The value as written, without quotes or a YAML alias/anchor/tag indicator, and with them."""
    inner = value.replace('\\"', '"').strip("\"'")
    found = [value, inner]
    if inner[:1] in _YAML_INDICATORS:
        found.append(inner[1:])
    return [item for item in found if item]


def setting_secrets(settings: Iterable[Setting]) -> Iterable[str]:
    """Secret values held by parsed settings (decoded, as messages quote them), and secret `-D` values."""
    for setting in settings:
        if setting.ref is None and not setting.path:
            continue  # a default layer's setting: not written in the file
        for key in (setting.key, setting.raw_key, _without_stray_characters(setting.key)):
            if not key:
                continue
            if _has_secret_word(key):
                if secrets.is_plain_secret(key, setting.value):
                    yield setting.value
                    yield setting.value.strip()
                yield from key_secrets(key)
            elif secrets.is_java_options_key(key):
                for match in secrets.java_secrets(setting.value):
                    yield match.group(2)
                    yield match.group(2).strip("\"'")
        if setting.ref is not None and not _has_secret_word(setting.key):
            # A key cut short where the file has a tab or a blank (`spark.<TAB>ssl.keyPassword secret` is the
            # key `spark.` with the value `ssl.keyPassword secret`; `spark.ssl.trustStoreP<TAB>assword s`
            # splits the secret word itself): the key and value joined spell the secret setting out.
            joined = setting.key + setting.value
            if may_hold_secrets(joined):
                yield from raw_secrets(joined)


@functools.lru_cache(maxsize=16384)  # asked for every setting of a file with findings; keys recur
def _without_stray_characters(key: str) -> str:
    """`key` without characters no key holds, when it has any: a brace or quote written into the middle of
    a secret's name (`spark.ssl.keyP{assword`, a template marker `{{`) leaves what it holds a secret."""
    if key.isascii() and _KEY_RUN.fullmatch(key):
        return ""
    cleaned = _STRAY.sub("", key)
    return cleaned if cleaned != key else ""


@functools.lru_cache(maxsize=16384)
def _has_secret_word(key: str) -> bool:
    return secrets.SECRET_KEY_WORDS.search(key) is not None


def may_hold_secrets(text: str) -> bool:
    """A quick look before the regex (a case-insensitive alternation tries every position): does the
    text hold one of the secret words at all?"""
    lowered = text.lower()
    return any(word in lowered for word in _WORD_MARKS)


def key_secrets(key: str) -> list[str]:
    """Parts of a secret key after its secret word that look like a pasted credential
    (`spark.hadoop.fs.s3a.secret.key.wJalrXUtnFEMIK7MDENG...`)."""
    match = secrets.SECRET_KEY_WORDS.search(key)
    if match is None:
        return []
    return [part for part in re.split(r"[.\s]", key[match.end():]) if _CREDENTIAL_PART.fullmatch(part)]
