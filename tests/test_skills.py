"""#17 part 1, the skills gap: skills recognised (a skills folder, a `## Skills` list with
levels), levels on the user's scale, evidence from the vault, the review's Skills section,
the Reassess reason, the level history in the journal, and `status --json`."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import cli, edit, run_job, write_vault
from vaultgoals.core.config import Config, ConfigError, parse_config
from vaultgoals.core.evidence import EvidenceIndex
from vaultgoals.core.goals.conventions import read_conventions
from vaultgoals.core.graph import Graph, build_graph
from vaultgoals.core.insights import build_review, week_of
from vaultgoals.core.levels import ITEM, read_level, read_scale, shown_pair
from vaultgoals.core.model import NoteDoc
from vaultgoals.core.parse.notelinks import body_links
from vaultgoals.core.parse.scanner import parse_note
from vaultgoals.core.render.relations import skills_section
from vaultgoals.core.skills import skill_reports

TODAY = date(2026, 11, 20)


def _docs(files: dict[str, str], config: Config) -> dict[str, NoteDoc]:
    return {p: read_conventions(parse_note(p, t, config.cue_words), config).slim()
            for p, t in files.items()}


def _built(files: dict[str, str], config: Config | None = None
           ) -> tuple[Graph, EvidenceIndex]:
    config = config or Config()
    docs = _docs(files, config)
    return build_graph(docs, config, TODAY), EvidenceIndex().update(docs, config)


# --- levels on the user's scale -------------------------------------------------------------

@pytest.mark.parametrize(("level", "scale", "shown", "fraction"), [
    (2, None, "2", 0.25),  # default 1–5
    ("4", None, "4", 0.75),
    (7, None, "7", 6 / 9),  # above 5: read on 1–10
    ("intermediate", None, "intermediate", 1 / 3),  # words: a scale of four
    ("Expert", None, "expert", 1.0),
    ("40%", None, "40%", 0.4),
    (6, "1-10", "6", 5 / 9),
    (30, "percent", "30%", 0.3),
])
def test_a_level_is_read_on_its_scale(level: object, scale: str | None, shown: str,
                                      fraction: float) -> None:
    got = read_level(level, read_scale(scale))
    assert got is not None and got.shown == shown
    assert got.fraction == pytest.approx(fraction)


@pytest.mark.parametrize("value", [None, "", True, "some", "level two"])
def test_what_is_no_level(value: object) -> None:
    assert read_level(value) is None


def test_levels_written_differently_compare_and_show_as_written() -> None:
    assert shown_pair(read_level(2), read_level(4)) == "2 of 4"
    assert shown_pair(read_level("intermediate"), read_level("expert")) == (
        "intermediate, target expert")
    assert shown_pair(None, read_level(4)) == "no level yet, target 4"
    assert read_level("intermediate").fraction < read_level(4).fraction  # type: ignore[union-attr]


@pytest.mark.parametrize(("text", "name", "level", "target"), [
    ("SQL: 2 → 4", "SQL", "2", "4"),
    ("SQL — 2/4", "SQL", "2", "4"),
    ("Public speaking (2 of 5)", "Public speaking", "2", "5"),
    ("Python: 40% → 80%", "Python", "40%", "80%"),
    ("Spanish: beginner → advanced", "Spanish", "beginner", "advanced"),
    ("SQL: level 2, target 4", "SQL", "2", "4"),
    ("Git: 4", "Git", "4", None),
])
def test_a_skills_list_item_gives_name_level_and_target(text: str, name: str, level: str,
                                                        target: str | None) -> None:
    m = ITEM.match(text)
    assert m is not None
    assert (m["name"].strip(), m["level"].strip(), m["target"] and m["target"].strip()) == (
        name, level, target)


@pytest.mark.parametrize("text", ["Kubernetes", "Notes: see below", "Read 2 books"])
def test_an_item_without_a_level_is_no_skill(text: str) -> None:
    assert ITEM.match(text) is None


# --- recognised --------------------------------------------------------------------------------

def test_skills_are_notes_in_a_skills_folder_or_items_of_a_skills_list() -> None:
    graph, _ = _built({
        "3 Resources/🧠 Skills/SQL.md": "Window functions next.\n",
        "Skills/Templates/Skill template.md": "---\nlevel: {{level}}\n---\n",
        "Skills/Skills overview.md": "Index.\n",
        "Goals/Skills/Git.md": "Words.\n",  # the deepest: a skill, not a goal
        "Skills/Ship it.md": "---\ntype: goal\n---\n",  # its type says goal
        "About me.md": "## 🧠 Skills\n- Spanish: beginner → advanced\n- Kubernetes\n"
                       "- [ ] SQL: 2 → 4\n- [[Statistics]]: 2 → 4\n",
        "Daily/2026-11-20.md": "## Skills\n- Chess: 3 → 4\n",
    })
    kinds = {k: (n.kind, n.found_by) for k, n in graph.nodes.items()}
    assert kinds == {
        "3 Resources/🧠 Skills/SQL.md": ("skill", "skill_folder"),
        "Goals/Skills/Git.md": ("skill", "skill_folder"),
        "Skills/Ship it.md": ("goal", "type_property"),
        "About me.md:2": ("skill", "skills_list"),
    }
    assert graph.nodes["About me.md:2"].title == "Spanish"


def test_a_skills_list_in_a_goal_note_names_skills_the_goal_needs() -> None:
    graph, index = _built({"Goals/Data scientist.md": "---\ntype: goal\ndeadline: 2027-02-12\n"
                           "---\n## Skills\n- SQL: 2 → 4\n## Milestones\n- [ ] Capstone\n"})
    (report,) = skill_reports(graph, index, TODAY)
    assert (report.node.title, report.shown) == ("SQL", "2 of 4")
    assert [g.title for g in report.goals] == ["Data scientist"]
    assert graph.nodes["Goals/Data scientist.md"].progress == 0.0  # (a skill is no step)


def test_a_skills_folder_note_is_read_in_full_and_skills_folders_can_be_turned_off() -> None:
    config = Config()
    assert parse_note("Skills/SQL.md", "Words.\n", config.cue_words).full
    graph, _ = _built({"Skills/SQL.md": "Words.\n"}, Config(skill_folders=()))
    assert graph.nodes == {}


def test_skills_and_people_settings_are_read_and_checked() -> None:
    cfg = parse_config("skills:\n  folders: Kompetenzen\npeople:\n  folders: [Humans]\n"
                       "  feedback_tag: fb\n", {})
    assert (cfg.skill_folders, cfg.people_folders, cfg.feedback_tag) == (
        ("Kompetenzen",), ("Humans",), "fb")
    doc = parse_note("Kompetenzen/SQL.md", "Words.\n", cfg.cue_words)
    assert doc.full  # (the gate reads a configured skills folder's notes in full)
    graph, _ = _built({"Kompetenzen/SQL.md": "Words.\n"}, cfg)
    assert graph.nodes["Kompetenzen/SQL.md"].kind == "skill"
    with pytest.raises(ConfigError, match=r"'people\.feedback_tag' must be str"):
        parse_config("people:\n  feedback_tag: [a]\n", {})
    with pytest.raises(ConfigError, match=r"'skills\.folders' must be a list"):
        parse_config("skills:\n  folders: [1]\n", {})


def test_a_skill_target_in_words_is_no_problem_of_a_measurable_goal() -> None:
    graph, _ = _built({"Skills/SQL.md": "---\nlevel: intermediate\ntarget: expert\n---\n"})
    assert graph.problems == ()
    assert graph.nodes["Skills/SQL.md"].target is None


# --- evidence, gaps and the section -----------------------------------------------------------

VAULT = {
    "Skills/SQL.md": "---\nlevel: 2\ntarget: 4\ntag: sql\n---\n",
    "Skills/Statistics.md": "---\nlevel: beginner\ntarget: advanced\n"
                            "evidence: \"[[Stats course certificate]]\"\n---\n",
    "Skills/Git.md": "---\nlevel: 4\ntarget: 4\n---\n",
    "Skills/Drawing.md": "Someday.\n",
    "Goals/Data scientist.md": "---\ntype: goal\ndeadline: 2027-02-12\nskills: [\"[[SQL]]\", "
                               "\"[[Statistics]]\"]\n---\n## Milestones\n"
                               "- [x] Finish module 1 ✅ 2026-09-30\n- [ ] Capstone\n",
    "Goals/Ship the app.md": "---\ntype: goal\ndeadline: 2026-12-18\nskills: \"[[SQL]]\"\n"
                             "---\n- [ ] Write the migrations\n",
    "Daily/2026-11-18.md": "- [x] Window functions drill #sql ✅ 2026-11-18\n"
                           "Read a chapter of [[Statistics]] on the train.\n",
    "Notes/Stats course certificate.md": "---\ndate: 2026-08-02\n---\nPassed.\n",
    "Notes/Cheat sheet.md": "Joins: see [[SQL]].\n",
}


def test_evidence_counts_tagged_tasks_goal_work_and_notes_linking_the_skill() -> None:
    graph, index = _built(VAULT)
    reports = {r.node.title: r for r in skill_reports(graph, index, TODAY)}
    sql = reports["SQL"]
    assert [(p.what, p.path, p.day) for p in sql.evidence] == [
        ("task", "Daily/2026-11-18.md", date(2026, 11, 18)),  # tagged #sql
        ("milestone", "Goals/Data scientist.md", date(2026, 9, 30)),  # of a goal needing it
        ("note", "Notes/Cheat sheet.md", None),  # a note linking it (undated)
    ]
    assert [g.title for g in sql.goals] == ["Ship the app", "Data scientist"]  # nearest first
    assert sql.gap == 0.5 and sql.last == date(2026, 11, 18)
    stats = reports["Statistics"]
    assert [(p.what, p.path) for p in stats.evidence] == [
        ("note", "Daily/2026-11-18.md"), ("milestone", "Goals/Data scientist.md"),
        ("note", "Notes/Stats course certificate.md")]  # its own `evidence:` link
    assert reports["Git"].gap == 0.0 and reports["Drawing"].gap is None


def test_the_skills_section_puts_the_gap_blocking_the_nearest_deadline_first() -> None:
    graph, index = _built(VAULT)
    review = build_review(graph, Config(), week_of(TODAY), TODAY, None, evidence=index, levels={
        "Skills/SQL.md": (("2026-09-01", "1", 0.0), ("2026-11-17", "2", 0.25))})
    text = skills_section(review)
    assert text.splitlines()[:3] == [
        "**Gaps**, nearest deadline first:",
        "- [[Skills/SQL|SQL]]: 2 of 4 — needed by [[Goals/Ship the app|Ship the app]] due in "
        "4 weeks (and 1 more goal); last practice 2 days ago (2026-11-18); 3 pieces of "
        "evidence",
        "- [[Skills/Statistics|Statistics]]: beginner, target advanced — needed by "
        "[[Goals/Data scientist|Data scientist]] due in 12 weeks; last practice 2 days ago "
        "(2026-11-18); 3 pieces of evidence",
    ]
    assert "- [[Skills/SQL|SQL]]: 1 → 2 this week" in text
    assert "At target: [[Skills/Git|Git]] (4 of 4)." in text
    assert "Without a level or a target: [[Skills/Drawing|Drawing]]." in text


def test_a_goal_needing_a_skill_far_below_target_and_untouched_is_reassessed() -> None:
    files = {**VAULT, "Daily/2026-11-18.md": "Nothing today.\n",
             "Notes/Cheat sheet.md": "Nothing.\n"}
    graph, index = _built(files)
    review = build_review(graph, Config(), week_of(TODAY), TODAY, None, evidence=index)
    reasons = [(r.node.title, r.reason) for r in review.reassess]
    assert ("Ship the app", "needs skills far below target, not practised in the last 21 days: "
            "SQL (2 of 4)") in reasons
    # practised two days ago: not reassessed for it
    graph, index = _built(VAULT)
    review = build_review(graph, Config(), week_of(TODAY), TODAY, None, evidence=index)
    assert not any("skills far below" in r.reason for r in review.reassess)


def test_body_links_skip_embeds_and_vaultgoals_own_regions() -> None:
    text = ("Coffee with [[Ana]], ![[photo.png]], [[People/Bo|Bo]] [[Ana#notes]]\n"
            "%% vaultgoals:begin people %%\n- [[Cy]]\n%% vaultgoals:end people %%\n[[Dee.md]]\n")
    assert body_links(text) == ("Ana", "People/Bo", "Dee")


def test_the_evidence_index_kept_across_edits_equals_a_fresh_one() -> None:
    config = Config()
    index = EvidenceIndex()
    index.update(_docs(VAULT, config), config)
    edited = {**VAULT, "Notes/Cheat sheet.md": "Nothing.\n", "Notes/New.md": "[[Git]]\n"}
    edited.pop("Daily/2026-11-18.md")
    index.update(_docs(edited, config), config)
    fresh = EvidenceIndex().update(_docs(edited, config), config)
    assert (index.people, index.keyed, index.feedback, index.feedback_notes) == (
        fresh.people, fresh.keyed, fresh.feedback, fresh.feedback_notes)
    assert {k: sorted(v) for k, v in index._back.items()} == {
        k: sorted(v) for k, v in fresh._back.items()}


# --- end to end: the review, the journal's history, status --json ----------------------------

def test_skills_end_to_end_review_history_and_status_json(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "v", VAULT)
    run_job(root, "2026-09-15")
    edit(root / "Skills/SQL.md", "level: 2", "level: 3")
    run_job(root, "2026-11-20")
    review = (root / "Reviews/2026-W47.md").read_text(encoding="utf-8")
    section = review.split("## Skills", 1)[1].split("## People", 1)[0]
    assert "- [[Skills/SQL|SQL]]: 3 of 4 — needed by [[Goals/Ship the app|Ship the app]]" in (
        section)
    assert "- [[Skills/SQL|SQL]]: 2 → 3 this week" in section
    run_job(root, "2026-11-27")
    review = (root / "Reviews/2026-W48.md").read_text(encoding="utf-8")
    assert "- [[Skills/SQL|SQL]]: 2 → 3 since September" in review
    proc = cli("status", str(root), "--json", "--today", "2026-11-20", check=True)
    skills = {s["title"]: s for s in json.loads(proc.stdout)["skills"]}
    sql = skills["SQL"]
    assert sql["level"] == {"shown": "3", "value": 3.0, "scale": [1.0, 5.0], "fraction": 0.5}
    assert sql["target"]["shown"] == "4" and sql["gap"] == 0.25
    assert (sql["evidence_this_week"], sql["evidence_total"], sql["last_evidence"]) == (
        1, 3, "2026-11-18")
    assert [g["title"] for g in sql["needed_by"]] == ["Ship the app", "Data scientist"]
    assert sql["level_history"] == [{"day": "2026-09-15", "level": "2"},
                                    {"day": "2026-11-20", "level": "3"}]
    assert skills["Drawing"]["level"] is None and skills["Drawing"]["gap"] is None


def test_the_sample_vault_shows_skills_with_levels_and_evidence_a_mentor_and_a_lapse(
        sample_copy: Path) -> None:
    run_job(sample_copy, "2026-11-20")
    review = (sample_copy / "Reviews/2026-W47.md").read_text(encoding="utf-8")
    skills = review.split("## Skills", 1)[1].split("## People", 1)[0]
    assert "- [[Skills/SQL|SQL]]: 2 of 4 — needed by" in skills
    assert "- [[Skills/Statistics|Statistics]]: beginner, target advanced — needed by" in skills
    assert "pieces of evidence" in skills and "last practice" in skills
    people = review.split("## People", 1)[1].split("## Reassess", 1)[0]
    assert ("- Mentor [[People/Aisha Rahman|Aisha Rahman]]: last talk 6 weeks ago "
            "(2026-10-07), cadence monthly") in people  # (`links: goals`: no daily note link)
    assert "**2/2** new contacts in November 2026 — Mei Chen, Jonas Weber" in people
    assert "- asked, waiting · Ask [[Priya Patel]] for feedback on blog post 2" in people
