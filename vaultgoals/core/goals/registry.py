"""Every goal convention vaultgoals recognises, in the order they are asked.

A note is the kind the first note recogniser that claims it says; a task is a goal or
milestone if an item recogniser claims it (the first one to claim it decides the kind); a
task counts toward the node the first membership rule that answers names; a goal-like
note sits under the node the first parent rule that answers names.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from vaultgoals.core.config import Config
from vaultgoals.core.goals import (
    body_claims,
    body_tags,
    breakdowns,
    goal_field,
    goal_folder,
    goal_link,
    goal_lists,
    goal_task,
    gtd_projects,
    habits,
    in_goal_note,
    inline_fields,
    kind_tag,
    milestone_notes,
    milestone_task,
    milestones_heading,
    nested_task,
    okrs,
    owner_tag,
    parent_property,
    skill_folder,
    skills_list,
    smart,
    steps_heading,
    supporting_goals,
    template_properties,
    type_property,
)
from vaultgoals.core.goals.base import (
    Found,
    ItemRecogniser,
    MembershipRule,
    NoteItems,
    NoteRecogniser,
    ParentRule,
    Place,
)
from vaultgoals.core.goals.body import BodyRecogniser
from vaultgoals.core.goals.templates import is_noise
from vaultgoals.core.graphmodel import TaskRef
from vaultgoals.core.model import NoteDoc, Problem

NOTE_RECOGNISERS: tuple[NoteRecogniser, ...] = (
    type_property.recognise,
    kind_tag.recognise,
    template_properties.recognise,
    milestone_notes.recognise,  # (before goal_folder: a phase note in Goals/ is a milestone)
    skill_folder.recognise,  # (before goal_folder: `Goals/Skills/SQL.md` is a skill)
    goal_folder.recognise,
    gtd_projects.recognise,
    smart.recognise,
    inline_fields.recognise_note,
    body_tags.recognise_note,
    habits.recognise_note,
)

# Properties a note writes in its body, by convention name: (note, config) → (name, value,
# line) added where the frontmatter and page fields set none (goals/notefields.py).
NOTE_FIELDS: tuple[tuple[str, Callable[[NoteDoc, Config], list[tuple[str, object, int]]]],
                   ...] = (
    (smart.NAME, smart.properties),
    (milestone_notes.NAME, milestone_notes.properties),
)

# Which lines of a note read in full are goals, milestones or commitments (goals/body.py),
# by name (`goals.off` turns one off). Their claims are the first item recogniser's; the
# first body recogniser to claim a line decides what it is (an objective's key results
# are its milestones, not goals of a goal heading or steps of a goal note).
BODY_RECOGNISERS: tuple[tuple[str, BodyRecogniser], ...] = (
    (okrs.NAME, okrs.recognise),
    (breakdowns.NAME, breakdowns.recognise),  # (before goal_lists: `[[Goals/X]]:` is a link)
    (skills_list.NAME, skills_list.recognise),
    (goal_lists.NAME, goal_lists.recognise),
    (steps_heading.NAME, steps_heading.recognise),
    (inline_fields.NAME, inline_fields.recognise),
    (body_tags.NAME, body_tags.recognise),
)

ITEM_RECOGNISERS: tuple[ItemRecogniser, ...] = (
    body_claims.recognise,
    habits.recognise,
    goal_task.recognise,
    body_tags.recognise_tasks,
    milestone_task.recognise,
    milestones_heading.recognise,
)

# Which node a task counts toward. A task in a note that has no goal-like node (the note is
# not one and holds no inline one) is asked only if it has inline fields, tags or links:
# the rules that could answer for it otherwise (nested_task, in_goal_note) need a node there.
MEMBERSHIP_RULES: tuple[MembershipRule, ...] = (
    habits.repeat_of,
    goal_field.goal_of,
    nested_task.goal_of,
    owner_tag.goal_of,
    goal_link.goal_of,
    in_goal_note.goal_of,
)

# Which node a goal-like note sits under.
PARENT_RULES: tuple[ParentRule, ...] = (
    parent_property.parent_of,
    supporting_goals.parent_of,
)


def recognise_note(doc: NoteDoc, props: Mapping[str, object], config: Config) -> Found | None:
    """What the whole note is (`props`: its properties read by `goalprops.props`), or None.
    A template, documentation or an example is nothing (`templates.is_noise`)."""
    return note_claim(doc, props, config)[0]


def note_claim(doc: NoteDoc, props: Mapping[str, object],
               config: Config) -> tuple[Found | None, bool | None]:
    """`recognise_note`'s answer, and whether the note is noise when that was asked (a
    note some recogniser claims), else None."""
    for recogniser in NOTE_RECOGNISERS:
        found = recogniser(doc, props, config)
        if found is not None and config.uses(found.by):
            noise = is_noise(doc, config)  # (asked only of claimed notes)
            return (None if noise else found), noise
    return None, None


def recognise_items(note: NoteItems) -> list[Found]:
    """The tasks of a note that are nodes themselves, in line order (none in a template,
    documentation or an example)."""
    claimed: dict[int, Found] = {}
    for recogniser in ITEM_RECOGNISERS:
        for found in recogniser(note):
            if note.config.uses(found.by):
                claimed.setdefault(found.line, found)
    doc = note.doc
    if claimed and (doc.noise if doc.judged else is_noise(doc, note.config)):
        return []
    if len(claimed) < 2:
        return list(claimed.values())
    return [claimed[line] for line in sorted(claimed)]


def goal_of(ref: TaskRef, place: Place) -> str | None:
    """The key of the node a task counts toward, or None."""
    for rule in MEMBERSHIP_RULES:
        hit = rule(ref, place)
        if hit is not None:
            return hit
    return None


def parent_of(doc: NoteDoc, resolve_node: Callable[[str], str | None],
              problems: list[Problem], config: Config,
              note_exists: Callable[[str], bool] | None = None) -> str | None:
    """The key of the node a goal-like note sits under, or None (`resolve_node`: a link
    target → the goal-like note it names, or None; `note_exists`: a link target → whether
    it names any note, for the problems' words)."""
    for rule in PARENT_RULES:
        hit = rule(doc, resolve_node, problems, config, note_exists)
        if hit is not None:
            return hit
    return None
