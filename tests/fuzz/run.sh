#!/usr/bin/env bash
# run.sh - builds the fuzz targets with libFuzzer (clang, ASan, UBSan) in
# build-fuzz/ and runs each for a time budget.
#
#   tests/fuzz/run.sh [--seconds N] [--seed N] [--jobs] [TARGET...]
#
#   --seconds N   per target (default 600); `make test` runs 20 each
#   --seed N      libFuzzer's -seed, for a repeatable run (default: random)
#   --fresh       start from the seeds only, not what earlier runs found
#                 (with --seed: the same run every time)
#   TARGET        api, daxio or race (default: all three)
#
# Each target starts from its seed corpus (tests/fuzz/corpus/T, plus
# workloads/races for race) and every regression (tests/fuzz/regressions/T),
# with its dictionary (tests/fuzz/T.dict).  New inputs go to
# build-fuzz/corpus/T, findings to build-fuzz/findings/T/.  One line per
# target: PASS with executions, executions per second, coverage and corpus
# size; FAIL with the finding's file and how to reproduce it.  A target
# that ran no input is an ERROR (counted as failed), never a pass.
# Ends with "N passed, N failed, N skipped"; 77 if clang or libFuzzer is
# missing (the skip says which).
set -u
cd "$(dirname "$0")/../.."
TOP=$PWD
seconds=600 seed="" fresh=0 targets=()
while [ $# -gt 0 ]; do
    case $1 in
        --seconds) [ $# -ge 2 ] && [[ $2 =~ ^[0-9]+$ ]] && [ "$2" -gt 0 ] ||
                       { echo "run.sh: --seconds needs a positive number" >&2; exit 2; }
                   seconds=$2; shift 2 ;;
        --seed) [ $# -ge 2 ] && [[ $2 =~ ^[0-9]+$ ]] ||
                    { echo "run.sh: --seed needs a number" >&2; exit 2; }
                seed=$2; shift 2 ;;
        --fresh) fresh=1; shift ;;
        -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        api|daxio|race) targets+=("$1"); shift ;;
        *) echo "run.sh: unknown argument '$1' (targets: api, daxio, race)" >&2; exit 2 ;;
    esac
done
[ ${#targets[@]} -gt 0 ] || targets=(api daxio race)
P=0 F=0 S=0
pass() { echo "PASS fuzz/$1"; P=$((P + 1)); }
fail() { echo "FAIL fuzz/$1: $2"; F=$((F + 1)); }
skip_all() {
    for t in "${targets[@]}"; do echo "SKIP fuzz/$t: $1"; S=$((S + 1)); done
    echo "$P passed, $F failed, $S skipped"; exit 77
}

CC=${FUZZ_CC:-clang}
command -v "$CC" >/dev/null || skip_all "$CC is not installed (Debian: clang, libclang-rt-14-dev)"
probe=$(mktemp -d)
echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n){return 0;}' >"$probe/p.c"
if ! "$CC" -fsanitize=fuzzer,address "$probe/p.c" -o "$probe/p" 2>/dev/null; then
    rm -rf "$probe"; skip_all "$CC cannot link libFuzzer (Debian: libclang-rt-14-dev)"
fi
rm -rf "$probe"

B=build-fuzz
FLAGS="-O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined"
mkdir -p "$B"
echo "fuzz: building with $CC ($FLAGS) in $B/"
t0=$(date +%s)
if ! make -s -j"$(nproc)" BUILD=$B CC="$CC" FUZZ=1 CFLAGS="$FLAGS" fuzz-bins >"$B/build.log" 2>&1; then
    tail -20 "$B/build.log"
    for t in "${targets[@]}"; do fail "$t" "the libFuzzer build failed ($B/build.log)"; done
    echo "$P passed, $F failed, $S skipped"; exit 1
fi
echo "fuzz: built in $(( $(date +%s) - t0 )) s"

# What the sanitizers do in every target: leaks are findings; SIGSEGV
# belongs to libdaxref's fault path (it chains what is not its own).
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allow_user_segv_handler=1:handle_segv=0:handle_sigbus=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

for t in "${targets[@]}"; do
    bin=$B/fuzz/fuzz_$t corpus=$B/corpus/$t findings=$B/findings/$t log=$B/fuzz-$t.log
    if [ $fresh = 1 ]; then
        # Apart from the long runs' corpus, which a campaign may be using.
        corpus=$(mktemp -d "${TMPDIR:-/tmp}/daxbench-fuzz-$t.XXXXXX")
        findings=$B/findings/$t-fresh log=$B/fuzz-$t-fresh.log
    fi
    rm -rf "$findings"
    mkdir -p "$corpus" "$findings"
    seeds=(tests/fuzz/corpus/$t)
    # a target with no finding yet has no regressions folder (git keeps no
    # empty folder): only folders that exist are handed to libFuzzer
    [ -d tests/fuzz/regressions/$t ] && seeds+=(tests/fuzz/regressions/$t)
    [ "$t" = race ] && seeds+=(workloads/races)
    # daxio prints on both streams; the others print only a violation.
    mask=1; [ $t = daxio ] && mask=3
    args=(-max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096 -max_len=4096
          -close_fd_mask=$mask -print_final_stats=1 -artifact_prefix="$findings/"
          -dict=tests/fuzz/$t.dict)
    [ -n "$seed" ] && args+=(-seed="$seed")
    "$bin" "${args[@]}" "$corpus" "${seeds[@]}" >"$log" 2>&1
    rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | tail -1)
    last=$(grep -E '^#[0-9]+.*(cov|DONE)' "$log" | tail -1)
    cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
    ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
    corp=$(ls "$corpus" | wc -l)
    [ $fresh = 1 ] && rm -rf "$corpus"
    finding=$(ls -t "$findings" 2>/dev/null | head -1)
    if [ $rc -ne 0 ] || [ -n "$finding" ]; then
        why=$(grep -m1 -E 'ERROR: |VIOLATION|runtime error|deadly signal|timeout' "$log")
        fail "$t" "${why:-status $rc} -- input $findings/${finding:-?}; reproduce: $bin $findings/${finding:-?} (log $log)"
    elif [ -z "$execs" ] || [ "$execs" -eq 0 ]; then
        fail "$t" "ERROR: no input was run in $seconds s (log $log)"
    else
        work=$(sed -n 's/^fuzz_[a-z]*: totals: //p' "$log" | tail -1)
        pass "$t: $execs runs in $seconds s ($rate/s), coverage $cov edges, $ft features, corpus $corp, peak RSS ${rss:-?} MB${work:+; $work}"
    fi
done
echo "$P passed, $F failed, $S skipped"
[ $F -gt 0 ] && exit 1
[ $P -eq 0 ] && exit 77
exit 0
