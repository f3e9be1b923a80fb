"""What `vaultgoals explain` says: the vault's summary and one note's or line's account, as
plain text lines (the terminal), as Markdown (the "How vaultgoals reads this vault" note)
and as JSON (`--json`, schema below); and the helpful "No goals found".

JSON of the vault (`vaultgoals explain VAULT --json`)::

    {"counts": {"goal": 34, ...},                 # node kind → how many
     "groups": [{"kind", "found_by", "label", "place", "headings": [...], "count",
                 "nodes": [{"key", "path", "line", "title"}]}],
     "skipped": [{"path", "why": "template" | "reference"}],
     "near_misses": [{"path", "line", "what", "message", "fix", "config"}],
     "conventions": [...], "conventions_off": [...]}

JSON of a note (`vaultgoals explain VAULT NOTE[:LINE] --json`)::

    {"path", "node": NODE | null, "nodes": [NODE], "skipped": "template" | "reference" |
     "periodic" | "", "near_misses": [...], "why_not": [...],
     "line": null | {"line", "text", "node": NODE | null, "counts_toward": NODE | null,
                     "claimed_by", "near_misses": [...], "why_not": [...]}}
    NODE = {"key", "kind", "title", "path", "line", "found_by", "reason"}

Generated Markdown follows render/markdown.py's rules: user text through `esc`/`link`,
no checkbox, no inline field, no raw tag, and no heading or label line with a goal word,
so the note is never read as goals itself.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from vaultgoals.core.explain import TRIED, Group, LineReport, NoteReport, Summary
from vaultgoals.core.graphmodel import Node
from vaultgoals.core.nearmiss import NearMiss
from vaultgoals.core.render.markdown import esc, link
from vaultgoals.core.words import counted

MAX_LINKS = 5



def _place(group: Group) -> str:
    if group.place == "/":
        return "at the top of the vault"
    return f"in {group.place}"


def _group_why(g: Group) -> str:
    if g.why != g.label or not g.headings:
        return g.why
    return f"{g.label} ({', '.join(g.headings[:3])})"


def counts_line(summary: Summary) -> str:
    if not summary.counts:
        return "No goals found."
    return ", ".join(counted(n, kind) for kind, n in summary.counts.items()) + "."


def best_fix(near: tuple[NearMiss, ...]) -> str | None:
    """The config line that would include the most near misses, or None."""
    fixes = Counter(m.fix for m in near if m.config)
    return fixes.most_common(1)[0][0] if fixes else None


def _near_text(m: NearMiss) -> str:
    where = m.path if m.line <= 0 else f"{m.path}:{m.line}"
    return f"{where}: {m.message} → {m.fix}"


def summary_lines(summary: Summary, limit: int = 10) -> list[str]:
    """The vault's summary as plain lines (the terminal)."""
    out = [counts_line(summary)]
    for g in summary.groups:
        out.append(f"  {counted(len(g.nodes), g.kind)} {_place(g)}: {_group_why(g)}")
    if summary.templates:
        out.append(f"Skipped {counted(len(summary.templates), 'template')} with goal-like "
                   f"text: {_some(summary.templates)}")
    if summary.references:
        out.append(f"Skipped {counted(len(summary.references), 'reference note')} with goal "
                   f"lists (book summaries, articles, clippings): {_some(summary.references)}")
    near = [m for m in summary.near if m.what not in ("template", "reference")]
    if near:
        out.append(f"Near misses ({len(near)}):")
        out.extend("  " + _near_text(m) for m in near[:limit])
        if len(near) > limit:
            out.append(f"  … and {len(near) - limit} more (see --json)")
    return out


def _some(paths: tuple[str, ...], n: int = 3) -> str:
    return ", ".join(paths[:n]) + (f" and {len(paths) - n} more" if len(paths) > n else "")


def no_goals_lines(summary: Summary, limit: int = 5) -> list[str]:
    """"No goals found", made helpful: what was tried, what came close, the config line."""
    out = ["No goals found. Conventions tried:"]
    out.extend(f"  - {TRIED.get(c, c)}" for c in summary.tried)
    if summary.off:
        out.append(f"Turned off (goals.off): {', '.join(summary.off)}.")
    if summary.near:
        out.append("Closest near misses:")
        out.extend("  " + _near_text(m) for m in summary.near[:limit])
        if len(summary.near) > limit:
            out.append(f"  … and {len(summary.near) - limit} more (vaultgoals explain)")
    fix = best_fix(summary.near)
    if fix is not None:
        out.append(f"To include them, add this line to .vaultgoals.yaml: {fix}")
    if not summary.near:
        out.append("Nothing came close. See docs/goals.md for the ways goals can be written.")
    return out


