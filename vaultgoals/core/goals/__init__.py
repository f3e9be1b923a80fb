"""Goal recognition: one small recogniser per way people write a goal, in one ordered list.

A recogniser reads one parsed note (a `NoteDoc`) and the configuration, and says what it
recognised and why (`Found`): a note recogniser decides whether a whole note is a vision,
goal, milestone, skill or commitment; an item recogniser finds the tasks in a note that are
goals or milestones themselves; a membership rule says which node a task counts toward.
`registry.py` lists them in the order they are asked (the first that claims a note or a
task, or names a node for it, wins). They know nothing of the cache, the journal or the
files: a recogniser is a function from a note to what it found, tested as one.

To add a convention: write one module here with a `recognise` (or `goal_of`) function
whose docstring shows the Markdown it matches, add one line to `registry.py`, and give it
unit specs (`tests/test_recognisers.py`), near misses included.
"""
