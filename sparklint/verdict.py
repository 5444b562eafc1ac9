"""What a file is, decided before any rule runs: the same way for walked files and files named on the
command line (pre-commit passes every changed file, whatever its name).

`of_file` looks at the name (and, when the name says nothing, at the first bytes) and returns a
`Verdict`: which loader reads the file, or why it is not read. A file in a format sparklint does not read
(a `.py`, a `.tfvars`, a Dockerfile) is never parsed as something else, so it can never become an SL001
from a guessed format; `--verbose` prints the reason. `after_load_failure` decides what a parse error
means: a template that does not parse before it is rendered, a file that only sits behind a misleading
name, or (the only case reported as SL001) a file that is clearly in that format and broken.
`properties_shape` tells the properties files that are not spark-defaults files (INI profiles, Livy's
list of forbidden names, a launcher template of empty placeholders) apart from the ones that are.

A reader for a new format (shell scripts, Python) hooks in by adding its suffix to `READ_SUFFIXES`
(and, when it has its own loader, a branch in `sparklint.load.load`).
"""

from __future__ import annotations

import os
import re
from typing import Optional

from sparklint.knowledge.airflow import has_markers
from sparklint.patterns import lazy_pattern
from sparklint.records import Record
from sparklint.tree import Document, Pairs

# Lower-cased name ending -> loader ("syntax" of `sparklint.load.load`).
READ_SUFFIXES = {
    ".ipynb": "notebook",
    ".json": "json",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".tf": "hcl",
    ".conf": "properties",
    ".properties": "properties",
    ".py": "python",  # only when it names an Airflow Spark operator, SparkSession or SparkConf (of_file)
    ".sh": "shell",
    ".bash": "shell",
    ".dockerfile": "dockerfile",
    ".mk": "makefile",  # recipes running spark-submit (sparklint.load.makefile)
}
SPARK_DEFAULTS_PREFIX = "spark-defaults"

# Suffixes of files that are filled in before use (Jinja, Go, Terraform `templatefile`, Helm): the name
# under the suffix says the format, and a parse error means "not rendered yet", not "broken".
TEMPLATE_SUFFIXES = (".tpl", ".template", ".j2", ".jinja", ".jinja2", ".tmpl")
# Copies of a file under another name: read as the file they copy.
COPY_SUFFIXES = (".example", ".sample", ".dist", ".orig", ".bak")

_WINDOWS = os.sep == "\\"
_STRIPPED_SUFFIXES = TEMPLATE_SUFFIXES + COPY_SUFFIXES
_OTHER_PREFIXES = ("log4j", "application", "bootstrap")  # where _OTHER_PATTERNS can match

# Files named like our formats that belong to another program (checked on the lower-cased name, after
# template and copy suffixes are taken off).
OTHER_PROGRAMS = {
    "livy.conf": "Livy server configuration (livy.* keys), not Spark properties",
    "livy-client.conf": "Livy client configuration (livy.* keys), not Spark properties",
    "kyuubi-defaults.conf": "Kyuubi server defaults, not a spark-defaults file",
    "application.conf": "HOCON application configuration (Typesafe Config), not Spark properties",
    "reference.conf": "HOCON library defaults (Typesafe Config), not Spark properties",
}
_OTHER_PATTERNS = (
    (lazy_pattern(r"log4j2?([-_.][\w.-]*)?\.(properties|xml|ya?ml|json)$"), "log4j logging configuration"),
    (lazy_pattern(r"(application|bootstrap)([-_.][\w-]*)?\.properties$"),
     "Spring Boot / application configuration (its code maps the keys; Spark never reads this file)"),
)
# Hidden folders are editor and tool settings (.vscode, .idea, .github): not entered by a walk, not read
# when named. sparkmagic's own folder is the exception: `.sparkmagic/config.json` is a sparkmagic config.
READ_HIDDEN_DIRECTORIES = frozenset({".sparkmagic", ".github"})  # .github: Actions workflows

