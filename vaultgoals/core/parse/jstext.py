"""White space as JavaScript sees it, for rules ported from plugins written in JavaScript.

The Obsidian Tasks plugin trims with `String.prototype.trim()` and matches `\\s`. Those
differ from Python's `str.strip()` and `str.isspace()`: JavaScript counts U+FEFF as white
space, Python counts U+001C-U+001F and U+0085; ported rules use these instead.
"""

from __future__ import annotations

__all__ = ["JS_WS", "JS_WS_CLASS", "js_trim"]

# What JavaScript's String.prototype.trim() and `\s` treat as white space.
JS_WS = (
    "\t\n\x0b\x0c\r \xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
)
# The same characters as a regular-expression class (JavaScript's `\s`).
JS_WS_CLASS = "[" + JS_WS.replace("\t", "\\t").replace("\n", "\\n") + "]"


def js_trim(s: str) -> str:
    """`s` without leading and trailing white space, as JavaScript's `trim()`."""
    return s.strip(JS_WS)
