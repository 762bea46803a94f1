#!/usr/bin/env bash
# Runs the unit and e2e suites (npm test) and the packed-package consumer check (npm run
# test:consumer) on another Node, given as a directory whose bin/node is that Node (what
# scripts/node-versions.sh prints):
#   bash scripts/test-on-node.sh <node-dir> <results-dir>
# writes <results-dir>/unit-node<major>.json, consumer-node<major>.tap and npm-ci-node<major>.log,
# and exits non-zero when any step fails.
# It works in a fresh clone of HEAD outside this checkout: native modules (better-sqlite3) are
# compiled for one Node's ABI, so a second `npm ci` here would break this checkout for its own Node.
set -euo pipefail

say() { printf 'test-on-node: %s\n' "$*" >&2; }
fail() { say "$*"; exit 1; }

[[ $# -eq 2 ]] || fail "usage: bash scripts/test-on-node.sh <node-dir> <results-dir>"
[[ -x "$1/bin/node" ]] || fail "$1/bin/node is not an executable (run scripts/node-versions.sh for the directories)"
node_dir=$(cd "$1" && pwd)
mkdir -p "$2"
results=$(cd "$2" && pwd)
root=$(cd "$(dirname "$0")/.." && pwd)

version=$("$node_dir/bin/node" --version) || fail "$node_dir/bin/node does not run"
major=${version#v}
major=${major%%.*}
[[ -f "$node_dir/include/node/node.h" ]] || fail "$node_dir/include/node has no headers to build native modules against"

unit_json="$results/unit-node$major.json"
consumer_tap="$results/consumer-node$major.tap"
install_log="$results/npm-ci-node$major.log"
# A step that fails early must not leave an earlier run's results for the CI summary to count.
rm -f "$unit_json" "$consumer_tap" "$install_log"

# That Node first on PATH reaches npm itself (its bin starts with `#!/usr/bin/env node`) and every
# script npm runs, down to the consumer app's own `npm install` and `node --test`.
export PATH="$node_dir/bin:$PATH"
# The global and user npmrc set nodedir=/usr, the machine's Node 20 headers; the environment
# outranks both, so node-gyp compiles for this Node's ABI.
export npm_config_nodedir="$node_dir"
# keycloak-connect's optional chromedriver (node >=22, so skipped on Node 20) would download a
# browser driver from Google in its install script; nothing here drives a browser.
export CHROMEDRIVER_SKIP_DOWNLOAD=true

declare -a report=()
failed=0

# step <name> <command...>: runs it in the clone, times it, and records the outcome.
step() {
  local name=$1 start=$SECONDS status=0
  shift
  printf '\n=== node %s: %s ===\n' "$version" "$name"
  (cd "$run" && "$@") || status=$?
  local took=$((SECONDS - start))
  if ((status == 0)); then
    report+=("$(printf '%-20s %4d s  ok' "$name" "$took")")
  else
    report+=("$(printf '%-20s %4d s  FAILED (exit %d)' "$name" "$took" "$status")")
    failed=1
  fi
  return "$status"
}

summary() {
  printf '\n=== node %s: summary ===\n' "$version"
  printf '%s\n' "${report[@]}"
  node - "$unit_json" "$consumer_tap" <<'EOF'
const { existsSync, readFileSync } = require('node:fs');
const [unit, tap] = process.argv.slice(2);
if (existsSync(unit)) {
  const r = JSON.parse(readFileSync(unit, 'utf8'));
  console.log(`unit+e2e: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped (${r.numTotalTests} tests)`);
}
if (existsSync(tap)) {
  const text = readFileSync(tap, 'utf8');
  const count = (name) => (text.match(new RegExp(`^# ${name} (\\d+)$`, 'm')) ?? [0, 'none'])[1];
  console.log(`consumer: ${count('pass')} passed, ${count('fail')} failed, ${count('skipped')} skipped`);
}
EOF
}

run=$(mktemp -d "${TMPDIR:-/tmp}/stepgate-node$major.XXXXXX")
# Outside the checkout on purpose: npm puts every ancestor's node_modules/.bin on a script's PATH,
# and this checkout's binaries belong to its own Node.
trap 'summary; rm -rf "$run"' EXIT

commit=$(git -C "$root" rev-parse --short HEAD)
if [[ -n "$(git -C "$root" status --porcelain --untracked-files=no)" ]]; then
  say "testing commit $commit; the uncommitted changes of $root are not part of the run"
fi
step "clone $commit" git clone -q --no-local "$root" "$run"

# Fails fast when npm cannot run on this Node, or a script would reach another node.
# shellcheck disable=SC2016
step "node and npm" bash -c '
  npm_node=$(npm version --json | node -p "JSON.parse(require(\"fs\").readFileSync(0, \"utf8\")).node")
  script_node=$(npm exec --offline -c "node --version")
  echo "node $(node --version) ($(command -v node)), npm $(npm --version) running on $npm_node, npm scripts run $script_node"
  [[ "v$npm_node" == "$1" && "$script_node" == "$1" ]]
' _ "$version"

# better-sqlite3 compiled against those headers rather than fetched from GitHub by
# prebuild-install: the registry is the only network CI may use, and the result must not depend on
# whether it can. Set for this step only, as npm warns about it ("Unknown env config") each run.
step "npm ci" bash -c 'set -o pipefail; npm_config_build_from_source=better-sqlite3 npm ci --no-audit --no-fund 2>&1 | tee "$1"' \
  _ "$install_log" || exit 1
if grep -q EBADENGINE "$install_log"; then
  say "npm ci on node $version warned about engines:"
  grep -oE "package: '[^']+'|required: \{[^}]*\}" "$install_log" | paste - - >&2
else
  say "npm ci on node $version: no EBADENGINE warning"
fi

# One clear failure here instead of every SQLite test failing on "NODE_MODULE_VERSION".
step "native modules" node -e '
  const db = new (require("better-sqlite3"))(":memory:");
  const { hashSync, verifySync } = require("@node-rs/argon2");
  if (db.prepare("select 1 as one").get().one !== 1 || !verifySync(hashSync("x"), "x")) process.exit(1);
  console.log(`better-sqlite3 and @node-rs/argon2 load on ${process.version} (modules ABI ${process.versions.modules})`);
' || exit 1

step "npm test" npm test -- --reporter=default --reporter=json --outputFile.json="$unit_json" || true
step "npm run test:consumer" env CONSUMER_RESULTS="$consumer_tap" npm run test:consumer || true

exit "$failed"