# Formats sparklint does not read, by suffix, for the note.
_NOT_READ = {
    ".tfvars": "Terraform variable values",
    ".hcl": "HCL", ".md": "Markdown", ".rst": "reStructuredText", ".txt": "a text file", ".xml": "XML",
    ".toml": "TOML", ".ini": "an INI file", ".cfg": "an INI-style file", ".env": "an environment file",
    ".scala": "Scala source", ".java": "Java source", ".sql": "SQL", ".csv": "CSV", ".lock": "a lock file",
}
_DOCKERFILE_NAMES = ("dockerfile", "containerfile")
MAKEFILE_NAMES = ("makefile", "gnumakefile")

# Template syntax: Go/Helm/Jinja `{{ }}`, Jinja `{% %}`, Terraform `%{ }` directives and `${ }`
# interpolation, `{PLACEHOLDER}` / `<placeholder>` in a value position, and the `%%NAME%%` words a
# script's sed replaces before use (`zoneUri: %%REGION%%-a`: YAML cannot start a scalar with `%`).
_TEMPLATE_MARK = lazy_pattern(r"\{\{|\{%|%\{|\$\{|[:=]\s*\{[A-Z][A-Z0-9_]*\}|[:=]\s*<[\w -]+>"
                              r"|%%[A-Za-z_][A-Za-z0-9_]*%%")
# A line of template logic read as a properties key: ERB's `<% if @x -%>` (Puppet, Chef), Jinja's
# `{% if x %}`, a `{{ key }} {{ value }}` loop body. Both branches of an if/else then look like one file
# setting a key twice; the file is a properties file only once rendered.
_TEMPLATE_STATEMENT_KEYS = ("<%", "{%", "{{")
# `"created_time": [UNIX_TIME_MILLIS]`: a golden file's placeholder where a JSON value goes (a YAML flow
# list may hold such a word, `drop: [ALL]`, so this is asked of JSON only).
_JSON_SPACE = lazy_pattern(r"[ \t\r\n\ufeff]*")
_JSON_PLACEHOLDER = lazy_pattern(r'":[ \t]*(\[[A-Z][A-Z0-9_]*\])')
# A Dockerfile instruction on the first line that is not a comment or blank.
_DOCKERFILE_LINE = lazy_pattern(r"(?:\s*#[^\n]*\n|\s*\n)*\s*(FROM|ARG)\s+\S", re.IGNORECASE)
_SHEBANG = "#!"
_SHELL_SHEBANG = lazy_pattern(r"#![ \t]*(?:/usr)?/bin/(?:env[ \t]+)?(?:ba|z|da|k)?sh\b")
_PROPERTY_LINE = lazy_pattern(r"^[ \t]*spark\.[\w.\-]+[ \t]*[=: \t]", re.MULTILINE)
_YAML_PROPERTY = lazy_pattern(r"^\s*spark\.[\w.\-]+:\s", re.MULTILINE)


class Verdict(Record):
    """What a file is: `syntax` is the loader that reads it ("" when it is not read, `reason` says why)."""

    syntax: str
    reason: str = ""
    guessed: bool = False  # no name said the format; the content was sniffed, so a parse error is a note
    template: bool = False  # named as a template: a parse error is a note


