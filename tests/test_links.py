"""links.LinkResolver: which note a `[[link]]` or `[text](link.md)` target names."""

from __future__ import annotations

from vaultgoals.core.links import LinkResolver

PATHS = [
    "Goals/Ship the book.md",
    "Archive/Goals/Ship the book.md",
    "People/Ada Lovelace.md",
    "Inbox/a%20b.md",
    "Notes/Café.md",
]


def test_names_paths_suffixes_and_aliases() -> None:
    r = LinkResolver(PATHS, [("Ada", "People/Ada Lovelace.md")])
    assert r.resolve("ship the BOOK") == "Goals/Ship the book.md"  # shortest path wins
    assert r.resolve("Archive/Goals/Ship the book") == "Archive/Goals/Ship the book.md"
    assert r.resolve("goals/ship the book.md") == "Goals/Ship the book.md"
    assert r.resolve("People/Ada Lovelace.md") == "People/Ada Lovelace.md"
    assert r.resolve("Ada") == "People/Ada Lovelace.md"
    assert r.resolve("café") == "Notes/Café.md"
    assert r.resolve("Nobody") is None
    assert r.resolve("  ") is None


def test_nothing_is_url_decoded_twice() -> None:
    """`a%20b.md` is a note named `a%20b`: `[[a b]]` does not name it, `[[a%20b]]` does.
    (A markdown link's target is decoded once, where the link is read: `[x](a%2520b.md)`
    names `a%20b`.)"""
    from vaultgoals.core.parse.taskfields import extract_links

    r = LinkResolver(PATHS)
    assert r.resolve("a b") is None
    assert r.resolve("Inbox/a b") is None
    assert r.resolve("a%20b") == "Inbox/a%20b.md"
    (link,) = extract_links("[x](a%2520b.md)")
    assert r.resolve(link.target) == "Inbox/a%20b.md"
    (link,) = extract_links("[x](Notes/Caf%C3%A9.md)")
    assert r.resolve(link.target) == "Notes/Café.md"


def test_ambiguous_names_and_path_suffixes_go_to_the_best_ranked_note() -> None:
    """Least deep, then shortest, then alphabetically first, whatever order the notes
    come in."""
    paths = ["B/Deep/Goals/X.md", "Z/Goals/X.md", "A/Goals/X.md", "Long name/Goals/X.md",
             "b/x.md"]
    for order in (paths, paths[::-1], sorted(paths)):
        r = LinkResolver(order)
        assert r.resolve("Goals/X") == "A/Goals/X.md"
        assert r.resolve("x") == "b/x.md"
        assert r.resolve("Deep/Goals/X") == "B/Deep/Goals/X.md"
        assert r.resolve("Nowhere/X") is None
