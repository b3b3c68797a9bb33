#!/usr/bin/env bash
# Builds the fuzz targets and runs each for SECONDS (default 60, wall clock), one after another, at the
# lowest CPU priority. Prints, per target, the inputs executed, wall and CPU seconds, and whether it
# crashed.
#
# Usage: fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]
#   targets: safetensors_header model_file singan_file model_config png npy palette session film (default: all)
#
# Seeds: fuzz/corpus/<target>/ (regenerate with fuzz/make_corpus.py) and fuzz/regressions/<target>/.
# Inputs libFuzzer finds go to fuzz/.build/corpus/<target>/ (kept between runs, not committed);
# crashers to fuzz/.build/artifacts/<target>/ and logs to fuzz/.build/logs/<target>.log.
# A crasher worth keeping belongs in fuzz/regressions/<target>/ (replayed by
# Tests/CLITests/FuzzRegressionTests.swift and by every run of this script).
# Exit status: 0 when no target crashed, 1 otherwise.
set -uo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET=${1:-60}
shift || true
ALL=(safetensors_header model_file singan_file model_config png npy palette session film)
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=("${ALL[@]}")

nice -n 19 fuzz/build.sh "${TARGETS[@]}" || { echo "fuzz/run.sh: build failed" >&2; exit 2; }

B=fuzz/.build
TIMEFORMAT='%U %S'
# Swift's own crash backtracer would run inside ASan's report; libFuzzer prints the stack already.
export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=0:detect_odr_violation=0}

dict_for() {
    case $1 in
        safetensors_header|model_config|palette|session) echo fuzz/dicts/json.dict ;;
        npy) echo fuzz/dicts/npy.dict ;;
        png) echo fuzz/dicts/png.dict ;;
        *) echo "" ;;
    esac
}

failed=0
printf '%-20s %12s %8s %8s %8s  %s\n' target inputs seconds cpu_s exec/s result
for t in "${TARGETS[@]}"; do
    mkdir -p "$B/corpus/$t" "$B/artifacts/$t" "$B/logs" "fuzz/regressions/$t"
    dict=$(dict_for "$t")
    # -timeout and slow units are wall clock, and a starved nice-19 process can wait seconds for a
    # core: 120 s still catches real hangs; slow units are reported but are not failures.
    args=(-max_total_time="$SECONDS_PER_TARGET" -rss_limit_mb=2048 -malloc_limit_mb=1024 -timeout=120
          -report_slow_units=60 -print_final_stats=1 -artifact_prefix="$B/artifacts/$t/")
    [ -n "$dict" ] && args+=(-dict="$dict")
    crashers() { ls "$B/artifacts/$t" | grep -E '^(crash|oom|leak|timeout)-' | wc -l; }
    before=$(crashers)
    start=$(date +%s)
    # CPU seconds matter as much as wall time: at nice 19 beside the training job a target may get
    # only a small share of a core.
    { time nice -n 19 "$B/$t" "${args[@]}" "$B/corpus/$t" "fuzz/corpus/$t" "fuzz/regressions/$t" >"$B/logs/$t.log" 2>&1; } 2>"$B/logs/$t.cpu"
    status=$?
    elapsed=$(( $(date +%s) - start ))
    cpu=$(awk '{ printf "%d", $1 + $2 }' "$B/logs/$t.cpu")
    inputs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$B/logs/$t.log" | tail -1 | grep -o '[0-9]*$')
    [ -n "$inputs" ] || inputs=$(grep -oE '^#[0-9]+' "$B/logs/$t.log" | tail -1 | tr -d '#')
    after=$(crashers)
    if [ "$status" -eq 0 ] && [ "$after" -eq "$before" ]; then
        result=ok
        slow=$(grep -o 'slowest_unit_time_sec: *[0-9]*' "$B/logs/$t.log" | grep -o '[0-9]*$')
        [ "${slow:-0}" -ge 10 ] && result="ok (slowest input ${slow} s wall)"
    else
        result="CRASH (exit $status): $(ls -t "$B/artifacts/$t" | grep -E '^(crash|oom|leak|timeout)-' | head -1 | sed "s|^|$B/artifacts/$t/|")"
        result="$result; $(grep -m1 -E 'ERROR:|property violated|Fatal error' "$B/logs/$t.log" | cut -c1-160)"
        failed=1
    fi
    printf '%-20s %12s %8s %8s %8s  %s\n' "$t" "${inputs:-?}" "$elapsed" "$cpu" "$(( ${inputs:-0} / (elapsed > 0 ? elapsed : 1) ))" "$result"
done
exit $failed
