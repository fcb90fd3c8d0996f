#!/usr/bin/env bash
# Load benchmark of the consumer scan (docs/PERFORMANCE.md, "Scans") with wrk (Debian
# package `wrk`): the release binary on SQLite (synchronous=FULL, the default), a batch of
# N codes with a certificate graded by the engine, then in one run against the same server:
#   hello   GET /healthz (the hello-world baseline)
#   page    GET /c/SERIAL (the scan page, a random code per request)
#   json    GET /api/v1/codes/SERIAL
#   pin     POST /api/v1/codes/SERIAL/pin with the correct PIN (durable group commit)
# Rate limits are switched off for the run (one client network sends everything).
#   bash bench/scan-bench.sh
#   DURATION=30s CONNECTIONS=64 N=100000 bash bench/scan-bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
n="${N:-100000}"
duration="${DURATION:-20s}"
conns="${CONNECTIONS:-64}"
threads="${THREADS:-2}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"
cargo build -q --release -p rongma
cargo build -q --release -p rongma-testkit --example scan_bench_setup
bin="$(realpath "$CARGO_TARGET_DIR/release/rongma")"
setup="$(realpath "$CARGO_TARGET_DIR/release/examples/scan_bench_setup")"
lua="$(realpath bench/scan-wrk.lua)"
hello="$(realpath bench/scan-hello.lua)"
dir="$(mktemp -d)"
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$dir"' EXIT
cd "$dir"
export RONGMA_LOG=warn
"$bin" migrate >/dev/null
"$setup" "$dir" "$n" >/dev/null
port="${PORT:-18457}"
RONGMA_SCANS__SCANS_PER_NETWORK_PER_MINUTE=0 RONGMA_SCANS__PIN_WRONG_PER_NETWORK=100000000 \
  "$bin" serve --listen "127.0.0.1:$port" >server.log 2>&1 &
pid=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
url="http://127.0.0.1:$port"
# Warm up: caches, connections, the page's first batch load.
SCAN_MODE=page SCAN_FILE=serials.txt wrk -t1 -c8 -d3s -s "$lua" "$url" >/dev/null
run() { # label, mode, file
  local out
  if [ "$2" = hello ]; then
    out="$(wrk -t"$threads" -c"$conns" -d"$duration" -s "$hello" "$url/healthz")"
  else
    out="$(SCAN_MODE="$2" SCAN_FILE="$3" wrk -t"$threads" -c"$conns" -d"$duration" -s "$lua" "$url")"
  fi
  echo "$out" | sed -n "s/^RESULT /$(printf '%-6s' "$1") /p"
}
echo "wrk -t$threads -c$conns -d$duration, $n codes, $(nproc) cores"
run hello hello ""
run page page serials.txt
run json json serials.txt
run hello hello ""
run pin pin pins.txt
echo "PIN checks written: $(sqlite3 data/rongma.db "SELECT COUNT(*) FROM scan_events WHERE kind = 'pin'" 2>/dev/null || echo '?')"
