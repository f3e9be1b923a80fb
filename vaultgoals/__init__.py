"""vaultgoals: reads the goals in an Obsidian vault and writes reviews and celebrations back."""

__version__ = "0.1.0"
