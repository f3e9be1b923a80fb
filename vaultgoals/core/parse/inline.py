"""Inline syntax Obsidian reads anywhere in a line: code spans, tags and links.

Inline code (CommonMark: a run of n backticks up to the next run of exactly n) hides what
it holds: tags, links and Dataview fields (`inlinefields.py`) are looked for in the text
with every code span masked out, which keeps every other offset intact.
"""

from __future__ import annotations

from bisect import bisect_right
from urllib.parse import unquote

from vaultgoals.core.lazyre import later
from vaultgoals.core.model import Link

__all__ = ["MASK", "code_spans", "extract_links", "extract_tags", "mask_code"]

_BACKTICK_RUN = later(r"`+")
MASK = "\x00"  # neither white space, nor a bracket, nor a tag character


def code_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every inline code span in `text`, backticks included."""
    runs = [(m.start(), m.end()) for m in _BACKTICK_RUN.finditer(text)]
    if len(runs) < 2:
        return []
    by_len: dict[int, list[int]] = {}
    for i, (s, e) in enumerate(runs):
        by_len.setdefault(e - s, []).append(i)
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(runs):
        s, e = runs[i]
        # Outside a code span, a backslash escapes the first backtick of a run.
        k = s
        while k > 0 and text[k - 1] == "\\":
            k -= 1
        if (s - k) % 2 == 1:
            s += 1
        same = by_len.get(e - s)
        if same is not None:
            j = bisect_right(same, i)
            if j < len(same):
                close = same[j]
                spans.append((s, runs[close][1]))
                i = close + 1
                continue
        i += 1
    return spans


def mask_code(text: str) -> str:
    """`text` with every inline code span overwritten by NULs (same length)."""
    if "`" not in text:
        return text
    spans = code_spans(text)
    if not spans:
        return text
    parts: list[str] = []
    last = 0
    for s, e in spans:
        parts.append(text[last:s])
        parts.append(MASK * (e - s))
        last = e
    parts.append(text[last:])
    return "".join(parts)


# --------------------------------------------------------------------------------------------
# Tags
# --------------------------------------------------------------------------------------------

# A tag character: anything but white space, control characters and punctuation, except
# `_`, `-` and `/`: letters and digits of every script, combining marks, emoji. (Obsidian's
# rule as documented — letters, digits, `_`, `-`, `/` — widened to marks and emoji, which
# Obsidian accepts in practice.)
_TAG_EXCLUDED = (
    "\\x00-\\x20\\x7f!-,.:-@\\[-^`{-~"  # controls, space, ASCII punctuation but - / _
    "\\x80-\\xbf\\xd7\\xf7"  # C1 controls, Latin-1 punctuation and symbols
    "\\u1680\\u2000-\\u200b\\u200e-\\u206f"  # spaces, general punctuation (not ZWNJ/ZWJ)
    "\\u2e00-\\u2e7f\\u3000-\\u3004\\u3008-\\u3020\\u3030\\u303d"  # CJK punctuation
    "\\ufe10-\\ufe1f\\ufe30-\\ufe4f\\ufeff"
    "\\uff01-\\uff0f\\uff1a-\\uff20\\uff3b-\\uff40\\uff5b-\\uff65"  # full-width punctuation
)
# A tag starts at the start of the text or after white space.
_TAG = later(r"(?<!\S)#([^" + _TAG_EXCLUDED + r"]+)")
_ALL_DIGITS = later(r"[0-9]+")
_WIKILINK_ONLY = later(r"\[\[[^\[\]\n]*\]\]")


def extract_tags(text: str) -> tuple[str, ...]:
    """Obsidian tags in `text`, without `#`, in order (repeats kept).

    `#tag`, `#nested/tag`, `#día`, `#日本語`; a tag is preceded by white space or starts the
    text, cannot be only digits (`#2024`), and is not read inside inline code or a wikilink.
    """
    if "#" not in text:
        return ()
    masked = mask_code(text)
    if "[[" in masked:
        masked = _WIKILINK_ONLY.sub(lambda m: MASK * len(m.group(0)), masked)
    return tuple(
        m.group(1) for m in _TAG.finditer(masked) if _ALL_DIGITS.fullmatch(m.group(1)) is None
    )


# --------------------------------------------------------------------------------------------
# Links
# --------------------------------------------------------------------------------------------

_LINK = later(
    r"(!?)(?:"
    r"\[\[([^\[\]\n]+)\]\]"  # [[target#heading|alias]]
    r"|\[([^\[\]\n]*)\]\(\s*"  # [text](
    r"(?:<([^<>\n]*)>|([^\s()<>]*(?:\([^\s()<>]*\)[^\s()<>]*)*))"  # destination
    r"(?:\s+(?:\"[^\"\n)]*\"|'[^'\n)]*'|\([^()\n]*\)))?\s*\)"  # optional title, )
    r")"
)
_SCHEME = later(r"[A-Za-z][A-Za-z0-9+.\-]*:")


def _strip_md(target: str) -> str:
    return target[:-3] if target[-3:].lower() == ".md" else target


def _wikilink(inner: str, embed: bool) -> Link | None:
    target, bar, alias = inner.partition("|")
    if bar and target.endswith("\\"):  # `[[Note\|alias]]`, escaped for a table cell
        target = target[:-1]
    target, _, heading = target.partition("#")
    target = _strip_md(target.strip())
    heading = heading.strip()
    if not target and not heading:
        return None
    return Link(target=target, heading=heading, alias=alias.strip(), embed=embed)


def _mdlink(text: str, dest: str, embed: bool) -> Link | None:
    dest = dest.strip()
    if not dest or _SCHEME.match(dest):  # http:, https:, mailto:, obsidian:, ...
        return None
    path, _, heading = dest.partition("#")
    path, heading = unquote(path), unquote(heading)  # errors="replace": never raises
    target = _strip_md(path.strip())
    heading = heading.strip()
    if not target and not heading:
        return None
    return Link(target=target, heading=heading, alias=text.strip(), embed=embed)


def extract_links(text: str) -> tuple[Link, ...]:
    """Links to notes in `text`, in order: wikilinks (also `![[embeds]]`) and markdown links
    to local files (`[text](My%20Note.md#Heading)`; URLs with a scheme are skipped).

    Targets are as written, `.md` stripped; markdown links are URL-decoded. Nothing inside
    inline code counts.
    """
    if "[" not in text:
        return ()
    masked = mask_code(text)
    out: list[Link] = []
    for m in _LINK.finditer(masked):
        if masked is not text and MASK in m.group(0):  # overlaps inline code
            continue
        embed = m.group(1) == "!"
        if m.group(2) is not None:
            link = _wikilink(m.group(2), embed)
        else:
            dest = m.group(4) if m.group(4) is not None else m.group(5)
            link = _mdlink(m.group(3), dest, embed)
        if link is not None:
            out.append(link)
    return tuple(out)
