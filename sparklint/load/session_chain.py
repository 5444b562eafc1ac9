"""`SparkSession.builder` chains and `SparkConf()` objects in Python code, as literal settings.

PySpark sources (python/pyspark/sql/session.py `Builder`, python/pyspark/conf.py `SparkConf`):
- `Builder.config(key, value)`, `.config(conf=SparkConf)`, `.config(map={...})` (3.4+) put each pair in the
  builder's options; `.master(m)` is `config("spark.master", m)`, `.appName(n)` is
  `config("spark.app.name", n)`, and `.enableHiveSupport()` is `config("spark.sql.catalogImplementation", "hive")`;
- `SparkConf().set(k, v)`, `.setAll([(k, v), ...])`, `.setMaster(m)`, `.setAppName(n)`,
  `.setExecutorEnv(k, v)` (`spark.executorEnv.<k>`), `.setIfMissing(k, v)`.
Values go through `to_str` (a bool becomes "true"/"false").

A chain is read from its base (`SparkSession.builder`, `SparkConf()`) through literal method calls. A
name bound once to a `SparkConf()` (or to a builder) collects the `name.set(...)` statements made on it,
in file order; a builder's `.config(conf=name)` takes that SparkConf's settings in its place, and the
SparkConf is then not reported on its own.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Iterator, Optional

from sparklint.dialects.session_builder import BUILDER, SPARK_CONF
from sparklint.span import Span
from sparklint.tree import Pairs, Value

if TYPE_CHECKING:
    from sparklint.load.python_ast import _Reader

# method -> the Spark key it sets from its one argument
# (`.remote(url)` is left out: it picks the Spark Connect server the client talks to, not a setting of it.)
_KEYED = {"master": "spark.master", "appName": "spark.app.name",
          "setMaster": "spark.master", "setAppName": "spark.app.name"}
_PAIR_METHODS = ("config", "set", "setIfMissing")


class _Chain:
    """One chain of calls on a base: where it starts and its (method, call) steps, outermost last."""

    def __init__(self, base: str, top: ast.Call, steps: list[tuple[str, ast.Call, ast.Attribute]],
                 variable: str = "") -> None:
        self.base = base  # BUILDER | SPARK_CONF
        self.top = top
        self.steps = steps
        self.variable = variable  # the name the chain is called on, or bound to


def session_documents(reader: _Reader) -> Iterator[tuple[Pairs, dict[int, list], set[int]]]:
    """(root, spans, lines) for each builder chain and each SparkConf, in file order."""
    chains = _chains(reader)
    if not chains:
        return
    by_variable: dict[str, list[_Chain]] = {}
    for chain in chains:
        if chain.variable:
            by_variable.setdefault(chain.variable, []).append(chain)
    consumed: set[str] = set()
    groups: list[list[_Chain]] = []
    grouped: set[str] = set()
    for chain in chains:
        if chain.variable:
            if chain.variable in grouped:
                continue
            grouped.add(chain.variable)
            groups.append(by_variable[chain.variable])
        else:
            groups.append([chain])
    results = []
    for group in groups:
        reader.spans, reader.lines = {}, set()
        reader.__dict__["_conf_objects_read"] = {group[0].variable} if group[0].variable else set()
        entries: list[tuple[str, Value]] = []
        spans: list = []
        fields: list[str] = []
        for chain in group:
            _read_chain(reader, chain, by_variable, consumed, entries, spans, fields)
        results.append((group, entries, spans, fields, reader.spans, reader.lines))
    for group, entries, spans, fields, all_spans, lines in results:
        if group[0].base == SPARK_CONF and group[0].variable in consumed:
            continue  # its settings were read into the builder that uses it
        if not entries:
            continue
        settings = Pairs(entries)
        all_spans[id(settings)] = spans
        field_list = list(fields)
        all_spans[id(field_list)] = [(None, value_span) for _, value_span in spans]
        root = Pairs([(group[0].base, settings), ("fields", field_list)])
        first = group[0].top
        all_spans[id(root)] = [(reader.span(first), reader.span(first))] * 2
        yield root, all_spans, lines


def _chains(reader: _Reader) -> list[_Chain]:
    """Every chain in the module, outermost calls first, each call in one chain only; sorted by position."""
    seen: set[int] = set()
    found: list[_Chain] = []
    variable_of = {id(value): name for name, value in reader.bindings.items()}
    for node in ast.walk(reader.tree):
        if not isinstance(node, ast.Call) or id(node) in seen:
            continue
        chain = _chain(reader, node, seen)
        if chain is not None:
            if not chain.variable:
                chain.variable = variable_of.get(id(node), "")
            found.append(chain)
    found.sort(key=lambda chain: (chain.top.lineno, chain.top.col_offset))
    return found


def _chain(reader: _Reader, top: ast.Call, seen: set[int]) -> Optional[_Chain]:
    steps: list[tuple[str, ast.Call, ast.Attribute]] = []
    node: ast.expr = top
    calls = []
    for _ in range(200):  # a chain longer than this is not a session builder anyone writes
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            steps.append((node.func.attr, node, node.func))
            calls.append(node)
            node = node.func.value
            continue
        if isinstance(node, ast.Attribute) and node.attr == "builder" and _names(node.value, "SparkSession"):
            base, variable = BUILDER, ""
        elif isinstance(node, ast.Call) and _names(node.func, "SparkConf"):
            calls.append(node)
            base, variable = SPARK_CONF, ""
        elif isinstance(node, ast.Name) and steps:
            bound = reader.bindings.get(node.id)
            base = _base_of(bound)
            if base is None:
                seen.update(id(call) for call in calls)  # the calls below share this base: not chains either
                return None
            variable = node.id
        else:
            seen.update(id(call) for call in calls)
            return None
        break
    else:
        return None
    seen.update(id(call) for call in calls)
    steps.reverse()
    for method, call, _ in steps:  # `.config(conf=SparkConf()...)`: read as part of this chain, not on its own
        for keyword in call.keywords:
            if method in _PAIR_METHODS and keyword.arg == "conf" and isinstance(keyword.value, ast.Call):
                _chain(reader, keyword.value, seen)
    return _Chain(base, top, steps, variable)


def _base_of(bound: Optional[ast.expr]) -> Optional[str]:
    """The base a bound expression's chain starts from (BUILDER / SPARK_CONF), or None."""
    node = bound
    for _ in range(200):
        if isinstance(node, ast.Call) and _names(node.func, "SparkConf"):
            return SPARK_CONF
        if isinstance(node, ast.Attribute) and node.attr == "builder" and _names(node.value, "SparkSession"):
            return BUILDER
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            node = node.func.value
            continue
        return None
    return None


