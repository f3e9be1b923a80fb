"""Hostile input: every case ends in a clear warning or a safe result — never a write outside
the vault, a hang, a traceback, or unbounded memory.

Every command runs as a real subprocess with `RLIMIT_AS` = 1.5 GiB (bounded memory) and a
timeout (a hang fails the test instead of stalling the suite; runs of these tiny vaults take
well under a second). The folder *around* each vault is snapshotted before and compared after:
nothing may appear or change there. Heavier variants run under `pytest --long`.

Real vaults: every vault in tests/data/vaults/ and sample_vault/ goes through status, tasks
and run; the warnings they print are checked against `REAL_VAULT_WARNINGS`, each of which was
checked by hand against the file (see the comments), so a new spurious warning fails here.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from tests.conftest import DATA, SAMPLE, write_vault
from tests.faultkit import (
    assert_clean,
    files_outside,
    is_output,
    limits,
    tree,
    vg,
)
from vaultgoals.core.regions import scan_regions

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="rlimits, FIFOs, symlinks")

TODAY = "2026-11-20"
REVIEW = "Reviews/2026-W47.md"
GOAL_DONE = ("---\ntype: goal\nstatus: done\ncompleted: 2026-11-18\n---\n"
             "- [x] did it ✅ 2026-11-18\n")
GOAL_OPEN = "---\ntype: goal\n---\n## Milestones\n- [x] first step ✅ 2026-11-19\n- [ ] next\n"
FIFO_TIMEOUT = 15.0  # a run of a 3-note vault takes < 1 s; a FIFO read would block forever
HANG_XFAIL_TIMEOUT = 4.0  # the known hangs below: a short wait proves the point


def vg_limited(*args: str, timeout: float = 120.0) -> subprocess.CompletedProcess[str]:
    return vg(*args, preexec=limits(), timeout=timeout)


def run_ok(
    vault: Path, *, code: int = 0, timeout: float = 120.0
) -> subprocess.CompletedProcess[str]:
    proc = vg_limited("run", str(vault), "--today", TODAY, timeout=timeout)
    assert_clean(proc, code)
    return proc


def warnings_of(proc: subprocess.CompletedProcess[str]) -> list[str]:
    return [ln[len("warning "):] for ln in proc.stderr.splitlines() if ln.startswith("warning ")]


def outputs_intact(vault: Path) -> None:
    for rel, data in tree(vault).items():
        if is_output(rel) and rel.endswith(".md"):
            scan = scan_regions(data.decode("utf-8"))
            assert scan.problems == () and scan.regions, rel
            assert not any(r.user_edited for r in scan.regions), rel


@pytest.fixture
def box(tmp_path: Path) -> Callable[[dict[str, str | bytes]], Path]:
    """A vault at box/vault with a sibling folder box/outside (the place nothing may reach)."""

    def make(files: dict[str, str | bytes]) -> Path:
        root = write_vault(tmp_path / "box" / "vault", files)
        (tmp_path / "box" / "outside").mkdir(exist_ok=True)
        return root

    return make


def around(vault: Path) -> dict[str, bytes]:
    """Everything next to the vault (excluding the vault itself)."""
    return {k: v for k, v in tree(vault.parent, skip_journal=False).items()
            if not (k == "vault" or k.startswith("vault/"))}


def nothing_outside(vault: Path, before: dict[str, bytes]) -> None:
    after = around(vault)
    assert after == before, {k: v[:80] for k, v in files_outside(vault.parent, before).items()
                             if not k.startswith("vault")}


# --------------------------------------------------------------------------- titles

HOSTILE_TITLES = [
    "../../escape", "/etc/passwd", "C:\\Windows\\evil", "\\\\server\\share\\x",
    "Reviews/../../x", "a/b/c", ".obsidian", ".vaultgoals", "CON", "nul.txt", "LPT1", "COM¹",
    "a\x01\x07\x1b[31mred\x7f", "x" * 300, "é" * 300, "🏃‍♀️" * 100,
    "\u202eevil\u202c", "\ufeffbom", "%% vaultgoals:end wins %%",
    "x\n%% vaultgoals:end review %%\ny", "- [ ] fake task", "# heading", "]]|[[link",
    "<script>alert(1)</script>", "| a | b |", "```",
]


def test_hostile_titles_stay_inside_and_never_break_a_region(
    box: Callable[[dict[str, str | bytes]], Path],
) -> None:
    files: dict[str, str | bytes] = {}
    for i, title in enumerate(HOSTILE_TITLES):
        quoted = yaml.safe_dump({"title": title}, allow_unicode=True, width=10_000)
        files[f"Goals/g{i}.md"] = GOAL_DONE.replace("---\n- [x]", quoted + "---\n- [x]", 1)
        files[f"Goals/m{i}.md"] = (
            "---\ntype: goal\n---\n## Milestones\n- [x] "
            + title.replace("\n", " ") + " ✅ 2026-11-17\n- [ ] more\n")
    root = box(files)
    before = around(root)
    run_ok(root)
    nothing_outside(root, before)
    outputs_intact(root)
    names = sorted(p.name for p in (root / "Celebrations").iterdir())
    assert len(names) >= len(HOSTILE_TITLES)
    for name in names:
        assert name.endswith(".md") and not name.startswith(".")
        assert len(name.encode("utf-8")) <= 124, name
        assert not set(name) & set('/\\:*?"<>|\t\n\r\x00\x01\x07\x1b\x7f\u202e\ufeff'), name
        assert name[: -len(".md")].split(".")[0].upper() not in ("CON", "NUL", "LPT1")
    again = run_ok(root)
    assert "nothing written" in again.stdout


def test_two_achievements_with_one_title_on_one_day_get_two_celebrations(
    box: Callable[[dict[str, str | bytes]], Path],
) -> None:
    course = "---\ntype: goal\n---\n## Milestones\n- [x] Week 1 ✅ 2026-11-18\n- [ ] Week 2\n"
    root = box({"Goals/SQL course.md": course, "Goals/Go course.md": course})
    run_ok(root)
    cels = sorted(p.name for p in (root / "Celebrations").iterdir())
    assert len(cels) == 2, cels
    log = (root / "Wins log.md").read_text(encoding="utf-8")
    linked = re.findall(r"\[\[([^|\]]+)\|celebration\]\]", log)
    assert len(set(linked)) == 2, log
    assert "nothing written" in run_ok(root).stdout


# --------------------------------------------------------------------------- symlinks

OUTSIDE_GOAL = ("---\ntype: goal\ntitle: Secret outside goal\n---\n"
                "- [x] outside task ✅ 2026-11-19\n")


def test_symlinks_to_notes_and_folders_outside_are_not_followed(
    box: Callable[[dict[str, str | bytes]], Path],
) -> None:
    root = box({"Goals/G.md": GOAL_OPEN})
    outside = root.parent / "outside"
    (outside / "secret.md").write_text(OUTSIDE_GOAL, encoding="utf-8")
    (outside / "folder").mkdir()
    (outside / "folder" / "deep.md").write_text(OUTSIDE_GOAL, encoding="utf-8")
    (root / "linked.md").symlink_to(outside / "secret.md")
    (root / "Linked folder").symlink_to(outside / "folder", target_is_directory=True)
    (root / "absolute.md").symlink_to("/etc/hostname")
    before = around(root)
    for cmd in ("status", "tasks"):
        proc = vg_limited(cmd, str(root), "--json", "--today", TODAY)
        assert_clean(proc)
        assert "Secret outside goal" not in proc.stdout and "outside task" not in proc.stdout
    run_ok(root)
    nothing_outside(root, before)
    assert "Secret outside goal" not in (root / REVIEW).read_text(encoding="utf-8")


@pytest.mark.parametrize("folder", ["Reviews", "Celebrations"])
def test_symlinked_output_folder_pointing_outside_is_refused(
    box: Callable[[dict[str, str | bytes]], Path], folder: str
) -> None:
    root = box({"Goals/G.md": GOAL_DONE, "Goals/H.md": GOAL_OPEN})
    outside = root.parent / "outside"
    (root / folder).symlink_to(outside, target_is_directory=True)
    before = around(root)
    proc = run_ok(root, code=1)
    failed = [ln for ln in proc.stderr.splitlines() if ln.startswith("not written")]
    assert failed and all(ln.startswith(f"not written {folder}/") for ln in failed), proc.stderr
    assert all("symlink" in ln and "outside the vault" in ln for ln in failed), failed
    assert not any(outside.iterdir())
    nothing_outside(root, before)
    other = "Celebrations" if folder == "Reviews" else "Reviews"
    assert any((root / other).iterdir())  # the rest of the pass still happened


def test_symlinked_output_files_are_refused_even_inside_the_vault(
    box: Callable[[dict[str, str | bytes]], Path],
) -> None:
    root = box({"Goals/G.md": GOAL_DONE, "Mine.md": "my own note\n", "Reviews/.keep": ""})
    outside = root.parent / "outside"
    (outside / "wins.md").write_text("outside wins\n", encoding="utf-8")
    (root / "Wins log.md").symlink_to(outside / "wins.md")
    (root / REVIEW).symlink_to(root / "Mine.md")
    before = around(root)
    proc = run_ok(root, code=1)
    assert f"not written {REVIEW}" in proc.stderr and "not written Wins log.md" in proc.stderr
    assert (root / "Mine.md").read_text(encoding="utf-8") == "my own note\n"
    assert (outside / "wins.md").read_text(encoding="utf-8") == "outside wins\n"
    assert (root / REVIEW).is_symlink() and (root / "Wins log.md").is_symlink()
    nothing_outside(root, before)


def test_journal_folder_symlinked_outside_is_refused(
    box: Callable[[dict[str, str | bytes]], Path],
) -> None:
    root = box({"Goals/G.md": GOAL_DONE})
    (root / ".vaultgoals").symlink_to(root.parent / "outside", target_is_directory=True)
    before = around(root)
    proc = vg_limited("run", str(root), "--today", TODAY)
    assert_clean(proc, 2)
    assert len(proc.stderr.strip().splitlines()) == 1 and ".vaultgoals" in proc.stderr
    nothing_outside(root, before)


def test_symlink_loops_and_dangling_links(box: Callable[[dict[str, str | bytes]], Path]) -> None:
    root = box({"Goals/G.md": GOAL_OPEN})
    (root / "self.md").symlink_to("self.md")
    (root / "a.md").symlink_to("b.md")
    (root / "b.md").symlink_to("a.md")
    (root / "dangling.md").symlink_to("does-not-exist.md")
    (root / "Goals" / "loop").symlink_to("..", target_is_directory=True)
    (root / "Goals" / "me").symlink_to(".", target_is_directory=True)
    for cmd in ("status", "tasks"):
        assert_clean(vg_limited(cmd, str(root), "--today", TODAY, timeout=60))
    run_ok(root, timeout=60)
    assert (root / "self.md").is_symlink() and os.readlink(root / "self.md") == "self.md"


# --------------------------------------------------------------------------- size and depth

def _bomb(levels: int, width: int = 9) -> str:
    lines = [f"a0: &a0 [{', '.join(['lol'] * width)}]"]
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * width)}]")
    return "\n".join(lines)


def test_yaml_alias_bombs_in_notes_are_refused_with_a_warning(
    box: Callable[[dict[str, str | bytes]], Path],
) -> None:
    top = "a9"
    root = box({
        "Goals/Bomb.md": f"---\ntype: goal\n{_bomb(10)}\ntitle: *{top}\ntags: *{top}\n"
                         f"parent: *{top}\nskills: *{top}\n---\n- [ ] after the bomb\n",
        "Goals/Cycle.md": "---\ntype: goal\nx: &x [*x]\n---\n",
        "Goals/G.md": GOAL_OPEN,
    })
    for cmd in ("status", "tasks"):
        proc = vg_limited(cmd, str(root), "--today", TODAY)
        assert_clean(proc)
        found = warnings_of(proc)
        assert any(w.startswith("Goals/Bomb.md:") and "alias" in w for w in found), found
    run_ok(root)


def test_hostile_config_file_is_a_one_line_error_not_a_crash(
    box: Callable[[dict[str, str | bytes]], Path],
) -> None:
    """`.vaultgoals.yaml` goes through a YAML loader too: an alias bomb inside one value (its
    repr in the error message would be billions of items), nesting deep enough to overflow
    libyaml's C stack (a segfault, not an exception), and a huge file."""
    levels = ", ".join(["&a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
                       + [f"&a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)])
    cases = {
        "bomb in a value": f"stale_days: [{levels}]\n",
        "bomb in statuses": f"statuses:\n  '!': [{levels}]\n",
        "bomb in ignore": f"ignore: [[{levels}]]\n",
        "deep nesting": "ignore: " + "[" * 100_000 + "]" * 100_000 + "\n",
        "deep mapping": "ignore: " + "{a: " * 20_000 + "1" + "}" * 20_000 + "\n",
        "huge": "# " + "x" * (8 * 1024 * 1024) + "\n",
    }
    for what, text in cases.items():
        root = box({"Goals/G.md": GOAL_OPEN, ".vaultgoals.yaml": text})
        proc = vg_limited("status", str(root), "--today", TODAY, timeout=60)
        assert proc.returncode in (0, 2), (what, proc.returncode, proc.stderr[-500:])
        assert_clean(proc, 0, 2)
        if proc.returncode == 2:
            lines = proc.stderr.strip().splitlines()
            assert len(lines) == 1 and ".vaultgoals.yaml" in lines[0], (what, proc.stderr[:500])
            assert len(lines[0]) < 600, (what, lines[0][:600])
        shutil.rmtree(root)


def test_notes_over_the_size_limit_are_skipped_with_a_warning(
    box: Callable[[dict[str, str | bytes]], Path],
) -> None:
    root = box({"Goals/G.md": GOAL_OPEN})
    with open(root / "huge.md", "wb") as fh:  # 100 MB (sparse: cheap to make, real to stat)
        fh.truncate(100 * 1024 * 1024)
    proc = vg_limited("status", str(root), "--today", TODAY)
    assert_clean(proc)
    assert any(w.startswith("huge.md:1:") and "skipped" in w for w in warnings_of(proc))
    run_ok(root)


@pytest.mark.slow
def test_a_60mb_task_note_under_the_limit_keeps_memory_bounded(
    box: Callable[[dict[str, str | bytes]], Path], long_run: bool
) -> None:
    if not long_run:
        pytest.skip("--long only (about 30 s)")
    root = box({"Goals/G.md": GOAL_OPEN})
    block = "## W\n\n- [ ] write report [[G]] 📅 2026-11-30\n    - [x] outline ✅ 2026-11-02\n"
    data = (block * (60 * 1024 * 1024 // len(block.encode()))).encode()
    (root / "big.md").write_bytes(data)
    proc = vg_limited("status", str(root), "--today", TODAY, timeout=600)
    assert_clean(proc)  # read, or skipped with a warning naming it: either way, bounded


NESTED: dict[str, str] = {
    "list.md": "".join("\t" * (i // 2) + ("  " if i % 2 else "") + "- [ ] t [[G]]\n"
                       for i in range(10_000)),
    "quotes.md": "> " * 10_000 + "- [ ] deep in quotes [[G]]\n" + "".join(
        ">" * i + " - [ ] q\n" for i in range(1, 1_000)),
    "callouts.md": "".join("> " * i + "> [!note] c\n" for i in range(1, 1_000)),
    "frontmatter.md": "---\nx: " + "[" * 10_000 + "]" * 10_000 + "\n---\n- [ ] t\n",
    "frontmatter-100k.md": "---\nx: " + "{a: " * 100_000 + "1" + "}" * 100_000 + "\n---\n",
    "headings.md": "".join("#" * (1 + i % 6) + f" h{i}\n- [ ] t{i}\n" for i in range(10_000)),
}


@pytest.mark.slow
def test_10000_levels_of_nesting(box: Callable[[dict[str, str | bytes]], Path]) -> None:
    root = box({"Goals/G.md": GOAL_OPEN, **NESTED})
    proc = vg_limited("tasks", str(root), "--json", "--today", TODAY)
    assert_clean(proc)
    assert sum(1 for ln in proc.stdout.splitlines() if '"list.md"' in ln) == 10_000
    assert any('"quotes.md"' in ln and "deep in quotes" in ln for ln in proc.stdout.splitlines())
    found = warnings_of(proc)
    assert any(w.startswith("frontmatter.md:2:") for w in found), found
    assert any(w.startswith("frontmatter-100k.md:2:") for w in found), found
    run_ok(root)


@pytest.mark.parametrize("depth", [1_000, pytest.param(10_000, marks=pytest.mark.slow)])
def test_deep_chain_of_parent_goals(
    box: Callable[[dict[str, str | bytes]], Path], depth: int, long_run: bool
) -> None:
    if depth > 1_000 and not long_run:
        pytest.skip("--long only")
    root = box({f"Goals/g{i}.md": f"---\ntype: goal\nparent: \"[[g{i + 1}]]\"\n---\n- [ ] t{i}\n"
                for i in range(depth)} | {f"Goals/g{depth}.md": "---\ntype: vision\n---\n"})
    proc = vg_limited("status", str(root), "--json", "--today", TODAY, timeout=300)
    assert_clean(proc)  # (status --json recursed per level: RecursionError at ~500 levels)
    found = warnings_of(proc)
    assert found and all("nest more than" in w for w in found), found[:3]
    run_ok(root, timeout=300)


# 1 MB on one line, in shapes that trip regexes (backtracking) or per-character loops.
MB = 1024 * 1024
ONE_LINE: dict[str, str] = {
    "backticks": "`a`` " * (MB // 5),
    "wikilinks": "[[" * (MB // 2),
    "comments": "%%x" * (MB // 3),
    "quotes": "> " * (MB // 2),
    "fields": "[goal:: " * (MB // 8),
    "nested-tag": "#" + "a/" * (MB // 2),
}
ONE_LINE_LONG: dict[str, str] = {
    "backticks-only": "`" * MB, "links": "[[a]]" * (MB // 5), "hashes": "#" * MB,
    "hashtags": "#a " * (MB // 3), "html-comments": "<!--" * (MB // 4), "brackets": "[" * MB,
    "stars": "*" * MB, "underscores": "_a" * (MB // 2), "dates": "📅 2026-01-01 " * (MB // 16),
    "tasks": "- [ ] " * (MB // 6), "md-links": "[a](" * (MB // 4), "pipes": "[[a|" * (MB // 4),
    "carets": "[[a#^" * (MB // 5), "backslashes": "\\" * MB,
    "goal-links": "[goal:: [[" * (MB // 10),
}


@pytest.mark.slow
def test_1mb_single_lines(box: Callable[[dict[str, str | bytes]], Path], long_run: bool) -> None:
    shapes = ONE_LINE | (ONE_LINE_LONG if long_run else {})
    files: dict[str, str | bytes] = {"Goals/G.md": "---\ntype: goal\ntag: a\n---\n- [ ] t\n"}
    for name, line in shapes.items():
        files[f"line-{name}.md"] = f"- [ ] {line} [[G]]\n{line}\n"
    root = box(files)
    proc = vg_limited("tasks", str(root), "--json", "--today", TODAY, timeout=300)
    assert_clean(proc)
    for name in shapes:
        assert f'"line-{name}.md"' in proc.stdout, name
    run_ok(root, timeout=300)


# --------------------------------------------------------------------------- encodings, odd files


def test_non_utf8_notes_warn_and_a_non_utf8_review_is_left_alone(
    box: Callable[[dict[str, str | bytes]], Path],
) -> None:
    latin1 = "---\ntype: goal\ntitle: Café crème\n---\n- [x] déjà fait\n"
    review = b"# My review\n\xff\xfe broken bytes \x80\n"
    root = box({
        "Goals/Latin.md": latin1.encode("latin-1"),
        "utf16.md": "- [ ] utf-16 task\n".encode("utf-16"),
        "Goals/G.md": GOAL_OPEN,
        REVIEW: review,
    })
    proc = vg_limited("status", str(root), "--today", TODAY)
    assert_clean(proc)
    found = warnings_of(proc)
    assert any(w.startswith("Goals/Latin.md:3:") and "UTF-8" in w for w in found), found
    assert any(w.startswith("utf16.md:1:") and "UTF-8" in w for w in found), found
    proc = run_ok(root)
    assert f"{REVIEW}: not valid UTF-8; left untouched" in proc.stderr
    assert (root / REVIEW).read_bytes() == review


def test_empty_files_everywhere(box: Callable[[dict[str, str | bytes]], Path]) -> None:
    root = box({
        "Goals/G.md": GOAL_DONE, "Goals/Empty.md": "", "empty.md": "", "Daily/2026-11-20.md": "",
        ".vaultgoals.yaml": "", ".obsidian/daily-notes.json": "",
        ".obsidian/plugins/periodic-notes/data.json": "",
    })
    for cmd in ("status", "tasks"):
        assert_clean(vg_limited(cmd, str(root), "--today", TODAY))
    run_ok(root)
    assert (root / REVIEW).is_file()
    assert "nothing written" in run_ok(root).stdout


@pytest.mark.parametrize("where", [REVIEW, "Wins log.md", "Celebrations/2026-11-18 G.md"])
def test_a_folder_where_a_note_goes_is_an_error_for_that_note_only(
    box: Callable[[dict[str, str | bytes]], Path], where: str
) -> None:
    root = box({"Goals/G.md": GOAL_DONE, "folder.md/inside.md": "- [ ] inside a folder.md\n"})
    (root / where).mkdir(parents=True)
    (root / where / "mine.txt").write_text("keep me\n", encoding="utf-8")
    proc = run_ok(root, code=1)
    failed = [ln for ln in proc.stderr.splitlines() if ln.startswith("not written")]
    assert len(failed) == 1 and failed[0].startswith(f"not written {where}:"), proc.stderr
    assert (root / where / "mine.txt").read_text(encoding="utf-8") == "keep me\n"
    tasks = vg_limited("tasks", str(root), "--json", "--today", TODAY)
    assert '"folder.md/inside.md"' in tasks.stdout


def test_fifos_and_dangling_links_as_notes_never_block(
    box: Callable[[dict[str, str | bytes]], Path],
) -> None:
    root = box({"Goals/G.md": GOAL_DONE})
    os.mkfifo(root / "pipe.md")
    os.mkfifo(root / "Goals" / "pipe goal.md")
    (root / "dangling.md").symlink_to("nowhere.md")
    for cmd in ("status", "tasks"):
        assert_clean(vg_limited(cmd, str(root), "--today", TODAY, timeout=FIFO_TIMEOUT))
    run_ok(root, timeout=FIFO_TIMEOUT)


def test_a_fifo_where_the_review_goes_is_an_error_not_a_hang(
    box: Callable[[dict[str, str | bytes]], Path],
) -> None:
    root = box({"Goals/G.md": GOAL_DONE, "Reviews/.keep": ""})
    os.mkfifo(root / REVIEW)
    proc = run_ok(root, code=1, timeout=FIFO_TIMEOUT)
    assert f"not written {REVIEW}:" in proc.stderr


@pytest.mark.parametrize("settings", [".obsidian/daily-notes.json",
                                      ".obsidian/plugins/periodic-notes/data.json",
                                      ".vaultgoals.yaml"])
def test_a_fifo_as_a_settings_file_never_blocks(
    box: Callable[[dict[str, str | bytes]], Path], settings: str
) -> None:
    root = box({"Goals/G.md": GOAL_DONE})
    (root / settings).parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(root / settings)
    proc = vg_limited("status", str(root), "--today", TODAY, timeout=FIFO_TIMEOUT)
    assert_clean(proc, 0, 2)
    if proc.returncode == 2:
        assert settings in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_a_fifo_as_the_journal_never_blocks(box: Callable[[dict[str, str | bytes]], Path]) -> None:
    root = box({"Goals/G.md": GOAL_DONE, ".vaultgoals/.keep": ""})
    os.mkfifo(root / ".vaultgoals" / "state.db")
    proc = vg_limited("run", str(root), "--today", TODAY, timeout=HANG_XFAIL_TIMEOUT)
    assert_clean(proc, 0, 1, 2)


def test_a_fifo_as_the_lock_never_blocks(box: Callable[[dict[str, str | bytes]], Path]) -> None:
    root = box({"Goals/G.md": GOAL_DONE, ".vaultgoals/.keep": ""})
    os.mkfifo(root / ".vaultgoals" / "lock")
    proc = vg_limited("run", str(root), "--today", TODAY, timeout=HANG_XFAIL_TIMEOUT)
    assert_clean(proc, 0, 1, 2)  # junk where the lock goes is an unreadable (stale) lock


# --------------------------------------------------------------------------- real vaults

# (vault, command-independent warning) — each checked by hand against the file:
REAL_VAULT_WARNINGS: dict[str, set[str]] = {
    # `tags: value-1-of-2-on-one-line, value-2-of-2-on-one-line` (line 2) is one YAML string
    # holding two tags: read as two, with the advice to write a list. Real.
    "tasks-demo": {
        "Test Data/yaml_tags_with_two_values_on_one_line.md:2: tags written as one text; read "
        "as separate tags, but a YAML list is clearer",
    },
    # line 7 is `Deadline: 2024-11-31`: November has 30 days. Real.
    "lifeos": {
        "Review/Goals/knowledge-base-notes.md:7: deadline '2024-11-31' is neither a date "
        "(YYYY-MM-DD) nor a duration like '6 months'",
    },
    "sample_vault": set(),  # the sample vault is clean
}
# (vault, path, line, text that must be on that line): the evidence for each warning above
REAL_VAULT_EVIDENCE = [
    ("tasks-demo", "Test Data/yaml_tags_with_two_values_on_one_line.md", 2,
     "tags: value-1-of-2-on-one-line, value-2-of-2-on-one-line"),
    ("lifeos", "Review/Goals/knowledge-base-notes.md", 7, "Deadline: 2024-11-31"),
]


def _real_vaults() -> list[tuple[str, Path]]:
    found = [(p.name, p) for p in sorted((DATA / "vaults").iterdir()) if p.is_dir()]
    return [*found, ("sample_vault", SAMPLE)]


@pytest.mark.parametrize(("name", "src"), _real_vaults(), ids=[n for n, _ in _real_vaults()])
def test_real_vaults_complete_with_exactly_the_known_warnings(
    tmp_path: Path, name: str, src: Path
) -> None:
    vault = tmp_path / name
    shutil.copytree(src, vault, ignore=shutil.ignore_patterns(".vaultgoals"))
    (vault / ".obsidian").mkdir(exist_ok=True)  # a vault in Obsidian (the copies leave theirs out)
    before = tree(vault)
    expected = REAL_VAULT_WARNINGS.get(name, set())
    for cmd in ("status", "tasks"):
        proc = vg_limited(cmd, str(vault), "--today", TODAY)
        assert_clean(proc)
        assert set(warnings_of(proc)) == expected, (cmd, warnings_of(proc))
    assert tree(vault) == before  # status and tasks never write
    proc = run_ok(vault)
    assert set(warnings_of(proc)) == expected
    assert not [ln for ln in proc.stderr.splitlines() if not ln.startswith("warning ")], \
        proc.stderr
    changed = {k for k, v in tree(vault).items() if before.get(k) != v}
    assert all(is_output(k) for k in changed), changed
    outputs_intact(vault)
    assert "nothing written" in run_ok(vault).stdout


@pytest.mark.parametrize(("name", "rel", "line", "text"), REAL_VAULT_EVIDENCE)
def test_each_known_real_vault_warning_points_at_a_real_problem(
    name: str, rel: str, line: int, text: str
) -> None:
    lines = (DATA / "vaults" / name / rel).read_text(encoding="utf-8").splitlines()
    assert lines[line - 1] == text