def _node_text(node: Node) -> str:
    where = node.path if not node.inline else f"{node.path}:{node.line}"
    return f"{node.kind} '{node.title}' ({where}), found by {node.found_by}: {node.reason}"


def note_lines(report: NoteReport, text: str | None = None) -> list[str]:
    """One note's account (and its line's, when one was asked for) as plain lines."""
    out: list[str] = []
    if report.line is not None:
        return _line_lines(report, report.line, text)
    if report.node is not None:
        out.append(f"{report.path} is a {_node_text(report.node)}")
    if report.nodes:
        out.append(f"{counted(len(report.nodes), 'line')} of {report.path} "
                   f"{'is a node' if len(report.nodes) == 1 else 'are nodes'}:")
        out.extend(f"  line {n.line}: {_node_text(n)}" for n in report.nodes)
    if not out:
        out.append(f"Nothing in {report.path} is read as a goal, milestone or commitment:")
        out.extend(f"  {w}" for w in report.why_not)
    if report.near:
        out.append("Near misses:")
        out.extend("  " + _near_text(m) for m in report.near)
    return out


def _line_lines(report: NoteReport, line: LineReport, text: str | None) -> list[str]:
    out = [f"{report.path}:{line.line}: {text.strip()}" if text else
           f"{report.path}:{line.line}"]
    if line.node is not None:
        out.append(f"  is a {_node_text(line.node)}")
    else:
        out.append("  is no goal, milestone or commitment" + (":" if line.why_not else ""))
        out.extend(f"  {w}" for w in line.why_not)
    if line.counts_toward is not None and line.counts_toward is not line.node:
        n = line.counts_toward
        out.append(f"  counts toward the {n.kind} '{n.title}' ({n.key})")
    if line.near:
        out.extend(f"  near miss: {m.message} → {m.fix}" for m in line.near)
    return out


# ---- JSON --------------------------------------------------------------------------------------


def node_json(node: Node | None) -> dict[str, Any] | None:
    if node is None:
        return None
    return {"key": node.key, "kind": node.kind, "title": node.title, "path": node.path,
            "line": node.line, "found_by": node.found_by, "reason": node.reason}


def near_json(m: NearMiss) -> dict[str, Any]:
    return {"path": m.path, "line": m.line, "what": m.what, "message": m.message,
            "fix": m.fix, "config": m.config}


def summary_json(summary: Summary) -> dict[str, Any]:
    return {
        "counts": dict(summary.counts),
        "groups": [{"kind": g.kind, "found_by": g.found_by, "label": g.label,
                    "place": g.place, "headings": list(g.headings), "count": len(g.nodes),
                    "nodes": [{"key": n.key, "path": n.path, "line": n.line, "title": n.title}
                              for n in g.nodes]} for g in summary.groups],
        "skipped": [{"path": p, "why": "template"} for p in summary.templates]
        + [{"path": p, "why": "reference"} for p in summary.references],
        "near_misses": [near_json(m) for m in summary.near],
        "conventions": list(summary.tried),
        "conventions_off": list(summary.off),
    }


def note_json(report: NoteReport, text: str | None = None) -> dict[str, Any]:
    line = report.line
    return {
        "path": report.path,
        "node": node_json(report.node),
        "nodes": [node_json(n) for n in report.nodes],
        "skipped": report.skipped,
        "near_misses": [near_json(m) for m in report.near],
        "why_not": list(report.why_not),
        "line": None if line is None else {
            "line": line.line, "text": text, "node": node_json(line.node),
            "counts_toward": node_json(line.counts_toward), "claimed_by": line.claim_by,
            "near_misses": [near_json(m) for m in line.near], "why_not": list(line.why_not)},
    }


# ---- the note ----------------------------------------------------------------------------------

EXPLAIN_REGION = "explain"


