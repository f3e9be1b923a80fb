"""The notes a note's body links: the distinct targets of its `[[wikilinks]]`.

Read for every note (the evidence of people and skills: `Coffee with [[Ana]]` in a daily
note, a course note linking `[[SQL]]`), so it is one `str.find` loop rather than a regular
expression over the text (measured: ~5× faster on long notes). Embeds (`![[…]]`) are not
links to a person or a skill and are left out; so are links spanning lines. What a link
says about a heading (`#…`), a block (`^…`) or its alias (`|…`) is dropped: the target is
the note. Links in code blocks and comments are kept (telling them apart would need the
full block scan): a note that writes `[[Ana]]` in a code block is rare, and it would only
add a mention. Text between vaultgoals' own markers (`%% vaultgoals:begin …` … `%%
vaultgoals:end … %%`: a review written into a weekly note) is vaultgoals' and is skipped:
a review listing a person is no contact with them. Targets are as written (`.md`
stripped), in order of first appearance.
"""

from __future__ import annotations

MAX_LINKS = 256  # per note: evidence needs a few; a generated index note may hold thousands
_BEGIN = "vaultgoals:begin"  # (`in` finds it at a third of the instructions a pattern takes)
_END = "vaultgoals:end"


def body_links(text: str, start: int = 0) -> tuple[str, ...]:
    """The distinct wikilink targets in `text` from offset `start` on (not embeds), outside
    vaultgoals' managed regions."""
    at = text.find("[[", start)
    if at < 0:  # (blanking the managed regions adds no `[[`: a note without one has none)
        return ()
    if _BEGIN in text:
        text = _outside_regions(text)
        at = text.find("[[", start)
        if at < 0:
            return ()
    seen: dict[str, None] = {}
    end = -1  # the `]]` closing the link at `at` (found once for a run of `[[`: linear)
    while at >= 0 and len(seen) < MAX_LINKS:
        if end < at + 2:
            end = text.find("]]", at + 2)
            if end < 0:
                break
        nxt = text.find("[[", at + 2, end)
        if nxt >= 0:  # another `[[` opens before it closes: that one is the link
            at = nxt
            continue
        inner = text[at + 2:end]
        if (at == 0 or text[at - 1] != "!") and "\n" not in inner:
            target = inner.split("|", 1)[0].split("#", 1)[0].strip()
            if target.lower().endswith(".md"):
                target = target[:-3]
            if target:
                seen.setdefault(target, None)
        at = text.find("[[", end + 2)
    return tuple(seen)


def _outside_regions(text: str) -> str:
    """`text` with every managed region's lines blanked (offsets kept: spaces)."""
    out = []
    at = 0
    while True:
        begin = text.find(_BEGIN, at)
        if begin < 0:
            break
        end = text.find(_END, begin)
        if end < 0:
            break
        end = text.find("\n", end)
        end = len(text) if end < 0 else end
        out.extend([text[at:begin], " " * (end - begin)])
        at = end
    out.append(text[at:])
    return "".join(out)
