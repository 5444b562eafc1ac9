"""A spark-defaults.conf embedded in YAML: a Kubernetes ConfigMap (`data: spark-defaults.conf: |`) or Helm
chart values that carry the file's text (Kyuubi's `sparkConf.files['spark-defaults.conf']`).

Kubernetes mounts each `data` key of a ConfigMap as a file of that name (the value is the file's text,
kubernetes.io/docs/concepts/configuration/configmap/), and a pod that mounts it at `$SPARK_CONF_DIR`
gives Spark that spark-defaults.conf, which Spark reads with `java.util.Properties.load`
(`Utils.getPropertiesFromFile`, core/src/main/scala/org/apache/spark/util/Utils.scala). So the text is
read with the spark-defaults reader, and every entry points into the YAML file: a literal block scalar
(`|`) keeps its lines as written, each moved right by the block's indentation; a one-line value (a quoted
string with `\n` escapes) points at the whole value. A folded value (`>`, or a plain or quoted scalar over
several lines) is not read: YAML joined its lines with blanks, so it is not the properties file it looks like.

Templates stay unread: a block with Helm/Jinja control lines (`{{- range ...}}`, `{% if %}`) is not a
properties file until rendered, and a chart's `templates/` file holding `{{` is skipped as a whole
(`sparklint.verdict`). A value with `{{ }}` inside a line is read, and is never judged (knowledge.values).
"""

from __future__ import annotations

import re
from typing import Optional

from sparklint.dialects.common import add_map, mentions_any
from sparklint.model import RANK_DEFAULTS, JobConfig, Layer
from sparklint.span import Span
from sparklint.tree import Document, EntrySpans, Pairs, Ref, Value
from sparklint.verdict import properties_shape

LAYER = Layer("spark-defaults", RANK_DEFAULTS, "spark-defaults.conf embedded in YAML")
FILE_NAME = "spark-defaults.conf"
_MAX_DEPTH = 12
_FILE_NAME_WORD = (FILE_NAME,)
_CONTROL_LINE = re.compile(r"^[ \t]*(?:\{\{|\{%)", re.MULTILINE)


def recognise(document: Document) -> Optional[list[JobConfig]]:
    if not mentions_any(document.text, _FILE_NAME_WORD):  # the byte pre-filter: nearly every YAML file stops here
        return None
    if "/templates/" in "/" + document.path.replace("\\", "/") and "{{" in document.text:
        return None  # a Helm chart template: YAML only once rendered
    found: list[tuple[Pairs, int, str]] = []
    _walk(document.root, "", 0, found)
    configs = [config for pairs, index, field in found
               for config in [_embedded(document, pairs, index, field)] if config is not None]
    if not configs:
        return None
    # The same file may also hold containers running spark-submit or plain property maps (a chart's
    # `sparkConf: {spark.x: ...}`): the dialects after this one still read them.
    from sparklint.dialects import compose, property_map

    return configs + (compose.recognise(document) or property_map.recognise(document) or [])


def _walk(value: Value, path: str, depth: int, found: list[tuple[Pairs, int, str]]) -> None:
    if depth > _MAX_DEPTH:
        return
    if isinstance(value, Pairs):
        for index, key, child in value.entries():
            child_path = f"{path}.{key}" if path else key
            if isinstance(child, str) and key.rsplit("/", 1)[-1] == FILE_NAME:
                found.append((value, index, child_path))
            else:
                _walk(child, child_path, depth + 1, found)
    elif isinstance(value, list):
        for position, child in enumerate(value):
            _walk(child, f"{path}[{position}]", depth + 1, found)


def _embedded(document: Document, pairs: Pairs, index: int, field: str) -> Optional[JobConfig]:
    from sparklint.load.properties import parse_properties

    text = pairs.values[index]
    assert isinstance(text, str)
    if _CONTROL_LINE.search(text):
        return None  # `{{- if ... }}` lines: a template, not a properties file yet
    whole = document.span_of(pairs, index) or Span(1, 1, 1, 1)
    lines = document.text.split("\n")
    literal = whole.line <= len(lines) and lines[whole.line - 1][whole.column - 1:whole.column] == "|"
    if not literal and whole.end_line != whole.line:
        return None  # folded (`>`, or a plain or quoted scalar over several lines): YAML joined its lines
    entries, entry_spans = parse_properties(text)
    root = Pairs(entries)
    if not any(key.lstrip("\ufeff").startswith("spark.") for key in root.keys):
        return None
    shape = properties_shape(FILE_NAME, text, root)
    if not shape.kind:
        return None
    spans = _spans_in_yaml(document.text, whole, text, entry_spans)
    embedded = Document(document.path, "properties", root, document.text, spans={id(root): spans})
    config = JobConfig(document.path, "defaults", "embedded-spark-defaults", document=embedded, name=field,
                       ref=Ref(document, pairs, index, on_key=True))
    add_map(config, embedded, root, LAYER, field)
    return config


def _spans_in_yaml(source: str, whole: Span, text: str, entry_spans: EntrySpans) -> EntrySpans:
    """The embedded file's spans moved to where its lines sit in the YAML file. A literal block scalar's
    line i is source line (header + i), after the block's indentation; when the lines cannot be matched
    one for one (folded or quoted styles), every entry points at the whole value."""
    lines = source.split("\n")
    header = lines[whole.line - 1] if whole.line <= len(lines) else ""
    cuts: Optional[list[int]] = None
    if header[whole.column - 1:whole.column] == "|":
        cuts = []
        for number, line in enumerate(text.split("\n")):
            at = whole.line + number  # 0-based index of the source line holding embedded line `number`
            written = lines[at].rstrip("\r") if at < len(lines) else None
            if written is None or not written.endswith(line):
                if line.strip():
                    cuts = None
                    break
                cuts.append(0)
                continue
            cuts.append(len(written) - len(line))
    if cuts is None:
        return [(whole, whole) for _ in entry_spans]

    def moved(span: Optional[Span]) -> Optional[Span]:
        if span is None:
            return None
        first, last = min(span.line, len(cuts)) - 1, min(span.end_line, len(cuts)) - 1
        return Span(whole.line + span.line, span.column + cuts[first], whole.line + span.end_line,
                    span.end_column + cuts[last])

    return [(moved(key_span), moved(value_span) or whole) for key_span, value_span in entry_spans]
