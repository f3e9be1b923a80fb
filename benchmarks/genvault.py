"""Generate a realistic, seeded Obsidian vault for benchmarks.

    python benchmarks/genvault.py OUT --notes 10000 --seed 1 [--end 2026-11-20]

The same (notes, seed, end) always gives the same bytes. The shape is documented in
docs/benchmarks.md; in short: frontmatter on most notes (~0.5 % broken YAML), 500-1,000 daily
notes over several years, 10-30 % of notes with tasks (nested lists, callouts, fake tasks in
code blocks and comments, emoji and Dataview fields), 30-100 goal notes with milestones and
commitments, and three pathological notes (5 MB, 50,000 tasks, not UTF-8).

`ensure_vault(notes, seed)` is what the runner uses: it caches vaults under
`benchmarks/.vaults/<size>-<seed>/` and reuses them. A manifest `.genvault.json` (a dot-file,
so no note reader sees it) records the parameters and what was generated.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

GENERATOR_VERSION = 1
MANIFEST = ".genvault.json"
KEY = ".genvault-tasks.json"  # how many tasks each note has, as Obsidian would count them
HERE = Path(__file__).resolve().parent
CACHE = HERE / ".vaults"
DEFAULT_END = date(2026, 11, 20)

BIG_NOTE_BYTES = 5 * 1024 * 1024
HUGE_TASKS = 50_000


def _words(text: str) -> list[str]:
    return text.split()


WORDS = _words(
    "the of and to in is for on that with as it be at by this from or have an are not but was "
    "we you all can will one about more when if up out so what time there which do their "
    "some them other into than then now only its also after use two how our work first well "
    "way even new want because any these give day most us idea plan note draft review week "
    "month year project team meeting call email doc spec design build test ship release bug "
    "fix issue feature client server api data model query index cache graph chart report "
    "budget invoice tax bank rent grocery recipe garden bike run gym yoga sleep walk read "
    "book chapter article paper podcast video course lesson exercise practice language word "
    "grammar travel flight hotel train visa passport trip museum coffee lunch dinner friend "
    "family birthday gift card letter phone laptop backup server deploy config script shell "
    "python rust sql docker kubernetes linux terminal editor vim obsidian markdown plugin "
    "template vault sync folder file link tag task habit goal milestone focus energy mood "
    "journal reflection gratitude lesson mistake learning question answer summary outline "
    "quarterly roadmap metric target progress blocker risk decision tradeoff estimate "
    "interview hiring onboarding mentor feedback career promotion salary contract lawyer "
    "doctor dentist insurance car repair kitchen bathroom paint furniture move apartment "
    "weather rain sun snow autumn spring summer winter morning evening night weekend "
    "quickly slowly carefully finally maybe probably really very still again later soon "
    "café naïve résumé über façade jalapeño smörgåsbord straße"
)
WORDS_CAP = [w.capitalize() for w in WORDS if w.isalpha() and len(w) > 3]

FIRST = _words("Aisha Ben Carla Daniel Elena Farid Grace Hiro Ines Jonas Kim Lena Marcus Mei Nora "
         "Omar Priya Quinn Rosa Sam Tom Uma Victor Wen Yara Zoe José Chloé Søren")
LAST = _words("Rahman Okafor Rossi Ortiz Weber Lee Chen Patel Becker Kim Novak Silva Haddad Tanaka "
        "Müller Dubois Larsen Costa Nguyen Kowalski Brennan Ahmed García Fischer")

FOLDERS = (
    "Projects", "Projects/Work", "Projects/Side", "Areas", "Areas/Health", "Areas/Finance",
    "Areas/Home", "Resources", "Resources/Programming", "Resources/Recipes", "Resources/Books",
    "Inbox", "Meetings", "Zettel", "Zettel/Ideas", "Archive/2022", "Archive/2023",
    "Archive/2024", "Clippings", "Work/1-1s", "Work/Planning", "",
)
TAGS = (
    "project", "project/alpha", "project/beta", "project/home-move", "area/health",
    "area/finance", "area/career", "reading", "book", "idea", "todo", "waiting", "someday",
    "meeting", "1on1", "person", "recipe", "travel", "learning", "learning/python",
    "learning/spanish", "writing", "blog", "review", "inbox", "evergreen", "seedling",
    "status/active", "status/done", "type/note", "priority/high", "café", "work", "home",
    "errand", "call", "deep-work", "admin", "health/run", "health/sleep", "finance/tax",
)
STATUSES = [" "] * 55 + ["x"] * 34 + ["X", "/", "/", "/", "/", "-", "-", "-", ">", "?"]
PRIORITY_EMOJI = ("⏫", "🔼", "🔽", "🔺", "⏬")
HEADINGS = ("Tasks", "Todo", "Next actions", "Notes", "Log", "Ideas", "Questions", "Summary",
            "References", "Open loops", "Waiting for", "Plan", "Details", "Follow-ups")
TASK_HEADINGS = ("Tasks", "Todo", "Next actions", "Open loops", "Follow-ups", "Action items")
CALLOUTS = ("todo", "note", "tip", "warning", "info", "question", "example", "abstract")
CODE_LANGS = ("", "markdown", "md", "python", "bash", "yaml", "text")


@dataclass
class Goal:
    title: str
    slug: str
    path: str
    tag: str
    status: str = "active"


@dataclass
class Stats:
    notes: int = 0
    bytes: int = 0
    tasks: int = 0  # real tasks, as Obsidian sees them
    fake_tasks: int = 0  # task-looking lines in code blocks and comments
    notes_with_tasks: int = 0
    frontmatter: int = 0
    broken_yaml: int = 0
    daily: int = 0
    goals: int = 0
    milestone_notes: int = 0
    commitments: int = 0
    max_depth: int = 0
    attachments: int = 0
    per_folder: dict[str, int] = field(default_factory=dict)


def _clamp(x: int, lo: int, hi: int) -> int:
    return max(lo, min(hi, x))


class Gen:
    """One vault's generator. Every random choice comes from `self.rng`, in a fixed order."""

    def __init__(self, out: Path, notes: int, seed: int, end: date) -> None:
        if notes < 200:
            raise ValueError("--notes must be at least 200")
        self.out = out
        self.n = notes
        self.seed = seed
        self.rng = random.Random(f"vaultgoals-bench-{seed}")
        self.end = end
        self.start = end - timedelta(days=4 * 365)
        self.stats = Stats()
        self.names: list[str] = []  # every note name (for links)
        self.people: list[str] = []
        self.goals: list[Goal] = []
        self.commit_tags: list[str] = []
        self.edit_target = ""
        self.key: dict[str, int] = {}  # the answer key: tasks per note (notes with tasks)

    # small pieces ------------------------------------------------------------------------

    def rand_date(self, lo: date | None = None, hi: date | None = None) -> date:
        lo = lo or self.start
        hi = hi or self.end
        return date.fromordinal(self.rng.randint(lo.toordinal(), hi.toordinal()))

    def title(self, lo: int = 2, hi: int = 5) -> str:
        r = self.rng
        words = r.choices(WORDS, k=r.randint(lo, hi))
        t = " ".join(words)
        t = t[0].upper() + t[1:]
        roll = r.random()
        if roll < 0.05:
            t += f" {r.randint(2019, 2026)}"
        elif roll < 0.07:
            t += " (draft)"
        elif roll < 0.08:
            t = "Q&A - " + t
        elif roll < 0.09:
            t += " — notes"
        return t

    def link(self) -> str:
        r = self.rng
        roll = r.random()
        if roll < 0.25 and self.people:
            target = r.choice(self.people)
        elif roll < 0.93:
            target = r.choice(self.names) if self.names else "Home"
        else:
            target = self.title(1, 3)  # unresolved link
        kind = r.random()
        if kind < 0.70:
            return f"[[{target}]]"
        if kind < 0.80:
            return f"[[{target}|{r.choice(WORDS)}]]"
        if kind < 0.87:
            return f"[[{target}#{r.choice(HEADINGS)}]]"
        if kind < 0.92:
            return f"![[{target}]]"
        if kind < 0.96:
            return f"[{r.choice(WORDS)}]({target.replace(' ', '%20')}.md)"
        return f"[{r.choice(WORDS)}](https://example.com/{r.choice(WORDS)}#section)"

    def tag(self) -> str:
        return "#" + self.rng.choice(TAGS)

    def goal_ref(self) -> str:
        """Something in a line that ties it to a goal (tag, link, alias or inline field)."""
        r = self.rng
        g = r.choice(self.goals)
        roll = r.random()
        if roll < 0.55:
            sub = f"/{r.choice(WORDS_CAP).lower()}" if r.random() < 0.1 else ""
            return f"#{g.tag}{sub}"
        if roll < 0.85:
            return f"[[{g.title}]]"
        if roll < 0.92:
            return f"[[{g.title}|{r.choice(WORDS)}]]"
        if roll < 0.96:
            return f"[goal:: [[{g.title}]]]"
        return f"(goal:: [[{g.title}]])"

    def sentence(self, lo: int = 8, hi: int = 30, links: float = 0.3, tags: float = 0.15) -> str:
        r = self.rng
        words = r.choices(WORDS, k=r.randint(lo, hi))
        words[0] = words[0].capitalize()
        if r.random() < links:
            words.insert(r.randrange(len(words)), self.link())
        if r.random() < tags:
            words.insert(r.randrange(len(words)), self.tag())
        roll = r.random()
        if roll < 0.03:
            words.append("C# and F# are not tags, nor is #123 or issue #42")
        elif roll < 0.06:
            words.append("**" + r.choice(WORDS) + "**")
        elif roll < 0.08:
            words.append("`code - [ ] inline`")
        return " ".join(words) + r.choice((".", ".", ".", "!", "?", ":"))

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(1, 4)))

    def task_text(self, status: str, goal_p: float, when: date | None = None) -> str:
        r = self.rng
        parts = [self.sentence(3, 10, links=0.15, tags=0.1)[:-1]]
        if self.goals and r.random() < goal_p:
            parts.append(self.goal_ref())
        elif self.commit_tags and r.random() < 0.02:
            parts.append("#" + r.choice(self.commit_tags))
        dataview = r.random() < 0.1
        if r.random() < 0.1:
            if dataview:
                parts.append(f"[priority:: {r.choice(('high', 'medium', 'low'))}]")
            else:
                parts.append(r.choice(PRIORITY_EMOJI))
        if r.random() < 0.1:
            c = self.rand_date(hi=when)
            parts.append(f"[created:: {c}]" if dataview else f"➕ {c}")
        if r.random() < 0.05:
            parts.append(f"🛫 {self.rand_date()}")
        if r.random() < 0.1:
            parts.append(f"⏳ {self.rand_date()}")
        if r.random() < 0.3:
            d = self.rand_date(hi=self.end + timedelta(days=120))
            parts.append(f"[due:: {d}]" if dataview else f"📅 {d}")
        if r.random() < 0.03:
            parts.append("🔁 every " + r.choice(("week", "day", "month", "2 weeks")))
        if r.random() < 0.01:
            parts.append(f"🆔 {r.randrange(16**6):06x}")
        if r.random() < 0.01:
            parts.append(f"⛔ {r.randrange(16**6):06x}")
        if status in "xX" and r.random() < 0.8:
            d = when or self.rand_date()
            parts.append(f"[completion:: {d}]" if dataview else f"✅ {d}")
        if status == "-" and r.random() < 0.5:
            parts.append(f"❌ {when or self.rand_date()}")
        if r.random() < 0.02:
            parts.append(f"^{r.randrange(36**6):x}")
        return " ".join(parts)

    def list_block(
        self,
        n_items: int,
        task_p: float,
        goal_p: float = 0.15,
        indent: str = "    ",
        prefix: str = "",
        when: date | None = None,
        max_depth: int | None = None,
        real: bool = True,
    ) -> list[str]:
        """A list of `n_items` items nested 1-5 levels deep; `task_p` of them are tasks."""
        r = self.rng
        if max_depth is None:
            max_depth = r.choice((1, 2, 2, 3, 3, 4, 5))
        # (an ordered list only while its markers stay narrow: a child line needs at least
        # the marker's width + 1 of indentation, which `100. ` would not get from 4 spaces)
        ordered = indent != "  " and n_items <= 9 and r.random() < 0.1
        bullet = r.choice(("-", "-", "-", "-", "*", "+"))
        lines: list[str] = []
        depth = 0
        counters = [0] * 8
        for i in range(n_items):
            if i and depth < max_depth - 1 and r.random() < 0.35:
                depth += 1
                counters[depth] = 0
            elif depth and r.random() < 0.3:
                depth = r.randint(0, depth - 1)
            counters[depth] += 1
            marker = f"{counters[0]}{r.choice('..)')}" if ordered and depth == 0 else bullet
            if r.random() < task_p:
                status = r.choice(STATUSES)
                body = f"[{status}] {self.task_text(status, goal_p, when)}"
                if real:
                    self.stats.tasks += 1
                    self.stats.max_depth = max(self.stats.max_depth, depth + 1)
                else:
                    self.stats.fake_tasks += 1
            else:
                body = self.sentence(3, 14, links=0.25, tags=0.1)
            lines.append(f"{prefix}{indent * depth}{marker} {body}")
        return lines

    # note bodies -------------------------------------------------------------------------

    def frontmatter(self, fields: list[str]) -> str:
        return "---\n" + "\n".join(fields) + "\n---\n"

    def common_fields(self, created: date) -> list[str]:
        r = self.rng
        out = [f"created: {created}"]
        if r.random() < 0.5:
            upd = self.rand_date(lo=created)
            out.append(f"updated: {upd}T{r.randint(0, 23):02d}:{r.randint(0, 59):02d}")
        if r.random() < 0.7:
            tags = r.sample(TAGS, r.randint(1, 4))
            form = r.random()
            if form < 0.5:
                out.append(f"tags: [{', '.join(tags)}]")
            elif form < 0.85:
                out.append("tags:\n" + "\n".join(f"  - {t}" for t in tags))
            elif form < 0.95:
                out.append(f"tags: {', '.join(tags)}")
            else:
                out.append(f"tags: #{tags[0]}")  # a YAML comment: loads as None
        if r.random() < 0.2:
            out.append(f"aliases: [{self.title(1, 3)}]")
        if r.random() < 0.1:
            out.append(f"status: {r.choice(('draft', 'active', 'done', 'evergreen'))}")
        if r.random() < 0.05:
            out.append(f"related: [[{r.choice(self.names) if self.names else 'Home'}]]")
        if r.random() < 0.03:
            out.append(f"time: {r.randint(7, 20)}:{r.choice(('00', '15', '30', '45'))}")
        if r.random() < 0.03:
            out.append(f"publish: {r.choice(('yes', 'no', 'true', 'NO'))}")
        if r.random() < 0.03:
            out.append(f"rating: {r.randint(1, 5)}")
        if r.random() < 0.02:
            out.append(f"cssclasses: [{r.choice(WORDS)}]")
        return out

    def broken_frontmatter(self) -> str:
        r = self.rng
        self.stats.broken_yaml += 1
        kind = r.randrange(5)
        if kind == 0:
            tags = f"{r.choice(TAGS)}, {r.choice(TAGS)}"
            return f"---\ntags: [{tags}\ncreated: {self.rand_date()}\n---\n"
        if kind == 1:
            return f'---\ntitle: "{self.title()}\ncreated: {self.rand_date()}\n---\n'
        if kind == 2:
            return f"---\nsource: {r.choice(WORDS)}: {r.choice(WORDS)}: x\n---\n"
        if kind == 3:
            return f"---\ncreated: {self.rand_date()}\n\tstatus: draft\n---\n"
        return f"---\ncreated: {self.rand_date()}\ntags: [a, b]\n"  # never closed

    def regular_body(self, name: str, created: date, task_note: bool) -> str:
        r = self.rng
        out: list[str] = []
        if r.random() < 0.005:
            out.append(self.broken_frontmatter())
        elif r.random() < 0.85:
            self.stats.frontmatter += 1
            out.append(self.frontmatter(self.common_fields(created)))
        if r.random() < 0.6:
            out.append(f"# {name}\n")
        indent = r.choice(("    ", "    ", "    ", "    ", "\t", "\t", "  "))
        if task_note:
            roll = r.random()
            if roll < 0.70:
                n_tasks = r.randint(1, 8)
            elif roll < 0.95:
                n_tasks = r.randint(9, 20)
            elif roll < 0.99:
                n_tasks = r.randint(21, 80)
            else:
                n_tasks = r.randint(100, 500)
        else:
            n_tasks = 0
        sections = r.randint(1, 6) if n_tasks < 100 else max(3, n_tasks // 40)
        task_sections = sorted(r.sample(range(sections), min(sections, r.randint(1, 3))))
        remaining = n_tasks
        for s in range(sections):
            if s or r.random() < 0.7:
                level = r.choice(("##", "##", "##", "###", "####"))
                if n_tasks and s in task_sections:
                    out.append(f"{level} {r.choice(TASK_HEADINGS)}\n")
                else:
                    out.append(f"{level} {r.choice(HEADINGS)}\n")
            for _ in range(r.randint(0, 3)):
                out.append(self.paragraph() + "\n")
            if remaining and s in task_sections:
                last = s == task_sections[-1]
                chunk = remaining if last else r.randint(1, remaining)
                remaining -= chunk
                # tasks in a list, some of its items plain bullets
                items = chunk + r.randint(0, chunk // 3)
                lines = self._exact_tasks(items, chunk, indent)
                if r.random() < 0.12:  # a callout holding them (sometimes one inside another)
                    head = [f"> [!{r.choice(CALLOUTS)}] {self.title(1, 3)}"]
                    quote = "> "
                    if r.random() < 0.2:
                        head.append(f"> > [!todo] {self.title(1, 3)}")
                        quote = "> > "
                    out.append("\n".join([*head, *(quote + ln for ln in lines)]) + "\n")
                else:
                    out.append("\n".join(lines) + "\n")
            elif r.random() < 0.4:
                out.append("\n".join(self.list_block(r.randint(1, 10), 0.0, indent=indent)) + "\n")
            if r.random() < 0.06:
                out.append(self.fake_block())
            if r.random() < 0.05:
                out.append(self.comment_block())
            if r.random() < 0.04:
                out.append(self.table())
            if r.random() < 0.08:
                out.append("\n".join(f"{r.choice(WORDS).capitalize()}:: {self._field_value()}"
                                     for _ in range(r.randint(1, 4))) + "\n")
            if r.random() < 0.03:
                out.append(f"![[{r.choice(WORDS)}-{r.randint(1, 99)}.png]]\n")
        return "\n".join(out)

    def _field_value(self) -> str:
        r = self.rng
        roll = r.random()
        if roll < 0.3:
            return str(self.rand_date())
        if roll < 0.6:
            return self.link()
        if roll < 0.8:
            return str(r.randint(1, 10))
        return " ".join(r.choices(WORDS, k=3))

    def _exact_tasks(self, items: int, tasks: int, indent: str) -> list[str]:
        """A list block with exactly `tasks` task items among `items` items."""
        before = self.stats.tasks
        lines = self.list_block(items, tasks / items, indent=indent)
        made = self.stats.tasks - before
        r = self.rng
        while made < tasks:  # top up (deterministically) to the exact count
            status = r.choice(STATUSES)
            lines.append(f"- [{status}] {self.task_text(status, 0.15)}")
            self.stats.tasks += 1
            made += 1
        return lines

    def fake_block(self) -> str:
        """A fenced code block whose task lines are not tasks."""
        r = self.rng
        fence = r.choice(("```", "```", "~~~", "````"))
        lang = r.choice(CODE_LANGS)
        roll = r.random()
        if roll < 0.15:
            body = ["TASK FROM #project", "WHERE !completed", "SORT due ASC"]
            lang = "dataview"
        elif roll < 0.3:
            body = ["not done", "due before tomorrow", "group by filename"]
            lang = "tasks"
        else:
            body = self.list_block(r.randint(2, 8), 0.7, real=False)
            if lang == "python":
                body = [f"# {ln}" for ln in body] + ["print('- [ ] not a task')"]
        if r.random() < 0.1:  # a fence inside a callout
            return "\n".join(f"> {ln}" for ln in [f"{fence}{lang}", *body, fence]) + "\n"
        return "\n".join([f"{fence}{lang}", *body, fence]) + "\n"

    def comment_block(self) -> str:
        r = self.rng
        roll = r.random()
        if roll < 0.5:
            body = self.list_block(r.randint(1, 5), 0.8, real=False)
            return "%%\n" + "\n".join(body) + "\n%%\n"
        if roll < 0.8:
            self.stats.fake_tasks += 1
            return f"%% - [ ] {self.sentence(3, 8, 0, 0)} %%\n"
        body = self.list_block(r.randint(1, 3), 0.8, real=False)
        return "<!--\n" + "\n".join(body) + "\n-->\n"

    def table(self) -> str:
        r = self.rng
        cols = r.randint(2, 5)
        rows = [
            "| " + " | ".join(r.choice(WORDS).capitalize() for _ in range(cols)) + " |",
            "|" + "---|" * cols,
        ]
        for _ in range(r.randint(2, 12)):
            rows.append("| " + " | ".join(
                self.link() if r.random() < 0.1 else r.choice(WORDS) for _ in range(cols)) + " |")
        return "\n".join(rows) + "\n"

    def daily_body(self, day: date) -> str:
        r = self.rng
        out: list[str] = []
        if r.random() < 0.005:
            out.append(self.broken_frontmatter())
        elif r.random() < 0.7:
            self.stats.frontmatter += 1
            fields = [f"date: {day}", "tags: [daily]"]
            if r.random() < 0.3:
                fields.append(f"mood: {r.randint(1, 5)}")
            if r.random() < 0.2:
                fields.append(f"sleep: {r.randint(5, 9)}.{r.randint(0, 9)}")
            out.append(self.frontmatter(fields))
        out.append(f"# {day:%A, %d %B %Y}\n")
        recent = (self.end - day).days < 21
        if recent or r.random() < 0.4:
            out.append("## Tasks\n")
            n = r.randint(1, 12)
            lines = []
            for _ in range(n):
                status = r.choice(STATUSES)
                text = self.task_text(status, 0.45 if recent else 0.3, day)
                if self.commit_tags and r.random() < 0.08:
                    text += f" #{r.choice(self.commit_tags)} [[{r.choice(self.people)}]]"
                lines.append(f"- [{status}] {text}")
                self.stats.tasks += 1
                if r.random() < 0.15:
                    sub = r.choice(STATUSES)
                    lines.append(f"    - [{sub}] {self.task_text(sub, 0.0, day)}")
                    self.stats.tasks += 1
            out.append("\n".join(lines) + "\n")
        if r.random() < 0.7:
            out.append("## Notes\n")
            out.append("\n".join(self.list_block(r.randint(1, 6), 0.0)) + "\n")
        if r.random() < 0.4:
            out.append("## Log\n")
            out.append(self.paragraph() + "\n")
        if r.random() < 0.05:
            out.append(self.fake_block())
        return "\n".join(out)

    def goal_body(self, g: Goal, i: int, visions: list[str]) -> str:
        r = self.rng
        created = self.rand_date(hi=self.end - timedelta(days=30))
        start = created + timedelta(days=r.randint(0, 20))
        roll = r.random()
        fields = []
        if roll < 0.8:
            fields.append("type: goal")
        elif roll < 0.9:
            fields.append("fileClass: goal")
        else:
            fields.append("tags: [goal, " + r.choice(TAGS) + "]")
        if r.random() < 0.3:
            fields.append(f"title: {g.title}")
        status = r.choices(("active", "paused", "done", "dropped"), (75, 10, 10, 5))[0]
        g.status = status
        if status != "active" or r.random() < 0.3:
            fields.append(f"status: {status}")
        fields.append(f"start: {start}")
        if r.random() < 0.7:
            due = self.rand_date(lo=start, hi=self.end + timedelta(days=400))
            fields.append(f"deadline: {due}")
        else:
            fields.append(f"deadline: {r.choice(('6 months', '12 weeks', '90 days', '1 year'))}")
        fields.append(f"created: {created}")
        fields.append(f"tag: {g.tag}")
        fields.append(f'parent: "[[{r.choice(visions)}]]"')
        if status == "done":
            fields.append(f"completed: {self.rand_date(lo=start)}")
        if r.random() < 0.3:
            fields.append(f'skills: ["[[{r.choice(WORDS_CAP)}]]", "[[{r.choice(WORDS_CAP)}]]"]')
        if r.random() < 0.15:
            target = r.randint(5, 50)
            fields.append(f"target: {target}\nunit: {r.choice(('articles', 'books', 'km'))}\n"
                          f"progress: {r.randint(0, target)}")
        if r.random() < 0.2:
            fields.append(f"aliases: [{g.slug.replace('-', ' ')}]")
        self.stats.frontmatter += 1
        out = [self.frontmatter(fields), f"# {g.title}\n", self.paragraph() + "\n",
               "## Milestones\n"]
        lines = []
        for _ in range(r.randint(2, 8)):
            status = r.choice(("x", " ", " ", "x", "/"))
            extra = " #milestone" if r.random() < 0.05 else ""
            lines.append(f"- [{status}] {self.title(2, 6)}{extra} "
                         f"{'✅ ' + str(self.rand_date(lo=start)) if status == 'x' else '📅 ' + str(self.rand_date(lo=start, hi=self.end + timedelta(days=300)))}")  # noqa: E501
            self.stats.tasks += 1
            for _ in range(r.choice((0, 0, 1, 2, 3, 5))):
                st = r.choice(STATUSES)
                lines.append(f"    - [{st}] {self.task_text(st, 0.0)}")
                self.stats.tasks += 1
        out.append("\n".join(lines) + "\n")
        out.append("## Notes\n")
        out.append("\n".join(self.list_block(r.randint(2, 10), 0.4, goal_p=0.0)) + "\n")
        if i % 7 == 0:  # an inline goal with steps
            out.append("## Side quests\n")
            out.append(f"- [ ] {self.title(3, 6)} #goal 📅 {self.rand_date(lo=self.end)}\n"
                       f"    - [x] {self.title(2, 5)} ✅ {self.rand_date()}\n"
                       f"    - [ ] {self.title(2, 5)}\n")
            self.stats.tasks += 3
        return "\n".join(out)

    def milestone_body(self, parent: Goal) -> str:
        r = self.rng
        fields = ["type: milestone", f'parent: "[[{parent.title}]]"',
                  f"deadline: {self.rand_date(lo=self.end - timedelta(days=60), hi=self.end + timedelta(days=200))}",  # noqa: E501
                  f"created: {self.rand_date(hi=self.end - timedelta(days=60))}"]
        if r.random() < 0.4:
            fields.append(f"weight: {r.randint(1, 3)}")
        if r.random() < 0.2:
            fields.append("status: done")
        self.stats.frontmatter += 1
        lines = []
        for _ in range(r.randint(2, 10)):
            st = r.choice(STATUSES)
            lines.append(f"- [{st}] {self.task_text(st, 0.0)}")
            self.stats.tasks += 1
        return "\n".join([self.frontmatter(fields), self.paragraph() + "\n", *lines]) + "\n"

    def commitment_body(self, tag: str, i: int) -> str:
        r = self.rng
        every = ("week", "month", "week")[i % 3]
        fields = ["type: commitment", f"every: {every}", f"quota: {r.randint(1, 3)}",
                  f"tag: {tag}", f"created: {self.rand_date(hi=self.end - timedelta(days=200))}"]
        if i == 1:
            fields.append("count: new-links")
        self.stats.frontmatter += 1
        return self.frontmatter(fields) + "\n" + self.paragraph() + "\n"

    # the pathological three --------------------------------------------------------------

    def big_note(self) -> bytes:
        r = self.rng
        parts = [self.frontmatter(["source: https://example.com/export", "tags: [clipping]"]),
                 "# Web clippings export\n"]
        size = sum(len(p) for p in parts)
        while size < BIG_NOTE_BYTES:
            roll = r.random()
            if roll < 0.05:
                chunk = f"## {self.title()}\n"
            elif roll < 0.08:
                chunk = self.table()
            elif roll < 0.12:
                chunk = "\n".join(self.list_block(r.randint(2, 12), 0.05)) + "\n"
            elif roll < 0.13:
                chunk = self.fake_block()
            else:
                chunk = self.paragraph() + "\n"
            parts.append(chunk)
            size += len(chunk.encode("utf-8"))
        return "\n".join(parts).encode("utf-8")

    def huge_task_note(self) -> bytes:
        r = self.rng
        lines = [self.frontmatter(["source: todoist export", "tags: [inbox, import]"]),
                 "# Imported from Todoist\n"]
        made = 0
        while made < HUGE_TASKS:
            lines.append(f"\n## {self.title(1, 3)}\n")
            depth = 0
            for i in range(min(r.randint(50, 400), HUGE_TASKS - made)):
                if i and depth < 3 and r.random() < 0.2:
                    depth += 1
                elif depth and r.random() < 0.3:
                    depth -= 1
                status = r.choice(STATUSES)
                extra = ""
                if r.random() < 0.3:
                    extra = f" 📅 {self.rand_date(hi=self.end + timedelta(days=60))}"
                elif status in "xX":
                    extra = f" ✅ {self.rand_date()}"
                if self.goals and r.random() < 0.02:
                    extra += " " + self.goal_ref()
                lines.append(f"{'    ' * depth}- [{status}] {' '.join(r.choices(WORDS, k=r.randint(2, 8)))}{extra}")  # noqa: E501
                made += 1
        self.stats.tasks += made
        return ("\n".join(lines) + "\n").encode("utf-8")

    def latin1_note(self) -> bytes:
        text = ("---\ncreated: 2019-05-04\ntags: [legacy]\n---\n# Alte Notizen\n\n"
                "Résumé für das Café – “Grüße” aus Zürich, naïve façade. Ça coûte 5 €.\n\n"
                "- [ ] Überweisung prüfen 📅 2026-12-01\n"
                "- [x] Steuererklärung abgeben\n"
                "- [ ] Señor García anrufen [[Inbox]]\n")
        self.stats.tasks += 3
        return text.replace("📅", "due").encode("cp1252", errors="replace")

    # the whole vault ---------------------------------------------------------------------

    def plan_counts(self) -> dict[str, int]:
        n = self.n
        goals = _clamp(n // 150, 30, 100)
        milestones = max(3, goals // 8)
        commitments = 3 if n >= 5000 else 2
        visions = 2
        daily = min(_clamp(n // 10, 500, 1000), n // 2)
        people = max(10, n // 40)
        special = 3
        regular = n - goals - milestones - commitments - visions - daily - people - special
        if regular < 10:
            raise ValueError("--notes too small for the vault's fixed parts")
        return {"goals": goals, "milestones": milestones, "commitments": commitments,
                "visions": visions, "daily": daily, "people": people, "regular": regular}

    def generate(self) -> dict[str, object]:
        r = self.rng
        counts = self.plan_counts()
        files: list[tuple[str, tuple[object, ...]]] = []  # (path, what to render)
        used: dict[str, int] = {}

        def unique(folder: str, name: str) -> str:
            base, key = name, name.lower()
            while key in used:
                used[base.lower()] += 1
                name = f"{base} {used[base.lower()]}"
                key = name.lower()
            used[key] = 1
            rel = f"{folder}/{name}.md" if folder else f"{name}.md"
            self.names.append(name)
            return rel

        visions = ["Vision", "Vision 2030"]
        for v in visions:
            files.append((unique("", v), ("vision", v)))
        for i in range(counts["goals"]):
            title = self.title(3, 6).rstrip(".")
            slug = "-".join(title.lower().split()[:3])
            slug = "".join(c for c in slug if c.isalnum() or c == "-") or f"g{i}"
            slug = f"{slug}-{i}"
            rel = unique("Goals", title)
            g = Goal(title=rel.rsplit("/", 1)[1][:-3], slug=slug, path=rel, tag=f"goal/{slug}")
            self.goals.append(g)
            files.append((rel, ("goal", i)))
        for i in range(counts["milestones"]):
            parent = self.goals[i % len(self.goals)]
            files.append((unique("Goals/Milestones", self.title(2, 5)), ("milestone", parent)))
        for i in range(counts["commitments"]):
            tag = ("habit/exercise", "networking", "habit/writing")[i]
            self.commit_tags.append(tag)
            name = ("Exercise three times a week", "Meet new people", "Write every week")[i]
            files.append((unique("Commitments", name), ("commitment", tag, i)))
        for _ in range(counts["people"]):
            name = f"{r.choice(FIRST)} {r.choice(LAST)}"
            rel = unique("People", name)
            self.people.append(rel.rsplit("/", 1)[1][:-3])
            files.append((rel, ("person",)))
        # daily notes: `daily` distinct days over ~4 years, always including `end`
        span = (self.end - self.start).days
        days = [*sorted(r.sample(range(span), counts["daily"] - 1)), span]
        for d in days:
            day = self.start + timedelta(days=d)
            files.append((unique("Daily", day.isoformat()), ("daily", day)))
        self.edit_target = f"Daily/{self.end.isoformat()}.md"
        n_regular = counts["regular"]
        task_share = 0.15
        for _ in range(n_regular):
            folder = r.choice(FOLDERS)
            files.append((unique(folder, self.title()), ("regular", r.random() < task_share)))
        specials = [
            (unique("Clippings", "Web clippings export"), ("big",)),
            (unique("Inbox", "Imported from Todoist"), ("huge",)),
            (unique("Archive/2022", "Alte Notizen (cp1252)"), ("latin1",)),
        ]
        files.extend(specials)

        self.out.mkdir(parents=True, exist_ok=True)
        obs = self.out / ".obsidian"
        obs.mkdir(exist_ok=True)
        (obs / "daily-notes.json").write_text(
            json.dumps({"folder": "Daily", "format": "YYYY-MM-DD"}) + "\n", encoding="utf-8")
        (obs / "app.json").write_text('{"alwaysUpdateLinks": true}\n', encoding="utf-8")
        made_dirs: set[str] = set()
        for rel, spec in files:
            before = self.stats.tasks
            data = self.render(rel, spec, visions)
            if self.stats.tasks > before:
                self.key[rel] = self.stats.tasks - before
            folder = rel.rsplit("/", 1)[0] if "/" in rel else ""
            if folder not in made_dirs:
                (self.out / folder).mkdir(parents=True, exist_ok=True)
                made_dirs.add(folder)
            with open(self.out / rel, "wb") as fh:
                fh.write(data)
            self.stats.notes += 1
            self.stats.bytes += len(data)
            top = rel.split("/", 1)[0] if "/" in rel else "(root)"
            self.stats.per_folder[top] = self.stats.per_folder.get(top, 0) + 1
        # a few attachments, which no note reader should open
        att = self.out / "Attachments"
        att.mkdir(exist_ok=True)
        for i in range(max(5, self.n // 1000)):
            (att / f"image-{i}.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
            self.stats.attachments += 1
        (self.out / "Board.canvas").write_text('{"nodes":[],"edges":[]}\n', encoding="utf-8")
        return self.manifest()

    def render(self, rel: str, spec: tuple[object, ...], visions: list[str]) -> bytes:
        r = self.rng
        kind = spec[0]
        name = rel.rsplit("/", 1)[-1][:-3]
        before = self.stats.tasks
        text: str
        if kind == "vision":
            self.stats.frontmatter += 1
            text = self.frontmatter(["type: vision", f"title: {name}"]) + self.paragraph() + "\n"
        elif kind == "goal":
            assert isinstance(spec[1], int)
            self.stats.goals += 1
            text = self.goal_body(self.goals[spec[1]], spec[1], visions)
        elif kind == "milestone":
            assert isinstance(spec[1], Goal)
            self.stats.milestone_notes += 1
            text = self.milestone_body(spec[1])
        elif kind == "commitment":
            assert isinstance(spec[1], str) and isinstance(spec[2], int)
            self.stats.commitments += 1
            text = self.commitment_body(spec[1], spec[2])
        elif kind == "person":
            self.stats.frontmatter += 1
            fields = ["type: person", "tags: [person]"]
            if r.random() < 0.5:
                fields.append(f"company: {r.choice(WORDS_CAP)}")
            text = self.frontmatter(fields) + f"# {name}\n\n" + self.paragraph() + "\n"
        elif kind == "daily":
            assert isinstance(spec[1], date)
            self.stats.daily += 1
            text = self.daily_body(spec[1])
        elif kind == "regular":
            text = self.regular_body(name, self.rand_date(), bool(spec[1]))
        elif kind == "big":
            data = self.big_note()
            self.stats.notes_with_tasks += self.stats.tasks > before
            return data
        elif kind == "huge":
            self.stats.notes_with_tasks += 1
            return self.huge_task_note()
        elif kind == "latin1":
            self.stats.notes_with_tasks += 1
            return self.latin1_note()
        else:
            raise AssertionError(kind)
        if self.stats.tasks > before:
            self.stats.notes_with_tasks += 1
        roll = r.random()
        if roll < 0.01:
            text = text.replace("\n", "\r\n")
        elif roll < 0.015:
            text = "\ufeff" + text
        return text.encode("utf-8")

    def manifest(self) -> dict[str, object]:
        s = self.stats
        active = next((g for g in self.goals if g.status == "active"), self.goals[0])
        return {
            "generator_version": GENERATOR_VERSION,
            "notes_requested": self.n,
            "seed": self.seed,
            "end": self.end.isoformat(),
            "notes": s.notes,
            "bytes": s.bytes,
            "tasks": s.tasks,
            "fake_tasks": s.fake_tasks,
            "notes_with_tasks": s.notes_with_tasks,
            "frontmatter": s.frontmatter,
            "broken_yaml": s.broken_yaml,
            "daily": s.daily,
            "goals": s.goals,
            "milestone_notes": s.milestone_notes,
            "commitments": s.commitments,
            "max_depth": s.max_depth,
            "attachments": s.attachments,
            "per_folder": dict(sorted(s.per_folder.items())),
            "edit_target": self.edit_target,
            "goal_tag": active.tag,
            "goal_title": active.title,
            "pathological": ["Clippings/Web clippings export.md",
                             "Inbox/Imported from Todoist.md",
                             "Archive/2022/Alte Notizen (cp1252).md"],
        }


def generate(out: Path, notes: int, seed: int, end: date = DEFAULT_END) -> dict[str, object]:
    """Write a vault into `out` (which must not exist or be empty); return its manifest."""
    gen = Gen(out, notes, seed, end)
    t0 = time.perf_counter()
    manifest = gen.generate()
    manifest["generate_seconds"] = round(time.perf_counter() - t0, 2)
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    (out / KEY).write_text(json.dumps(gen.key, indent=0, ensure_ascii=False) + "\n",
                           encoding="utf-8")
    return manifest


def parse_size(text: str) -> int:
    t = text.strip().lower().replace("_", "")
    if t.endswith("k"):
        return int(float(t[:-1]) * 1000)
    return int(t)


def size_label(notes: int) -> str:
    return f"{notes // 1000}k" if notes % 1000 == 0 else str(notes)


def read_manifest(path: Path) -> dict[str, object] | None:
    try:
        data = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def ensure_vault(notes: int, seed: int, end: date = DEFAULT_END,
                 cache: Path = CACHE) -> tuple[Path, dict[str, object]]:
    """The cached vault for (notes, seed), generated on first use."""
    path = cache / f"{size_label(notes)}-{seed}"
    m = read_manifest(path)
    if (m is not None and m.get("generator_version") == GENERATOR_VERSION
            and m.get("notes_requested") == notes and m.get("end") == end.isoformat()):
        return path, m
    tmp = cache / f".tmp-{size_label(notes)}-{seed}-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    manifest = generate(tmp, notes, seed, end)
    shutil.rmtree(path, ignore_errors=True)
    tmp.rename(path)
    return path, manifest


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("out", type=Path, help="folder to create (must not exist, or be empty)")
    p.add_argument("--notes", type=parse_size, default=10_000, help="e.g. 1000, 10k, 50k")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--end", type=date.fromisoformat, default=DEFAULT_END,
                   help="the latest date in the vault (the benchmark's --today)")
    args = p.parse_args(argv)
    if args.out.exists() and any(args.out.iterdir()):
        print(f"genvault: {args.out} exists and is not empty", file=sys.stderr)
        return 2
    try:
        manifest = generate(args.out, args.notes, args.seed, args.end)
    except ValueError as exc:
        print(f"genvault: {exc}", file=sys.stderr)
        return 2
    mb = float(str(manifest["bytes"])) / 1e6
    print(f"{manifest['notes']} notes, {mb:.1f} MB, {manifest['tasks']} tasks "
          f"in {manifest['generate_seconds']} s -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
