"""PyYAML's safe loader, the C one when the wheel has it (~9× faster)."""

from __future__ import annotations

from typing import Any

import yaml

SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# libyaml composes nodes by C recursion: a document nested ~100,000 deep overflows the C
# stack and kills the process (SIGSEGV, no exception). Every level of nesting needs one of
# these characters, so their count bounds the depth; above the bound the pure-Python loader
# is used, whose recursion stops with a RecursionError instead (callers catch it).
_NESTING_CHARS = ("[", "{", "-", "?", ":")
_MAX_C_NESTING = 5_000


def safe_load(text: str) -> Any:
    bound = 0
    for ch in _NESTING_CHARS:
        bound += text.count(ch)
        if bound > _MAX_C_NESTING:
            return yaml.load(text, Loader=yaml.SafeLoader)  # the pure-Python safe loader
    return yaml.load(text, Loader=SafeLoader)  # a safe loader (C when available)
