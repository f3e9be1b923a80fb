"""Regular expressions compiled when first used.

Most of the parser's and the recognisers' patterns serve notes being read: a start that
takes every note from the parse cache uses about 24 of the 200 its modules define, and
compiling them all when the modules are imported cost 20-40 ms of every start. A `later`
pattern is its `re.Pattern` for every attribute asked of it (`match`, `sub`, `pattern`,
…), compiled at the first; it is not one for `isinstance`, nor as the first argument of
`re.compile` or `re.sub` (these modules never pass a pattern so).
"""

from __future__ import annotations

import re
from typing import Any, cast

# (set on the object once compiled: later uses find them without a call to __getattr__)
_KEPT = ("match", "fullmatch", "search", "findall", "finditer", "sub", "subn", "split",
         "pattern", "flags", "groups", "groupindex")


class _Later:
    def __init__(self, source: str, flags: int) -> None:
        self._source = source
        self._flags = flags
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in ("_source", "_flags", "_compiled"):
            raise AttributeError(name)  # (copy and pickle ask before any is set)
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = re.compile(self._source, self._flags)
            for kept in _KEPT:
                setattr(self, kept, getattr(compiled, kept))
        return getattr(compiled, name)

    def __reduce__(self) -> tuple[Any, ...]:
        return later, (self._source, self._flags)


def later(source: str, flags: int | re.RegexFlag = 0) -> re.Pattern[str]:
    """`re.compile(source, flags)`, compiled when first used."""
    return cast("re.Pattern[str]", _Later(source, flags))
