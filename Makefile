# Moments CMS: `make run` to try it, `make test` to check it.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run serve worker test install browser search-node migrate seed schema messages bench bench-tools clean

$(VENV)/.installed: requirements.txt
	@echo "==> [1/3] Python packages into $(VENV) (a minute or two the first time)"
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --progress-bar off -r requirements.txt
	touch $@

install: $(VENV)/.installed

migrate: install
	@echo "==> [2/3] Database migrations"
	$(PY) manage.py migrate --no-input

seed: migrate
	@echo "==> [3/3] The demo world (idempotent: a second run adds nothing)"
	$(PY) manage.py seed_demo
	$(PY) manage.py rebuild_delivery_index --if-empty
	@if [ -n "$$MOMENTS_SEARCH_URL" ]; then $(PY) manage.py rebuild_search_index || echo "The search engine did not answer: search runs on the database."; fi

run: seed
	@echo ""
	@echo "Moments CMS is starting on http://$(HOST):$(PORT)/"
	@echo "  Admin:   http://$(HOST):$(PORT)/admin/   (log in as admin / moments-admin)"
	@echo "  GraphQL: http://$(HOST):$(PORT)/graphql/"
	@echo "  Background tasks (image sizes, webhooks, scheduled go-live) run beside it: manage.py task_worker"
	@echo ""
	$(PY) manage.py task_worker & trap 'kill $$! 2>/dev/null' EXIT; $(PY) manage.py runserver $(HOST):$(PORT)

# The production way: gunicorn workers (moments/gunicorn.conf.py) on the configured
# database and cache, static files collected and compressed first. Set DEBUG=false,
# SECRET_KEY and the rest in the environment (README, "Serving in production").
serve: migrate
	$(PY) manage.py collectstatic --no-input --verbosity 0
	HOST=$(HOST) PORT=$(PORT) $(VENV)/bin/gunicorn -c moments/gunicorn.conf.py

# The background worker for the queue MOMENTS_TASKS chose (RQ on Redis when REDIS_URL is
# set, else the database); run one or more beside `make serve`.
worker: migrate
	$(PY) manage.py task_worker

# Headless Chromium for the browser tests, from Debian's packages (needs root;
# `make test` skips those tests without it, and .ci/run installs it in CI).
browser:
	scripts/install-browser

# An OpenSearch 2.19 node on 127.0.0.1:9200, assembled from the Maven registry on Java 17
# (scripts/search-node); then MOMENTS_SEARCH_URL=http://127.0.0.1:9200 make run (or make test).
search-node:
	scripts/search-node start

test: install
	$(PY) -m pytest

# Re-export the GraphQL SDL for front-end developers after changing the schema.
schema: install
	$(PY) manage.py graphql_schema --out frontend_api/schema.graphql
	$(PY) manage.py graphql_schema --schema frontend_api.preview_schema.preview_schema --out frontend_api/preview_schema.graphql

# After adding or changing a translatable string: update each app's zh_Hans catalogue, translate the
# new entries (tests/test_translations.py names them), then run it again to compile. Needs GNU gettext
# (Debian's `gettext`); the compiled .mo files are committed, so nothing else does.
messages: install
	command -v msgfmt >/dev/null || (apt-get update -qq && apt-get install -y -qq gettext)
	$(PY) manage.py makemessages -l zh_Hans --no-location --no-obsolete --ignore '$(VENV)/*' --ignore 'tests/*' --ignore 'bench/*' --ignore 'demo/*' --ignore 'scripts/*' --ignore '*/migrations/*'
	$(PY) manage.py compilemessages --ignore '$(VENV)'

# `moment` at a brand's scale beside Wagtail's API and a bare view; `make bench ARGS="--articles 10000 --ugc 50000 --campaigns 500"`.
bench: install
	$(PY) bench/delivery.py $(ARGS)

# The HTTP load generator bench/http_throughput.py drives, from Debian's packages (needs root).
bench-tools:
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)

clean:
	rm -rf $(VENV) db.sqlite3 media static .pytest_cache