def _names(node: ast.expr, name: str) -> bool:
    """`name` or `module.name` (pyspark.SparkConf, pyspark.sql.SparkSession)."""
    return (isinstance(node, ast.Name) and node.id == name) or (isinstance(node, ast.Attribute) and node.attr == name)


def _read_chain(reader: _Reader, chain: _Chain, by_variable: dict[str, list[_Chain]], consumed: set[str],
                entries: list, spans: list, fields: list, depth: int = 0) -> None:
    for method, call, attribute in chain.steps:
        reader.budget -= 1
        if reader.budget < 0:
            return  # `b.config(conf=b)` loops and other bombs: stop reading
        reader._touch(call)
        arguments = list(call.args)
        keywords = {keyword.arg: keyword.value for keyword in call.keywords if keyword.arg is not None}
        where = f"{method}()"
        if method in _KEYED and len(arguments) + len(keywords) == 1:
            value = arguments[0] if arguments else next(iter(keywords.values()))
            _add(reader, entries, spans, fields, _KEYED[method], _method_span(reader, attribute), value, where)
        elif method in _PAIR_METHODS and ("conf" in keywords or "map" in keywords) and not arguments:
            if "map" in keywords:
                _add_mapping(reader, keywords["map"], entries, spans, fields, where)
            if "conf" in keywords:
                _add_conf_object(reader, keywords["conf"], by_variable, consumed, entries, spans, fields, depth)
        elif method in _PAIR_METHODS:
            key_node = arguments[0] if arguments else keywords.get("key")
            value_node = arguments[1] if len(arguments) > 1 else keywords.get("value")
            if key_node is None:
                continue
            if value_node is None and method == "config" and isinstance(reader._resolve(key_node), ast.Dict):
                _add_mapping(reader, key_node, entries, spans, fields, where)  # config({"k": "v"}) (3.4+ map)
                continue
            key = reader._string(key_node)
            if key is not None and value_node is not None:
                _add(reader, entries, spans, fields, key, reader.span(key_node), value_node, where)
        elif method == "setAll" and arguments:
            _add_pairs_list(reader, arguments[0], entries, spans, fields, where)
        elif method == "setExecutorEnv" and len(arguments) == 2:
            key = reader._string(arguments[0])
            if key is not None:
                _add(reader, entries, spans, fields, f"spark.executorEnv.{key}", reader.span(arguments[0]),
                     arguments[1], where)
        elif method == "enableHiveSupport" and not arguments:
            span = _method_span(reader, attribute)
            entries.append(("spark.sql.catalogImplementation", "hive"))
            spans.append((span, span))
            fields.append(where)


