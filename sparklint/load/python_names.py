"""Which names a Python module binds to what, read from its `ast` (sparklint/load/python_ast.py follows them).

`bindings` gives the names bound exactly once (to the expression they are bound to); `imported_operators`
tells an Airflow operator imported from Airflow (and its `import ... as` alias) from a class of the same
name defined in the file or imported from elsewhere.
"""

from __future__ import annotations

import ast
import re
from typing import Optional

from sparklint.knowledge.airflow import OPERATORS

# Modules an operator of that name comes from; a class of the same name defined in the file, or
# imported from anywhere else, is someone else's and its arguments are not judged.
AIRFLOW_MODULE = re.compile(r"^airflow(\.|$)")

# Methods that change a dict or list in place (a SparkConf's `.set` is read as a chain instead).
_MUTATORS = frozenset({"update", "setdefault", "pop", "popitem", "clear", "append", "extend", "insert", "remove"})


def bindings(tree: ast.Module) -> dict[str, ast.expr]:
    """Names bound exactly once in the file (`CONF = {...}`, `X: dict = {...}`) -> the bound expression.
    A name bound twice, or also bound by a loop, import, function or augmented assignment, is left out:
    which value a call sees would depend on the order the code runs."""
    bound: dict[str, Optional[ast.expr]] = {}

    def bind(name: str, value: Optional[ast.expr]) -> None:
        bound[name] = value if name not in bound else None

    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    bind(target.id, node.value if len(node.targets) == 1 else None)
                else:
                    for inner in ast.walk(target):
                        if isinstance(inner, ast.Name):
                            bind(inner.id, None)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            bind(node.target.id, node.value)
        elif isinstance(node, (ast.AugAssign, ast.For, ast.AsyncFor, ast.comprehension, ast.NamedExpr)):
            target = node.target
            for inner in ast.walk(target):
                if isinstance(inner, ast.Name):
                    bind(inner.id, None)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bind(node.name, None)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                bind((alias.asname or alias.name).split(".")[0], None)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr in _MUTATORS and isinstance(node.func.value, ast.Name):
            bind(node.func.value.id, None)  # `conf.update(other)`: the literal is not what the call sees
        elif isinstance(node, (ast.Subscript, ast.Attribute)) and isinstance(node.ctx, (ast.Store, ast.Del)) \
                and isinstance(node.value, ast.Name):
            bind(node.value.id, None)  # `conf["k"] = v`, `del conf["k"]`
    return {name: value for name, value in bound.items() if value is not None}


def imported_operators(tree: ast.Module) -> tuple[dict[str, str], set[str]]:
    """(local alias -> operator name, operator names that are someone else's): `import X as Y` from an
    Airflow module is followed; a class defined in the file, or imported from a non-Airflow module, makes
    the name foreign."""
    aliases: dict[str, str] = {}
    foreign: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            module = node.module or ""
            for alias in node.names:
                if alias.name in OPERATORS:
                    local = alias.asname or alias.name
                    if AIRFLOW_MODULE.match(module) and not node.level:
                        aliases[local] = alias.name
                    else:
                        foreign.add(local)
            if any(alias.name == "*" for alias in node.names) and not AIRFLOW_MODULE.match(module):
                foreign.update(OPERATORS)  # `from plugins import *` may bring its own class of any of these names
        elif isinstance(node, ast.ClassDef) and node.name in OPERATORS:
            foreign.add(node.name)
    foreign -= set(aliases)
    return aliases, foreign

