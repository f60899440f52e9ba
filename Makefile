# Two commands do everything, on a machine with only Python 3.11 and make:
#   make report   read the bundled document(s); write workbook, charts, CSV and notebooks to reports/
#   make test     run all tests
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: report test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip 2>&1 | grep -v '^WARNING: Location' || true
	$(BIN)/python -m pip install --quiet -e '.[dev,cluster]' 2>&1 | grep -v '^WARNING: Location' || true
	$(BIN)/python -c "import budgetlib, pytest, nbclient"
	touch $(STAMP)

report: $(STAMP)
	$(BIN)/budgetlib report data/raw/*.txt --out reports

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check budgetlib tests benchmarks notebooks

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_read.py
	$(BIN)/python benchmarks/bench_audit.py
	$(BIN)/python benchmarks/bench_pdf.py
	$(BIN)/python benchmarks/bench_corpus.py
	$(BIN)/python benchmarks/bench_report.py

clean:
	rm -rf $(VENV) reports
