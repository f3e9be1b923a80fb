"""Rendering to text: Markdown for generated notes (`markdown`, `review`) and the
JSON `status --json` and `tasks --json` print (`json`)."""
