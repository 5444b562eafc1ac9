"""`Record`: `typing.NamedTuple` for sparklint's own records, without its cost at import.

`class Span(Record): line: int` makes the same class as `class Span(NamedTuple)` does: a
`collections.namedtuple` with the annotated fields (defaults from the class body), the body's methods,
properties and docstring. `typing.NamedTuple` also turns every field's annotation into a `typing.ForwardRef`
(it compiles each string, as `from __future__ import annotations` leaves them): about 1.2 M instructions a
class, and a one-file run imports some fifty of them, more than a tenth of its start-up. Here the
annotations stay the strings they are written as (nothing in sparklint reads them at run time).
Type checkers see `typing.NamedTuple` itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import NamedTuple as Record
else:
    from collections import namedtuple

    # What typing.NamedTupleMeta refuses or leaves to namedtuple (Lib/typing.py, 3.9-3.12).
    _PROHIBITED = frozenset({"__new__", "__init__", "__slots__", "__getnewargs__", "_fields", "_field_defaults",
                             "_make", "_replace", "_asdict", "_source"})
    _SPECIAL = frozenset({"__module__", "__name__", "__annotations__"})

    class _RecordMeta(type):
        def __new__(cls, typename, bases, namespace):
            if not bases:  # `Record` itself
                return super().__new__(cls, typename, bases, namespace)
            if bases != (Record,):
                raise TypeError("a Record class inherits from Record alone")
            fields = list(namespace.get("__annotations__", {}))
            defaults = []
            for name in fields:
                if name in namespace:
                    defaults.append(namespace[name])
                elif defaults:
                    raise TypeError(f"Non-default namedtuple field {name} cannot follow default field"
                                    f"{'s' if len(defaults) > 1 else ''} {', '.join(fields[:len(defaults)])}")
            record = namedtuple(typename, fields, defaults=defaults, module=namespace["__module__"])
            record.__annotations__ = dict(namespace.get("__annotations__", {}))
            for key, value in namespace.items():
                if key in _PROHIBITED:
                    raise AttributeError("Cannot overwrite NamedTuple attribute " + key)
                if key not in _SPECIAL and key not in record._fields:
                    setattr(record, key, value)
            return record

    class Record(metaclass=_RecordMeta):
        """Base of a record class (see the module's docstring)."""

__all__ = ["Record"]
