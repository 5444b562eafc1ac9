"""What `pip install .` ships: every subpackage of sparklint/ (and rules/ as sparklint.rules) and the data."""

from __future__ import annotations

import sys

from conftest import REPO

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def test_every_subpackage_is_listed_in_pyproject():
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    listed = set(config["packages"])
    on_disk = {".".join(("sparklint",) + path.parent.relative_to(REPO / "sparklint").parts).rstrip(".")
               for path in (REPO / "sparklint").rglob("__init__.py")}
    assert on_disk - listed == set()
    assert "sparklint.rules" in listed and config["package-dir"]["sparklint.rules"] == "rules"
    assert set(config["package-data"]["sparklint"]) >= {"schema/*.json", "data/*"}
