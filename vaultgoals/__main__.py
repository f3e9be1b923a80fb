"""`python -m vaultgoals` and the `vaultgoals` command (pyproject's console script)."""

import gc


def main() -> None:
    """Import the command line with the cyclic collector off, then run it.

    The modules' objects (30,000 of them) live to the end: the collector would only
    traverse them again and again while they are made (about 10 ms of a start). Frozen once
    made, no later collection (the watcher's) looks at them either; `run()` then decides
    whether the command runs with the collector on."""
    gc.disable()
    # lazy: imported with the collector off (the console script imports this module first)
    from vaultgoals.cli import run

    gc.freeze()
    gc.enable()
    run()


if __name__ == "__main__":  # (not when a parse worker process imports it as __mp_main__)
    main()
