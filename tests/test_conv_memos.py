"""The goal conventions' memos and copies answer as the plain computation would."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from vaultgoals.core.config import Config
from vaultgoals.core.goals.records import evolve
from vaultgoals.core.goals.templates import is_noise
from vaultgoals.core.model import NoteDoc, Task, TaskFields
from vaultgoals.core.noteread import read_as_vaultgoals
from vaultgoals.core.words import words, words_of


def test_words_table_is_one_however_the_call_is_written() -> None:
    extra = (("goals", ("Vorhaben",)),)
    assert words() is words((), (), (), ())
    assert words(extra) is words(extra_words=extra) is words(extra, (), (), ())
    assert words(extra) is not words()
    assert words(extra)["goals"].has("Meine Vorhaben")
    assert not words()["goals"].has("Meine Vorhaben")  # (the plain table is not served)


def test_words_of_memo_answers_each_text() -> None:
    assert words_of("Key Results:") == "key results"
    assert words_of("KEY results") == "key results"
    assert words_of("Key Results!") == "key results"
    assert words_of("Other") == "other"


def test_evolve_is_replace() -> None:
    fields = TaskFields(description="Ship", due="2025-01-01", tags=("#a",))
    task = Task(3, None, " ", "-", fields, None, 1)
    doc = NoteDoc("a.md", {"k": 1}, 2, ("t",), tasks=(task,), full=True)
    for record, changes in (
            (fields, {"description": "Ship it", "due": None}),
            (task, {"status": "x", "parent_line": 2}),
            (doc, {"judged": True, "noise": True, "frontmatter": {"k": 2}}),
            (doc, {})):
        copy = evolve(record, **changes)  # type: ignore[arg-type]
        assert copy == replace(record, **changes)  # type: ignore[type-var]
        assert copy is not record
    assert doc.frontmatter == {"k": 1} and not doc.judged  # (the original is left as it was)
    assert task.status == " " and fields.description == "Ship"


def test_evolve_refuses_an_unknown_field() -> None:
    try:
        evolve(TaskFields(), nonsense=1)
    except TypeError:
        return
    raise AssertionError("evolve set a field the record does not have")


@dataclass
class _Derived:
    text: str
    size: int = field(default=0)

    def __post_init__(self) -> None:
        self.size = len(self.text)


def test_evolve_runs_post_init_on_the_new_values() -> None:
    assert evolve(_Derived("ab"), text="abcd").size == 4


def test_concept_memo_answers_per_concept_and_text() -> None:
    table = words()
    goals, steps = table["goals"], table["steps"]
    for text in ("My Goals for 2025", "Next steps", "Goals", "Notes", "My Goals for 2025"):
        assert goals.find(text) == goals._find(text)
        assert steps.find(text) == steps._find(text)
    assert goals.has("My Goals for 2025") and not steps.has("My Goals for 2025")
    assert not goals.has("Notes")


def test_noise_asked_of_a_claimed_note_is_the_read_notes_noise() -> None:
    """The note recognisers' noise answer is kept for the note read in full (templates,
    documentation): it is what `is_noise` says of the note once its body is read."""
    config = Config()
    for path, text in (
            ("Templates/Goal.md", "---\ntype: goal\n---\n# {{title}}\n- [ ] Step\n"),
            ("Goals/Run.md", "---\ntype: goal\n---\n# Run\nProgress: 3/10\n- [ ] Step\n"),
            ("Docs/Goal README.md", "---\ntype: goal\n---\n## Steps\n- a\n- [ ] b\n"),
            ("Notes/Plain.md", "# Plain\n## Goals\n- Learn SQL\n- [ ] Step\n")):
        doc = read_as_vaultgoals(path, text.encode(), config)
        assert doc.judged and doc.noise == is_noise(doc, config), path
