PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO := $(or $(TMPDIR),/tmp)/vaultgoals-demo

.PHONY: demo test lint bench dist clean

$(BIN)/activate:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: $(BIN)/activate pyproject.toml
	$(BIN)/pip install -q -e '.[test]'
	touch $@

$(VENV)/.dev: $(VENV)/.installed
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

demo: $(VENV)/.installed
	rm -rf "$(DEMO)" && cp -R sample_vault "$(DEMO)" && rm -rf "$(DEMO)/.vaultgoals"
	$(BIN)/vaultgoals run "$(DEMO)" --today 2026-11-20
	@# Sam acts on the decision ticked in last week's review: the launch's deadline moves
	$(BIN)/python -c "import pathlib; p = pathlib.Path('$(DEMO)/Goals/Launch a personal project.md'); p.write_text(p.read_text(encoding='utf-8').replace('deadline: 3 months', 'deadline: 2026-12-15'), encoding='utf-8')"
	$(BIN)/vaultgoals run "$(DEMO)" --today 2026-11-20 --show
	$(BIN)/vaultgoals review "$(DEMO)" --today 2026-11-20 --month 2026-10 >/dev/null
	@echo
	@echo "The demo vault (a copy of sample_vault/) is at $(DEMO)"
	@echo "October's monthly review (rebuilt from the vault: vaultgoals review --month 2026-10):"
	@echo "  $(DEMO)/Reviews/2026-10.md"
	@echo "The goal map: $(DEMO)/Goals.canvas (open the vault in Obsidian; docs/pictures.md)"

test: $(VENV)/.installed
	$(BIN)/python -m pytest -q -n auto $(PYTEST_ARGS)

lint: $(VENV)/.dev
	$(BIN)/ruff check vaultgoals tests benchmarks
	$(BIN)/mypy

# Byte-compile first, as a regular `pip install` does: with PYTHONDONTWRITEBYTECODE set (as
# on the reference machine), an editable install would otherwise compile every module from
# source at every start.
bench: $(VENV)/.installed
	$(BIN)/python -m compileall -q vaultgoals
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

# The sdist and the wheel, in dist/, built as a package index or pipx would build them (in
# an isolated environment with the build backend pyproject.toml names).
dist: $(VENV)/.installed
	rm -rf dist
	$(BIN)/python -m build --outdir dist

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
