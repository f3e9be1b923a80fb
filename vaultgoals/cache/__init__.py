"""The cache layer: what makes warm runs fast, kept apart from the rules.

`parsecache` stores parsed notes in SQLite by path, size, mtime and parser version;
`index` keeps a vault's parsed notes current, from that cache or by reading. Deleting the
cache changes no output (tests compare cold and warm). It imports `core` and `store`.
"""
