# Two set-up commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# The exact versions `make test`, `make lint` and `make run` install (`make lock` writes it).
CONSTRAINTS := constraints.txt
INSTALL := $(BIN)/python -m pip install -q -c $(CONSTRAINTS)
LOCK_VENV := .venv-lock

.PHONY: run test lint format bench soak soak-fleet lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-run: pyproject.toml $(CONSTRAINTS) | $(BIN)/python
	$(INSTALL) -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(CONSTRAINTS) | $(BIN)/python
	$(INSTALL) -e '.[test,lint]'
	touch $@ $(VENV)/.installed-run

# The bench extra (the cloud SDK, a profiler) is not in the lock: pip picks its versions
# within pyproject's bounds, around the locked rest.
$(VENV)/.installed-bench: pyproject.toml $(CONSTRAINTS) | $(BIN)/python
	$(INSTALL) -e '.[bench,test,lint]'
	touch $@ $(VENV)/.installed-test $(VENV)/.installed-run

run: $(VENV)/.installed-run
	$(BIN)/bcs-tui --demo

# Two workers (pytest-xdist), one per core of the machine CI runs on: most tests wait on a
# program, a socket or a timer, so two halve the wall time (README, Dependencies).
test: $(VENV)/.installed-test
	$(BIN)/python -m pytest -q -n 2

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy bcs_tui

bench: $(VENV)/.installed-bench
	$(BIN)/python -m benchmarks

# Not part of `make test`: ten minutes against the simulator with faults switched on and off.
soak: $(VENV)/.installed-test
	$(BIN)/python benchmarks/soak.py

# Not part of `make test` either: thirty minutes over 5 sources, one of them going down and
# coming back every minute.
soak-fleet: $(VENV)/.installed-test
	$(BIN)/python benchmarks/soak.py --fleet 5 --minutes 30

format: $(VENV)/.installed-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Resolve the test and lint install afresh, in a throw-away venv, within pyproject's bounds
# (not the old lock), and write what it installed as the new lock.
lock:
	rm -rf $(LOCK_VENV)
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install -q -e '.[test,lint]'
	@{ \
	  echo "# Written by \`make lock\`: every package a fresh install of .[test,lint] pulled in,"; \
	  echo "# on Python $$($(LOCK_VENV)/bin/python -c 'import platform; print(platform.python_version())')."; \
	  echo "# \`make test\`, \`make lint\` and \`make run\` install with \`pip install -c\` this file."; \
	  $(LOCK_VENV)/bin/python -m pip freeze --exclude-editable; \
	} > $(CONSTRAINTS).new
	mv $(CONSTRAINTS).new $(CONSTRAINTS)
	rm -rf $(LOCK_VENV)

clean:
	rm -rf $(VENV) $(LOCK_VENV) .pytest_cache .mypy_cache .ruff_cache
