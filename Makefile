# The README's two commands: `make run` and `make test`. Everything else supports them.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= portal.settings.dev

.PHONY: run test install install-test migrate messages static seed lint format check clean mutation bench faults restore-drill

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Reinstall only when the dependency list changed.
$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PY) -m pip install --quiet ".[test]"
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# Babel compiles the catalogues in pure Python, so GNU gettext is not needed to run.
# The project's own catalogue is in locale/; each app may keep one in <app>/locale/.
LOCALE_DIRS := $(wildcard locale */locale)
messages: install
	@for dir in $(LOCALE_DIRS); do $(VENV)/bin/pybabel --quiet compile -d $$dir -D django || exit 1; done

migrate: install
	$(PY) manage.py migrate --noinput -v 0

static: install
	$(PY) manage.py collectstatic --noinput -v 0

seed: migrate
	$(PY) manage.py seed_demo

run: install messages migrate static
	PORT=$(PORT) PYTHON=$(PY) bin/run-embedded

# axe-core for the browser suite's accessibility checks, from the npm registry (only
# where npm exists; without Chromium the browser tests are skipped anyway).
tests/browser/node_modules/.package-lock.json: tests/browser/package.json tests/browser/package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --prefix tests/browser --no-audit --no-fund --silent; \
	else echo "npm not found: the browser tests will need it for axe-core (apt-get install npm)"; fi

test: install-test messages tests/browser/node_modules/.package-lock.json
	DJANGO_SETTINGS_MODULE=portal.settings.test $(PY) -m pytest $(PYTEST_ARGS)

lint: install-test
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports

format: install-test
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

check: install-test
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf var static_collected

# Mutation testing of the two pure cores, assessment/scoring.py and recommendations/planning.py,
# with mutmut (set up in [tool.mutmut] in pyproject.toml; their tests run without Django). Not
# a CI step (about 20 s). Starts afresh in mutants/, then prints the mutants not killed and
# killed/total per module; `$(VENV)/bin/mutmut show <name>` prints one mutant's diff.
mutation: install-test
	@$(PY) -c "import mutmut" 2>/dev/null || $(PY) -m pip install --quiet ".[mutation]"
	rm -rf mutants
	$(VENV)/bin/mutmut run
	@$(VENV)/bin/mutmut results --all true | awk '\
		{ split($$1, part, "."); mod = part[1] "." part[2]; total[mod]++ } \
		$$2 == "killed" || $$2 == "timeout" { killed[mod]++; next } \
		{ print "not killed:", $$1, $$2 } \
		END { for (mod in total) printf "%s: %d/%d killed (%.1f%%)\n", \
			mod, killed[mod], total[mod], 100 * killed[mod] / total[mod] }'

# Benchmarks: each compares against a baseline measured in the same run and exits non-zero
# when its goal is missed. Not CI steps (the machines are shared and noisy).
# http_bench.py needs PostgreSQL, Redis and wrk (apt-get install -y wrk); it drops and
# recreates its database and flushes its three Redis databases: point HTTP_BENCH_ARGS
# at ones of your own, e.g. "--db-name mine_http --redis-dbs 6,7,8 --port 8160".
HTTP_BENCH_ARGS ?=
bench: install-test messages
	$(PY) bench/pdf_bench.py
	$(PY) bench/plan_e2e_bench.py
	$(PY) bench/dashboard_bench.py
	$(PY) bench/export_bench.py
	$(PY) bench/http_bench.py $(HTTP_BENCH_ARGS)

# Fault injection on PostgreSQL + Redis (bench/faults/kit.py): starts two Redis servers of
# its own (ports 6390/6391 unless FAULTS_REDIS_PORT is set) and a database of its own
# (FAULTS_DATABASE_URL), kills and stops things, prints lost/duplicated/stuck and recovery
# times, exits 1 on a miss. Then the backup/restore drill. Not a CI step (minutes).
faults: install-test messages
	$(PY) bench/faults/kit.py $(FAULTS_ARGS)
	PYTHON=$(PY) bench/faults/restore_drill.sh

restore-drill: install
	PYTHON=$(PY) bench/faults/restore_drill.sh
