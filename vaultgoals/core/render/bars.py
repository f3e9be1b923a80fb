"""Progress bars as text, for the review and the terminal (no Markdown parser needed)."""

from __future__ import annotations


def bar(progress: float, width: int = 20) -> str:
    """A progress bar of block characters, `width` wide."""
    filled = round(max(0.0, min(1.0, progress)) * width)
    return "█" * filled + "░" * (width - filled)
