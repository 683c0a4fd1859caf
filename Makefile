# `make run` and `make test` work on a fresh machine: they create .venv and install what they need.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app gjestebud
PORT ?= 5000

.PHONY: run test test-quick install translations serve-demo bench lint clean

$(VENV)/.installed: setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

translations: install
	$(FLASK) translate compile

run: translations
	$(FLASK) migrate
	$(FLASK) load-demo
	GJESTEBUD_MAIL_BACKEND=$${GJESTEBUD_MAIL_BACKEND:-console} $(FLASK) run --host 127.0.0.1 --port $(PORT)

test: translations
	$(PY) -m pytest -n $${GJESTEBUD_TEST_WORKERS:-auto} --dist loadgroup

test-quick: translations
	$(PY) -m pytest -n $${GJESTEBUD_TEST_WORKERS:-auto} -m "not browser and not slow"

bench: install
	$(PY) bench/bench_consolidation.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
