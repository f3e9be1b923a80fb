"""The few SVG pieces every chart shares: escaped text, fixed-precision numbers, the
palette and the style block. Pure: text out, the same bytes for the same values.

Obsidian shows `![[chart.svg]]` as an image: the SVG is a document of its own that sees
neither the theme's CSS nor its colours. So every colour here reads on a light and on a
dark note alike (mid-tones, checked against white and Obsidian's dark `#1e1e1e`), the
background is left transparent, and text is `currentColor` of one mid-grey set on the
root (an SVG inlined by another plugin gets the same colours).
"""

from __future__ import annotations

import re

# mid-tone colours (contrast against white / against #1e1e1e, WCAG)
TEXT = "#7d8590"  # 3.9 / 4.3: labels (12 px, as a chart's axis text is read)
GRID = "#7d8590"  # drawn at low opacity
PROGRESS = "#3b82f6"  # 3.7 / 4.1: the measured line
PLAN = "#8b949e"  # 3.2 / 5.0: the straight line to 100 % at the deadline (dashed)
PACE = "#d97706"  # 3.2 / 5.4: the projection at the current pace (dotted)
DEADLINE = "#ef4444"  # 3.8 / 4.6: the deadline marker
ACTIVE = "#2da44e"  # 3.4 / 5.1: a day with activity (4 levels of opacity)
MILESTONE = "#d97706"  # the ring around a day a milestone or goal was reached

# The same roles by CSS name, for Markdown (the Mermaid chart's configuration), where a
# `#7d8590` would read as a tag to Obsidian and Dataview
TEXT_NAMED = "gray"  # #808080: 3.9 / 4.2
PROGRESS_NAMED = "royalblue"  # #4169e1: 5.1 / 3.5

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
# XML 1.0 forbids these characters even escaped: a title holding one would make the whole
# file unreadable, so they go
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml(text: str) -> str:
    """`text` safe inside an SVG element or a double-quoted attribute."""
    text = _NOT_XML.sub("", text)
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def num(x: float) -> str:
    """A coordinate with one decimal, never `-0.0`: the same value, the same bytes."""
    text = f"{x:.1f}"
    text = text[:-2] if text.endswith(".0") else text
    return "0" if text == "-0" else text


def open_svg(width: int, height: int, title: str, desc: str) -> list[str]:
    """The root element with its accessible title and description, and the style block."""
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" style="color:{TEXT}" '
        f'font-family="{FONT}" font-size="12">',
        f"<title>{xml(title)}</title>",
        f"<desc>{xml(desc)}</desc>",
    ]


def text(x: float, y: float, body: str, anchor: str = "start", extra: str = "") -> str:
    """A label in the text colour; `anchor`: start, middle or end."""
    more = f" {extra}" if extra else ""
    return (f'<text x="{num(x)}" y="{num(y)}" text-anchor="{anchor}" fill="currentColor"'
            f"{more}>{xml(body)}</text>")
