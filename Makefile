# lapekg — one entry point for people and CI.
#   make serve   install everything, build the graph, serve it on the embedded store
#   make test    install everything (browser included) and run lint + the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8080

.PHONY: install assets browser stores build serve test lint bench clean

$(BIN)/lapekg: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/lapekg assets

# Front-end assets (YASGUI) from npm, served locally — never from a CDN.
assets:
	bash scripts/install-assets.sh

# Debian's Chromium for the browser tests (no browser downloads here).
browser:
	bash scripts/install-browser-deps.sh

# The remote SPARQL stores of the parity tests: Debian's Virtuoso (the Oxigraph server
# comes from PyPI with the dev extras).
stores:
	bash scripts/install-stores.sh

build: install
	$(BIN)/lapekg build

serve: build
	$(BIN)/lapekg serve --host $(HOST) --port $(PORT)

lint: $(BIN)/lapekg
	$(BIN)/ruff check service tests scripts bench

test: install browser stores lint
	$(BIN)/pytest

bench: build
	$(BIN)/python bench/build_bench.py

clean:
	rm -rf build
