# Sourced by scripts that need the demo running the way README.md starts it (npm run start:demo,
# embedded defaults) on a scratch database and key: start_scratch_demo PORT READY_PATH [TRIES].
# Sets `data` (the scratch directory), `log` and `pid`; the EXIT trap stops the demo and removes
# the directory. Fails, printing the demo's log, if it exits or never answers READY_PATH.
start_scratch_demo() {
  local port=$1 ready=$2 tries=${3:-240}
  data=$(mktemp -d)
  log="$data/demo.log"
  # A server left on the port would answer for the demo and hide a failed start.
  if curl -s -o /dev/null "http://127.0.0.1:$port/"; then echo "port $port is busy" >&2; return 1; fi
  setsid env PORT="$port" DATABASE_URL="sqlite:$data/demo.sqlite" SIGNING_KEY_FILE="$data/signing-key.pem" npm run start:demo >"$log" 2>&1 &
  pid=$!
  trap 'kill -- -$pid 2>/dev/null || kill $pid 2>/dev/null || true; rm -rf "$data"' EXIT
  for _ in $(seq 1 "$tries"); do
    curl -sf "http://127.0.0.1:$port$ready" >/dev/null 2>&1 && return 0
    kill -0 "$pid" 2>/dev/null || { cat "$log"; echo "demo exited before answering" >&2; return 1; }
    sleep 0.5
  done
  cat "$log"; echo "demo did not answer $ready" >&2; return 1
}
