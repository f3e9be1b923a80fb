"""The pure core: what vaultgoals knows about goals, as functions of file contents, the
configuration, today's date and the journal's rows.

Here: the records (`model`), configuration values (`config`), dates and weeks, links,
regions, Markdown parsing (`parse/`), goal recognition (`goals/`: one recogniser per
convention and the registry), the graph build and roll-up (`graph`, `graphmodel`,
`taskrefs`, `rollup`, with `graphmemo` keeping what a warm build reuses), commitments,
identity rules, insights, the celebration plan and rendering to text (`render/`).

It may import nothing above it (no `vaultgoals.cache`, `store`, `app`, `cli`) and no module
that does I/O or holds state: no `os`, `sqlite3`, `watchdog`, `rich`, `threading`,
`subprocess`, `shutil`, `tempfile`, `signal`, `fcntl`. Same inputs, same outputs.
"""
