# KAM Desk: `make demo` and `make test` do all set-up on a fresh machine.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON312 := $(shell command -v python3.12 >/dev/null 2>&1 && python3.12 -c 'import sys' >/dev/null 2>&1 && command -v python3.12 || ls -d $$HOME/.pyenv/versions/3.12*/bin/python3.12 /usr/local/bin/python3.12 /usr/bin/python3.12 2>/dev/null | head -n 1)
VENV := .venv
BIN := $(VENV)/bin
KAM := $(BIN)/kam
STAMP := $(VENV)/.installed
VENDOR := static/vendor
DEBIAN_PACKAGES := chromium fonts-wqy-microhei poppler-utils gettext default-jre-headless dovecot-imapd
# The demo needs only msgfmt (translations) and the Chinese font its PDFs embed; the rest
# (browser, PDF checks, Spark's JRE, an IMAP server) serve the tests.
DEMO_PACKAGES := fonts-wqy-microhei gettext
PACKAGES = $(DEBIAN_PACKAGES)
PYTEST_WORKERS ?= 2

.PHONY: help demo test bootstrap system-deps assets messages lint typecheck serve bench clean

help:
	@echo "make demo   - set up and serve the demo on http://127.0.0.1:8000"
	@echo "make test   - set up and run the whole test suite"

$(STAMP): pyproject.toml constraints.txt
	@test -n "$(PYTHON312)" || { echo "python3.12 is needed: apt-get install python3.12 (or pyenv install 3.12)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON312) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

system-deps:
	@missing=""; \
	for p in $(PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "Missing Debian packages. Run: sudo apt-get update && sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

$(VENDOR)/.copied: node_modules/.package-lock.json
	mkdir -p $(VENDOR)
	cp node_modules/bootstrap/dist/css/bootstrap.min.css* $(VENDOR)/
	cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js* $(VENDOR)/
	cp node_modules/echarts/dist/echarts.min.js $(VENDOR)/
	cp node_modules/signature_pad/dist/signature_pad.umd.min.js* $(VENDOR)/
	touch $(VENDOR)/.copied

assets: $(VENDOR)/.copied

messages: $(STAMP)
	if [ -d kamdesk/locale ]; then cd kamdesk && KAM_ENV=test ../$(KAM) compilemessages -v0; fi

bootstrap: $(STAMP) system-deps assets messages

demo: PACKAGES = $(DEMO_PACKAGES)
demo: bootstrap
	KAM_ENV=demo $(KAM) migrate --no-input -v1
	KAM_ENV=demo $(KAM) demo
	KAM_ENV=demo $(KAM) serve

test: bootstrap
	KAM_ENV=test $(BIN)/pytest -n $(PYTEST_WORKERS) -q $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	KAM_ENV=test $(BIN)/mypy kamdesk config

clean:
	rm -rf $(VENV) node_modules $(VENDOR) var

# The benchmark of bench/README.md: builds 100,000 customers and 1,000,000 subscribers in
# PostgreSQL once (a second run reuses them), then times the customer pages under load.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/kamdesk_bench
bench: bootstrap
	$(BIN)/python bench/build_data.py --database-url $(BENCH_DATABASE_URL) --customers 100000 --subscribers 1000000
	$(BIN)/python bench/run_web.py --database-url $(BENCH_DATABASE_URL)
