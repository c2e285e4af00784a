# chippack: `make demo` and `make test` work from a fresh clone; the venv is built from pyproject.toml.
# demo needs only chippack itself; test adds the dev tools (pytest, ruff, vtk for the .vtr check).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
BASE := $(VENV)/.installed
DEV := $(VENV)/.installed-dev
# BLAS threads off: the solvers are memory-bound, and multi-threaded OpenBLAS is pathological
# on the 2-core build machines (see docs/performance.md).
SERIAL := OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1

.PHONY: demo test bench lint clean venv

$(BASE): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $(BASE)

$(DEV): $(BASE)
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(DEV)

venv: $(DEV)

demo: $(BASE)
	$(SERIAL) $(BIN)/chippack demo --out demo_out

test: $(DEV)
	$(BIN)/ruff check .
	$(SERIAL) $(BIN)/python -m pytest -q

bench: $(BASE)
	$(SERIAL) $(BIN)/python benchmarks/run.py
	$(SERIAL) $(BIN)/python benchmarks/study.py
	$(SERIAL) $(BIN)/python benchmarks/mechanics.py
	$(SERIAL) $(BIN)/python benchmarks/transient.py
	$(SERIAL) $(BIN)/python benchmarks/reflow.py

lint: $(DEV)
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) demo_out bench_out .pytest_cache
