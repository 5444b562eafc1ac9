"""A refused size rewritten as the same bytes in a form Spark accepts (`1.5g` -> `1536m`): SL006's safe fix."""

from __future__ import annotations

from typing import Optional

from sparklint.fix.intent import Fix, set_value
from sparklint.knowledge.catalog import Entry
from sparklint.knowledge.units import accepted_size, parse_bytes
from sparklint.model import Setting


def accepted_size_fix(setting: Setting, entry: Optional[Entry], version: str) -> Optional[Fix]:
    """Only when the amount is whole in the entry's unit, since Spark truncates to it ("1536k" for a MiB
    entry would not be exact); None for a value that is not a size of a bytes entry."""
    written = accepted_size(setting.value) if entry is not None and entry.type == "bytes" else None
    if written is None or written == setting.value.strip():
        return None
    try:
        amount = parse_bytes(written, 1, version)
    except ValueError:
        return None
    return set_value(setting, written, safe=True) if amount % (entry.unit_factor or 1) == 0 else None  # type: ignore[union-attr]
