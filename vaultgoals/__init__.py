"""vaultgoals: reads the goals in an Obsidian vault and writes reviews and celebrations back."""

# The one place the version is written: pyproject.toml reads it from here (setuptools'
# `attr:`), `vaultgoals --version` prints it, the parse cache keys its rows with it.
# PEP 440; CHANGELOG.md says what each version holds.
__version__ = "0.2.0.dev0"
