# `make run` and `make test` work on a fresh machine: they create .venv and install what they need.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app gjestebud
PORT ?= 5000
# Links in mails, .ics files and the invitation text point at the port `make run` serves, unless set.
RUN_ENV = GJESTEBUD_BASE_URL=$${GJESTEBUD_BASE_URL:-http://127.0.0.1:$(PORT)}
# `make lock` keeps the pins it can; `make lock LOCK_FLAGS=--upgrade` moves everything to the newest releases.
LOCK_FLAGS ?=
PIP_COMPILE := $(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links $(LOCK_FLAGS)

.PHONY: run test test-quick install translations serve-demo bench lint lock clean

# Exactly the locked, hash-checked releases; then the package itself, built with the locked setuptools.
$(VENV)/.installed: setup.cfg pyproject.toml requirements-test.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements-test.lock
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

install: $(VENV)/.installed

translations: install
	$(FLASK) translate compile

run: translations
	$(RUN_ENV) $(FLASK) migrate
	$(RUN_ENV) $(FLASK) load-demo
	$(RUN_ENV) GJESTEBUD_MAIL_BACKEND=$${GJESTEBUD_MAIL_BACKEND:-console} \
		$(FLASK) run --host 127.0.0.1 --port $(PORT)

test: translations
	$(PY) -m pytest -n $${GJESTEBUD_TEST_WORKERS:-auto} --dist loadgroup

test-quick: translations
	$(PY) -m pytest -n $${GJESTEBUD_TEST_WORKERS:-auto} -m "not browser and not slow"

bench: install
	$(PY) bench/bench_consolidation.py

# ruff on the code, tests and benchmarks; mypy on the package (settings in pyproject.toml and setup.cfg).
lint: install
	$(VENV)/bin/ruff check gjestebud tests bench
	$(VENV)/bin/mypy

# Pin what setup.cfg asks for, with hashes: requirements.lock for a deployment, requirements-test.lock for
# development and CI (Linux x86_64, CPython 3.11+). Run after changing setup.cfg; needs PyPI.
lock:
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet pip-tools
	$(PIP_COMPILE) --extra test -o requirements-test.lock setup.cfg
	$(PIP_COMPILE) -o requirements.lock setup.cfg

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
