from vaultgoals.cli import run

if __name__ == "__main__":  # (not when a parse worker process imports it as __mp_main__)
    run()
