"""The held-out vaults of tests/data/heldout/ keep describing themselves.

These vaults measure vaultgoals on goals it was not written against
(`benchmarks/conventions_report.py --heldout`); no test gates on their recall or precision.
What is checked here is only that each key still matches its vault, so a measurement never
silently counts against a line that moved.
"""

from __future__ import annotations

import pytest

from tests.conventions import HELDOUT, key_problems, load_key, vault_names

NAMES = vault_names(HELDOUT)


def test_there_are_five_heldout_vaults() -> None:
    assert len(NAMES) >= 5


@pytest.mark.parametrize("name", NAMES)
def test_the_heldout_key_describes_its_vault(name: str) -> None:
    key = load_key(name, HELDOUT)
    assert key_problems(key) == []
    notes = [p for p in key.vault.rglob("*.md") if ".obsidian" not in p.parts]
    assert 8 <= len(notes) <= 20
    assert key.expected and key.not_goals
    assert not {e.at for e in key.expected} & key.not_goals.keys()
