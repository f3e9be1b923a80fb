"""Managed regions: the only parts of a user's note that vaultgoals regenerates.

A region is delimited by two marker lines that Obsidian hides in reading view::

    %% vaultgoals:begin wins fp=0123456789ab %%
    ...generated text...
    %% vaultgoals:end wins %%

`fp` is the first 12 hex digits of the SHA-256 of the generated content exactly as it was
written between the markers, with line endings normalised to `\\n` before hashing (so a sync
tool converting the file to CRLF does not look like a user edit), and the answer lines of
a reassessment prompt reduced to their block ids (core/decisions.py: a tick is an answer,
not an edit). If the content no longer
matches its fingerprint, the user edited it and vaultgoals leaves it alone.

A rename is not an edit: when a note is renamed, Obsidian rewrites every link to it, in
generated text too. So content with links carries a second fingerprint, of the content with
every link target left out (`fp=<content>.<without targets>`): content that differs from
what was written only in where its links point, each to a note that exists, is Obsidian's
rewrite (`Region.renamed`), and the region is regenerated as if untouched.

Rules (everything here is a pure function of its arguments; no I/O):

* Everything outside region contents is the user's and is preserved byte for byte: line
  endings (`\\r\\n`, `\\n`, `\\r`, mixed), a missing final newline, a BOM, trailing spaces,
  and the marker lines themselves (only the `fp=` value of a begin marker is rewritten).
* Malformed markers (begin without end, end without begin, duplicated name, nested or
  interleaved regions) are reported as problems and every region with an involved name is
  treated as user text: never touched.
* Marker lines inside fenced code blocks (outside any region) are examples, not markers.
* A region whose content is blank (empty or whitespace only) is always regenerated: that
  is how a user asks for a refresh, or types `%% vaultgoals:begin NAME %%` +
  `%% vaultgoals:end NAME %%` to place a new region. Non-blank content without a valid
  `fp=` is the user's.
* Generated content is written with a blank line after the begin marker and one before
  the end marker, so that neither marker joins the Markdown block next to it (a table row,
  a list item, a paragraph). The blank lines outside the markers are the note's: notes
  vaultgoals creates have them; a user's own text around a region is never changed.
* Offsets are `str` indices into the text, lines are 1-based.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from vaultgoals.core.decisions import blind
from vaultgoals.core.model import Problem

__all__ = [
    "Region",
    "RegionProblem",
    "RegionScan",
    "RegionUpdate",
    "dominant_newline",
    "find_regions",
    "fingerprint",
    "link_targets",
    "looks_half_saved",
    "marker_fingerprint",
    "render_region",
    "scan_regions",
    "update_regions",
]

# Names vaultgoals creates. Reading is more lenient (any run of non-space, non-% characters).
_VALID_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*\Z")
_MARKER = re.compile(
    r"(?P<lead>\ufeff?[ \t]*)%%[ \t]*vaultgoals:(?P<kind>begin|end)[ \t]+(?P<name>[^\s%]+)"
    r"(?:[ \t]+fp=(?P<fp>[^\s%]*))?[ \t]*%%[ \t]*\Z"
)
_FP = re.compile(r"[0-9a-f]{12}(?:\.[0-9a-f]{12})?\Z")
# A link's target, the part a rename rewrites: in `[[target#heading|shown]]` (also with the
# `\\|` a table needs, and embeds) and in a Markdown link's `](target)`.
_LINK_TARGET = re.compile(r"(?<=\[\[)[^\]|#^\\\n]*|(?<=\]\()[^)\n]*(?=\))")
_EOL = re.compile(r"\r\n|\r|\n")
_FENCE_OPEN = re.compile(r" {0,3}(?P<fence>`{3,}|~{3,})(?P<info>.*)\Z")
_NEWLINES = ("\n", "\r\n", "\r")


@dataclass(frozen=True, slots=True)
class RegionProblem:
    """A malformed marker, said as `line: message` (line 0 when not tied to a line)."""

    line: int
    message: str

    def to_problem(self, path: str) -> Problem:
        return Problem(path, self.line, self.message)

    def __str__(self) -> str:
        return f"{self.line}: {self.message}"


@dataclass(frozen=True, slots=True)
class Region:
    """One well-formed region. `begin`..`end` spans both marker lines (with line endings)."""

    name: str
    begin: int  # offset of the first character of the begin-marker line
    end: int  # offset just past the end-marker line, including its line ending if any
    content_start: int  # offset just past the begin-marker line's line ending
    content_end: int  # offset of the first character of the end-marker line
    content: str  # text[content_start:content_end]
    fingerprint: str | None  # the begin marker's fp, None when absent or not 12 hex digits
    begin_line: int
    end_line: int
    fp_span: tuple[int, int] = field(repr=False)  # the text to replace by " fp=..."
    link_fingerprint: str | None = None  # of the content without link targets, if it has any

    @property
    def user_edited(self) -> bool:
        """True when the content is not what vaultgoals wrote, so it must be left alone.

        Blank content is never an edit to keep: emptying a region asks for a refresh.
        """
        if self.content.strip() == "":
            return False
        return self.fingerprint is None or fingerprint(self.content) != self.fingerprint

    def renamed(self, note_exists: Callable[[str], bool]) -> bool:
        """True when the content differs from what vaultgoals wrote only in where its links
        point, and every link points at a note that exists (`note_exists(target)`): notes
        were renamed and Obsidian rewrote the links. Not an edit to keep."""
        if self.link_fingerprint is None:
            return False
        if fingerprint(_without_targets(self.content)) != self.link_fingerprint:
            return False
        return all(note_exists(t) for t in link_targets(self.content) if t.strip())


@dataclass(frozen=True, slots=True)
class RegionScan:
    regions: tuple[Region, ...]
    problems: tuple[RegionProblem, ...]
    broken: frozenset[str]  # names with malformed markers: such regions are user text
    cut_inside: str | None = None  # the region the text ends in (begun, never ended)


@dataclass(frozen=True, slots=True)
class RegionUpdate:
    text: str  # the new full text (== old text when nothing changed)
    updated: tuple[str, ...]  # regions whose bytes changed
    kept: tuple[str, ...]  # regions the user edited, left exactly as they are
    missing: tuple[str, ...]  # requested names with no region in the text (not inserted)
    broken: tuple[str, ...]  # requested names whose markers are malformed (not touched)
    problems: tuple[RegionProblem, ...]


@dataclass(frozen=True, slots=True)
class _Marker:
    kind: str
    name: str
    fp: str | None
    line: int
    start: int  # line start
    eol_end: int  # past the line ending
    fp_span: tuple[int, int]
    link_fp: str | None = None


def _normalise_newlines(text: str) -> str:
    if "\r" not in text:  # (the usual text: nothing to replace, no copies)
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


@lru_cache(maxsize=64)
def fingerprint(content: str) -> str:
    """First 12 hex digits of sha256 of `content` with line endings normalised to `\\n`,
    each decision line (core/decisions.py) taken as its block id alone: what the user
    ticks or types on such a line is not an edit of the region. Memoised by value: the
    region read back on the next pass is the content written on this one."""
    data = _normalise_newlines(blind(content)).encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()[:12]


def link_targets(content: str) -> list[str]:
    """The targets of the links in `content` (wikilinks, embeds, Markdown links), as
    written: what a rename rewrites (`_LINK_TARGET.findall(content)`)."""
    return [found.group() for found in _target_matches(content)]


def _target_matches(content: str) -> list[re.Match[str]]:
    """The matches `_LINK_TARGET.finditer(content)` gives, the pattern tried only where a
    target can start (right after `[[` or `](`), not at every character: a review's
    sections are long."""
    starts: set[int] = set()
    for prefix in ("[[", "]("):
        at = content.find(prefix)
        while at >= 0:
            starts.add(at + 2)
            at = content.find(prefix, at + 1)
    out: list[re.Match[str]] = []
    last = 0
    match = _LINK_TARGET.match
    for start in sorted(starts):
        if start < last:  # (inside the target just matched)
            continue
        found = match(content, start)
        if found is not None:
            out.append(found)
            last = found.end()
    return out


def _without_targets(content: str) -> str:
    """`content` without its link targets (`_LINK_TARGET.sub("", content)`)."""
    parts: list[str] = []
    last = 0
    for found in _target_matches(content):
        parts.append(content[last:found.start()])
        last = found.end()
    parts.append(content[last:])
    return "".join(parts)


@lru_cache(maxsize=256)
def marker_fingerprint(content: str) -> str:
    """The `fp=` value for generated `content`: its fingerprint, and, when it has links,
    the fingerprint of it without their targets (see the module doc). Memoised: a watcher
    regenerates mostly the same sections pass after pass."""
    fp = fingerprint(content)
    bare = _without_targets(content)
    return fp if bare == content else f"{fp}.{fingerprint(bare)}"


def _lines(text: str) -> list[tuple[int, int, int]]:
    """(start, end of content, end including line ending) for each line."""
    out: list[tuple[int, int, int]] = []
    pos = 0
    for m in _EOL.finditer(text):
        out.append((pos, m.start(), m.end()))
        pos = m.end()
    if pos < len(text):
        out.append((pos, len(text), len(text)))
    return out


def _parse_marker(line: str, offset: int, lineno: int, eol_end: int) -> _Marker | None:
    m = _MARKER.match(line)
    if m is None:
        return None
    fp = m.group("fp")
    name_end = m.end("name")
    span_end = m.end("fp") if fp is not None else name_end
    valid = fp is not None and _FP.match(fp) is not None
    return _Marker(
        kind=m.group("kind"),
        name=m.group("name"),
        fp=fp[:12] if fp is not None and valid else None,
        line=lineno,
        start=offset,
        eol_end=eol_end,
        fp_span=(offset + name_end, offset + span_end),
        link_fp=fp[13:] if fp is not None and valid and len(fp) > 12 else None,
    )


def _closes_fence(line: str, fence: str) -> bool:
    stripped = line.lstrip(" ")
    if len(line) - len(stripped) > 3 or not stripped.startswith(fence):
        return False
    rest = stripped.lstrip(fence[0])
    return rest.strip() == ""


# text → its scan, for the texts `update_regions` made last (a watcher reads back the note
# it wrote on its next pass): see `_rescanned`
_SCANS: dict[str, RegionScan] = {}
_SCANS_KEPT = 8


def scan_regions(text: str) -> RegionScan:
    """Find well-formed regions and report malformed markers."""
    known = _SCANS.get(text)
    return known if known is not None else _scan_regions(text)


def _scan_regions(text: str) -> RegionScan:
    problems: list[RegionProblem] = []
    broken: set[str] = set()
    pairs: list[tuple[_Marker, _Marker]] = []
    open_: _Marker | None = None
    fence: str | None = None
    for idx, (start, cend, end) in enumerate(_lines(text)):
        line = text[start:cend]
        if open_ is None:  # fences only matter outside regions
            if fence is not None:
                if _closes_fence(line, fence):
                    fence = None
                continue
            fm = _FENCE_OPEN.match(line)
            if fm is not None and not (fm.group("fence")[0] == "`" and "`" in fm.group("info")):
                fence = fm.group("fence")
                continue
        mk = _parse_marker(line, start, idx + 1, end)
        if mk is None:
            continue
        if mk.kind == "begin":
            if open_ is not None:
                problems.append(
                    RegionProblem(
                        mk.line,
                        f"region '{mk.name}' begins inside region '{open_.name}' "
                        f"(line {open_.line}); both left untouched",
                    )
                )
                broken.update((mk.name, open_.name))
            open_ = mk
        elif open_ is None:
            problems.append(
                RegionProblem(mk.line, f"end of region '{mk.name}' without a begin; left untouched")
            )
            broken.add(mk.name)
        elif open_.name != mk.name:
            problems.append(
                RegionProblem(
                    mk.line,
                    f"end of region '{mk.name}' while region '{open_.name}' (line {open_.line}) "
                    "is open; both left untouched",
                )
            )
            broken.update((mk.name, open_.name))
            open_ = None
        else:
            pairs.append((open_, mk))
            open_ = None
    cut_inside = None
    if open_ is not None:
        problems.append(
            RegionProblem(open_.line, f"region '{open_.name}' has no end marker; left untouched")
        )
        broken.add(open_.name)
        cut_inside = open_.name

    seen: dict[str, int] = {}
    for b, _e in pairs:
        if b.name in seen:
            problems.append(
                RegionProblem(
                    b.line,
                    f"region '{b.name}' appears again (first at line {seen[b.name]}); "
                    "all copies left untouched",
                )
            )
            broken.add(b.name)
        else:
            seen[b.name] = b.line

    regions = tuple(
        Region(
            name=b.name,
            begin=b.start,
            end=e.eol_end,
            content_start=b.eol_end,
            content_end=e.start,
            content=text[b.eol_end : e.start],
            fingerprint=b.fp,
            begin_line=b.line,
            end_line=e.line,
            fp_span=b.fp_span,
            link_fingerprint=b.link_fp,
        )
        for b, e in pairs
        if b.name not in broken
    )
    problems.sort(key=lambda p: p.line)
    return RegionScan(regions, tuple(problems), frozenset(broken), cut_inside)


def looks_half_saved(text: str) -> bool:
    """True for a note that may be caught in the middle of a save: empty (or blank), or
    ending inside a managed region (a begin marker with no end after it), as a file is
    between an editor's truncate and its last write."""
    return not text.strip() or scan_regions(text).cut_inside is not None


