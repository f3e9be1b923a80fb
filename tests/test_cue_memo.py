"""What the cues remember is by value: a heading or label line asked again, in another note
or under other settings, gets the answer of its own text; `Config.cue_words` follows the
settings it is worked out from."""

from __future__ import annotations

from dataclasses import replace

from vaultgoals.core.config import Config
from vaultgoals.core.parse.cues import reads_in_full


def test_headings_and_labels_answer_by_their_own_text() -> None:
    for _ in range(2):
        assert reads_in_full("a.md", "# A\n\n## Goals\n", {})
        assert not reads_in_full("b.md", "# B\n\n## Notes\n", {})
        assert reads_in_full("c.md", "Text.\n\nGoals for 2025:\n- Run\n", {})
        assert not reads_in_full("d.md", "Text.\n\nGroceries:\n- Milk\n", {})
        assert reads_in_full("e.md", "Text.\n\n[[Run a marathon]]:\n- Train\n", {})
    # the vault's own word makes the same heading a cue under its settings only
    assert not reads_in_full("f.md", "# F\n\n## Vorhaben\n", {})
    assert reads_in_full("f.md", "# F\n\n## Vorhaben\n", {}, extra=("Vorhaben",))
    assert not reads_in_full("f.md", "# F\n\n## Vorhaben\n", {})


def test_cue_words_follow_the_settings() -> None:
    config = Config()
    assert config.cue_words == config.cue_words == ()
    other = replace(config, goal_folders=("Ziele",), extra_kinds=(("goal", ("Vorhaben",)),))
    assert other.cue_words == ("Vorhaben", "Ziele")
    assert config.cue_words == ()