def of_file(path: str, text: str) -> Verdict:
    """The verdict on one file, from its path (and a sniff of `text` when the name says nothing)."""
    if "/." in path or path[:1] == "." or "\\." in path:  # a cheap test before splitting the path
        hidden = _hidden_directory(path)
        if hidden:
            return Verdict("", f"in the hidden folder {hidden}/ (editor or tool settings); not read")
    name = path[(max(path.rfind("/"), path.rfind("\\")) if _WINDOWS else path.rfind("/")) + 1:].lower()
    template = False
    stripped = name.endswith(_STRIPPED_SUFFIXES)  # nearly always False: one C-level test
    while stripped:
        stripped = False
        for suffix in _STRIPPED_SUFFIXES:
            if name.endswith(suffix) and name != suffix:
                name = name[: -len(suffix)]
                # Spark ships conf/spark-defaults.conf.template: a commented spark-defaults file, read as one.
                template = template or (suffix in TEMPLATE_SUFFIXES and not name.startswith(SPARK_DEFAULTS_PREFIX))
                stripped = True
    other = OTHER_PROGRAMS.get(name)
    if other is None and name.startswith(_OTHER_PREFIXES):
        other = next((why for pattern, why in _OTHER_PATTERNS if pattern.match(name)), None)
    if other is not None:
        return Verdict("", f"{other}; not read")
    if name.startswith(SPARK_DEFAULTS_PREFIX) and not name.endswith((".json", ".yaml", ".yml")):
        return Verdict("properties", template=template)
    dot = name.rfind(".")
    suffix = name[dot:] if dot > 0 else ""
    syntax = READ_SUFFIXES.get(suffix)
    if syntax == "python" and not has_markers(text):
        return Verdict("", "a Python file that names no Airflow Spark operator, SparkSession or SparkConf; "
                           "not parsed")
    if syntax is not None:
        return Verdict(syntax, template=template)
    if name in MAKEFILE_NAMES:
        return Verdict("makefile")
    if (name.startswith("dockerfile") and (len(name) == len("dockerfile") or name[len("dockerfile")] in ".-_")
            or name == "containerfile" or name.startswith("containerfile.")):
        return Verdict("dockerfile")
    if suffix:
        what = _NOT_READ.get(suffix, f"a {suffix} file")
        return Verdict("", f"{what}; sparklint does not read {suffix} files")
    return _sniff(text, template)


def _sniff(text: str, template: bool) -> Verdict:
    """A name without a format suffix (standard input, `conf/spark-env`): the format from the content."""
    head = text.lstrip("\ufeff \t\r\n")
    if head.startswith(_SHEBANG):
        if _SHELL_SHEBANG.match(head):
            return Verdict("shell", guessed=True)
        return Verdict("", "a script (it starts with #!) for another interpreter than sh/bash; not read")
    if _DOCKERFILE_LINE.match(text):
        return Verdict("dockerfile", guessed=True)
    if head.startswith(("{", "[")):
        return Verdict("json", guessed=True, template=template)
    if _PROPERTY_LINE.search(text) and not _YAML_PROPERTY.search(text) and _mostly_spark_lines(text):
        return Verdict("properties", guessed=True, template=template)
    return Verdict("yaml", guessed=True, template=template)


def _mostly_spark_lines(text: str) -> bool:
    """True when at least half the lines that are not blank or comments start with a spark.* key: a
    properties file with no name to say so, not a text file that mentions a few (R's package INDEX lists
    `spark.glm` among 300 other function names; every other line would become a non-spark. key)."""
    spark_lines = len(_PROPERTY_LINE.findall(text))
    content_lines = sum(1 for line in text.splitlines() if line.strip() and line.lstrip()[:1] not in "#!")
    return spark_lines * 2 >= content_lines


def _hidden_directory(path: str) -> str:
    """The first hidden folder of a relative path ("" when none); only the part below the working
    directory counts for an absolute path (a repository may itself live under a hidden folder)."""
    if os.path.isabs(path):
        try:
            path = os.path.relpath(path)
        except ValueError:  # another drive on Windows
            return ""
        if path.startswith(".."):
            return ""
    parts = path.replace("\\", "/").split("/")[:-1]
    for part in parts:
        if part.startswith(".") and part not in (".", "..") and part not in READ_HIDDEN_DIRECTORIES:
            return part
    return ""


