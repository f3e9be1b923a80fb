"""Setting a goal note's `status` property, the smallest edit that does it: for
`--apply-decisions` (a drop or a pause the user ticked in a review). Pure: text in, text
out; every other byte of the note stays as it was.

- A top-level `status: value` line (any spelling the note's properties are read under)
  gets its value replaced; a comment after the value stays. A value that is not a plain
  one-line scalar (a list, a block, a quoted value spanning lines) is not touched: the
  user is told to change it.
- Without such a line, `status: value` is added as the frontmatter's last line; without
  frontmatter, a block holding only it is put at the top (after a BOM).
- The result is read back: its properties must be the old ones with the status changed,
  else nothing is written.
"""

from __future__ import annotations

import re

from vaultgoals.core.parse.frontmatter import load_frontmatter, split_frontmatter
from vaultgoals.core.regions import dominant_newline

_KEY_LINE = re.compile(r"(?P<key>[^\s:#][^:]*?)[ \t]*:(?P<sep>[ \t]*)(?P<value>[^\r\n]*?)"
                       r"(?P<comment>[ \t]+#[^\r\n]*)?(?P<eol>\r\n|\r|\n|)\Z")
_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
_COMPLEX = ("[", "{", "|", ">", "&", "*", "!")


def _properties(text: str) -> dict[str, object] | None:
    yaml_text, _, problems = split_frontmatter(text)
    if problems:
        return None
    if yaml_text is None:
        return {}
    props, bad = load_frontmatter(yaml_text, "")
    return None if bad else props


def set_status(text: str, value: str, keys: tuple[str, ...]) -> tuple[str | None, str]:
    """(the note with its status set to `value`, "") or (None, why it was left alone).
    `keys`: the property's spellings, casefolded (`status` first)."""
    before = _properties(text)
    if before is None:
        return None, "its properties cannot be read"
    new = _edited(text, value, keys)
    if isinstance(new, tuple):
        return new
    after = _properties(new)
    changed = [k for k in (after or {}) if k.casefold() in keys]
    expected = {k: v for k, v in before.items() if k.casefold() not in keys}
    if (after is None or len(changed) != 1 or after[changed[0]] != value
            or {k: v for k, v in after.items() if k not in changed} != expected):
        return None, "the edit would change more than its status"
    return new, ""


def _edited(text: str, value: str, keys: tuple[str, ...]) -> str | tuple[None, str]:
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom):]
    newline = dominant_newline(body)
    yaml_text, first_body, _ = split_frontmatter(body)
    if yaml_text is None:
        return f"{bom}---{newline}status: {value}{newline}---{newline}{body}"
    # the lines with their endings (as Obsidian splits them), to rebuild the text exactly
    kept = _LINES.findall(body)
    found = [i for i in range(1, first_body - 1)
             if (m := _KEY_LINE.match(kept[i])) is not None
             and m.group("key").strip().strip("\"'").casefold() in keys]
    if len(found) > 1:
        return None, "it has more than one status property"
    if not found:
        close = first_body - 1
        kept.insert(close, f"status: {value}{newline}")
        return bom + "".join(kept)
    i = found[0]
    m = _KEY_LINE.match(kept[i])
    assert m is not None
    old = m.group("value")
    nxt = kept[i + 1] if i + 1 < first_body - 1 else ""
    if not old.strip() or old.lstrip().startswith(_COMPLEX) or nxt[:1] in (" ", "\t", "-"):
        return None, "its status is not a one-line value"
    sep = m.group("sep") or " "
    kept[i] = (f"{kept[i][:m.start('sep')]}{sep}{value}{m.group('comment') or ''}"
               f"{m.group('eol')}")
    return bom + "".join(kept)
