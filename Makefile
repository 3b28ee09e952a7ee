# CRM PME: everyday commands. "make" or "make help" lists them.
#
# Variables (override on the command line, e.g. make test ADDONS=crm_pme_base):
#   PY      Python of an Odoo 18.0 install (default: what scripts/find-odoo-python
#           prints: ODOO_PYTHON, python3 on PATH, or /opt/odoo/venv/bin/python)
#   DB      database of "make run" (default crm_pme)
#   ADDONS  comma-separated add-ons; empty = every add-on under addons/
#   EXTRA_ADDONS  Odoo add-ons "make run" installs with them on a new database
#           (default sale_stock, for delivery notes, when ADDONS is empty;
#           EXTRA_ADDONS= leaves Inventory out, e.g. for a service company)
#   UPDATE  1: "make run" also upgrades the installed add-ons (-u)
#   ODOO_ARGS  more Odoo options for "make run" (e.g. --stop-after-init)
#   PGHOST, PGPORT, PGUSER, PGPASSWORD   PostgreSQL (default 127.0.0.1:5432, odoo/odoo)

.DEFAULT_GOAL := help
SHELL := /bin/bash

# Looked up once, on first use, so that "make help" works without Odoo.
PY ?= $(eval PY := $$(shell scripts/find-odoo-python))$(PY)
DB ?= crm_pme
ADDONS ?=
EXTRA_ADDONS ?= $(if $(strip $(ADDONS)),,sale_stock)
UPDATE ?=
ODOO_ARGS ?=
HTTP_PORT ?= 8069
PGHOST ?= 127.0.0.1
PGPORT ?= 5432
PGUSER ?= odoo
PGPASSWORD ?= odoo
COMPOSE ?= docker compose

comma := ,
empty :=
space := $(empty) $(empty)
# Every add-on of the repository: the folders addons/*/ with a __manifest__.py.
ALL_ADDONS := $(subst $(space),$(comma),$(strip $(sort \
    $(patsubst addons/%/__manifest__.py,%,$(wildcard addons/*/__manifest__.py)))))
RUN_ADDONS = $(or $(strip $(ADDONS)),$(ALL_ADDONS))$(if $(strip $(EXTRA_ADDONS)),$(comma)$(strip $(EXTRA_ADDONS)))
# Odoo's core add-ons folders, then addons/: the same list as the test runner
# (odoo_addons_path() in scripts/odoo_test.py).
ADDONS_PATH = $(shell $(PY) -B -c 'import sys; sys.path.insert(0, "scripts"); \
    import odoo_test; print(odoo_test.odoo_addons_path())')

.PHONY: help run test test-each test-upstream test-upstream-baseline check-restart lint \
    install-requirements docker-up check-py

help: ## List the targets
	@echo "CRM PME - make targets:"
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  %-22s %s\n", $$1, $$2}' $(MAKEFILE_LIST)
	@echo
	@echo "Variables: PY (Odoo 18 Python), DB=$(DB), ADDONS (comma-separated, empty = all:"
	@echo "  $(ALL_ADDONS)), PGHOST PGPORT PGUSER PGPASSWORD, HTTP_PORT=$(HTTP_PORT),"
	@echo "  UPDATE=1 (make run upgrades the add-ons), ODOO_ARGS (more Odoo options)."
	@echo "Example: make test ADDONS=crm_pme_base"

check-py:
	@test -n "$(PY)" || { echo "No Odoo 18.0 Python found: set PY=/path/to/venv/bin/python" >&2; exit 1; }

# scripts/start_odoo.py installs only the add-ons the database lacks (all of
# them, with demo data and French, on a new database), upgrades them only with
# UPDATE=1, and otherwise just starts Odoo.
run: check-py ## Odoo on http://localhost:8069, database DB: installs once, UPDATE=1 upgrades
	$(PY) scripts/start_odoo.py --addons "$(RUN_ADDONS)" $(if $(filter 1 true yes,$(UPDATE)),--update) -- \
	    --addons-path "$(ADDONS_PATH)" \
	    --db_host "$(PGHOST)" --db_port "$(PGPORT)" --db_user "$(PGUSER)" --db_password "$(PGPASSWORD)" \
	    -d "$(DB)" --http-port "$(HTTP_PORT)" $(ODOO_ARGS)

test: check-py ## Test ADDONS (default: all together) on a throwaway database
	PGHOST="$(PGHOST)" PGPORT="$(PGPORT)" PGUSER="$(PGUSER)" PGPASSWORD="$(PGPASSWORD)" \
	    $(PY) scripts/odoo_test.py --addons "$(ADDONS)"

test-each: check-py ## Test each add-on alone, then all together
	PGHOST="$(PGHOST)" PGPORT="$(PGPORT)" PGUSER="$(PGUSER)" PGPASSWORD="$(PGPASSWORD)" \
	    $(PY) scripts/odoo_test.py --addons "$(ADDONS)" --each

test-upstream: check-py ## Tests of crm, sale, helpdesk... with every add-on installed
	PGHOST="$(PGHOST)" PGPORT="$(PGPORT)" PGUSER="$(PGUSER)" PGPASSWORD="$(PGPASSWORD)" \
	    $(PY) scripts/odoo_test.py --upstream-only

test-upstream-baseline: check-py ## The same tests without the add-ons (finds known failures)
	PGHOST="$(PGHOST)" PGPORT="$(PGPORT)" PGUSER="$(PGUSER)" PGPASSWORD="$(PGPASSWORD)" \
	    $(PY) scripts/odoo_test.py --upstream-baseline

check-restart: check-py ## Start twice on a new database: nothing changes, nothing logged
	PGHOST="$(PGHOST)" PGPORT="$(PGPORT)" PGUSER="$(PGUSER)" PGPASSWORD="$(PGPASSWORD)" \
	    $(PY) scripts/check_restart.py --addons "$(ADDONS)"

lint: ## Run the linters (.ci/lint)
	.ci/lint

install-requirements: check-py ## pip install requirements.txt (+ requirements-test.txt) into PY
	$(PY) -m pip install -r requirements.txt $(if $(wildcard requirements-test.txt),-r requirements-test.txt)

docker-up: ## Build and start Odoo + PostgreSQL with Docker Compose (COMPOSE=docker-compose for v1)
	$(COMPOSE) up --build
