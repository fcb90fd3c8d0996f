#!/usr/bin/env bash
# A 1,000,000-code batch end to end through the binary (docs/PERFORMANCE.md, "Codes and
# labels"): `rongma codes issue` (one row), then `rongma codes export` of its CSV with and
# without PINs, timed with /usr/bin/time for wall time, CPU time and peak memory. A
# 10,000-code export of the same batch shows that memory does not grow with the range.
#   bash bench/codes-batch.sh            # release build, scratch directory, then removed
#   N=200000 bash bench/codes-batch.sh   # another batch size
set -euo pipefail
cd "$(dirname "$0")/.."
n="${N:-1000000}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"
cargo build -q --release -p rongma
cargo build -q --release -p rongma-testkit --example codes_bench_setup
bin="$CARGO_TARGET_DIR/release/rongma"
setup="$CARGO_TARGET_DIR/release/examples/codes_bench_setup"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
cd "$dir"
export RONGMA_LOG=warn
"$bin" migrate
cert="$("$setup" "$dir")"

timed() { # label, command…: prints wall s, CPU s (user+sys) and peak RSS
  local label="$1"; shift
  /usr/bin/time -f "%e %U %S %M" -o time.txt "$@" >out.txt 2>err.txt || { cat err.txt; exit 1; }
  read -r wall user sys rss <time.txt
  printf '%-42s %6.2f s wall  %6.2f s CPU  %7.1f MiB peak RSS\n' "$label" "$wall" \
    "$(echo "$user + $sys" | bc)" "$(echo "scale=1; $rss / 1024" | bc)"
}

timed "issue $n codes (one row)" "$bin" codes issue --certificate "$cert" --quantity "$n" \
  --lot BENCH-LOT --production-date 2025-11-01
batch="$(sed -n 's/^    "id": \([0-9]*\),$/\1/p' out.txt | head -1)"
echo "batch rows: $(sqlite3 data/rongma.db 'SELECT COUNT(*) FROM code_batches' 2>/dev/null || echo '?')"
timed "export CSV with PINs ($n rows)" "$bin" codes export --batch "$batch" --format csv --out all.csv
echo "  $(wc -l <all.csv) lines, $(du -m all.csv | cut -f1) MB"
timed "export CSV without PINs ($n rows)" "$bin" codes export --batch "$batch" --format csv --no-pins --out nopins.csv
last="$(sed -n '10001p' all.csv | cut -d, -f1)"
timed "export CSV with PINs (10,000 rows)" "$bin" codes export --batch "$batch" --format csv --to "$last" --out small.csv
timed "export PDF with PINs (2,000 tags)" "$bin" codes export --batch "$batch" --format pdf \
  --to "$(sed -n '2001p' all.csv | cut -d, -f1)" --out tags.pdf
echo "  $(du -k tags.pdf | cut -f1) KB"

# The same CSV through the API: `rongma serve`, an enterprise user, a streamed download.
# The server's peak RSS (VmHWM) before and after shows the stream does not buffer.
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
echo "bench-password-1" | "$bin" admin create-user --username bench-ent --role enterprise \
  --enterprise-id 1 --password-stdin >/dev/null
"$bin" serve --listen "127.0.0.1:$port" >serve.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$dir"' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.2; done
token="$(curl -sf "http://127.0.0.1:$port/api/v1/auth/login" -H 'content-type: application/json' \
  -d '{"username": "bench-ent", "password": "bench-password-1"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')"
hwm() { sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$server/status"; }
before="$(hwm)"
curl -sf -o api.csv -w '%{time_total}\n' -H "authorization: Bearer $token" \
  "http://127.0.0.1:$port/api/v1/code-batches/$batch/export?format=csv&pins=true" >curl.txt
printf '%-42s %6.2f s wall  (server peak RSS %.1f MiB before, %.1f MiB after)\n' \
  "API: stream CSV with PINs ($n rows)" "$(cat curl.txt)" "$(echo "scale=1; $before / 1024" | bc)" \
  "$(echo "scale=1; $(hwm) / 1024" | bc)"
cmp -s api.csv all.csv && echo "  identical to the CLI export"
