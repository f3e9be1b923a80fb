"""The app layer: a run from reading to writing, and the watcher that repeats it.

`pipeline` (the vault index and the graph of one vault), `jobs` (one pass: read, learn
history, judge, render, write), `watch` and `watchguard` (the service loop, its observers
and its health). It imports `cache`, `store` and `core`, never `cli`.
"""
