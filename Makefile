# styranalys: `make report` builds the reports on the example data, `make test` runs the tests.
# Both create .venv and install the package first; nothing else is needed but Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-dev

.PHONY: report test lint bench gallery corpus screenshots clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

report: $(STAMP)
	$(BIN)/styranalys build --data data/raw --out reports

test: $(STAMP)
	$(BIN)/python -m pytest

corpus: $(STAMP)
	$(BIN)/python scripts/make_hostile_corpus.py

gallery: $(STAMP)
	$(BIN)/python scripts/make_gallery.py

screenshots: $(STAMP)
	$(BIN)/python scripts/make_screenshots.py

bench: $(STAMP)
	$(BIN)/python -m benchmarks

lint: $(STAMP)
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) data/processed/* reports
