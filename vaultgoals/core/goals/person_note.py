"""Is a note about a person? (core/people.py reads people; the goal conventions leave them.)

```text
People/Ana.md              a person (a folder in `people.folders`: People, Contacts,
Network/Mentors/Bo.md      Network, CRM by default; at any depth)
Notes/Cy.md                a person when its `type` (or `kind`, `category`) is person,
                           people, contact or mentor
People/Templates/P.md      not a person: a template
People/Ada Lovelace.md     not a person when its `type` says something else (`type:
                           reference`): notes about famous people kept beside contacts
```

A person note is never a commitment by its how-often property: `every: month` on a person
is how often to talk to them (core/people.py), not a habit (goals/habits.py asks this).
"""

from __future__ import annotations

from functools import lru_cache

from vaultgoals.core.config import Config
from vaultgoals.core.goals.templates import is_template
from vaultgoals.core.model import NoteDoc
from vaultgoals.core.words import folder_word

PERSON_TYPES = frozenset({"person", "people", "contact", "mentor"})
_TYPE_KEYS = ("type", "kind", "category")


@lru_cache(maxsize=32)
def _names(folders: tuple[str, ...]) -> frozenset[str]:
    return frozenset(folder_word(n) for n in folders)


def is_person(doc: NoteDoc, config: Config) -> bool:
    """A note in a people folder (`people.folders`) or whose `type` says person; not a
    template."""
    fm = doc.frontmatter
    types = [v.strip().casefold() for k in _TYPE_KEYS if isinstance(v := fm.get(k), str)]
    if any(t in PERSON_TYPES for t in types):
        return not is_template(doc, config)
    if types:  # `type: reference` in a People folder: a note about someone, not a contact
        return False
    folder = doc.path.rpartition("/")[0]
    return (bool(folder) and _in_people_folder(folder, config.people_folders)
            and not is_template(doc, config))


@lru_cache(maxsize=4096)  # (asked of every note: a vault has far fewer folders than notes)
def _in_people_folder(folder: str, people_folders: tuple[str, ...]) -> bool:
    names = _names(people_folders)
    return any(folder_word(f) in names for f in folder.split("/"))
