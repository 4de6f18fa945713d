# Every target installs what it needs, so a bare machine with Python 3.11 only needs `make`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False
# Keep bytecode: pip installs without compiling (compiling ~13,000 files of every dependency
# took most of the install's time), so each module compiles once, when something first imports
# it, and is cached from then on (an environment's PYTHONDONTWRITEBYTECODE would recompile the
# project and every dependency in every process the tests start).
unexport PYTHONDONTWRITEBYTECODE

.PHONY: run test lint bench eval install browser clean

# The venv gets its pip from the system pip when there is one (3 s instead of ensurepip's 11 s);
# ensurepip is the fallback.
$(BIN)/python:
	$(PYTHON) -m venv --without-pip $(VENV)
	$(PYTHON) -m pip --python $(BIN)/python install -q --no-compile --upgrade pip 2>/dev/null || \
		($(BIN)/python -m ensurepip >/dev/null && $(BIN)/python -m pip install -q --upgrade pip)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q --no-compile -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

# Streamlit's server-wide upload cap: the larger of ASSISTANT_MAX_FILE_MB and
# ASSISTANT_SEGMENT_MAX_MB (each of the page's uploaders shows and enforces its own limit).
# `exec`: the shell gives way to Streamlit, so a SIGTERM to `make run` reaches it and it stops.
run: install
	exec $(BIN)/streamlit run app.py --server.headless true --browser.gatherUsageStats false \
		--server.maxUploadSize $$($(BIN)/python -c "from assistant.config import upload_limit_mb; print(upload_limit_mb())")

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Debian's Chromium for the end-to-end page test (Playwright drives it; it never downloads a browser).
browser:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)

test: install lint browser
	$(BIN)/python -m pytest -q -n 2 --dist loadscope --no-loadscope-reorder

eval: install
	$(BIN)/assistant eval

bench: install
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) .assistant
