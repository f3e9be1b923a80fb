"""`evolve`: a copy of one of the model's records with some fields changed.

What `dataclasses.replace` does, for the records the goal conventions copy for every note
they read (a note, a task, a task's fields): `replace` walks the class's fields in Python
and passes each by keyword on every call; `evolve` reads them all at once with one
`attrgetter` made per class, and sets the changed ones on the copy. Only for dataclasses
whose fields are all plain `__init__` arguments in order (no `init=False`, keyword-only or
init-only field), that are not frozen and have no `__post_init__` (it would run on the old
values): any other class goes through `replace`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, replace
from operator import attrgetter
from typing import Any, TypeVar

T = TypeVar("T")

# a class → what reads all its fields as a tuple in `__init__` order, and their names (None:
# use `replace`)
_Reader = tuple[Callable[[Any], tuple[Any, ...]], frozenset[str]]
_READERS: dict[type, _Reader | None] = {}


def _reader(cls: type) -> _Reader | None:
    params = getattr(cls, "__dataclass_params__", None)
    own = fields(cls)
    declared = getattr(cls, "__dataclass_fields__", {})  # (InitVar and ClassVar ones too)
    plain = (params is not None and not params.frozen and len(own) >= 2
             and not hasattr(cls, "__post_init__")  # (it would see the old values)
             and all(f.init and not f.kw_only for f in own) and len(own) == len(declared))
    names = [f.name for f in own]
    return (attrgetter(*names), frozenset(names)) if plain else None


def evolve(record: T, **changes: Any) -> T:
    """A copy of `record` (a dataclass instance) with `changes` set: `dataclasses.replace`,
    cheaper."""
    cls = type(record)
    try:
        reader = _READERS[cls]
    except KeyError:
        reader = _READERS[cls] = _reader(cls)
    if reader is None:
        return replace(record, **changes)  # type: ignore[type-var]
    read, names = reader
    copy: T = cls(*read(record))
    for name, value in changes.items():
        if name not in names:
            raise TypeError(f"{cls.__name__} has no field {name!r}")
        setattr(copy, name, value)
    return copy
