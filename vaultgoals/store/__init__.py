"""The store layer: everything that touches the disk.

Reading files safely (`files`), resolving paths (`safepath`) and holding output folders as
descriptors (`confined`), walking the vault (`walk`), reading notes in parallel (`reading`),
the settings files (`settings`), the journal, the lock and the one writer of notes
(`writer`). It imports only `core`.
"""
