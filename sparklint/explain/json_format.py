"""`sparklint explain --format json`: for programs; bytes as integers."""

from __future__ import annotations

import json

from sparklint.explain.model import Explanation


def render(explanations: list[Explanation]) -> str:
    return json.dumps({"configs": [explanation.as_json() for explanation in explanations]}, indent=2) + "\n"