def after_load_failure(verdict: Verdict, path: str, text: str) -> Optional[str]:
    """Why a file that did not parse is not reported (a note), or None when it is a broken file of
    the format its name says (SL001, when it looks like a Spark config)."""
    if verdict.syntax == "properties":
        name = os.path.basename(path).lower()
        if name.startswith(SPARK_DEFAULTS_PREFIX) or _PROPERTY_LINE.search(text):
            return None
        return "java.util.Properties cannot read it, and it holds no spark.* key: not a Spark properties file; not read"
    what = {"json": "JSON", "yaml": "YAML", "properties": "properties", "notebook": "a notebook",
            "hcl": "Terraform"}.get(verdict.syntax, verdict.syntax)
    if _DOCKERFILE_LINE.match(text) and verdict.syntax == "yaml":
        return "named like YAML but holds a Dockerfile (it starts with a FROM/ARG instruction); not read"
    mark = _TEMPLATE_MARK.search(text)
    if verdict.template or mark is not None:
        helm = "/templates/" in "/" + path.replace("\\", "/")
        kind = "a Helm chart template" if helm and mark is not None and "{{" in mark.group() else "a template"
        shown = mark.group().lstrip(":= \t") if mark else ""
        line = text.count("\n", 0, mark.start()) + 1 if mark else 0
        where = f" ({shown} at line {line})" if mark else ""
        return (f"{kind}{where}: it becomes {what} only when rendered, and its values are filled in then; "
                f"not read")
    if verdict.syntax == "json":
        if _json_stream(text):
            return ("a stream of JSON values (JSON Lines or concatenated JSON: a data or log file, such as a Delta "
                    "table's _delta_log or recorded API requests), not one configuration; not read")
        placeholder = _JSON_PLACEHOLDER.search(text)
        if placeholder is not None:
            line = text.count("\n", 0, placeholder.start()) + 1
            return (f"a template ({placeholder.group(1)} at line {line}): a placeholder stands where a JSON value "
                    f"goes, filled in before use; not read")
    if verdict.guessed:
        return f"not {what} (the name does not say the format, and the content does not parse as {what}); not read"
    return None


def _json_stream(text: str) -> bool:
    """Two or more whole JSON objects or arrays one after another, and nothing else: JSON Lines
    (https://jsonlines.org) or concatenated JSON, as a log or a recording of API requests is written. Read
    from the start; the first value that does not parse ends it, so a file broken inside its one value
    costs one parse."""
    import json

    decoder = json.JSONDecoder()
    position, values, size = 0, 0, len(text)
    while True:
        position = _JSON_SPACE.match(text, position).end()
        if position == size:
            return values >= 2
        if text[position] not in "{[":
            return False
        try:
            _, position = decoder.raw_decode(text, position)
        except ValueError:
            return False
        values += 1


# Properties-file shapes -----------------------------------------------------------------------------

_BLOCK_LINE = lazy_pattern(r"^[^#!\n]*\{[ \t]*\r?$|^[ \t]*\}[ \t]*\r?$", re.MULTILINE)
_NAME_ONLY_LINE = lazy_pattern(r"^[ \t\f]*[^#!\s=:][^\s=:]*[ \t\f]*\r?$", re.MULTILINE)
_PLACEHOLDER_VALUE = lazy_pattern(r"^(?:<[^>]*>|\{[^}]*\}|\{\{.*\}\}|\$\{[^}]*\}|@[\w.]+@|__\w+__)$")
_OPERATOR_PREFIX = "spark.kubernetes.operator."
_BLACKLIST_NAMES = ("spark-blacklist.conf", "blacklist.conf")


class Shape(Record):
    """A properties file's shape: "spark-defaults", "ini" (sections: section index ranges),
    "key-list" (names only) or "" (not Spark properties; `reason` says what it is)."""

    kind: str
    reason: str = ""
    sections: tuple[tuple[str, int, int], ...] = ()  # (name, first entry index, end index) for "ini"


DEFAULTS = Shape("spark-defaults")


