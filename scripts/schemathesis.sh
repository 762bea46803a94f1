#!/usr/bin/env bash
# Fuzzes the demo's HTTP API against its own OpenAPI document (/docs-json) with schemathesis:
# schema-valid and schema-invalid requests, every answer checked against the document. A 500, an
# undocumented status, a body or media type that differs from the document, a valid request
# refused or an invalid one accepted fails the run.
#
# Three passes, because some operations end the very token the fuzzer signs its requests with:
#   user    every operation but logout, as alice (outside the admin group: 403s, own data only)
#   logout  POST /auth/logout, as bob: the first body without session_id ends bob's token, and
#           the rest of the pass checks the documented 401s
#   admin   every operation but logout, as admin, last: it disables and removes other users
# scripts/schemathesis_hooks.py keeps a pass from revoking its own session or disabling or
# removing its own user, which ids seen in earlier responses would otherwise make it do.
# The database is a throwaway SQLite file: the admin pass disables and removes users.
#
# Env: SCHEMATHESIS_PORT (3919), SCHEMATHESIS_MAX_TIME (seconds per pass, 60),
#      SCHEMATHESIS_MAX_EXAMPLES (per operation, 40), SCHEMATHESIS_SEED.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
version=4.32.5
venv=$root/.cache/schemathesis-venv
port=${SCHEMATHESIS_PORT:-3919}
max_time=${SCHEMATHESIS_MAX_TIME:-60}
max_examples=${SCHEMATHESIS_MAX_EXAMPLES:-40}
started=$SECONDS

# --- schemathesis in a venv of its own; a failed install ends the run, it never skips it.
if [ "$("$venv/bin/schemathesis" --version 2>/dev/null)" != "schemathesis, version $version" ]; then
  if ! python3 -m venv --help >/dev/null 2>&1 || ! python3 -c 'import ensurepip' 2>/dev/null; then
    # Debian ships venv separately; CI runs as root on a fresh machine.
    command -v apt-get >/dev/null || { echo "schemathesis: python3 venv is missing and apt-get is not available" >&2; exit 1; }
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null; } ||
      { echo "schemathesis: apt-get install python3-venv failed" >&2; exit 1; }
  fi
  rm -rf "$venv"
  python3 -m venv "$venv" || { echo "schemathesis: cannot create a venv in $venv" >&2; exit 1; }
  "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$version" || { echo "schemathesis: pip install schemathesis==$version failed" >&2; exit 1; }
  [ "$("$venv/bin/schemathesis" --version)" = "schemathesis, version $version" ] || { echo "schemathesis $version did not install" >&2; exit 1; }
fi
st="$venv/bin/schemathesis"

# --- the demo, on a scratch database and key, as scripts/demo-smoke.sh starts it.
base="http://127.0.0.1:$port"
source "$root/scripts/lib/scratch-demo.sh"
start_scratch_demo "$port" /docs-json || exit 1
echo "demo up on $base after $((SECONDS - started)) s"

# Every token is taken before any pass: fuzzing /auth/login soon trips the per-client throttle
# (429), after which no sign-in from this address succeeds for a while.
sign_in() { # prints "<access token> <user id> <session id>"
  local body
  body=$(curl -s "$base/auth/login" -H 'content-type: application/json' -d "{\"username\":\"$1\",\"password\":\"$1-demo-password\"}")
  node -e 'const b=JSON.parse(process.argv[1]); if(b.status!=="complete") process.exit(1); console.log(b.access_token, b.user.id, b.session_id)' "$body" ||
    { echo "sign-in of $1 failed: $body" >&2; exit 1; }
}
read -r user_token user_id user_sid < <(sign_in alice)
read -r logout_token _ _ < <(sign_in bob)
read -r admin_token admin_id admin_sid < <(sign_in admin)
[ -n "$user_token" ] && [ -n "$logout_token" ] && [ -n "$admin_token" ] || { echo "a demo sign-in failed" >&2; exit 1; }
export SCHEMATHESIS_HOOKS="$root/scripts/schemathesis_hooks.py"
export STEPGATE_FUZZ_PROTECTED_IDS="$user_id,$user_sid,$admin_id,$admin_sid"

failed=()
summary=()
run_pass() {
  local name=$1 token=$2 time=$3
  shift 3
  echo
  echo "=== schemathesis: $name pass"
  local cmd=("$st" --config-file "$root/scripts/schemathesis.toml" run "$base/docs-json" --mode all
    --phases examples,coverage,fuzzing,stateful --max-examples "$max_examples" --max-time "$time"
    --header "Authorization: Bearer $token" --no-color --report junit --report-junit-path "$root/.cache/schemathesis-$name.xml"
    ${SCHEMATHESIS_SEED:+--seed "$SCHEMATHESIS_SEED"} "$@")
  echo "+ schemathesis --config-file scripts/schemathesis.toml run $base/docs-json --mode all --phases examples,coverage,fuzzing,stateful --max-examples $max_examples --max-time $time $*"
  local status=passed
  (cd "$data" && "${cmd[@]}") | tee "$data/$name.out" || status=FAILED
  [ "$status" = passed ] || failed+=("$name")
  summary+=("$(printf '%-12s %-7s %s' "$name" "$status" "$(grep -m1 -E '^  [0-9]+ generated' "$data/$name.out" | sed 's/^ *//')")")
  while IFS= read -r line; do summary+=("$(printf '%21s%s' '' "$line")"); done < <(grep -E '^  (❌|🚫) .*: [0-9]+$' "$data/$name.out" | sed 's/^ *//')
}

run_pass user "$user_token" "$((max_time / 2))" --exclude-operation-id AuthController_logout
run_pass logout "$logout_token" "$((max_time / 6))" --include-operation-id AuthController_logout
run_pass admin "$admin_token" "$max_time" --exclude-operation-id AuthController_logout

echo
echo "=== summary (test cases per pass; junit reports in .cache/schemathesis-<pass>.xml)"
printf '%s\n' "${summary[@]}"
if grep -q 'ERROR' "$log"; then echo "--- errors the demo logged:"; grep 'ERROR' "$log" | head -20; fi
echo "schemathesis: $((SECONDS - started)) s in all"
if [ ${#failed[@]} -gt 0 ]; then
  echo "schemathesis: FAILED passes: ${failed[*]}" >&2
  exit 1
fi
echo "schemathesis: every pass clean"
