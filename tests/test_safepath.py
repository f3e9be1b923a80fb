"""File names from titles, and vault-relative paths that cannot leave the vault."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vaultgoals.core.paths import UnsafePath, safe_filename
from vaultgoals.store.safepath import resolve_inside

RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"} | {
    f"{d}{n}" for d in ("COM", "LPT") for n in "0123456789¹²³"
}
FORBIDDEN = set('/\\<>:"|?*#^[]')
BIDI = {0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)}


def assert_safe(name: str, max_bytes: int = 120) -> None:
    assert name
    assert len(name.encode("utf-8")) <= max_bytes
    assert not FORBIDDEN & set(name), name
    assert ".." not in name
    assert name[0] not in " ." and name[-1] not in " ."
    assert "  " not in name
    for ch in name:
        assert unicodedata.category(ch) not in ("Cc", "Cs"), repr(ch)
        assert ord(ch) not in BIDI, repr(ch)
    assert name.split(".", 1)[0].rstrip(" ").upper() not in RESERVED
    assert unicodedata.normalize("NFC", name) == name
    assert name[0] not in "\u200c\u200d" and name[-1] not in "\u200c\u200d"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Run a marathon", "Run a marathon"),
        ("../../escape", "escape"),
        ("/etc/passwd", "etc passwd"),
        ("..\\..\\windows\\system32", "windows system32"),
        ("CON", "CON_"),
        ("con.md", "con_.md"),
        ("Lpt1", "Lpt1_"),
        ("COM¹", "COM¹_"),
        ("NUL .txt", "NUL_ .txt"),
        ("CONSOLE", "CONSOLE"),
        ("a:b*c?", "a b c"),
        ('<"quoted"> | pipe', "quoted pipe"),
        ("Goal #1 ^block [[link]]", "Goal 1 block link"),
        ("🎉 Launch 👩‍👩‍👧 🇫🇷", "🎉 Launch 👩‍👩‍👧 🇫🇷"),
        ("\u202egnp.exe", "gnp.exe"),
        ("a\u2066b\u2069c\u200e", "abc"),
        ("nul\x00byte", "nulbyte"),
        ("tab\there\nnewline\r\n", "tab here newline"),
        ("bell\x07 del\x7f c1\x85\x9f", "bell del c1"),
        ("soft\u00adhyphen zero\u200bwidth \ufeffbom", "softhyphen zerowidth bom"),
        ("  .hidden.  ", "hidden"),
        ("Wait...what", "Wait…what"),
        ("...", "untitled"),
        ("", "untitled"),
        ("   ", "untitled"),
        ("///", "untitled"),
        ("e\u0301te\u0301", "été"),  # NFC
        ("lone \ud800 surrogate", "lone surrogate"),
        ("\ufdd0non\uffffchar", "nonchar"),
    ],
)
def test_hostile_titles(title: str, expected: str) -> None:
    assert safe_filename(title) == expected
    assert_safe(safe_filename(title))


def test_long_title_is_bounded_in_bytes() -> None:
    name = safe_filename("x" * 300)
    assert name == "x" * 120
    name = safe_filename("é" * 300)  # 2 bytes each
    assert name == "é" * 60
    assert len(safe_filename("日本語" * 100, max_bytes=50).encode()) <= 50


def test_truncation_never_splits_a_grapheme() -> None:
    family = "👩\u200d👩\u200d👧"  # 18 bytes
    assert safe_filename("a" * 110 + family) == "a" * 110  # would not fit whole: dropped
    assert safe_filename("a" * 102 + family) == "a" * 102 + family
    flags = "🇫🇷" * 20  # 8 bytes per flag
    assert safe_filename(flags, max_bytes=20) == "🇫🇷🇫🇷"
    thumbs = "👍🏽" * 10  # 8 bytes each
    assert safe_filename(thumbs, max_bytes=12) == "👍🏽"
    accents = "e" + "\u0301\u0302\u0303" * 10
    assert safe_filename("ab " + accents, max_bytes=10) == "ab"
    keycap = "1\ufe0f\u20e3" * 5  # 7 bytes each
    assert safe_filename(keycap, max_bytes=10) == "1\ufe0f\u20e3"


def test_truncation_does_not_expose_a_reserved_name() -> None:
    name = safe_filename("AUX " + "👩\u200d👩\u200d👧", max_bytes=10)
    assert name == "AUX_"


def test_max_bytes_must_fit_untitled() -> None:
    with pytest.raises(ValueError, match="max_bytes"):
        safe_filename("x", max_bytes=7)


def test_deterministic() -> None:
    title = "Réunion: Q3 ✓ #goals/2026 [draft]"
    assert safe_filename(title) == safe_filename(title) == "Réunion Q3 ✓ goals 2026 draft"


_PIECES = [
    *["CON", "nul", "Com1", "lpt9", "COM¹", ".", "..", "…", "a", "é", "👩", "🇫"],
    *["#", "|", ":", "/", "\\"],
    *[" ", "\t", "\x00", "\u202e", "\u200d", "\u0301", "\ufeff"],
]
titles = st.one_of(
    st.text(),
    st.text(st.characters(codec="utf-8")),
    st.lists(st.sampled_from(_PIECES), max_size=40).map("".join),
)


@settings(max_examples=1000)
@given(titles, st.integers(min_value=8, max_value=300))
def test_property_safe_and_idempotent(title: str, max_bytes: int) -> None:
    name = safe_filename(title, max_bytes)
    assert_safe(name, max_bytes)
    assert safe_filename(name, max_bytes) == name


# --- resolve_inside -------------------------------------------------------------------------


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    v = tmp_path / "vault"
    (v / "Reviews").mkdir(parents=True)
    (v / "Reviews" / "2026-W47.md").write_text("x", encoding="utf-8")
    return v


def test_resolve_plain_paths(vault: Path) -> None:
    root = vault.resolve()
    assert resolve_inside(vault, "Reviews/2026-W47.md") == root / "Reviews" / "2026-W47.md"
    assert resolve_inside(vault, "New/Folder/note.md") == root / "New" / "Folder" / "note.md"
    assert resolve_inside(vault, "./Reviews//a.md") == root / "Reviews" / "a.md"
    assert resolve_inside(vault, "a..b.md") == root / "a..b.md"  # only the component `..`


@pytest.mark.parametrize(
    "rel",
    [
        "",
        ".",
        "./",
        "../outside.md",
        "Reviews/../../x.md",
        "a/../b.md",
        "/etc/passwd",
        "C:/Windows/x.md",
        "C:x.md",
        "Reviews\\x.md",
        "nul\x00.md",
    ],
)
def test_resolve_refuses(vault: Path, rel: str) -> None:
    with pytest.raises(UnsafePath) as info:
        resolve_inside(vault, rel)
    assert isinstance(info.value, ValueError)
    assert repr(rel) in str(info.value)


def test_symlinked_folder_pointing_outside(vault: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (vault / "Escape").symlink_to(outside, target_is_directory=True)
    with pytest.raises(UnsafePath, match="'Escape' is a symlink pointing outside the vault"):
        resolve_inside(vault, "Escape/note.md")


def test_symlinked_file_pointing_outside(vault: Path, tmp_path: Path) -> None:
    (tmp_path / "secret.md").write_text("s", encoding="utf-8")
    (vault / "Reviews" / "link.md").symlink_to(tmp_path / "secret.md")
    with pytest.raises(UnsafePath, match=r"Reviews/link\.md"):
        resolve_inside(vault, "Reviews/link.md")


def test_dangling_symlink_pointing_outside(vault: Path, tmp_path: Path) -> None:
    (vault / "gone.md").symlink_to(tmp_path / "does-not-exist.md")
    with pytest.raises(UnsafePath):
        resolve_inside(vault, "gone.md")


def test_symlink_chain_leaving_the_vault(vault: Path, tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (vault / "hop2").symlink_to(tmp_path / "out", target_is_directory=True)
    (vault / "hop1").symlink_to(vault / "hop2", target_is_directory=True)
    with pytest.raises(UnsafePath):
        resolve_inside(vault, "hop1/note.md")


def test_symlinks_inside_the_vault_are_followed(vault: Path) -> None:
    (vault / "Alias").symlink_to(vault / "Reviews", target_is_directory=True)
    root = vault.resolve()
    assert resolve_inside(vault, "Alias/2026-W47.md") == root / "Reviews" / "2026-W47.md"
    (vault / "here").symlink_to(".", target_is_directory=True)
    assert resolve_inside(vault, "here/Reviews/a.md") == root / "Reviews" / "a.md"


def test_vault_reached_through_a_symlink(vault: Path, tmp_path: Path) -> None:
    link = tmp_path / "vault-link"
    link.symlink_to(vault, target_is_directory=True)
    assert resolve_inside(link, "Reviews/a.md") == vault.resolve() / "Reviews" / "a.md"


def test_vault_must_exist(tmp_path: Path) -> None:
    with pytest.raises(UnsafePath, match="not a folder"):
        resolve_inside(tmp_path / "nope", "a.md")


def test_result_is_always_inside(vault: Path) -> None:
    root = os.path.realpath(vault)
    for rel in ["a.md", "x/y/z.md", "Reviews/2026-W47.md"]:
        assert str(resolve_inside(vault, rel)).startswith(root + os.sep)
