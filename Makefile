# The two commands a newcomer needs: `make briefing` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: briefing test bench validate status clean system-check

# (Re)create the virtualenv when it is missing or older than pyproject.toml.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

system-check: $(STAMP)
	@$(BIN)/python -m kzbrief doctor

briefing: system-check
	$(BIN)/kzbrief build

validate: $(STAMP)
	$(BIN)/kzbrief validate

status: $(STAMP)
	$(BIN)/kzbrief status all

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf build .pytest_cache
