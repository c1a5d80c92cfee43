# Sangaku — the two commands: `make run` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
HOST ?= 127.0.0.1
# gunicorn workers of make serve (bench/load.py runs 1 and 2 per core)
WEB_WORKERS ?= 3
WORKER_CONCURRENCY ?= 2
# gunicorn's access log: '--access-logfile -' prints one line per request
GUNICORN_ARGS ?= --access-logfile -
NGINX ?= $(shell command -v nginx 2>/dev/null || echo /usr/sbin/nginx)

.PHONY: run test check bench serve worker beat messages mutate clean

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 以上が必要です / Python 3.11+ required")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Re-install only when a requirements file changed.
$(VENV)/.installed-runtime: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed-runtime

## make run: the embedded default — SQLite, eager tasks, console e-mail, demo data, http://$(HOST):$(PORT)/
run: $(VENV)/.installed-runtime
	env -u DATABASE_URL -u REDIS_URL DJANGO_ENV=development $(PY) manage.py migrate --noinput
	env -u DATABASE_URL -u REDIS_URL DJANGO_ENV=development $(PY) manage.py load_demo
	env -u DATABASE_URL -u REDIS_URL DJANGO_ENV=development $(PY) manage.py runserver --noreload $(HOST):$(PORT)

## make test: the whole suite; uses DATABASE_URL / REDIS_URL when set (CI sets both).
test: $(VENV)/.installed-dev
	$(PY) -m pytest $(PYTEST_ARGS)

## make check: lint, format, security lint (bandit), known vulnerabilities in the pins (pip-audit), migrations,
## deploy checks under the production profile.
check: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/bandit -q -r . -c pyproject.toml --severity-level medium
	$(VENV)/bin/pip-audit --progress-spinner off -r requirements.txt -r requirements-dev.txt
	env -u DATABASE_URL $(PY) manage.py makemigrations --check --dry-run
	env DJANGO_ENV=production SECRET_KEY=check-only-$$(date +%s)-a-long-random-looking-secret-value-for-check ALLOWED_HOSTS=sangaku.example.jp \
		$(PY) manage.py check --deploy --fail-level WARNING

## make bench: benchmarks (not part of the test run).
bench: $(VENV)/.installed-dev
	$(PY) -m bench

## make serve: production-like run on one machine: nginx on $(HOST):$(PORT) in front of gunicorn (on a free local
## port), Celery worker and beat (needs DATABASE_URL, REDIS_URL). nginx stamps each request's arrival
## (X-Request-Start): deadlines are judged by it (sangaku/clock.py), not by when a worker took the request.
serve: $(VENV)/.installed-runtime
	@test -n "$$DATABASE_URL" -a -n "$$REDIS_URL" || { echo "DATABASE_URL と REDIS_URL を設定してください / set DATABASE_URL and REDIS_URL"; exit 2; }
	@test -x "$(NGINX)" || { echo "nginx がありません（apt-get install nginx-light） / nginx missing (apt-get install nginx-light)"; exit 2; }
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput -v0
	proxy=$$(mktemp -d -t sangaku-nginx-XXXXXX); chmod 755 "$$proxy"; \
	app_port=$$($(PY) -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'); \
	sed -e "s|@PREFIX@|$$proxy|g" -e "s|@UPSTREAM@|127.0.0.1:$$app_port|" -e "s|@LISTEN@|$(HOST):$(PORT)|" \
		deploy/nginx.conf.in > "$$proxy/nginx.conf"; \
	trap 'rm -rf "$$proxy"; kill 0' EXIT INT TERM; \
	export TRUSTED_PROXY_IPS="$${TRUSTED_PROXY_IPS:-127.0.0.1}"; \
	$(VENV)/bin/celery -A sangaku worker -l info --concurrency $(WORKER_CONCURRENCY) & \
	$(VENV)/bin/celery -A sangaku beat -l info --schedule $(VENV)/celerybeat-schedule & \
	$(VENV)/bin/gunicorn sangaku.wsgi -b 127.0.0.1:$$app_port -w $(WEB_WORKERS) $(GUNICORN_ARGS) & \
	$(NGINX) -e stderr -p "$$proxy" -c "$$proxy/nginx.conf" -g 'daemon off;' & \
	echo "nginx on http://$(HOST):$(PORT)/ -> gunicorn on 127.0.0.1:$$app_port"; wait

## make mutate: mutation testing (not in CI) with mutmut, one module at a time against only its own test files
## ([tool.sangaku.mutate] in pyproject.toml), each bounded to MUTATE_MINUTES of wall clock, under nice, on
## DATABASE_URL (its test database is reused between mutants). Prints a summary and the survivors; their diffs
## go to mutants-report/. One module: make mutate MUTATE_MODULES=awards.promotion
MUTATE_MODULES ?=
MUTATE_MINUTES ?= 8
mutate: $(VENV)/.installed-dev
	MUTATE_MINUTES=$(MUTATE_MINUTES) nice -n 10 $(PY) -m bench._mutate $(MUTATE_MODULES)

## make messages: refresh and compile translations.
messages: $(VENV)/.installed-dev
	$(PY) manage.py makemessages -l en -l ja --no-obsolete --no-location --ignore=.venv --ignore=test-artifacts --ignore=mutants
	$(PY) manage.py compilemessages --ignore=.venv --ignore=mutants

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
