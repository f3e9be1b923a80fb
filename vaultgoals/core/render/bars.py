"""Progress bars as text, for the review and the terminal (no Markdown parser needed)."""

from __future__ import annotations


def bar(progress: float, width: int = 20) -> str:
    """A progress bar of block characters, `width` wide."""
    filled = round(max(0.0, min(1.0, progress)) * width)
    return "█" * filled + "░" * (width - filled)


PACE_MARK = "┃"


def pace_bar(progress: float, plan: float, width: int = 20) -> tuple[str, int]:
    """A progress bar with the plan's place for today marked (`PACE_MARK`), and that
    place's index: left of the filled part, the goal is ahead of its plan; right of it,
    behind."""
    at = min(width - 1, int(max(0.0, min(1.0, plan)) * width))
    text = bar(progress, width)
    return text[:at] + PACE_MARK + text[at + 1:], at
