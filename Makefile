# The two commands a new user needs: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PG_URL ?= postgres://postgres@127.0.0.1:5432/kramnytsia
HOST ?= 127.0.0.1:8000

.PHONY: demo test test-sqlite test-postgres lint bench bench-sync bench-search bench-orders bench-channels run install clean-demo

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

## Run the store: SQLite, demo catalog with photos, an admin login, offline.
demo: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py runserver $(HOST)

run: $(STAMP)
	$(PY) manage.py runserver $(HOST)

## The whole suite (ruff + pytest). DATABASE_URL=postgres://... runs it on PostgreSQL.
test: $(STAMP) lint
	$(PY) -m pytest -n 2 -p no:cacheprovider

test-sqlite: $(STAMP)
	env -u DATABASE_URL $(PY) -m pytest -n 2 -p no:cacheprovider

test-postgres: $(STAMP)
	DATABASE_URL=$(PG_URL) $(PY) -m pytest -n 2 -p no:cacheprovider

## ruff, and the import contracts between the apps' layers (pyproject.toml, docs/ARCHITECTURE.md).
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-cache

bench: $(STAMP)
	DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/kramnytsia_bench} \
		$(PY) bench/run.py

## Supplier sync at 50,000 models (feeds from ../shared/feeds when present, else our own generator),
## then the photo case (3200x3200 PNGs over HTTP, peak RSS and photos/s). SYNC_BENCH_ARGS=--photos-only
## runs just the photo case.
bench-sync: $(STAMP)
	DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/kramnytsia_syncbench} \
		$(PY) bench/sync_bench.py --models $${MODELS:-50000} $${SYNC_BENCH_ARGS}

## Search latency and relevance at 50,000 models, on PostgreSQL and on SQLite (needs ../shared/feeds).
bench-search: $(STAMP)
	$(PY) bench/search_bench.py --database postgres://postgres@127.0.0.1:5432/kramnytsia_searchbench
	$(PY) bench/search_bench.py --database sqlite:///bench/out/search.sqlite3

## Orders per second (8 clients, gunicorn, PostgreSQL) and the cart page's latency.
bench-orders: $(STAMP)
	DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/kramnytsia_ordersbench} \
		$(PY) bench/orders_bench.py

## The Prom, Rozetka and Google feeds of 50,000 products: time and peak RSS per feed (PostgreSQL).
bench-channels: $(STAMP)
	DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/kramnytsia_channelsbench} \
		$(PY) bench/channels_bench.py --products $${PRODUCTS:-50000}

clean-demo:
	rm -rf db.sqlite3 media/ demo-feeds/
