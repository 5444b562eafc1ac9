"""AWS Glue interactive-session notebooks: the session's magics read as the Glue session they create.

The Glue kernel (PyPI `aws-glue-sessions`, aws_glue_interactive_sessions_kernel/glue_kernel_base/
BaseKernel.py) creates one session per notebook from its magics
(https://docs.aws.amazon.com/glue/latest/dg/interactive-sessions-magics.html):
- line magics at the top of a cell: `%glue_version 4.0`, `%worker_type G.1X`, `%number_of_workers 5`,
  `%spark_conf k=v` (the `--conf` argument), and others (`%idle_timeout`, `%region`) sparklint leaves alone;
- `%%configure` with a dictionary body: `BaseKernel.configure` takes `worker_type`, `number_of_workers`,
  `glue_version` (and its other "kernel managed" names) as session fields and every other key as a job
  argument, with `--` put in front when missing (`add_default_argument`): `"conf"` is `--conf`.

The result is one Document shaped like a Glue CreateSession request (`Command`, `GlueVersion`,
`WorkerType`, `NumberOfWorkers`, `DefaultArguments`) that `sparklint.dialects.glue` reads as it reads a
CreateJob body, every entry pointing at the notebook's own characters. The kernel evaluates the body with
`ast.literal_eval`; sparklint evaluates nothing: a body that is not JSON (Python-literal quotes) is not read.
"""

from __future__ import annotations

import re
from typing import Optional

from sparklint.load.json_load import parse_json, scan_spans
from sparklint.span import Span
from sparklint.tree import Document, EntrySpans, LoadError, Pairs, Value

GLUE_KERNELS = ("glue_pyspark", "glue_spark")
_GLUE_MAGIC = re.compile(r"%(?:glue_version|worker_type|number_of_workers|glue_ray|session_id_prefix|spark_conf|"
                         r"iam_role|idle_timeout|extra_py_files|additional_python_modules)\b")
_LINE_MAGIC = re.compile(r"[ \t]*%(\w+)[ \t]*([^\n]*?)[ \t]*(?:\n|$)")
# Session fields BaseKernel.configure keeps for itself, and the CreateSession field each one is.
_SESSION_FIELDS = {"glue_version": "GlueVersion", "worker_type": "WorkerType", "number_of_workers": "NumberOfWorkers"}
_KERNEL_MANAGED = frozenset({"profile", "endpoint", "region", "iam_role", "session_id", "max_capacity",
                             "number_of_workers", "worker_type", "connections", "glue_version", "security_config",
                             "idle_timeout", "tags", "timeout"})
_MAGIC_ARGUMENTS = {"spark_conf": "--conf", "extra_py_files": "--extra-py-files",
                    "additional_python_modules": "--additional-python-modules"}


def is_glue_notebook(root: Value, text: str) -> bool:
    """The notebook runs on a Glue kernel (its kernelspec), or its cells use Glue's session magics."""
    metadata = root.get("metadata") if isinstance(root, Pairs) else None
    kernelspec = metadata.get("kernelspec") if isinstance(metadata, Pairs) else None
    name = kernelspec.get("name") if isinstance(kernelspec, Pairs) else None
    return name in GLUE_KERNELS or _GLUE_MAGIC.search(text) is not None


Entry = tuple[str, Value, Optional[Span], Span]  # key, value, key span, value span


def glue_session(path: str, text: str, cells_read: list[tuple[str, list]]) -> tuple[list[Document], list[LoadError]]:
    """The Glue session of a notebook from (joined source, places) of each code cell, in order."""
    fields: list[Entry] = []
    arguments: list[Entry] = []
    extra_spans: dict[int, EntrySpans] = {}
    errors: list[LoadError] = []
    for source, places in cells_read:
        offset = 0
        while offset < len(source):
            line_end = source.find("\n", offset)
            line_end = len(source) if line_end < 0 else line_end + 1
            line = source[offset:line_end]
            if not line.strip():
                offset = line_end
                continue
            if line.lstrip().startswith("%%configure"):
                _configure(source, line_end, places, fields, arguments, extra_spans, errors)
                break
            magic = _LINE_MAGIC.match(line)
            if magic is None or line.lstrip().startswith("%%"):
                break  # code (or another cell magic): the magics of this cell are over
            name, value = magic.group(1), magic.group(2)
            if value and (name in _SESSION_FIELDS or name in _MAGIC_ARGUMENTS):
                key_span = _span(places, offset + magic.start(1) - 1, offset + magic.end(1))
                value_span = _span(places, offset + magic.start(2), offset + magic.end(2))
                entry = (_SESSION_FIELDS.get(name) or _MAGIC_ARGUMENTS[name], value, key_span, value_span)
                (fields if name in _SESSION_FIELDS else arguments).append(entry)
            offset = line_end
    if not fields and not arguments:
        return [], errors
    start = (fields or arguments)[0][3]
    default_arguments = Pairs([(key, value) for key, value, _, _ in arguments])
    command = Pairs([("Name", "glueetl")])
    root = Pairs([("Command", command), *((key, value) for key, value, _, _ in fields),
                  ("DefaultArguments", default_arguments)])
    spans = dict(extra_spans)
    spans[id(command)] = [(start, start)]
    spans[id(default_arguments)] = [(key_span, value_span) for _, _, key_span, value_span in arguments]
    spans[id(root)] = [(start, start), *((key_span, value_span) for _, _, key_span, value_span in fields),
                       (start, start)]
    return [Document(path, "notebook", root, text, spans=spans)], errors


def _configure(source: str, body_start: int, places: list, fields: list[Entry], arguments: list[Entry],
               extra_spans: dict[int, EntrySpans], errors: list[LoadError]) -> None:
    body = source[body_start:]
    if not body.strip():
        return
    try:
        tree = parse_json(body)
    except LoadError:
        return  # the kernel reads Python literals (ast.literal_eval), which sparklint does not evaluate
    if not isinstance(tree, Pairs):
        errors.append(LoadError("the Glue %%configure body must be a dictionary of session settings",
                                _span(places, body_start, body_start + 1)))
        return

    def make_span(start: int, end: int) -> Span:
        return _span(places, body_start + start, body_start + end)

    spans = scan_spans(tree, body, make_span)
    extra_spans.update(spans)
    for (key, value), (key_span, value_span) in zip(tree.items(), spans.get(id(tree), [])):
        if key in _SESSION_FIELDS:
            fields.append((_SESSION_FIELDS[key], value, key_span, value_span))
        elif key not in _KERNEL_MANAGED:
            arguments.append((key if key.startswith("--") else f"--{key}", value, key_span, value_span))


def _span(places: list, start: int, end: int) -> Span:
    """The notebook characters of cell source [start, end) (places: (line, first column, last column))."""
    if not places:
        return Span(1, 1, 1, 1)
    first = places[min(start, len(places) - 1)]
    last = places[min(max(start, end - 1), len(places) - 1)]
    return Span(first[0], first[1], last[0], last[2])
