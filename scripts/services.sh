#!/usr/bin/env bash
# Installs (from Debian's packages, when missing) and starts PostgreSQL and Redis on 127.0.0.1 for
# the integration suites. Idempotent: running it again on a machine where both answer does nothing.
# Prints the URLs the integration tests read.
set -euo pipefail

PG_USER=${PG_USER:-stepgate}
PG_PASSWORD=${PG_PASSWORD:-stepgate}
PG_DB=${PG_DB:-stepgate_test}
PG_PORT=${PG_PORT:-5432}
REDIS_PORT=${REDIS_PORT:-6379}

APT_LOG_PREFIX=services
# shellcheck source=lib/apt.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/apt.sh"

start_postgres() {
  ensure_packages postgresql postgresql-client
  local version
  version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$version main"; then
    as_root pg_createcluster "$version" main -p "$PG_PORT" >/dev/null
  fi
  if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}' | grep -qx online; then
    as_root pg_ctlcluster "$version" main start
  fi
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p "$PG_PORT" && break; sleep 1; done
  pg_isready -h 127.0.0.1 -p "$PG_PORT" >/dev/null || { echo "services: PostgreSQL did not start" >&2; exit 1; }
  local psql=(as_root su postgres -c)
  "${psql[@]}" "psql -p $PG_PORT -tAc \"SELECT 1 FROM pg_roles WHERE rolname='$PG_USER'\"" | grep -q 1 ||
    "${psql[@]}" "psql -p $PG_PORT -qc \"CREATE ROLE $PG_USER LOGIN SUPERUSER PASSWORD '$PG_PASSWORD'\""
  "${psql[@]}" "psql -p $PG_PORT -tAc \"SELECT 1 FROM pg_database WHERE datname='$PG_DB'\"" | grep -q 1 ||
    "${psql[@]}" "psql -p $PG_PORT -qc \"CREATE DATABASE $PG_DB OWNER $PG_USER\""
}

start_redis() {
  ensure_packages redis-server redis-tools
  if ! redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1; then
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes --save '' --appendonly no \
      --logfile /tmp/stepgate-redis.log >/dev/null
  fi
  for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.5; done
  redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null || { echo "services: Redis did not start" >&2; exit 1; }
}

start_postgres
start_redis
echo "TEST_DATABASE_URL=postgres://$PG_USER:$PG_PASSWORD@127.0.0.1:$PG_PORT/$PG_DB"
echo "TEST_REDIS_URL=redis://127.0.0.1:$REDIS_PORT"
