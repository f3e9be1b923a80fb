"""Reading one note's Markdown into a `NoteDoc`, the way Obsidian and the Tasks plugin read it.

`scanner` (read_note, parse_note) walks the lines; `blockline` is the one-line block
grammar it asks (quotes, comments, fences, headings, rules), `listline` the grammar of a
list line, `frontmatter` the properties block. A task's text is read by `taskfields` (the
Tasks plugin's fields) with `inline` (code spans, tags, links), `inlinefields` (Dataview
fields), `recurrence` (🔁 rules) and `jstext` (JavaScript white space). Pure functions of
their input: no I/O here.
"""
