#!/usr/bin/env bash
# daxsweep.sh - the per-mode sweep tool's command line: --help, both studies
# on a tiny budget with their CSV rows, and bad input (exit 2, named).
# Speed is not checked here: that is the benchmark's business.
source "$(dirname "$0")/lib.sh"
SW=$BUILD/daxsweep
if [ ! -x "$SW" ]; then
    fail all "$SW is not built (run make)"
    finish
fi
cd "$T_TMP"
run() {   # run NAME WANT ARGS...
    local name=$1 want=$2 rc; shift 2
    "$SW" "$@" >"$name.out" 2>"$name.err" && rc=0 || rc=$?
    [ "$rc" = "$want" ] || { fail "$name" "status $rc, want $want: $(head -c 300 "$name.err")"; return 1; }
}
has() { grep -qE -- "$3" "$2" && pass "$1" || fail "$1" "no /$3/ in $2: $(head -c 300 "$2" | tr '\n' '|')"; }

run help 0 --help && has help-studies help.out '^sizes +overwrite' && has help-exit help.out 'Exit status: 0'

if run sizes 0 sizes --sizes 64,4k --total 256k --calls 64 --reps 1 --csv s.csv; then
    has sizes-tables sizes.out '^write\+fsync-each: fsync after every call'
    # 2 sizes x 4 modes x (write, write+fsync, write+fsync-each) + header
    expect sizes-csv-rows 25 "$(wc -l <s.csv)"
    expect sizes-csv-header "study,mode,zeroing,io,size,threads,calls,bytes,reps,metric,gibps_median,gibps_min,gibps_max,gibps_cv,us_per_call,fsync_s_median" "$(head -n 1 s.csv)"
    n=$(csvcols gibps_median s.csv | awk '$1 > 0 { n++ } END { print n + 0 }')
    expect sizes-rates-positive 24 "$n"
fi
if run threads 0 threads --threads 1,2 --modes movnt,pagecache --total 1m --reps 1 --alloc --csv t.csv; then
    has threads-table threads.out '^aggregate write\+fsync GiB/s'
    expect threads-csv "threads,movnt,alloc,4096,1 threads,pagecache,alloc,4096,1 threads,movnt,alloc,4096,2 threads,pagecache,alloc,4096,2" \
        "$(csvcols study,mode,io,size,threads t.csv | tr '\t' , | tr '\n' ' ' | sed 's/ $//')"
fi

run bad-study 2 nosuch && has bad-study-named bad-study.err "unknown study 'nosuch'; valid studies: sizes, threads"
run bad-mode 2 sizes --modes movnt,dax && has bad-mode-named bad-mode.err "'dax': unknown mode; valid modes: movnt, clwb, deferred, pagecache"
run wrong-study 2 sizes --threads 2 && has wrong-study-named wrong-study.err "--threads is an option of 'daxsweep threads'"
run bad-size 2 sizes --sizes 4k,x && has bad-size-named bad-size.err "--sizes: 'x': not a size"
run bad-reps 2 threads --reps 0 && has bad-reps-named bad-reps.err "--reps: '0': out of range"
run no-study 2 && has no-study-usage no-study.err '^Usage: daxsweep sizes'
run bad-csv 1 sizes --sizes 64 --total 64k --reps 1 --csv /nonexistent/x.csv \
    && has bad-csv-named bad-csv.err "--csv /nonexistent/x.csv: No such file or directory"
finish
