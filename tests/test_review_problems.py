"""#15 point 15: problems reach the vault, not only stderr.

Each of the four cases the issue names (an unreadable start date, `weight: heavy`, a
deadline before its start, a `parent` link to a missing note) is reported by `status`
with words that say what is wrong and what was assumed, and listed in the review's
collapsed Problems callout, grouped by note. The list is capped; formatting problems in
notes that are not goals stay out of it; a vault without problems gets no callout.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import cli, graph_of, run_job, write_vault
from vaultgoals.core.render.checklist import checklist_items

TODAY = "2026-12-04"
Vault = Callable[[dict[str, str | bytes]], Path]

CASES = {
    "start": ("Goals/Run.md", "---\ntype: goal\nstart: 2026-13-45\ndeadline: 2026-12-31\n"
              "---\n- [ ] Run 5k\n",
              3, "start '2026-13-45' is not a date (YYYY-MM-DD); read as no start date"),
    "weight": ("Goals/Heavy.md", "---\ntype: goal\nweight: heavy\n---\n- [ ] Lift\n",
               3, "property 'weight' 'heavy' is not a number; read as weight 1"),
    "backwards": ("Goals/Backwards.md", "---\ntype: goal\nstart: 2026-11-01\n"
                  "deadline: 2026-10-01\n---\n- [ ] Something\n",
                  4, "deadline 2026-10-01 is before the start 2026-11-01"),
    "parent": ("Goals/Child.md", "---\ntype: milestone\nparent: \"[[Nowhere]]\"\n---\n"
               "- [ ] Step\n",
               3, "parent [[Nowhere]] links a note that does not exist"),
}


def review_text(root: Path) -> str:
    out, _ = run_job(root, TODAY, "review")
    assert out.review_path is not None
    return (root / out.review_path).read_text(encoding="utf-8")


def callout(text: str) -> list[str]:
    """The lines of the review's Problems callout (none without one)."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if "[!warning]- Problems" in line), None)
    if start is None:
        return []
    end = start
    while end < len(lines) and lines[end].startswith(">"):
        end += 1
    return lines[start:end]


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_case_is_named_by_status_and_in_the_review(vault: Vault, case: str) -> None:
    path, text, line, message = CASES[case]
    root = vault({path: text, "Goals/Fine.md": "---\ntype: goal\n---\n- [ ] Fine step\n"})
    proc = cli("status", str(root), "--today", TODAY, check=True)
    assert f"{path}:{line}: {message}" in proc.stderr
    box = callout(review_text(root))
    assert box[0] == "> [!warning]- Problems (1)"
    name = path[:-3]
    at = box.index(f"> - [[{name}|{name.rsplit('/', 1)[-1]}]]")
    shown = message.replace("[[", "\\[\\[").replace("]]", "\\]\\]")
    assert box[at + 1].startswith(f">     - line {line}: {shown}")
    assert "Fine" not in "\n".join(box)


def test_a_parent_that_is_not_goal_like_is_told_apart_from_a_missing_one(vault: Vault) -> None:
    root = vault({"Goals/Child.md": "---\ntype: milestone\nparent: \"[[Shopping]]\"\n---\n"
                  "- [ ] Step\n", "Shopping.md": "eggs\n"})
    proc = cli("status", str(root), "--today", TODAY, check=True)
    assert "parent [[Shopping]] is not a goal-like note" in proc.stderr
    assert "does not exist" not in proc.stderr


def test_all_four_grouped_by_note_in_one_callout(vault: Vault) -> None:
    root = vault({path: text for path, text, _, _ in CASES.values()})
    text = review_text(root)
    box = callout(text)
    assert box[0] == "> [!warning]- Problems (4)"
    notes = [line for line in box if line.startswith("> - [[")]
    assert notes == ["> - [[Goals/Backwards|Backwards]]", "> - [[Goals/Child|Child]]",
                     "> - [[Goals/Heavy|Heavy]]", "> - [[Goals/Run|Run]]"]
    # nothing in it reads as a task, a tag or a link the user did not write
    assert checklist_items("\n".join(box)) == []
    assert "[[Nowhere" not in text
    # the callout is its own managed region, the last generated one
    assert "%% vaultgoals:begin problems" in text
    assert text.index("vaultgoals:end chart") < text.index("[!warning]- Problems")
    # same inputs, same note
    assert review_text(root) == text


def test_a_value_that_looks_like_a_tag_or_field_stays_text(vault: Vault) -> None:
    root = vault({"Goals/G.md": "---\ntype: goal\nweight: \"#heavy [x]:: 1\"\n---\n"
                  "- [ ] Step\n"})
    box = "\n".join(callout(review_text(root)))
    assert "`#heavy`" in box
    assert "::" not in box.replace("\\:\\:", "")
    assert checklist_items(box) == []


