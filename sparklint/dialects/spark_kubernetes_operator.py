"""Airflow's `SparkKubernetesOperator`: the SparkApplication it creates, read into the model.

`manage_template_specs` (apache/airflow `providers/cncf/kubernetes/src/airflow/providers/cncf/kubernetes/
operators/spark_kubernetes.py`) takes the body from `application_file` (the rendered text of a `.yaml` /
`.yml` / `.json` file, or YAML / JSON text given in the argument itself, loaded with `yaml.safe_load` by
`hooks/kubernetes.py` `_load_body_to_dict`), else from `template_spec` (a dict). A body without a top-level
`spark` key is wrapped as `{"spark": body}`, and `CustomObjectLauncher` creates the custom resource from
`body["spark"]` (`operators/custom_object_launcher.py`, `get_body`): so either a whole SparkApplication or
the provider's `{spark: <SparkApplication>, kubernetes: {...}}` template is read, by the Kubernetes dialect
(sparklint/dialects/kubernetes.py), with every setting pointing into the file that holds its text: the
linked YAML file (found by sparklint/linked_files.py, never executed), or the string literal in the DAG.

`container_resources` under driver / executor, which the provider turns into cores and memory (a memory limit
divided by 1.4), is read by sparklint/dialects/spark_kubernetes_resources.py. Not read: a name or spec that
Python computes (`os.path.join(...)`, a Jinja string).
"""

from __future__ import annotations

from typing import Optional

from sparklint.span import Span
from sparklint.tree import Document, EntrySpans, Pairs, Ref, Value

_SUFFIXES = (".yaml", ".yml", ".json")


def read(document: Document, root: Pairs, arguments: Pairs) -> list:
    """The SparkApplication configs of one operator call; [] when its body is not written in the repository."""
    from sparklint.dialects import kubernetes
    from sparklint.dialects.spark_kubernetes_resources import add_container_resources

    body = _body(document, arguments)
    if body is None:
        return []
    source, spark = body
    if isinstance(spark, Pairs) and isinstance(spark.get("spark"), Pairs):
        spark = spark.get("spark")
    if not isinstance(spark, Pairs):
        return []
    resource = Document(source.path, source.syntax, spark, source.text, spans=source.spans)
    configs = kubernetes.recognise(resource) or []
    task_id = arguments.get("task_id")
    code_path = arguments.get("code_path")  # replaces spec.mainApplicationFile (CustomObjectLauncher)
    spec = spark.get("spec")
    for config in configs:
        if isinstance(spec, Pairs):
            add_container_resources(config, resource, spec, "spec.")
        config.dialect = "airflow-spark-kubernetes"
        config.ref = Ref(document, root, 0, on_key=True)  # the call: SL401 judges its arguments there
        if isinstance(task_id, str):
            config.name = f"{task_id}: {config.name}"
        if isinstance(code_path, str) and not code_path.startswith("${"):
            config.is_python = code_path.endswith(".py")
    return configs


def _body(document: Document, arguments: Pairs) -> Optional[tuple[Document, Value]]:
    """(the document holding the body, the body) of `application_file`, else `template_spec`."""
    application = arguments.get("application_file")
    if isinstance(application, str) and application:
        if "\n" in application or application.lstrip().startswith("{"):
            return _inline(document, arguments, application)
        if application.rstrip().lower().endswith(_SUFFIXES):
            return _linked(document, application)
        return None
    spec = arguments.get("template_spec")
    return (document, spec) if isinstance(spec, Pairs) else None


def _linked(document: Document, name: str) -> Optional[tuple[Document, Value]]:
    from sparklint.linked_files import read_linked
    from sparklint.load import load

    found = read_linked(document.path, name.rstrip())
    if found is None:
        return None
    path, text = found
    documents, _ = load(path, text)
    for linked in documents:
        if isinstance(linked.root, Pairs) and linked.syntax in ("yaml", "json"):
            return linked, linked.root
    return None


def _inline(document: Document, arguments: Pairs, text: str) -> Optional[tuple[Document, Value]]:
    """YAML or JSON text written in the argument, with positions moved to where the string literal holds
    them (every entry at the whole string when the literal's source is not the text itself: escapes)."""
    from sparklint.load import load

    syntax = "json" if text.lstrip().startswith("{") else "yaml"
    documents, _ = load(document.path, text, syntax)
    inner = next((each for each in documents if isinstance(each.root, Pairs)), None)
    if inner is None:
        return None
    whole = document.span_of(arguments, arguments.index("application_file")) or Span(1, 1, 1, 1)
    inner.entry_spans(inner.root)  # computes the spans a JSON document fills lazily
    move = _mover(document.text, whole, text)
    spans: dict[int, EntrySpans] = {
        key: [(move(key_span) if key_span is not None else None, move(value_span)) for key_span, value_span in entries]
        for key, entries in inner.spans.items()}
    return Document(document.path, syntax, inner.root, document.text, spans=spans), inner.root


def _mover(source: str, whole: Span, text: str):
    """Span in `text` -> span in `source`, where the literal's text starts just after its opening quote."""
    lines = source.split("\n")
    start_line, start_column = whole.line, whole.column + 1  # the character after the opening quote
    offset = sum(len(line) + 1 for line in lines[:start_line - 1]) + start_column - 1
    if source[offset:offset + len(text)] != text:
        return lambda span: whole

    def move(span: Span) -> Span:
        line = start_line + span.line - 1
        column = span.column + (start_column - 1 if span.line == 1 else 0)
        end_line = start_line + span.end_line - 1
        end_column = span.end_column + (start_column - 1 if span.end_line == 1 else 0)
        return Span(line, column, end_line, end_column)

    return move
