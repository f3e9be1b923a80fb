"""A note inside a skills folder is a skill, with or without properties.

```text
Skills/SQL.md                       a skill
3 Resources/🧠 Skills/Public speaking.md   a skill (at any depth; emoji, numbering ignored)
Skills/Templates/Skill template.md  not a skill: a template
Skills/Skills overview.md           not a skill: a dashboard (Index, Overview, MOC, …)
```

Its level and target are read by core/skills.py (`level: 2`, `target: 4`, `level:
intermediate`, `level: 40%`). The folder names come from `skills.folders` (default `Skills`,
`Skill`, matched without case, leading numbers, emoji or punctuation) and the word table's
skill words (`Competencies`, `Fähigkeiten`, `Habilidades`, `Compétences`, `Навыки`, `技能`);
`skills.folders: []` turns this off. A note whose `type` says otherwise (`type: goal`) is
what its type says: type_property is asked first.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from vaultgoals.core.config import Config
from vaultgoals.core.goals.base import Found
from vaultgoals.core.goals.templates import is_template
from vaultgoals.core.model import NoteDoc
from vaultgoals.core.words import KINDS, folder_word, words_of

NAME = "skill_folder"
# the word table's skill words, and their plurals as folders are named
_TABLE = frozenset(w for k in KINDS["skill"] for w in (k, k + "s", k.replace("y", "ies")))


@lru_cache(maxsize=32)
def _names(configured: tuple[str, ...]) -> frozenset[str]:
    return frozenset({*(folder_word(n) for n in configured), *_TABLE}) if configured else (
        frozenset())


@lru_cache(maxsize=4096)  # (a vault has far fewer folders than notes)
def skill_folder_of(folder: str, configured: tuple[str, ...]) -> str | None:
    """The skills folder a note's folder is in (`3 Resources/Skills`), or None."""
    names = _names(configured)
    parts = folder.split("/") if folder else []
    for i, name in enumerate(parts):
        if folder_word(name) in names:
            return "/".join(parts[:i + 1])
    return None


def recognise(doc: NoteDoc, props: Mapping[str, object], config: Config) -> Found | None:
    folder = doc.path.rpartition("/")[0]
    where = skill_folder_of(folder, config.skill_folders) if folder else None
    if where is None or is_template(doc, config):
        return None
    if config.words["dashboards"].has(words_of(doc.name)):
        return None
    return Found("skill", 1, f"it is in the skills folder {where}/", NAME)
