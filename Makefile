# Service contracts for Odoo 18.0 -- see README.md.
PYTHON ?= python3
VENV ?= .venv
VPY := $(VENV)/bin/python
# Odoo runs with the interpreter that can import it (not the test venv).
ODOO_PYTHON ?= python3
# pytest-odoo runs in this environment on top of Odoo's Python.
ODOO_VENV ?= .venv-odoo
# The addon whose Odoo tests `make test-pytest-odoo` runs under pytest-odoo.
MODULE ?= service_contract_meter
ADDONS := $(patsubst %/__manifest__.py,%,$(wildcard */__manifest__.py))
comma := ,
MODULES ?= $(subst $() $(),$(comma),$(ADDONS))

.PHONY: help odoo-deps test test-odoo test-pytest-odoo run lint readme bench browser clean i18n-sync

help:
	@echo "make test       plain-Python tests (no Odoo needed)"
	@echo "make test-odoo  every addon's Odoo tests on a throwaway database"
	@echo "make test-pytest-odoo [MODULE=x]  one addon's Odoo tests under pytest-odoo"
	@echo "make run DB=x   Odoo with these addons and demo data on database x"
	@echo "make lint       pre-commit on the whole tree"
	@echo "make i18n-sync  merge each addon's .pot into its fr.po, list what to translate"
	@echo "make readme     each addon's README.rst and index.html from its readme/"
	@echo "make test-reliability  scheduled actions run at once, killed, cut off (README)"

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install -q --upgrade pip
	$(VPY) -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(VPY) -m pip install -q -r requirements-dev.txt
	touch $@

test: $(VENV)/.installed
	$(VPY) -m pytest

# Browser tests (tours) need Chromium and, in Odoo's Python, websocket-client;
# without them Odoo would skip the tours.
browser:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)
	@$(ODOO_PYTHON) -c "import websocket" 2>/dev/null || \
		$(ODOO_PYTHON) -m pip install -q "websocket-client>=1.0,<2"

# What the addons need in Odoo's own Python (OCA addons, test libraries).
odoo-deps:
	$(ODOO_PYTHON) -m pip install -q -r requirements-odoo.txt

test-odoo: browser odoo-deps
	$(ODOO_PYTHON) tools/odoo_test.py --modules $(MODULES)

# The scheduled actions on committed data in real processes: two at once, one
# killed, one cut off by PostgreSQL, each compared with a clean run (README,
# "Reliability").  Options in RELIABILITY_ARGS, e.g. "--contracts 300".
.PHONY: test-reliability
test-reliability: odoo-deps
	$(ODOO_PYTHON) tools/reliability.py $(RELIABILITY_ARGS)

$(ODOO_VENV)/.installed: requirements-pytest-odoo.txt
	$(ODOO_PYTHON) -m venv --system-site-packages $(ODOO_VENV)
	$(ODOO_VENV)/bin/python -m pip install -q -r requirements-pytest-odoo.txt
	touch $@

# Installs MODULE on a throwaway database, runs pytest --odoo-database=DB
# MODULE/tests (tours excluded: pytest-odoo skips HttpCase), drops the database.
test-pytest-odoo: $(ODOO_VENV)/.installed
	$(ODOO_VENV)/bin/python tools/odoo_pytest.py --module $(MODULE)

# Odoo finds its own package, and the OCA addons pip put in site-packages/odoo/addons.
run: export PYTHONPATH = $(shell $(ODOO_PYTHON) tools/odoo_test.py --print-pythonpath)
run: odoo-deps
	@test -n "$(DB)" || { echo "usage: make run DB=<database>"; exit 2; }
	@# The addons are installed (with their demo story) once; a database
	@# that has them is served again as it is.
	@if psql -d "$(DB)" -tAc "SELECT 1 FROM ir_module_module WHERE name = 'service_contract' AND state = 'installed'" 2>/dev/null | grep -q 1; then \
		install=""; else install="-i $(MODULES)"; fi; \
	set -x; $$($(ODOO_PYTHON) tools/odoo_test.py --print-odoo-command) -d $(DB) \
		--addons-path=$$($(ODOO_PYTHON) tools/odoo_test.py --print-addons-path) \
		$$install $(ODOO_ARGS)

lint: $(VENV)/.installed-dev
	$(VENV)/bin/pre-commit run --all-files --show-diff-on-failure

# After the .pot files are exported again; exits 1 while strings are left to translate.
i18n-sync:
	$(ODOO_PYTHON) tools/sync_po.py

readme: $(VENV)/.installed
	$(VPY) tools/gen_readme.py

# Which benchmarks `make bench` runs, where their rows are collected, and
# options given to each (for one script: BENCH=bench/x.py BENCH_ARGS="--count 10000").
BENCH ?= $(wildcard bench/service_contract*.py)
BENCH_ARGS ?=
BENCH_REPORT ?= .bench/report.jsonl

bench:
	@test -n "$(DB)" || { echo "usage: make bench DB=<database with the addons installed> [BENCH=bench/x.py]"; exit 2; }
	@mkdir -p $(dir $(BENCH_REPORT)) && rm -f $(BENCH_REPORT)
	@status=0; for script in $(BENCH); do \
	  SC_BENCH_REPORT=$(abspath $(BENCH_REPORT)) $(ODOO_PYTHON) $$script -d $(DB) $(BENCH_ARGS) || status=1; \
	done; \
	$(PYTHON) tools/bench_table.py $(BENCH_REPORT) || status=1; exit $$status

clean:
	rm -rf $(VENV) $(ODOO_VENV) .pytest_cache .hypothesis .odoo-test