def find_regions(text: str) -> list[Region]:
    """The well-formed regions of `text`, in order (see `scan_regions` for the problems)."""
    return list(scan_regions(text).regions)


def dominant_newline(text: str) -> str:
    """The most frequent line ending in `text` (`\\n` when none, ties prefer `\\n`)."""
    counts = dict.fromkeys(_NEWLINES, 0)
    for m in _EOL.finditer(text):
        counts[m.group()] += 1
    return max(_NEWLINES, key=lambda nl: counts[nl])


def _as_written(content: str, newline: str) -> str:
    """`content` as it goes between the markers: with a blank line after the begin marker
    and one before the end marker (a marker line right after a table is read as one more
    row, right after a list as part of the last bullet), and a final line ending."""
    body = _normalise_newlines(content)
    if body.strip("\n") == "":
        return newline  # nothing to show: one blank line
    if not body.startswith("\n"):
        body = "\n" + body
    if not body.endswith("\n\n"):
        body += "\n" if body.endswith("\n") else "\n\n"
    return body if newline == "\n" else body.replace("\n", newline)


def _content_problem(content: str) -> str | None:
    if "vaultgoals:" not in content:  # (every marker names itself: most content has none)
        return None
    for lineno, line in enumerate(_normalise_newlines(content).split("\n"), 1):
        if _MARKER.match(line):
            return f"generated content line {lineno} looks like a vaultgoals marker"
    return None


