#!/usr/bin/env bash
# Fetches Keycloak (Maven Central, through mvn and ~/.m2), starts it on 127.0.0.1 in dev mode with
# the realm in test/fixtures/keycloak/realm.json, and prints the KEYCLOAK_* values the demo and the
# integration tests read. Installs Java and Maven from Debian's packages when missing.
# Idempotent: running and on the same realm file, it returns at once; the realm file changed, it
# replaces the realm through the admin REST API (2-3 s, where starting on a clean data dir takes 40 s).
# `bash scripts/keycloak.sh stop` stops the server this script started.
#
# Keycloak reads every KC_* environment variable as one of its options (an unknown one stops it
# from starting), so this script names none of its own variables KC_* and hides inherited ones.
set -euo pipefail
cd "$(dirname "$0")/.."

KEYCLOAK_VERSION=26.7.3
KEYCLOAK_HTTP_PORT=${KEYCLOAK_HTTP_PORT:-8180}
KEYCLOAK_MANAGEMENT_PORT=${KEYCLOAK_MANAGEMENT_PORT:-9180}
KEYCLOAK_START_TIMEOUT=${KEYCLOAK_START_TIMEOUT:-300}

realm_file=test/fixtures/keycloak/realm.json
realm=stepgate
client_id=stepgate-api
client_secret=stepgate-api-test-secret
# The master realm's administrator, for replacing the test realm; the server listens on loopback only.
admin_user=stepgate-admin
admin_password=stepgate-admin-password

cache=$PWD/.cache/keycloak
home=$cache/keycloak-$KEYCLOAK_VERSION
pid_file=$cache/keycloak.pid
ports_file=$cache/keycloak.ports
log=$cache/keycloak.log
# Beside the data it describes: a clean data dir starts without it and imports the realm afresh.
hash_file=$home/data/stepgate-realm.sha256
base_url=http://127.0.0.1:$KEYCLOAK_HTTP_PORT

APT_LOG_PREFIX=keycloak
# shellcheck source=lib/apt.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/apt.sh"
fail() { echo "keycloak: $*" >&2; exit 1; }

ensure_tools() {
  command -v curl >/dev/null || ensure_packages curl ca-certificates
  command -v unzip >/dev/null || ensure_packages unzip
  command -v java >/dev/null || ensure_packages default-jre-headless
  local major
  major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p')
  [[ ${major:-0} -ge 17 ]] || fail "Keycloak $KEYCLOAK_VERSION needs Java 17 or newer; \`java\` on PATH is ${major:-unknown}"
}

ensure_distribution() {
  [[ -x $home/bin/kc.sh ]] && return 0
  command -v mvn >/dev/null || ensure_packages maven
  echo "keycloak: fetching org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION (kept in ~/.m2)" >&2
  local download=$cache/download
  rm -rf "$download" "$home.partial"
  mkdir -p "$download"
  if ! mvn -q -B dependency:copy -Dartifact="org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip" \
    -DoutputDirectory="$download" >"$cache/mvn.log" 2>&1; then
    cat "$cache/mvn.log" >&2
    fail "mvn could not fetch Keycloak $KEYCLOAK_VERSION from Maven Central (output above)"
  fi
  # Unpacked beside its final place and moved in one step, so an interrupted run leaves no half tree.
  unzip -q "$download/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip" -d "$home.partial"
  mv "$home.partial/keycloak-$KEYCLOAK_VERSION" "$home"
  rm -rf "$download" "$home.partial"
}

