# Every target sets up .venv from requirements.txt when it is missing or out of date.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run demo test test-e2e bench lint format validate clean

$(STAMP): requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 or newer is needed (found $$($(PYTHON) --version))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# PORT=8502 make run serves on another port; COURSEWARE_DATABASE_URL=... another database.
PORT ?= 8501
run: $(STAMP)
	$(PY) -m streamlit run app.py --server.port $(PORT)

# The app on a database of 2,000 simulated learners, made the first time and reused after
# (delete the file to make it again). The accounts to sign in with are printed first.
# DEMO_DB=/tmp/other.db make demo uses another file; the demo serves on DEMO_PORT (8502), so
# that a `make run` on 8501 keeps running beside it.
DEMO_DB ?= $(CURDIR)/data/demo.db
DEMO_PORT ?= 8502
DEMO_URL := sqlite:///$(abspath $(DEMO_DB))
DEMO_ACCOUNTS := $(basename $(DEMO_DB))-accounts.txt
demo: $(STAMP)
	@if [ ! -f $(DEMO_DB) ] || [ ! -f $(DEMO_ACCOUNTS) ]; then \
		$(PY) -m courseware demo --learners 2000 --seed 1 --replace --database $(DEMO_URL) \
			> $(DEMO_ACCOUNTS).new && mv $(DEMO_ACCOUNTS).new $(DEMO_ACCOUNTS) || \
			{ rm -f $(DEMO_ACCOUNTS).new; exit 1; }; \
	fi
	@cat $(DEMO_ACCOUNTS)
	COURSEWARE_DATABASE_URL=$(DEMO_URL) $(PY) -m streamlit run app.py --server.port $(DEMO_PORT)

# The browser tests (tests/e2e) are part of it; without Chromium they are skipped, and the
# summary says so in one line.
test: $(STAMP)
	$(PY) -m pytest

# Only the browser tests; screenshots land in test-artifacts/screenshots/.
test-e2e: $(STAMP)
	$(PY) -m pytest -m e2e tests/e2e

# Measurements, not tests: one table, also written to bench/results/<date>.json (about 10
# minutes; PostgreSQL figures are skipped, saying so, when no server answers).
bench: $(STAMP)
	$(PY) -m bench.run

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: $(STAMP)
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

validate: $(STAMP)
	$(PY) -m courseware validate

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
