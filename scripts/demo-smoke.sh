#!/usr/bin/env bash
# Starts the demo the way README.md does (npm run start:demo, embedded defaults) in a scratch
# directory for its data, signs alice in over HTTP and stops it. Exits non-zero if any step fails.
set -euo pipefail
cd "$(dirname "$0")/.."
port=${SMOKE_PORT:-3917}
data=$(mktemp -d)
log="$data/demo.log"
# A server left on the port would answer for the demo and hide a failed start.
if curl -s -o /dev/null "http://127.0.0.1:$port/"; then echo "port $port is busy" >&2; exit 1; fi
setsid env PORT=$port DATABASE_URL="sqlite:$data/demo.sqlite" SIGNING_KEY_FILE="$data/signing-key.pem" npm run start:demo >"$log" 2>&1 &
pid=$!
trap 'kill -- -$pid 2>/dev/null || kill $pid 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$port/auth/options" >/dev/null 2>&1 && break
  kill -0 $pid 2>/dev/null || { cat "$log"; echo "demo exited before answering" >&2; exit 1; }
  sleep 0.5
done
body=$(curl -sf "http://127.0.0.1:$port/auth/login" -H 'content-type: application/json' \
  -d '{"username":"alice","password":"alice-demo-password"}') || { cat "$log"; exit 1; }
token=$(node -e 'const b = JSON.parse(process.argv[1]); if (b.status !== "complete") process.exit(1); console.log(b.access_token)' "$body")
curl -sf "http://127.0.0.1:$port/demo/secure-data" -H "authorization: Bearer $token"
echo
curl -sf "http://127.0.0.1:$port/docs-json" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const n=Object.keys(JSON.parse(s).paths).length; if(n<8) process.exit(1); console.log(`OpenAPI: ${n} paths`)})'
grep -q "OpenAPI docs" "$log" && grep -q "alice / alice-demo-password" "$log" || { cat "$log"; echo "start-up banner missing" >&2; exit 1; }
echo "demo smoke: ok"
