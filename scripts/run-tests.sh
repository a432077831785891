#!/usr/bin/env bash
# Runs the whole test suite on SQLite and on a throwaway PostgreSQL cluster that listens on
# 127.0.0.1 only and is removed afterwards. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=python3
[ -x .venv/bin/python ] && PYTHON=.venv/bin/python

PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
  echo "PostgreSQL is not installed: run scripts/install.sh --test first" >&2
  exit 2
fi

PGDATA=$(mktemp -d /tmp/lims-pg.XXXXXX)
PGPORT=$($PYTHON -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
RUNAS=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres:postgres "$PGDATA"
  RUNAS=(runuser -u postgres --)
fi
chmod 700 "$PGDATA"

stop_pg() {
  "${RUNAS[@]}" "$PGBIN/pg_ctl" -D "$PGDATA" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PGDATA"
}
trap stop_pg EXIT

"${RUNAS[@]}" "$PGBIN/initdb" -D "$PGDATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
# fsync=off: a throwaway cluster for tests only
"${RUNAS[@]}" "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGDATA -c fsync=off -c max_connections=200" start >/dev/null

export LIMS_TEST_POSTGRES_URL="postgresql+psycopg://postgres@127.0.0.1:$PGPORT/postgres"
export LIMS_REQUIRE_POSTGRES=1
export QT_QPA_PLATFORM=offscreen
"$PYTHON" -m pytest "$@"
