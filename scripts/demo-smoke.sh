#!/usr/bin/env bash
# Starts the demo the way README.md does (npm run start:demo, embedded defaults) in a scratch
# directory for its data, signs alice in over HTTP and stops it. Exits non-zero if any step fails.
set -euo pipefail
cd "$(dirname "$0")/.."
port=${SMOKE_PORT:-3917}
source scripts/lib/scratch-demo.sh
start_scratch_demo "$port" /auth/options 120 || exit 1
body=$(curl -sf "http://127.0.0.1:$port/auth/login" -H 'content-type: application/json' \
  -d '{"username":"alice","password":"alice-demo-password"}') || { cat "$log"; exit 1; }
token=$(node -e 'const b = JSON.parse(process.argv[1]); if (b.status !== "complete") process.exit(1); console.log(b.access_token)' "$body")
curl -sf "http://127.0.0.1:$port/demo/secure-data" -H "authorization: Bearer $token"
echo
curl -sf "http://127.0.0.1:$port/docs-json" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const n=Object.keys(JSON.parse(s).paths).length; if(n<8) process.exit(1); console.log(`OpenAPI: ${n} paths`)})'
grep -q "OpenAPI docs" "$log" && grep -q "alice / alice-demo-password" "$log" || { cat "$log"; echo "start-up banner missing" >&2; exit 1; }
echo "demo smoke: ok"
