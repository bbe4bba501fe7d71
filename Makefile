# styranalys: `make report` builds the reports on the example data, `make test` runs the tests.
# Both create .venv and install the package first; nothing else is needed but Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-dev

.PHONY: report test lab lint bench gallery corpus screenshots clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

# The example reports compare Lindesberg (1885) with the seven municipalities in the
# shipped Kolada snapshot, for the KPIs data/raw/kolada/koppling.csv ties to a nämnd.
report: $(STAMP)
	$(BIN)/styranalys build --data data/raw --out reports --kolada data/raw/kolada --kommun 1885

test: $(STAMP)
	$(BIN)/python -m pytest

# JupyterLab in the same .venv, opened in notebooks/. JUPYTER_PREFER_ENV_PATH makes the
# notebooks' "python3" kernel this .venv's, even where the user registered another one.
LAB_STAMP := $(VENV)/.installed-lab
$(LAB_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[lab]"
	touch $(LAB_STAMP)

lab: $(LAB_STAMP)
	JUPYTER_PREFER_ENV_PATH=1 $(BIN)/jupyter lab --notebook-dir=notebooks

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
