import gc

if __name__ == "__main__":  # (not when a parse worker process imports it as __mp_main__)
    # The modules' objects (30,000 of them) live to the end: the cyclic collector would
    # only traverse them again and again while they are made (about 10 ms of a start).
    # Frozen once made, no later collection (the watcher's) looks at them either;
    # `main()` then decides whether the command runs with the collector on.
    gc.disable()
    from vaultgoals.cli import run

    gc.freeze()
    gc.enable()
    run()
