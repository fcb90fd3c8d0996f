#!/usr/bin/env bash
# End-to-end grading benchmark: generates CSV files of lab reports and times
# `rongma grade --json` on them (release build), recording peak RSS so you can see that
# memory stays flat as the file grows. Results: docs/PERFORMANCE.md, section "Grading".
#
# Usage: bench/grade-csv.sh                 # 100,000 and 1,000,000 rows
#        SIZES="1000000" bench/grade-csv.sh # one size
# Env:   SIZES, WORK (where CSVs are kept; reused between runs), CARGO_TARGET_DIR.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SIZES=${SIZES:-"100000 1000000"}
WORK=${WORK:-${TMPDIR:-/tmp}/rongma-grade-bench}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
mkdir -p "$WORK"

cargo build --quiet --release -p rongma --manifest-path "$ROOT/Cargo.toml"
BIN="$CARGO_TARGET_DIR/release/rongma"

# Deterministic reports spread over every grade; about 1 in 20 is not gradable.
generate() {
    local rows=$1 out=$2
    "$BIN" grade --template csv > "$out"
    awk -v n="$rows" 'BEGIN {
        srand(42)
        split("3 3.5 4 4-5 5", fast, " "); split("2.5 3 3-4 4", wet, " "); split("3 4 5 6", light, " ")
        for (i = 0; i < n; i++) {
            dc = 50 + int(rand() * 31); fw = 100 + int(rand() * 200)
            mdc = dc - 3 + rand() * 8; if (mdc > 100) mdc = 100
            row = sprintf("%s,%.1f,%d,%.1f,%.2f,garment,%.1f,%.1f,%.2f,%s,%.1f,%.1f",
                (rand() < 0.5 ? "duck" : "goose"), dc, fw, mdc, 12 + rand() * 9, 480 + rand() * 500,
                2 + rand() * 3.8, 0.3 + rand() * 0.95, (rand() < 0.01 ? "fail" : "pass"),
                rand() * 48, fw * (0.96 + rand() * 0.08))
            for (k = 0; k < 9; k++) row = row "," fast[1 + int(rand() * 5)]
            print row "," wet[1 + int(rand() * 4)] "," light[1 + int(rand() * 4)]
        }
    }' >> "$out"
}

# Runs the grader once; prints "seconds cpu_seconds peak_rss_kib" (cpu "-" without GNU time).
measure() {
    local csv=$1 start end
    start=$(date +%s.%N)
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -v "$BIN" grade --json "$csv" > /dev/null 2> "$WORK/time.txt"
        end=$(date +%s.%N)
        rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/time.txt")
        cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$WORK/time.txt")
    else
        # Without GNU time: sample the kernel's high-water mark while it runs.
        "$BIN" grade --json "$csv" > /dev/null & pid=$!
        rss=0 cpu=-
        while kill -0 "$pid" 2> /dev/null; do
            hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2> /dev/null || echo 0)
            [ "${hwm:-0}" -gt "$rss" ] && rss=$hwm
            sleep 0.05
        done
        wait "$pid"
        end=$(date +%s.%N)
    fi
    echo "$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }') $cpu $rss"
}

# rows_per_cpu_s is the rate per CPU-second (user + system, all threads): with other work
# on the machine it is steadier than the wall-clock rate.
printf '%-9s %-10s %-8s %-11s %-8s %-14s %s\n' rows csv_bytes seconds rows_per_s cpu_s rows_per_cpu_s peak_rss_kib
for rows in $SIZES; do
    csv="$WORK/reports-$rows.csv"
    [ -s "$csv" ] || generate "$rows" "$csv"
    read -r secs cpu rss < <(measure "$csv")
    per_cpu=$(awk -v r="$rows" -v c="$cpu" 'BEGIN { if (c == "-") print "-"; else printf "%.0f", r / c }')
    printf '%-9s %-10s %-8.2f %-11.0f %-8s %-14s %s\n' "$rows" "$(stat -c %s "$csv")" "$secs" \
        "$(awk -v r="$rows" -v s="$secs" 'BEGIN { print r / s }')" "$cpu" "$per_cpu" "$rss"
done
