"""#17 part 3, people, mentors and feedback: people notes, contact evidence, lapsed
cadences (and no noise from a folder of reference notes), new contacts against the quota
with who counted, feedback asked and received, the People section and `status --json`."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

from tests.conftest import cli, run_job, write_vault
from vaultgoals.app.pipeline import Pipeline
from vaultgoals.core.config import Config
from vaultgoals.core.evidence import EvidenceIndex
from vaultgoals.core.goals.conventions import read_conventions
from vaultgoals.core.graph import build_graph
from vaultgoals.core.insights import build_review, week_of
from vaultgoals.core.model import NoteDoc
from vaultgoals.core.noteread import read_as_vaultgoals
from vaultgoals.core.parse.scanner import parse_note
from vaultgoals.core.people import PeopleReview, people_review
from vaultgoals.core.render.relations import people_section
from vaultgoals.core.render.relationsjson import people_json
from vaultgoals.store.settings import load_config

TODAY = date(2026, 11, 20)

VAULT = {
    "People/Ana.md": "---\nrole: mentor\n---\nMet at PyData.\n",  # mentor: monthly by default
    "People/Bo.md": "---\nrole: peer\ncadence: weekly\n---\n",
    "People/Cy.md": "---\nevery: month\nlast_contact: 2026-11-02\n---\n",
    "People/Dee.md": "---\ntype: person\nrole: contact\ncadence: quarterly\n---\n",
    "Contacts/Eve.md": "Met at the meetup.\n",
    # a folder of reference notes about famous people: never nagged
    "People/Famous/Ada Lovelace.md": "Wrote the first program.\n",
    "Notes/Grace Hopper.md": "---\ntype: person\n---\nCOBOL.\n",
    "Daily/2026-10-02.md": "Coffee with [[Ana]] about the move.\n",
    "Daily/2026-11-19.md": "- [x] Call [[Bo]] ✅ 2026-11-19\nRead about [[Ada Lovelace]].\n",
    "Meetings/2026-11-09 Kickoff.md": "---\nattendees: [[Eve]]\nwith: [\"[[Dee]]\"]\n---\n",
    "Notes/Thanks.md": "- [x] Thank-you note to [[Dee]] ✅ 2026-08-01\n",
    "Daily/2026-11-12.md": "- [x] Ask [[Bo]] for feedback on the talk #feedback ✅ 2026-11-12\n"
                           "- [ ] Ask Ana for feedback on my CV #feedback/asked\n",
    "Notes/Review from Cy.md": "---\ntags: [feedback]\ndate: 2026-11-05\n---\nGood pacing.\n",
    "Commitments/Network.md": "---\ntype: commitment\nevery: month\nquota: 2\ncount: new-links\n"
                              "tag: networking\n---\n",
    "Daily/2026-11-03.md": "- [x] Lunch with [[Eve]] #networking ✅ 2026-11-03\n",
}


def _review(files: dict[str, str]) -> tuple[PeopleReview, str]:
    config = Config()
    docs = {p: read_conventions(parse_note(p, t, config.cue_words), config).slim()
            for p, t in files.items()}
    graph = build_graph(docs, config, TODAY)
    index = EvidenceIndex().update(docs, config)
    review = build_review(graph, config, week_of(TODAY), TODAY, None, evidence=index)
    assert review.people is not None
    assert review.people == people_review(graph, index, TODAY)
    return review.people, people_section(review)


def test_people_are_notes_in_people_folders_or_of_type_person_with_their_contacts() -> None:
    pr, _ = _review(VAULT)
    got = {p.name: (p.role, p.cadence, [(c.day.isoformat(), c.how, c.path) for c in p.contacts])
           for p in pr.people}
    assert got == {
        "Ana": ("mentor", "month", [("2026-10-02", "note", "Daily/2026-10-02.md")]),
        "Bo": ("peer", "week", [("2026-11-12", "note", "Daily/2026-11-12.md"),
                                ("2026-11-19", "note", "Daily/2026-11-19.md")]),
        "Cy": ("", "month", [("2026-11-02", "last_contact", "People/Cy.md")]),
        "Dee": ("contact", "quarter", [("2026-08-01", "task", "Notes/Thanks.md"),
                                       ("2026-11-09", "note", "Meetings/2026-11-09 Kickoff.md")]),
        "Eve": ("", "", [("2026-11-03", "note", "Daily/2026-11-03.md"),
                         ("2026-11-09", "note", "Meetings/2026-11-09 Kickoff.md")]),
        "Ada Lovelace": ("", "", [("2026-11-19", "note", "Daily/2026-11-19.md")]),
        "Grace Hopper": ("", "", []),
    }


def test_only_a_cadence_lapses_so_reference_notes_about_people_never_nag() -> None:
    pr, text = _review(VAULT)
    assert [p.name for p in pr.lapsed] == ["Ana"]  # mentor, monthly: 7 weeks ago
    assert ("- Mentor [[People/Ana|Ana]]: last talk 7 weeks ago "
            "([[Daily/2026-10-02|2026-10-02]]), cadence monthly") in text
    for quiet in ("Ada Lovelace", "Grace Hopper", "Eve"):
        assert quiet not in text.split("**Lapsed**", 1)[1].split("**Feedback**", 1)[0]
    # a cadence with no contact at all has lapsed too
    pr, text = _review({"People/Zed.md": "---\ncadence: monthly\n---\n"})
    assert "- [[People/Zed|Zed]]: no contact recorded yet, cadence monthly" in text


def test_new_contacts_this_month_and_the_quota_with_who_counted() -> None:
    pr, text = _review(VAULT)
    # (a mention in a dated note is a contact: Ada, read about, counts; see the next test)
    assert [p.name for p in pr.new] == ["Ada Lovelace", "Bo", "Cy", "Eve"]
    assert text.splitlines()[:2] == [
        "- [[Commitments/Network|Network]]: **1/2** new contacts in November 2026 — Eve",
        "- New this month (November 2026): [[People/Famous/Ada Lovelace|Ada Lovelace]], "
        "[[People/Bo|Bo]], [[People/Cy|Cy]], [[Contacts/Eve|Eve]]",
    ]


def test_a_note_in_a_people_folder_whose_type_says_otherwise_is_no_person() -> None:
    pr, _ = _review({**VAULT, "People/Famous/Ada Lovelace.md": "---\ntype: reference\n---\n"})
    assert "Ada Lovelace" not in [p.name for p in pr.people]
    assert [p.name for p in pr.new] == ["Bo", "Cy", "Eve"]


def test_feedback_asked_and_received_this_month() -> None:
    pr, text = _review(VAULT)
    assert [f.text for f in pr.asked] == ["Ask Ana for feedback on my CV"]
    assert [(f.text, f.day) for f in pr.received] == [
        ("Ask [[Bo]] for feedback on the talk", date(2026, 11, 12))]
    assert pr.feedback_notes == ("Notes/Review from Cy.md",)
    feedback = text.split("**Feedback** this month:\n", 1)[1].splitlines()
    assert feedback == [
        "- received 2026-11-12 · Ask [[Bo]] for feedback on the talk "
        "([[Daily/2026-11-12|2026-11-12]]:1)",
        "- received · [[Notes/Review from Cy|Review from Cy]]",
        "- asked, waiting · Ask Ana for feedback on my CV ([[Daily/2026-11-12|2026-11-12]]:2)",
    ]


def test_people_folders_and_the_feedback_tag_are_configurable() -> None:
    config = Config(people_folders=("Humans",), feedback_tag="fb")
    docs = {p: parse_note(p, t) for p, t in {
        "Humans/Ana.md": "", "People/Bo.md": "",
        "Daily/2026-11-12.md": "- [ ] Ask Ana #fb\n- [ ] Ask Bo #feedback\n"}.items()}
    index = EvidenceIndex().update(docs, config)
    assert index.people == {"Humans/Ana.md"}
    assert [f.text for f in index.feedback["Daily/2026-11-12.md"]] == ["Ask Ana"]


def test_people_end_to_end_review_and_status_json(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "v", VAULT)
    run_job(root, "2026-11-20")
    review = (root / "Reviews/2026-W47.md").read_text(encoding="utf-8")
    section = review.split("## People", 1)[1].split("## Reassess", 1)[0]
    assert "**1/2** new contacts in November 2026 — Eve" in section
    assert "- Mentor [[People/Ana|Ana]]: last talk 7 weeks ago" in section
    # (`links: goals`: a feedback note is not a goal, a person or a review: text, no link)
    assert "- received · Review from Cy" in section
    assert "Eve" in review.split("## Commitments", 1)[1].split("## Deadlines", 1)[0]
    proc = cli("status", str(root), "--json", "--today", "2026-11-20", check=True)
    people = json.loads(proc.stdout)["people"]
    by_name = {p["name"]: p for p in people["people"]}
    assert by_name["Ana"] == {
        "path": "People/Ana.md", "name": "Ana", "role": "mentor", "cadence": "month",
        "contacts": 1, "first_contact": "2026-10-02", "last_contact": "2026-10-02",
        "last_contact_in": "Daily/2026-10-02.md", "lapsed": True}
    assert by_name["Ada Lovelace"]["lapsed"] is False
    assert people["month"] == "2026-11"
    assert people["lapsed"] == ["People/Ana.md"]
    assert people["new_this_month"] == ["People/Famous/Ada Lovelace.md", "People/Bo.md",
                                        "People/Cy.md", "Contacts/Eve.md"]
    assert [f["text"] for f in people["feedback"]["asked_open"]] == [
        "Ask Ana for feedback on my CV"]
    assert people["feedback"]["notes_this_month"] == ["Notes/Review from Cy.md"]


def test_contacts_kept_between_passes_follow_an_edit_as_a_fresh_index_does() -> None:
    config = Config()

    def docs(files: dict[str, str]) -> dict[str, NoteDoc]:
        return {p: read_conventions(parse_note(p, t, config.cue_words), config).slim()
                for p, t in files.items()}

    kept = EvidenceIndex()
    first = docs(VAULT)
    people_review(build_graph(first, config, TODAY), kept.update(first, config), TODAY)
    edited = {**VAULT, "Daily/2026-10-02.md": "Coffee alone.\n",
              "Daily/2026-11-18.md": "Lunch with [[Ana]].\n"}
    now = docs(edited)
    graph = build_graph(now, config, TODAY)
    got = people_review(graph, kept.update(now, config), TODAY)
    assert got == people_review(graph, EvidenceIndex().update(now, config), TODAY)
    ana = next(p for p in got.people if p.name == "Ana")
    assert [c.path for c in ana.contacts] == ["Daily/2026-11-18.md"] and not got.lapsed


def test_a_person_added_later_finds_the_notes_that_linked_them_before() -> None:
    """The index keeps backlinks only for people and skills: a person note written after
    the notes that mention them still gets those mentions, as a fresh index would; so
    does a note asked about that is neither (kept from then on)."""
    config = Config()

    def docs(files: dict[str, str]) -> dict[str, NoteDoc]:
        return {p: read_conventions(parse_note(p, t, config.cue_words), config).slim()
                for p, t in files.items()}

    before = {"Daily/2026-11-02.md": "Coffee with [[Bo]] and [[Notes/Plan|the plan]].\n",
              "Notes/Plan.md": "A plan.\n"}
    kept = EvidenceIndex().update(docs(before), config)
    now = docs({**before, "People/Bo.md": "---\nrole: mentor\n---\n"})
    kept.update(now, config)
    fresh = EvidenceIndex().update(now, config)
    graph = build_graph(now, config, TODAY)
    for index in (kept, fresh):
        assert index.linking("People/Bo.md", graph.resolver,
                             index.keyed["People/Bo.md"]) == ["Daily/2026-11-02.md"]
        assert index.linking("Notes/Plan.md", graph.resolver,
                             EvidenceIndex.keys_of("Notes/Plan.md")) == ["Daily/2026-11-02.md"]


def _people_from_the_cache(root: Path) -> tuple[dict[str, object], list[str]]:
    """`status --json`'s people from a pipeline started on the parse cache (the notes'
    days, people and property links as `NoteDoc.evidence` kept them), and the notes it
    read again; checked against a pipeline with no cache."""
    config = load_config(root)
    answers, reads = [], []
    for use_cache in (True, False):
        pipe = Pipeline(root, config, use_cache=use_cache)
        if use_cache:
            pipe.index.reader = lambda path, data: (
                reads.append(path) or read_as_vaultgoals(path, data, config))
        pipe.scan()
        pipe.close()
        answers.append(people_json(pipe.graph(TODAY), pipe.evidence(), TODAY))
    assert answers[0] == answers[1]
    return answers[0], reads


def test_people_from_the_parse_cache_follow_an_edit_and_the_settings(tmp_path: Path) -> None:
    """What evidence keeps of a note in the parse cache (its day, whether it is a person,
    its properties' links) is read again when the note or the settings it depends on
    change (the daily notes' folder and format, the people folders)."""
    root = write_vault(tmp_path / "v", {
        "People/Ana.md": "---\nrole: mentor\n---\n",
        "Team/Bo.md": "---\ncadence: weekly\n---\n",
        "Meetings/2026-11-09 Kickoff.md": "---\nwith: \"[[Ana]]\"\n---\n",
        "Journal/12.11.2026.md": "Lunch with [[Ana]] and [[Bo]].\n",
    })
    for i, note in enumerate(sorted(root.rglob("*.md"))):  # (old: safe to cache)
        os.utime(note, (1_700_000_000 + i, 1_700_000_000 + i))

    def ana(people: dict[str, object]) -> tuple[object, ...]:
        got = next(p for p in people["people"] if p["name"] == "Ana")  # type: ignore[attr-defined]
        return got["contacts"], got["last_contact"]

    first, _ = _people_from_the_cache(root)
    again, reads = _people_from_the_cache(root)
    assert again == first and reads == []
    assert ana(first) == (1, "2026-11-09")  # (the journal's note has no day yet)
    # the daily notes' settings give the journal's note its day
    (root / ".obsidian/daily-notes.json").write_text(
        '{"folder": "Journal", "format": "DD.MM.YYYY"}', encoding="utf-8")
    dated, _ = _people_from_the_cache(root)
    assert ana(dated) == (2, "2026-11-12")
    # the people folders' setting makes Bo a person
    assert [p["name"] for p in dated["people"]] == ["Ana"]  # type: ignore[index]
    (root / ".vaultgoals.yaml").write_text("people:\n  folders: [People, Team]\n",
                                           encoding="utf-8")
    both, _ = _people_from_the_cache(root)
    assert [p["name"] for p in both["people"]] == ["Ana", "Bo"]  # type: ignore[index]
    # an edit of a note's properties: the meeting no longer links Ana
    kickoff = root / "Meetings/2026-11-09 Kickoff.md"
    kickoff.write_text("---\nwith: \"[[Bo]]\"\n---\n", encoding="utf-8")
    os.utime(kickoff, (1_700_001_000, 1_700_001_000))
    edited, reads = _people_from_the_cache(root)
    assert reads == ["Meetings/2026-11-09 Kickoff.md"]
    assert ana(edited) == (1, "2026-11-12")


def test_feedback_from_the_parse_cache_follows_an_edit_and_the_feedback_tag(
        tmp_path: Path) -> None:
    """The parse cache keeps a note's tasks' tags whatever the feedback tag is (it is no
    reading setting: the rows stay), and the tag is asked of them at each start."""
    root = write_vault(tmp_path / "v", {
        "People/Ana.md": "",
        "Notes/Asks.md": "- [ ] Ask Ana #fb/talk\n- [ ] Ask Bo #Feedback\n",
        "Notes/Other.md": "- [ ] Plain task #errand\n",
    })
    for i, note in enumerate(sorted(root.rglob("*.md"))):  # (old: safe to cache)
        os.utime(note, (1_700_000_000 + i, 1_700_000_000 + i))

    def asked(people: dict[str, object]) -> list[object]:
        return [f["text"] for f in people["feedback"]["asked_open"]]  # type: ignore[index]

    _people_from_the_cache(root)
    first, reads = _people_from_the_cache(root)
    assert reads == [] and asked(first) == ["Ask Bo"]
    (root / ".vaultgoals.yaml").write_text("people:\n  feedback_tag: fb\n", encoding="utf-8")
    tagged, reads = _people_from_the_cache(root)
    assert reads == [] and asked(tagged) == ["Ask Ana"]
    other = root / "Notes/Other.md"
    other.write_text("- [ ] Ask Cy #FB\n", encoding="utf-8")
    os.utime(other, (1_700_001_000, 1_700_001_000))
    edited, reads = _people_from_the_cache(root)
    assert reads == ["Notes/Other.md"] and asked(edited) == ["Ask Ana", "Ask Cy"]
