#!/usr/bin/env bash
# tool_shape.sh - daxreport tool-shape (suite/daxreport/tool_shape.c), the verdict on whether
# xfs_io and daxio tell the same story on a real target, from made-up
# scenarios.csv rows whose answer is known: the same shape agrees, an
# inverted pair is named, close pairs are not judged, medians (not single
# runs) are compared, one run per cell is indicative only, and nothing is
# printed without both tools.
source "$(dirname "$0")/lib.sh"
MJ=$TOP/suite/mainjob
cd "$T_TMP"

# rows FILE TOOL SCENARIO MIBPS RUNTIME [MIBPS RUNTIME...]: loop/xfs-nodax
# rows, one run per MIBPS RUNTIME pair
hdr() { echo "target,fs,dax,tool,scenario,variant,run,pwrite_mibps,runtime_s" >"$1"; }
rows() {
    local f=$1 tool=$2 sc=$3 run=0; shift 3
    while [ $# -ge 2 ]; do
        run=$((run + 1))
        echo "loop,xfs,0,$tool,$sc,email,$run,$1,$2" >>"$f"
        shift 2
    done
}
# fixture FILE X_A X_B D_A D_B [RUNS]: RUNS (default 3) equal runs each of
# alloc-4k (A) and overwrite-16m (B) by xfs_io (X) and daxio (D); each
# arg is "MIBPS RUNTIME"
fixture() {
    local f=$1 n=${6:-3} i xa= xb= da= db=
    for ((i = 0; i < n; i++)); do xa+=" $2" xb+=" $3" da+=" $4" db+=" $5"; done
    hdr "$f"
    rows "$f" xfs_io alloc-4k $xa; rows "$f" xfs_io overwrite-16m $xb
    rows "$f" daxio alloc-4k $da; rows "$f" daxio overwrite-16m $db
}
shape() { "$BUILD/daxreport" tool-shape "$1" "$2"; }

# the same shape at other absolute figures: agrees
fixture same.csv "100 10" "1000 1" "300 3.3" "2500 0.4"
echo "ref,daxref,1,daxio,alloc-4k,email,1,1,1" >>same.csv     # the reference's rows are not a tool
out=$(shape text same.csv)
grep -q 'agrees in shape: all 2 judged pairs' <<<"$out" && pass agrees || fail agrees "$out"
grep -q '^   xfs-nodax   alloc-4k  *100.0  *300.0  *3.00x' <<<"$out" && pass cell-ratio || fail cell-ratio "$out"

# daxio orders one pair the other way: named
fixture inv.csv "100 10" "1000 1" "900 1.1" "800 1.2"
out=$(shape text inv.csv)
grep -q 'DISAGREES on 2 of 2 judged pairs' <<<"$out" && pass disagrees || fail disagrees "$out"
grep -q 'pwrite B/W of alloc-4k over overwrite-16m: xfs_io 0.10x, daxio 1.12x' <<<"$out" \
    && pass disagreement-named || fail disagreement-named "$out"
shape json inv.csv | grep -q '"judged": 2, "agree": 0' && pass json || fail json "$(shape json inv.csv)"

# xfs_io does not separate the pair by 1.5x: not judged, whatever daxio says
fixture close.csv "100 10" "120 9" "500 2" "100 10"
out=$(shape text close.csv)
grep -q 'not judged' <<<"$out" && grep -q '2 pair(s) not clear' <<<"$out" && pass unclear-not-judged \
    || fail unclear-not-judged "$out"

# medians: one wild daxio run of three does not flip the pair
hdr med.csv
rows med.csv xfs_io alloc-4k 100 10 110 9 90 11
rows med.csv xfs_io overwrite-16m 1000 1 1100 1 900 1
rows med.csv daxio alloc-4k 100 10 5000 0.2 95 11
rows med.csv daxio overwrite-16m 1000 1 950 1 1050 1
out=$(shape text med.csv)
grep -q 'agrees in shape' <<<"$out" && pass medians || fail medians "$out"
grep -q 'Indicative' <<<"$out" && fail medians-not-indicative "$out" || pass medians-not-indicative

# one run per cell (--quick): shown as indicative, never judged
fixture one-run.csv "100 10" "1000 1" "900 1.1" "800 1.2" 1
out=$(shape text one-run.csv)
grep -q 'not judged (1 run(s) in a cell; the shape is judged on medians of 3 or more' <<<"$out" \
    && grep -q 'Indicative only: of 2 pairs xfs_io separates, 2 are ordered otherwise' <<<"$out" \
    && grep -q 'pwrite B/W of alloc-4k over overwrite-16m: xfs_io 0.10x, daxio 1.12x' <<<"$out" \
    && pass single-run-not-judged || fail single-run-not-judged "$out"
shape json one-run.csv | grep -q '"runs_per_cell": 1, "judged": 0, "agree": 0, .*"indicative_disagreements": \["' \
    && pass single-run-json || fail single-run-json "$(shape json one-run.csv)"

# one tool only: nothing at all
hdr one.csv
rows one.csv xfs_io alloc-4k 100 10
rows one.csv xfs_io overwrite-16m 1000 1
[ -z "$(shape text one.csv)$(shape json one.csv)" ] && pass one-tool-silent || fail one-tool-silent "$(shape text one.csv)"
finish