answers() { curl -sf -o /dev/null --max-time 5 "$1"; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# Ours and alive: a PID file surviving a reboot may name an unrelated process by now.
running() {
  [[ -f $pid_file ]] && kill -0 "$(cat "$pid_file")" 2>/dev/null &&
    tr '\0' ' ' <"/proc/$(cat "$pid_file")/cmdline" 2>/dev/null | grep -qF "$home/"
}
realm_answers() { answers "$base_url/realms/$realm/.well-known/openid-configuration"; }
realm_hash() { sha256sum "$realm_file" | cut -d' ' -f1; }

# A fresh data dir imported the realm file at start-up: once it answers, record which file that was,
# so it is not imported a second time (also when an earlier run gave up waiting for the start).
record_startup_import() {
  [[ -f $hash_file.pending ]] && realm_answers && mv "$hash_file.pending" "$hash_file"
  return 0
}

start() {
  for port in "$KEYCLOAK_HTTP_PORT" "$KEYCLOAK_MANAGEMENT_PORT"; do
    port_open "$port" && fail "port $port is taken by another process; pick others with KEYCLOAK_HTTP_PORT / KEYCLOAK_MANAGEMENT_PORT"
  done
  mkdir -p "$home/data/import"
  # A fresh data dir gets the realm at start-up (as docker-compose.yml does); an existing realm is
  # left alone by --import-realm, and ensure_realm compares the file against the stored hash.
  cp "$realm_file" "$home/data/import/$realm-realm.json"
  rm -f "$hash_file.pending"
  if [[ ! -d $home/data/h2 ]]; then
    rm -f "$hash_file"
    realm_hash >"$hash_file.pending"
  fi
  local hidden=()
  while read -r name; do hidden+=(-u "$name"); done < <(compgen -e | grep '^KC_' || true)
  echo "keycloak: starting $KEYCLOAK_VERSION on $base_url (log: $log)" >&2
  # setsid: its own process group, so a Ctrl-C in the calling terminal or the end of a CI step's
  # shell leaves it running, and `stop` ends kc.sh and the JVM together.
  env "${hidden[@]}" KC_BOOTSTRAP_ADMIN_USERNAME="$admin_user" KC_BOOTSTRAP_ADMIN_PASSWORD="$admin_password" \
    setsid "$home/bin/kc.sh" start-dev --http-host=127.0.0.1 --http-port="$KEYCLOAK_HTTP_PORT" \
    --http-management-port="$KEYCLOAK_MANAGEMENT_PORT" --health-enabled=true --import-realm \
    </dev/null >"$log" 2>&1 &
  echo $! >"$pid_file"
  echo "$KEYCLOAK_HTTP_PORT $KEYCLOAK_MANAGEMENT_PORT" >"$ports_file"
}

wait_ready() {
  local deadline=$((SECONDS + KEYCLOAK_START_TIMEOUT))
  until answers "http://127.0.0.1:$KEYCLOAK_MANAGEMENT_PORT/health/ready"; do
    if ! running; then
      tail -n 40 "$log" >&2
      fail "Keycloak exited during start-up (log above, full log: $log)"
    fi
    if [[ $SECONDS -ge $deadline ]]; then
      tail -n 40 "$log" >&2
      fail "Keycloak was not ready within ${KEYCLOAK_START_TIMEOUT}s (log above, full log: $log); it is left starting as process $(cat "$pid_file"): run this script again to keep waiting (KEYCLOAK_START_TIMEOUT raises the bound), or stop it with \`bash scripts/keycloak.sh stop\`"
    fi
    sleep 1
  done
}

admin_token() {
  curl -sf --max-time 10 "$base_url/realms/master/protocol/openid-connect/token" \
    -d grant_type=password -d client_id=admin-cli \
    --data-urlencode "username=$admin_user" --data-urlencode "password=$admin_password" |
    sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p'
}

reimport_realm() {
  echo "keycloak: importing $realm_file as realm $realm" >&2
  local token status
  token=$(admin_token)
  [[ -n $token ]] || fail "no admin token from the master realm (full log: $log)"
  status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 30 -X DELETE \
    -H "authorization: Bearer $token" "$base_url/admin/realms/$realm")
  [[ $status == 204 || $status == 404 ]] || fail "deleting realm $realm answered $status"
  local body
  body=$(mktemp)
  status=$(curl -s -o "$body" -w '%{http_code}' --max-time 60 -X POST \
    -H "authorization: Bearer $token" -H 'content-type: application/json' \
    --data-binary "@$realm_file" "$base_url/admin/realms")
  if [[ $status != 201 ]]; then
    cat "$body" >&2; rm -f "$body"
    fail "creating realm $realm from $realm_file answered $status"
  fi
  rm -f "$body"
}

ensure_realm() {
  local want
  want=$(realm_hash)
  if [[ -f $hash_file && $(cat "$hash_file") == "$want" ]] && realm_answers; then return 0; fi
  reimport_realm
  realm_answers || fail "realm $realm does not answer after its import (full log: $log)"
  echo "$want" >"$hash_file"
  rm -f "$hash_file.pending"
}

stop() {
  running || { echo "keycloak: not running (no live process in $pid_file)" >&2; rm -f "$pid_file"; return 0; }
  local pid
  pid=$(cat "$pid_file")
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid"
  for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  kill -0 "$pid" 2>/dev/null && fail "process $pid still running 30 s after SIGTERM"
  rm -f "$pid_file"
  echo "keycloak: stopped" >&2
}

print_settings() {
  echo "KEYCLOAK_URL=$base_url"
  echo "KEYCLOAK_REALM=$realm"
  echo "KEYCLOAK_CLIENT_ID=$client_id"
  echo "KEYCLOAK_CLIENT_SECRET=$client_secret"
}

case ${1:-start} in
  stop) stop; exit 0 ;;
  start) ;;
  *) fail "usage: bash scripts/keycloak.sh [start|stop]" ;;
esac

mkdir -p "$cache"
if running; then
  # Started by an earlier run (perhaps still starting): wait for it, never start a second one.
  [[ $(cat "$ports_file" 2>/dev/null) == "$KEYCLOAK_HTTP_PORT $KEYCLOAK_MANAGEMENT_PORT" ]] ||
    fail "already running on ports $(cat "$ports_file" 2>/dev/null || echo unknown); \`bash scripts/keycloak.sh stop\` first to move it"
  wait_ready
elif answers "$base_url/realms/master/.well-known/openid-configuration"; then
  # Not ours (docker compose up keycloak, say): use it as it is when it serves the realm.
  realm_answers || fail "a server on $base_url answers without realm $realm; stop it or pick another KEYCLOAK_HTTP_PORT"
  echo "keycloak: using the server already on $base_url (not started by this script; realm not compared)" >&2
  print_settings
  exit 0
else
  rm -f "$pid_file"
  ensure_tools
  ensure_distribution
  start
  wait_ready
fi
record_startup_import
ensure_realm
print_settings
