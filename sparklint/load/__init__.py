"""Choosing a loader by file name (and by a sniff of the text when the name says nothing)."""

from __future__ import annotations

import os
import re

from sparklint.patterns import lazy_pattern
from sparklint.tree import Document, LoadError

_TEMPLATE_SUFFIXES = (".tpl", ".template", ".j2", ".jinja", ".example", ".sample", ".dist", ".orig")
SHELL_SUFFIXES = (".sh", ".bash")
_SHELL_SHEBANG = lazy_pattern(r"#![ \t]*(?:/usr)?/bin/(?:env[ \t]+)?(?:ba|z|da|k)?sh\b")
_PROPERTY_LINE = lazy_pattern(r"^[ \t]*spark\.[\w.\-]+[ \t]*[=: \t]", re.MULTILINE)


def syntax_for(path: str, text: str) -> str:
    """"json" | "yaml" | "notebook" | "hcl" | "python" | "properties" | "shell" | "dockerfile", from the name,
    else from the content."""
    name = os.path.basename(path).lower()
    for suffix in _TEMPLATE_SUFFIXES:
        if name.endswith(suffix) and name != suffix:
            name = name[: -len(suffix)]
    if name.endswith(".ipynb"):
        return "notebook"
    if name.endswith(".json"):
        return "json"
    if name.endswith((".yaml", ".yml")):
        return "yaml"
    if name.endswith(".tf"):
        return "hcl"
    if name.endswith(".py"):
        return "python"
    if name.startswith("spark-defaults") or name.endswith((".conf", ".properties")):
        return "properties"
    if name.endswith(SHELL_SUFFIXES) or (text.startswith("#!") and _SHELL_SHEBANG.match(text)):
        return "shell"
    if name in ("makefile", "gnumakefile") or name.endswith(".mk"):
        return "makefile"
    if name in ("dockerfile", "containerfile") or name.startswith(("dockerfile.", "containerfile.")) \
            or name.endswith(".dockerfile"):
        return "dockerfile"
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith(("{", "[")):
        return "json"
    if _PROPERTY_LINE.search(text) and not re.search(r"^\s*spark\.[\w.\-]+:\s", text, re.MULTILINE):
        return "properties"
    return "yaml"


def load(path: str, text: str, syntax: str = "") -> tuple[list[Document], list[LoadError]]:
    """Every document of a file and the errors met; never raises. `syntax` is the verdict's
    (`sparklint.verdict.of_file`); without it, it is worked out from the name and the text."""
    syntax = syntax or syntax_for(path, text)
    try:
        if syntax == "json":
            from sparklint.load.json_load import load_json

            return [load_json(path, text)], []
        if syntax == "yaml":
            from sparklint.load.yaml_load import load_yaml

            return load_yaml(path, text), []
        if syntax == "hcl":
            from sparklint.load.hcl import load_hcl

            return [load_hcl(path, text)], []
        if syntax == "python":
            from sparklint.load.python_ast import load_python

            return load_python(path, text)
        if syntax == "notebook":
            from sparklint.load.notebook import load_notebook

            return load_notebook(path, text)
        if syntax in ("shell", "dockerfile", "makefile"):
            from sparklint.load.shell import load_script

            return load_script(path, text, syntax), []
        from sparklint.load.properties import load_properties

        return [load_properties(path, text)], []
    except LoadError as error:
        return [], [error]
    except RecursionError:
        return [], [LoadError("file nested too deeply to read")]