def _add(reader: _Reader, entries: list, spans: list, fields: list, key: str, key_span: Span,
         value_node: ast.expr, where: str) -> None:
    value = reader.value(value_node)
    if isinstance(value, (Pairs, list)):
        return  # not a scalar: PySpark would pass str() of it; nothing a rule can judge
    entries.append((key, value))
    spans.append((key_span, reader.span(value_node)))
    fields.append(where)


def _add_mapping(reader: _Reader, node: ast.expr, entries: list, spans: list, fields: list, where: str) -> None:
    mapping = reader._resolve(node)
    if not isinstance(mapping, ast.Dict):
        return
    for key_node, value_node in zip(mapping.keys, mapping.values):
        key = reader._string(key_node) if key_node is not None else None
        if key is not None:
            _add(reader, entries, spans, fields, key, reader.span(key_node), value_node, where)


def _add_pairs_list(reader: _Reader, node: ast.expr, entries: list, spans: list, fields: list, where: str) -> None:
    items = reader._resolve(node)
    if not isinstance(items, (ast.List, ast.Tuple)):
        return
    for item in items.elts:
        pair = reader._resolve(item)
        if isinstance(pair, (ast.Tuple, ast.List)) and len(pair.elts) == 2:
            key = reader._string(pair.elts[0])
            if key is not None:
                _add(reader, entries, spans, fields, key, reader.span(pair.elts[0]), pair.elts[1], where)


def _add_conf_object(reader: _Reader, node: ast.expr, by_variable: dict[str, list[_Chain]], consumed: set[str],
                     entries: list, spans: list, fields: list, depth: int) -> None:
    """`.config(conf=...)`: an inline `SparkConf()...` chain, or a name whose SparkConf settings are read here."""
    if depth > 8:
        return
    if isinstance(node, ast.Name) and node.id in by_variable:
        consumed.add(node.id)
        active: set[str] = reader.__dict__.setdefault("_conf_objects_read", set())
        if node.id in active:
            return  # `b.config(conf=b)`: already being read
        active.add(node.id)
        try:
            for chain in by_variable[node.id]:
                _read_chain(reader, chain, by_variable, consumed, entries, spans, fields, depth + 1)
        finally:
            active.discard(node.id)
        return
    if isinstance(node, ast.Call):
        inline = _chain(reader, node, set())
        if inline is not None and inline.base == SPARK_CONF:
            _read_chain(reader, inline, by_variable, consumed, entries, spans, fields, depth + 1)


def _method_span(reader: _Reader, attribute: ast.Attribute) -> Span:
    """The method name of `x.method(...)`: the end of the attribute node, its name's length back."""
    line = getattr(attribute, "end_lineno", None) or attribute.lineno
    end = getattr(attribute, "end_col_offset", None)
    if end is None:
        return reader.span(attribute)
    return reader.to_span(line, max(0, end - len(attribute.attr)), line, end)
