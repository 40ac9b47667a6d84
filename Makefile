# Moments CMS: `make run` to try it, `make test` to check it.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install browser migrate seed schema bench clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --no-input

seed: migrate
	$(PY) manage.py seed_demo

run: seed
	@echo ""
	@echo "Moments CMS is starting on http://$(HOST):$(PORT)/"
	@echo "  Admin:   http://$(HOST):$(PORT)/admin/   (log in as admin / moments-admin)"
	@echo "  GraphQL: http://$(HOST):$(PORT)/graphql/"
	@echo ""
	$(PY) manage.py runserver $(HOST):$(PORT)

# Headless Chromium for the end-to-end test, from Debian's packages.
browser:
	scripts/install-browser

test: install browser
	$(PY) -m pytest

# Re-export the GraphQL SDL for front-end developers after changing the schema.
schema: install
	$(PY) manage.py graphql_schema --out frontend_api/schema.graphql
	$(PY) manage.py graphql_schema --schema frontend_api.preview_schema.preview_schema --out frontend_api/preview_schema.graphql

# API latency on a large generated dataset: `make bench SIZE=0.1` for a tenth of it.
bench: install
	$(PY) bench/api_latency.py --scale $(or $(SIZE),1)

clean:
	rm -rf $(VENV) db.sqlite3 media static .pytest_cache