def _links(nodes: tuple[Node, ...]) -> str:
    paths = list(dict.fromkeys(n.path for n in nodes))
    shown = ", ".join(link(p) for p in paths[:MAX_LINKS])
    return shown + (f" and {len(paths) - MAX_LINKS} more" if len(paths) > MAX_LINKS else "")


def _md_near(m: NearMiss) -> str:
    where = (esc(m.path) if m.line <= 0 or not m.path.endswith(".md")
             else f"{link(m.path)} line {m.line}")
    fix = f"add to .vaultgoals.yaml {_code(m.fix)}" if m.config else esc(m.fix)
    return f"- {where} · {esc(m.message)} · {fix}"


def summary_markdown(summary: Summary) -> str:
    """The summary as the region of the note: plain bullets and links, nothing a plugin
    or a goal convention would read as data."""
    if summary.counts:
        lines = [f"**Found** · {esc(counts_line(summary))}", ""]
    else:
        lines = ["**Found** · no goals yet. vaultgoals looked for", "", *_tried_md(summary)]
    for g in summary.groups:
        where = f"in {link(g.place)}" if g.place.endswith(".md") else esc(_place(g))
        notes = "" if g.place.endswith(".md") else f" · {_links(g.nodes)}"
        lines.append(f"- {counted(len(g.nodes), g.kind)} {where} · {esc(_group_why(g))}{notes}")
    if summary.templates or summary.references:
        skipped = [counted(len(x), what) for x, what in (
            (summary.templates, "template"), (summary.references, "reference note")) if x]
        lines += ["", f"**Skipped** · {', '.join(skipped)}", ""]
        if summary.templates:
            lines.append(f"- templates with goal-like text · {_links_of(summary.templates)}")
        if summary.references:
            lines.append("- book summaries, articles and clippings with goal lists · "
                         f"{_links_of(summary.references)}")
    near = [m for m in summary.near if m.what not in ("template", "reference")]
    if near:
        lines += ["", f"**Near misses** · {len(near)}", ""]
        lines.extend(_md_near(m) for m in near[:10])
        if len(near) > 10:
            lines.append(f"- … and {len(near) - 10} more (run vaultgoals explain)")
    lines += ["", "Run `vaultgoals explain VAULT NOTE` to see why one note is read the way "
              "it is, or `vaultgoals explain VAULT NOTE:LINE` for one line."]
    # (a blank line after the begin marker and before the end marker: see DESIGN.md)
    return "\n" + "\n".join(lines) + "\n\n"


def _tried_md(summary: Summary) -> list[str]:
    out = [f"- {esc(TRIED.get(c, c))}" for c in summary.tried]
    if summary.off:
        out.append(f"- (turned off in .vaultgoals.yaml · {esc(', '.join(summary.off))})")
    return out


def _code(text: str) -> str:
    """A config line as a code span (escaped text if it cannot be one safely)."""
    if "`" in text or "%%" in text or "\n" in text:
        return esc(text)
    return f"`{text}`"


def _links_of(paths: tuple[str, ...]) -> str:
    shown = ", ".join(link(p) for p in paths[:MAX_LINKS])
    return shown + (f" and {len(paths) - MAX_LINKS} more" if len(paths) > MAX_LINKS else "")


def explain_note_text(region: str) -> str:
    """A new "How vaultgoals reads this vault" note: a title, a line for the user, the
    region (`region`: its rendered text, markers included)."""
    return ("# How vaultgoals reads this vault\n\n"
            "Which notes vaultgoals reads as goals, milestones and commitments, and why. "
            "The text between the vaultgoals markers is kept current; write anywhere "
            "else.\n\n" + region)


def no_goals_markdown(summary: Summary, note: str = "") -> str:
    """"No goals found" for the review: what was tried, the closest near misses, the
    config line that would include them (`note`: the explain note's path, linked)."""
    lines = ["No goals found. vaultgoals looked for", "", *_tried_md(summary)]
    if summary.near:
        lines += ["", "Closest near misses", ""]
        lines.extend(_md_near(m) for m in summary.near[:5])
    fix = best_fix(summary.near)
    if fix is not None:
        lines += ["", f"To include them, add this line to .vaultgoals.yaml · {_code(fix)}"]
    if note:
        lines += ["", f"More in {link(note)}."]
    return "\n".join(lines)
