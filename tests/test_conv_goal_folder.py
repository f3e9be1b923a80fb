"""Goals, projects and done folders (goals/goal_folder.py) named in any language of the
word table, besides `goals.folders` / `goals.done_folders`. Strings in, graph nodes out."""

from __future__ import annotations

from datetime import date

import pytest

from tests.reading import read_all
from vaultgoals.core.config import Config, parse_config
from vaultgoals.core.graph import build_graph
from vaultgoals.core.graphmodel import Graph
from vaultgoals.core.parse.scanner import parse_note

CONFIG = Config()
GOAL = "# Marathon laufen\n\n- [ ] Schuhe kaufen\n"


def graph(notes: dict[str, str], config: Config = CONFIG) -> Graph:
    docs = read_all(notes, config)
    return build_graph(docs, config, date(2025, 6, 15))


@pytest.mark.parametrize("path", ["Ziele/Marathon laufen.md", "Metas/Correr.md",
                                  "Objectifs/Courir.md", "Metas/Correr.md",
                                  "Цели/Марафон.md", "目标/马拉松.md", "1 Areas/🎯 Ziele/X.md"])
def test_a_note_in_a_goals_folder_of_any_language_is_a_goal(path: str) -> None:
    node = graph({path: GOAL}).nodes[path]
    assert (node.kind, node.found_by, node.declared) == ("goal", "goal_folder", "active")


@pytest.mark.parametrize("path", ["Ziele/Archiv/Führerschein.md", "Ziele/Erledigt/X.md",
                                  "Metas/Hecho/X.md", "Objectifs/Terminé/X.md",
                                  "Goals/Archiv/X.md", "Цели/Архив/X.md"])
def test_a_done_folder_of_any_language_marks_a_goal_done(path: str) -> None:
    assert graph({path: GOAL}).nodes[path].declared == "done"


def test_a_projects_folder_of_any_language_holds_projects() -> None:
    text = "---\nstatus: aktiv\n---\n# Balkon\n\n## Aufgaben\n- [ ] Erde kaufen\n"
    for path in ("Projekte/Balkon begrünen.md", "Proyectos/Balcón.md", "Projets/Balcon.md"):
        assert parse_note(path, text).full
        assert graph({path: text}).nodes[path].found_by == "goal_folder"
    done = "# Balkon\n\n- [x] Erde kaufen\n"
    assert graph({"Projekte/Archiv/Balkon.md": done}).nodes[
        "Projekte/Archiv/Balkon.md"].declared == "done"


def test_the_table_adds_to_the_configured_folders_and_an_empty_list_turns_them_off() -> None:
    mine = parse_config("goals:\n  folders: [Vorhaben]\n", {})
    nodes = graph({"Vorhaben/A.md": GOAL, "Ziele/B.md": GOAL}, mine).nodes
    assert {"Vorhaben/A.md", "Ziele/B.md"} <= set(nodes)
    off = parse_config("goals:\n  folders: []\n", {})
    assert graph({"Ziele/B.md": GOAL}, off).nodes == {}


@pytest.mark.parametrize("path", ["Zielgruppe/A.md", "Archiv/A.md", "Erledigt/A.md",
                                  "Objectives/A.md"])
def test_folders_that_are_no_goals_folders(path: str) -> None:
    assert path not in graph({path: "# A\n\nSome text.\n"}).nodes


@pytest.mark.parametrize("path", ["Goals/Goals dashboard.md", "Goals/Index.md",
                                  "Ziele/Übersicht.md", "Metas/Tablero.md",
                                  "Objectifs/Tableau de bord.md", "Goals/Goals MOC.md",
                                  "Goals/Home.md", "目标/仪表板.md", "Goals/Overview 2025.md"])
def test_a_dashboard_in_a_goals_folder_is_no_goal(path: str) -> None:
    text = "# Dashboard\n\nAll active goals.\n\n```dataview\nTABLE status FROM \"Goals\"\n```\n"
    assert path not in graph({path: text}).nodes


def test_a_goals_list_note_in_a_goals_folder_is_a_list_not_one_goal() -> None:
    text = "# Ziele 2025\n\n- [ ] 8 kg abnehmen\n- [ ] Spanisch B1 bestehen\n"
    nodes = graph({"Ziele/Ziele 2025.md": text}).nodes
    assert sorted(nodes) == ["Ziele/Ziele 2025.md:3", "Ziele/Ziele 2025.md:4"]


@pytest.mark.parametrize("path", ["Goals/Buy a new home.md", "Goals/Index funds 10k.md",
                                  "Ziele/Marathon laufen.md"])
def test_goals_named_with_a_dashboard_word_are_goals(path: str) -> None:
    assert path in graph({path: GOAL}).nodes