def render_region(name: str, content: str, newline: str = "\n") -> str:
    """A complete region (both markers, ending with `newline`) for a new note."""
    if not _VALID_NAME.match(name):
        raise ValueError(f"invalid region name {name!r}")
    if newline not in _NEWLINES:
        raise ValueError(f"invalid newline {newline!r}")
    bad = _content_problem(content)
    if bad is not None:
        raise ValueError(f"region '{name}': {bad}")
    body = _as_written(content, newline)
    return (
        f"%% vaultgoals:begin {name} fp={marker_fingerprint(body)} %%{newline}"
        f"{body}%% vaultgoals:end {name} %%{newline}"
    )


def update_regions(old_text: str, new_contents: Mapping[str, str],
                   note_exists: Callable[[str], bool] | None = None) -> RegionUpdate:
    """Regenerate the named regions of `old_text`; everything else stays byte for byte.

    `note_exists(link target)`: whether a link points at a note of the vault; with it, a
    region whose links only were rewritten to existing notes (a rename) is regenerated, not
    kept as the user's edit. Without it, every change is an edit.

    Generated content gets the line ending that dominates the text outside all regions
    (stable across runs, so writing twice equals writing once) and a final line ending.
    """
    scan = scan_regions(old_text)
    by_name = {r.name: r for r in scan.regions}
    outside = []
    pos = 0
    for r in scan.regions:
        outside.append(old_text[pos : r.content_start])
        pos = r.content_end
    outside.append(old_text[pos:])
    newline = dominant_newline("".join(outside))

    problems = list(scan.problems)
    updated: list[str] = []
    kept: list[str] = []
    missing: list[str] = []
    broken: list[str] = []
    edits: list[tuple[int, int, str]] = []
    for name, content in new_contents.items():
        region = by_name.get(name)
        if region is None:
            (broken if name in scan.broken else missing).append(name)
            continue
        if region.user_edited and (note_exists is None or not region.renamed(note_exists)):
            kept.append(name)
            continue
        bad = _content_problem(content)
        if bad is not None:
            problems.append(
                RegionProblem(region.begin_line, f"region '{name}': {bad}; not updated")
            )
            continue
        body = _as_written(content, newline)
        if body.startswith("\n") and old_text[region.content_start - 1] == "\r":
            # After a begin marker ending in a lone CR, a leading LF would merge into CRLF
            # and change the marker's line ending: use CR for this region instead.
            body = _as_written(content, "\r")
        fp = marker_fingerprint(body)
        written = (region.fingerprint if region.link_fingerprint is None
                   else f"{region.fingerprint}.{region.link_fingerprint}")
        if body == region.content and fp == written:
            continue
        updated.append(name)
        edits.append((region.fp_span[0], region.fp_span[1], f" fp={fp}"))
        edits.append((region.content_start, region.content_end, body))

    text = _edited(old_text, edits)
    if not edits:
        _remember_scan(text, scan)  # (read again on the next pass, as it is)
    elif not scan.problems:
        _remember_scan(text, _rescanned(scan, text, edits))
    return RegionUpdate(
        text=text,
        updated=tuple(updated),
        kept=tuple(kept),
        missing=tuple(missing),
        broken=tuple(broken),
        problems=tuple(problems),
    )


