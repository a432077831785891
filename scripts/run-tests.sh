#!/usr/bin/env bash
# Checks the code, then runs the test suite on SQLite and on a throwaway PostgreSQL cluster that
# listens on 127.0.0.1 only and is removed afterwards. In order:
#   ruff check     lint (rules in pyproject.toml)
#   mypy           types of lims, instruments, reports (strictness per package in pyproject.toml)
#   lint-imports   the import contracts (layers, Qt only in the GUI, the demo, instrument codecs)
#   pytest         the tests; on the whole suite also coverage, subprocesses included, with a floor,
#                  spread over one worker process per processor (pytest-xdist)
# Every step runs even when one before it failed, so one run shows every problem; the script fails
# when any step did. Extra arguments go to pytest; given test paths, -k or -m (a part of the suite),
# coverage is not measured, as the floor is for the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
PATH="$PATH:/usr/sbin:/sbin"  # runuser, for root; a minimal PATH lacks it

PYTHON=python3
if [ -x .venv/bin/python ]; then
  PYTHON=.venv/bin/python
  # the tests run tools of the venv by name (pyside6-lupdate, pyside6-lrelease)
  PATH="$PWD/.venv/bin:$PATH"
fi

PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
  echo "PostgreSQL is not installed: run scripts/install.sh --test first" >&2
  exit 2
fi

failed=()
step() {  # step NAME COMMAND...: runs the command, remembers NAME when it fails
  local name=$1
  shift
  echo "== $name" >&2
  "$@" || failed+=("$name")
}

step "ruff check" "$PYTHON" -m ruff check --no-fix .
step "mypy" "$PYTHON" -m mypy   # the packages are listed in pyproject.toml ([tool.mypy] files)
step "lint-imports" lint-imports --no-cache

whole_suite=1
previous=""
for arg in "$@"; do
  case "$previous" in -k|-m) whole_suite=0 ;; esac
  case "$arg" in
    -k*|-m*|--deselect*|--lf|--last-failed) whole_suite=0 ;;
    -*) ;;
    *) [ -e "${arg%%::*}" ] && whole_suite=0 ;;
  esac
  previous=$arg
done

PGDATA=$(mktemp -d /tmp/lims-pg.XXXXXX)
COVERAGE_DIR=$(mktemp -d /tmp/lims-coverage.XXXXXX)
PGPORT=$($PYTHON -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
RUNAS=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres:postgres "$PGDATA"
  RUNAS=(runuser -u postgres --)
fi
chmod 700 "$PGDATA"

stop_pg() {
  "${RUNAS[@]}" "$PGBIN/pg_ctl" -D "$PGDATA" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PGDATA" "$COVERAGE_DIR"
}
trap stop_pg EXIT

"${RUNAS[@]}" "$PGBIN/initdb" -D "$PGDATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
# fsync=off: a throwaway cluster for tests only
"${RUNAS[@]}" "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGDATA -c fsync=off -c max_connections=200" start >/dev/null

export LIMS_TEST_POSTGRES_URL="postgresql+psycopg://postgres@127.0.0.1:$PGPORT/postgres"
export LIMS_REQUIRE_POSTGRES=1
export LIMS_TEST_THROWAWAY_SERVER=1  # its test databases go with it: none is dropped one by one
export QT_QPA_PLATFORM=offscreen
coverage=()
if [ $whole_suite -eq 1 ]; then
  # the data files of this process and of every `python -m lims` it starts (coverage's
  # patch = ["subprocess"]) are combined at the end and held to fail_under (pyproject.toml)
  export COVERAGE_FILE="$COVERAGE_DIR/.coverage"
  # one worker per processor: every test makes its own databases (tests/conftest.py), so they
  # do not meet; the workers' and subprocesses' coverage data are combined at the end
  coverage=(--cov --cov-report=term -n auto)
fi
echo "== pytest" >&2
"$PYTHON" -m pytest "${coverage[@]}" "$@" || failed+=("pytest")

if [ ${#failed[@]} -gt 0 ]; then
  echo "FAILED: $(IFS=,; echo "${failed[*]}" | sed 's/,/, /g')" >&2
  exit 1
fi
