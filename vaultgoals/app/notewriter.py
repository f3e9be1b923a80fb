"""Writing the notes a pass planned: managed regions into notes that may hold the user's
text, and notes that are written once. Every write goes through `SafeWriter`; this adds
what a pass needs around it: the guard against generated text that reads as a task,
retries when the user saved meanwhile, and leaving alone a note caught in the middle of an
editor's save.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from vaultgoals.app.history import History
from vaultgoals.core.decisions import without_decisions
from vaultgoals.core.model import Problem
from vaultgoals.core.paths import UnsafePath
from vaultgoals.core.regions import looks_half_saved, render_region, update_regions
from vaultgoals.core.render.checklist import checklist_items
from vaultgoals.store.writer import SafeWriter, WriteResult

ATTEMPTS = 3
# A note left empty (or cut inside a region) for longer than this was not caught in the
# middle of a save: the user emptied it, and it is rebuilt.
SAVE_GAP_SECONDS = 60.0


@dataclass
class Outcome:
    results: list[WriteResult] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # kept edits, missing regions, …
    problems: list[Problem] = field(default_factory=list)
    review_path: str | None = None
    periodic_paths: list[str] = field(default_factory=list)  # the periodic reviews written
    celebrated: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[WriteResult]:
        return [r for r in self.results if r.status in ("error", "conflict")]

    @property
    def written(self) -> list[WriteResult]:
        return [r for r in self.results if r.status in ("written", "would-write")]


class NoteWriter:
    """The writes of one vault's passes (the watcher keeps one for weeks)."""

    def __init__(self, writer: SafeWriter, history: History) -> None:
        self.writer = writer
        self.history = history
        # whether a link target names a note of the vault, as of this pass (set by the job):
        # a region whose links alone were rewritten to such notes was renamed, not edited
        self.note_exists: Callable[[str], bool] | None = None
        self._verified: set[str] = set()  # generated texts that passed the guard
        # the notes written since `take_written` was last asked, with their sizes in bytes:
        # a pass that re-reads only these, unchanged, is the echo of its own writes
        self._written: dict[str, int] = {}

    def read(self, rel: str, out: Outcome) -> tuple[bytes | None, WriteResult | None]:
        """What a note holds now, or the error that stops us writing it (never raises)."""
        try:
            return self.writer.read_for_update(rel), None
        except (OSError, UnsafePath) as exc:
            message = (str(exc) if isinstance(exc, UnsafePath)
                       else f"{rel} cannot be read: {exc.strerror or exc}")
            result = WriteResult(rel, "error", message, "")
            out.results.append(result)
            return None, result

    def _guard(self, rel: str, texts: list[str], out: Outcome) -> bool:
        """Refuse generated text that would read as checklist items (see checklist_items).
        Texts already verified are remembered: a watcher regenerates mostly the same."""
        fresh = [t for t in texts if t not in self._verified]
        found = [item for text in fresh for item in checklist_items(text)]
        if not found:
            if len(self._verified) > 2000:
                self._verified.clear()
            self._verified.update(fresh)
        if found:
            out.problems.append(Problem(rel, 1, "vaultgoals refused to write generated text "
                                        f"that reads as a task ({found[0]}); please report"))
        return not found

    def write_regions(
        self,
        rel: str,
        regions: dict[str, str],
        template: Callable[[], str],
        out: Outcome,
        append_missing: bool | tuple[str, ...] = False,
        carry: Callable[[str, dict[str, str]], dict[str, str]] | None = None,
    ) -> WriteResult:
        """Regenerate `regions` of the note `rel` (a new note: `template()`). A region the
        note lacks is appended at its end when `append_missing` is True or names it.
        `carry(old text, regions)`: the regions to write into the note as it is read now
        (the answers the user ticked in it are carried over: core/decisions.py)."""
        result: WriteResult | None = None
        # (the answer lines of a reassessment prompt are the one checklist vaultgoals writes)
        if not self._guard(rel, [without_decisions(t) for t in regions.values()], out):
            return WriteResult(rel, "error", "generated text reads as a task", "")
        for _ in range(ATTEMPTS):
            old, failed = self.read(rel, out)
            if failed is not None:
                return failed
            held = self.being_saved(rel, old)
            if held is not None:
                out.results.append(held)
                return held
            if old is None or not old.strip():
                text = template()  # a new note, or an empty file where it should be
            else:
                try:
                    old_text = old.decode("utf-8")
                except UnicodeDecodeError:
                    out.notices.append(f"{rel}: not valid UTF-8; left untouched")
                    return WriteResult(rel, "unchanged", "not UTF-8", "")
                upd = update_regions(old_text, regions if carry is None
                                     else carry(old_text, regions), self.note_exists)
                text = upd.text
                for name in upd.kept:
                    out.notices.append(f"{rel}: you edited the '{name}' section; kept your "
                                       "edit (delete the section's text to let it update)")
                for problem in upd.problems:
                    out.problems.append(problem.to_problem(rel))
                append = [n for n in upd.missing if append_missing is True
                          or (append_missing and n in append_missing)]
                if append:
                    sep = "" if text.endswith("\n") or not text else "\n"
                    text += sep + "\n" + "\n".join(
                        render_region(n, regions[n]) for n in append)
            result = self.writer.write(rel, text, old)
            if result.status != "conflict":
                break
        assert result is not None
        out.results.append(result)
        if result.status == "written":
            self.history.remember_written(rel, text)
            self._written[rel] = len(text.encode("utf-8", "surrogateescape"))
        return result

    def take_written(self) -> dict[str, int]:
        """The notes written since the last call (path → size in bytes)."""
        written, self._written = self._written, {}
        return written

    def being_saved(self, rel: str, old: bytes | None) -> WriteResult | None:
        """A "conflict" result if the note looks caught in the middle of a save (empty, or
        cut off inside a managed region) while the journal says the last text vaultgoals
        wrote there had content: an editor that saves by truncating and then writing is
        between the two. Writing now (a template, or regions appended) would replace the
        file under the editor, whose write then lands in the replaced copy: the user's text
        would be lost. Left alone; the watcher retries, a one-shot run says so. A note that
        stays like this for SAVE_GAP_SECONDS was emptied on purpose and is rebuilt."""
        if old is None:
            return None
        if old.strip():  # fast path, every pass: the last marker in the note is an end
            last = old.rfind(b"vaultgoals:")
            if last < 0 or old.startswith(b"vaultgoals:end", last):
                return None
        text = old.decode("utf-8", "surrogateescape")
        if not looks_half_saved(text) or not self.history.wrote_with_content(rel):
            return None
        age = self.writer.seconds_since_modified(rel)
        if age is None or age >= SAVE_GAP_SECONDS:
            return None
        state = "empty" if not text.strip() else "cut off inside a generated section"
        return WriteResult(rel, "conflict", f"{rel} is {state}, as while an editor is saving "
                           "it; left alone for now (it is updated once the save is complete; "
                           "a note emptied on purpose is rebuilt a minute later)")

    def write_new(self, rel: str, text: str, out: Outcome) -> WriteResult | None:
        """Create a note that must not exist yet; an existing one is left alone."""
        old, failed = self.read(rel, out)
        if failed is not None:
            return failed
        if old is not None:
            return None
        if not self._guard(rel, [text], out):
            return WriteResult(rel, "error", "generated text reads as a task", "")
        result = self.writer.write(rel, text, None)
        out.results.append(result)
        if result.status == "written":
            self._written[rel] = len(text.encode("utf-8", "surrogateescape"))
        return result

    # the job -------------------------------------------------------------------------