def test_the_list_is_capped_and_points_to_status(vault: Vault) -> None:
    files: dict[str, str | bytes] = {
        f"Goals/G{i:02}.md": "---\ntype: goal\nweight: heavy\n---\n- [ ] Step\n"
        for i in range(25)}
    root = vault(files)
    box = callout(review_text(root))
    assert box[0] == "> [!warning]- Problems (25)"
    assert sum(1 for line in box if line.startswith(">     - line ")) == 20
    assert "> - [[Goals/G19|G19]]" in box and "> - [[Goals/G20|G20]]" not in box
    assert box[-1] == "> - … and 5 more problems: `vaultgoals status VAULT` lists them all"
    proc = cli("status", str(root), "--today", TODAY, check=True)
    assert proc.stderr.count("is not a number") == 25


def test_formatting_problems_outside_goals_stay_out(vault: Vault) -> None:
    root = vault({
        "Goals/G.md": "---\ntype: goal\n---\n- [ ] Step\n",
        "Notes/Recipe.md": "---\ntags: [a, [b]]\n---\ntext\n",
        "Notes/Broken.md": "---\ntitle: [unclosed\n---\ntext\n",
    })
    proc = cli("status", str(root), "--today", TODAY, check=True)
    assert "Notes/Broken.md" in proc.stderr  # status still lists them
    assert callout(review_text(root)) == []


def test_broken_frontmatter_in_a_goal_note_is_listed(vault: Vault) -> None:
    root = vault({"Goals/G.md": "---\ntype: goal\ntags: [a, [b]]\n---\n- [ ] Step\n"})
    proc = cli("status", str(root), "--today", TODAY, check=True)
    assert "Goals/G.md" in proc.stderr
    box = callout(review_text(root))
    assert box and box[0] == "> [!warning]- Problems (1)"


def test_no_problems_no_callout(vault: Vault) -> None:
    root = vault({"Goals/G.md": "---\ntype: goal\nstart: 2026-11-01\nweight: 2\n"
                  "deadline: 2026-12-31\n---\n- [ ] Step\n"})
    text = review_text(root)
    assert "[!warning]" not in text and "Problems" not in text


def test_problems_fixed_later_leave_no_empty_callout(vault: Vault) -> None:
    path, text, _, _ = CASES["weight"]
    root = vault({path: text})
    assert callout(review_text(root))
    (root / path).write_text("---\ntype: goal\nweight: 2\n---\n- [ ] Lift\n", encoding="utf-8")
    after = review_text(root)
    assert "[!warning]" not in after and "Problems" not in after


def test_an_older_review_without_the_section_gets_it(vault: Vault) -> None:
    path, text, _, _ = CASES["weight"]
    root = vault({"Goals/Fine.md": "---\ntype: goal\n---\n- [ ] Step\n"})
    first = review_text(root)
    assert "vaultgoals:begin problems" in first  # (an empty region: shows nothing)
    review = next((root / "Reviews").glob("2026-W49.md"))
    start = first.index("%% vaultgoals:begin problems")
    end = first.index("%% vaultgoals:end problems %%\n") + len("%% vaultgoals:end problems %%\n")
    review.write_text(first[:start] + first[end:], encoding="utf-8")  # as before #15.15
    (root / path).parent.mkdir(exist_ok=True)
    (root / path).write_text(text, encoding="utf-8")
    assert callout(review_text(root))[0] == "> [!warning]- Problems (1)"


def test_style_hints_in_goal_notes_stay_out_but_lost_tags_do_not(vault: Vault) -> None:
    root = vault({
        "Goals/Style.md": "---\ntype: goal\ntags: health fitness\n---\n- [ ] Step\n",
        "Goals/Lost.md": "---\ntype: goal\ntags: #health\n---\n- [ ] Step\n",
    })
    proc = cli("status", str(root), "--today", TODAY, check=True)
    assert "Goals/Style.md:3: tags written as one text" in proc.stderr
    box = callout(review_text(root))
    assert box[0] == "> [!warning]- Problems (1)"
    assert "> - [[Goals/Lost|Lost]]" in box
    assert ">     - line 3: tags: `#…` is a YAML comment, so the note has no tags" in box[3]


def test_a_review_written_into_the_weekly_note_has_it_too(vault: Vault,
                                                          tmp_path: Path) -> None:
    path, text, _, _ = CASES["start"]
    config = "reviews:\n  into_weekly_note: true\n"
    root = vault({path: text, ".vaultgoals.yaml": config})
    assert callout(review_text(root))[0] == "> [!warning]- Problems (1)"
    clean = write_vault(tmp_path / "clean", {
        "Goals/G.md": "---\ntype: goal\n---\n- [ ] Step\n", ".vaultgoals.yaml": config})
    assert "Problems" not in review_text(clean)


def test_a_completed_date_that_is_not_a_date_is_named() -> None:
    graph = graph_of({"G.md": "---\ntype: goal\ncompleted: yesterday\n---\n"},
                     date.fromisoformat(TODAY))
    assert [p.message for p in graph.problems if p.path == "G.md"] == [
        "completed 'yesterday' is not a date (YYYY-MM-DD); ignored: write the day it was "
        "done, or status: done"]
    assert graph.nodes["G.md"].declared == "active"