def _edited(text: str, edits: list[tuple[int, int, str]]) -> str:
    """`text` with each (start, end, replacement) made; the spans do not overlap."""
    if not edits:
        return text
    parts: list[str] = []
    pos = 0
    for start, end, replacement in sorted(edits):
        parts.append(text[pos:start])
        parts.append(replacement)
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


def _eols(text: str) -> int:
    """How many line endings `text` holds (as `_lines` splits: CRLF, CR, LF)."""
    if "\r" not in text:  # (the usual text: one count, not three)
        return text.count("\n")
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def _rescanned(scan: RegionScan, text: str,
               edits: list[tuple[int, int, str]]) -> RegionScan:
    """The scan of `text`, made by `edits` (the new `fp=` of a begin marker and the new
    content of its region) from the text `scan` is of, which had no problem: the same
    regions, moved. Equal to `_scan_regions(text)` (tests/test_regions.py): the text outside
    the contents is unchanged, and a content written holds no marker line."""
    by_start = {start: (end, replacement) for start, end, replacement in edits}
    shift = lines = 0
    out: list[Region] = []
    for r in scan.regions:
        begin = r.begin + shift
        fp_span = (r.fp_span[0] + shift, r.fp_span[1] + shift)
        fp, link_fp = r.fingerprint, r.link_fingerprint
        marker = by_start.get(r.fp_span[0])
        if marker is not None:
            new_fp = marker[1][len(" fp="):]
            fp, link_fp = new_fp[:12], (new_fp[13:] if len(new_fp) > 12 else None)
            fp_span = (r.fp_span[0] + shift, r.fp_span[0] + shift + len(marker[1]))
            shift += len(marker[1]) - (r.fp_span[1] - r.fp_span[0])
        content_start = r.content_start + shift
        begin_line = r.begin_line + lines
        body = by_start.get(r.content_start)
        content = r.content if body is None else body[1]
        if body is not None:
            shift += len(content) - len(r.content)
            lines += _eols(content) - _eols(r.content)
        out.append(Region(
            name=r.name, begin=begin, end=r.end + shift, content_start=content_start,
            content_end=r.content_end + shift, content=content, fingerprint=fp,
            begin_line=begin_line, end_line=r.end_line + lines, fp_span=fp_span,
            link_fingerprint=link_fp))
    return RegionScan(tuple(out), (), scan.broken, scan.cut_inside)


def _remember_scan(text: str, scan: RegionScan) -> None:
    if text in _SCANS:
        return
    if len(_SCANS) >= _SCANS_KEPT:
        del _SCANS[next(iter(_SCANS))]
    _SCANS[text] = scan
