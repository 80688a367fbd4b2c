# The README's commands. Each installs what it needs into .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8050
WORKERS ?= 4
# axe-core, the accessibility checker the browser tests run in the page (from the npm registry).
AXE := .cache/axe/node_modules/axe-core/axe.min.js

.PHONY: run serve test lint chromium clean

run: $(VENV)/.installed-run
	$(BIN)/python -m dashboard run --host $(HOST) --port $(PORT) $(if $(VERBOSE),--verbose)

# Several users: gunicorn, serving $$DASHBOARD_DATA (default: the bundled seeds).
serve: $(VENV)/.installed-run
	$(BIN)/gunicorn --preload --workers $(WORKERS) --bind $(HOST):$(PORT) dashboard.wsgi:server

test: $(VENV)/.installed-test chromium $(AXE)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

lint: $(VENV)/.installed-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --editable .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --editable '.[test,bench]'
	touch $@ $(VENV)/.installed-run

$(AXE):
	@command -v npm >/dev/null 2>&1 || { echo "make: the accessibility tests need npm to" \
		"install axe-core (as root: apt-get install npm)" >&2; exit 1; }
	npm install --silent --no-audit --no-fund --prefix .cache/axe axe-core@4

# Browser tests need Debian's chromium and chromium-driver (same version, from the same archive).
chromium:
	@if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then \
		exit 0; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing Debian's chromium and chromium-driver for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver \
		|| { echo "make: could not install chromium and chromium-driver with apt-get" >&2; exit 1; }; \
	else \
		echo "make: the browser tests need chromium and chromedriver on PATH;" \
			"install Debian's chromium and chromium-driver (as root: apt-get install chromium chromium-driver)" >&2; \
		exit 1; \
	fi

clean:
	rm -rf $(VENV) dist build .pytest_cache .ruff_cache .cache