def properties_shape(path: str, text: str, pairs: Pairs) -> Shape:
    """What a properties file holds. Only called for files that have a spark.* key or are named
    spark-defaults; a plain spark-defaults file costs one scan of its keys."""
    keys = pairs.keys
    values = pairs.values
    name = os.path.basename(path).lower()
    statement = next((key for key in keys if key.startswith(_TEMPLATE_STATEMENT_KEYS)), None)
    if statement is not None:
        return Shape("", f"a template (a line starting {statement[:2]}): it becomes properties only when rendered, "
                         f"and its values are filled in then; not read")
    if any(key[:1] == "[" and _is_section(key, values[index]) for index, key in enumerate(keys)):
        return _ini_shape(keys, values)
    named_defaults = name.startswith(SPARK_DEFAULTS_PREFIX)
    empty = [index for index, value in enumerate(values) if value == ""]
    if name.startswith(_BLACKLIST_NAMES) or (len(empty) == len(keys) and len(keys) >= 2 and _names_only(text, keys)):
        return Shape("key-list")
    if named_defaults:
        return DEFAULTS
    spark_keys = [key for key in keys if key.startswith("spark.")]
    if name.startswith("spark-operator") or (spark_keys and all(key.startswith(_OPERATOR_PREFIX) for key in spark_keys)):
        # apache/spark-kubernetes-operator reads spark-operator.properties itself (SparkOperatorConf's
        # ConfigOption keys, spark-operator/src/main/java/.../config/SparkOperatorConf.java).
        return Shape("", "the Spark Kubernetes Operator's own configuration (spark.kubernetes.operator.* keys), "
                         "not Spark application properties")
    if ("{" in text or "}" in text) and _BLOCK_LINE.search(text):  # no brace, no block: no search
        return Shape("", "block-structured configuration (HOCON or nginx style braces), not java.util.Properties")
    # Every placeholder form starts with one of "<{$@_": the pattern is tried on those values only.
    placeholders = len(empty) + sum(1 for value in values if value and value[0] in "<{$@_"
                                    and _PLACEHOLDER_VALUE.match(value))
    if len(keys) >= 3 and placeholders * 2 > len(keys):
        return Shape("", f"a template: {placeholders} of its {len(keys)} values are empty or placeholders, filled "
                         f"in before use; not judged")
    return DEFAULTS


def _is_section(key: str, value: object) -> bool:
    """An INI section header as java.util.Properties splits it: `[QA]` is the key "[QA]"; `[program:x]`
    and `[a b]` are split at the ':' or blank ("[program" = "x]")."""
    if value == "":
        return key.endswith("]") and len(key) > 2
    return isinstance(value, str) and value.endswith("]") and "[" not in value and "=" not in value


def skipped_properties(document: Document) -> str:
    """Why a properties document no dialect claimed is not read, for the note."""
    root = document.root
    if isinstance(root, Pairs) and any(key.startswith("spark.") for key in root.keys):
        return properties_shape(document.path, document.text, root).reason or "not read"
    return "a properties file without spark.* keys: not a Spark configuration; not read"


def _names_only(text: str, keys: list[str]) -> bool:
    """Every entry is a bare name on its own line (no '=' or ':'), as in Livy's spark-blacklist.conf."""
    return len(_NAME_ONLY_LINE.findall(text)) >= len(keys)


def _ini_shape(keys: list[str], values: list) -> Shape:
    """INI profiles (`[LOCAL]`, `[QA]`, `[PROD]`, read by configparser): each section is its own set of
    settings. Entries before the first header form a section of their own."""
    sections = []
    start, current = 0, ""
    for index, key in enumerate(keys):
        if key[:1] == "[" and _is_section(key, values[index]):
            if index > start:
                sections.append((current, start, index))
            current, start = key[1:-1], index + 1
    if len(keys) > start:
        sections.append((current, start, len(keys)))
    spark = tuple(section for section in sections
                  if any(keys[index].startswith("spark.") for index in range(section[1], section[2])))
    if not spark:
        return Shape("", "an INI file whose sections hold no Spark settings")
    return Shape("ini", sections=spark)
