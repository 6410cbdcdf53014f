#!/usr/bin/env bash
# compare.sh RUN_A RUN_B: two results folders side by side (run.sh --compare):
# the scenario medians, the conformance outcomes and the bare copy kernels
# that both runs have, from A to B (compare.awk says how).  A figure that
# moved more than 5% is marked "changed": reported, never a failure; a
# conformance outcome that got worse (pass -> fail or error) is a failure.
# Ends with "N passed, N failed, N skipped" (passed: the figures and
# outcomes compared, failed: the outcomes that got worse); exits 0, 1 when
# one got worse, 2 on bad usage or when the runs share no results file.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
usage() { echo "usage: run.sh --compare RUN_A RUN_B   (two results folders of run.sh)" >&2; exit 2; }
[ $# = 2 ] || usage
for d in "$1" "$2"; do
    [ -d "$d" ] || { echo "compare: '$d' is not a results folder (no such directory)" >&2; exit 2; }
    compgen -G "$d/*.csv*" >/dev/null || { echo "compare: '$d' holds no results (*.csv)" >&2; exit 2; }
done
A=$1 B=$2 la=A lb=B
# The layout each folder was written in (summary.json's schema_version; a
# folder without one is older than version 1, or was interrupted).  A newer
# one than this code knows is refused with its version; an older one is
# read (compare.awk knows every version's conformance columns), and a CSV
# whose columns differ between the runs is named with the difference.
ours=$(sed -n 's/^RESULTS_SCHEMA=//p' "$here/lib.sh")
schema() { sed -n 's/^ *"schema_version": *\([0-9]*\),*$/\1/p' "$1/summary.json" 2>/dev/null | head -n 1; }
sa=$(schema "$A") sb=$(schema "$B")
for x in "$A:$sa" "$B:$sb"; do
    v=${x##*:}
    [ -z "$v" ] || [ "$v" -le "$ours" ] || { echo "compare: '${x%:*}' has schema_version $v, newer than this daxbench reads ($ours): compare it with the daxbench that wrote it" >&2; exit 2; }
done
f() { if [ -e "$1/$2" ]; then echo "$1/$2"; elif [ -e "$1/$2.part" ]; then echo "$1/$2.part"; fi; }
first() { local x; for x in scenarios.csv conformance.csv copy-kernels.csv; do [ -n "$(f "$1" $x)" ] && { f "$1" $x; return; }; done; }
echo "A = $A$( [ -e "$A/INCOMPLETE" ] && echo ' (INCOMPLETE)')  schema_version ${sa:-unknown (no summary.json)}"
echo "B = $B$( [ -e "$B/INCOMPLETE" ] && echo ' (INCOMPLETE)')  schema_version ${sb:-unknown (no summary.json)}"
[ "$sa" = "$sb" ] || echo "schemas differ: each file is read in its own columns; the differences are named below"
for m in git_rev kernel cpu_model kernels; do
    va=$(awk -f "$here/../common/csv.awk" -f "$here/compare.awk" -v what=fact -v c=$m "$(first "$A")" 2>/dev/null)
    vb=$(awk -f "$here/../common/csv.awk" -f "$here/compare.awk" -v what=fact -v c=$m "$(first "$B")" 2>/dev/null)
    [ "$va" = "$vb" ] && echo "$m: $va (both)" || printf '%s: A %s\n%*s  B %s\n' "$m" "$va" ${#m} '' "$vb"
done
P=0 F=0 n=0
cmp_one() {   # cmp_one WHAT FILE
    local fa fb out
    fa=$(f "$A" "$2") fb=$(f "$B" "$2")
    [ -n "$fa" ] && [ -n "$fb" ] || return 0
    n=$((n + 1))
    echo; echo "== $2 ($1)"
    local ha hb
    ha=$(head -n 1 "$fa") hb=$(head -n 1 "$fb")
    if [ "$ha" != "$hb" ]; then
        echo "columns differ: only in A: $(comm -23 <(tr , '\n' <<<"$ha" | sort) <(tr , '\n' <<<"$hb" | sort) | paste -sd, -)" \
             "; only in B: $(comm -13 <(tr , '\n' <<<"$ha" | sort) <(tr , '\n' <<<"$hb" | sort) | paste -sd, -)"
    fi
    out=$(awk -f "$here/../common/csv.awk" -f "$here/compare.awk" -v what="$1" -v a="$la" -v b="$lb" "$fa" "$fb") \
        || { echo "compare: $2 could not be read (above)" >&2; exit 2; }
    echo "$out"
    if [ "$1" = conformance ]; then
        read -r same worse better < <(sed -n 's/^outcomes: \([0-9]*\) same, \([0-9]*\) worse, \([0-9]*\) better.*/\1 \2 \3/p' <<<"$out")
        P=$((P + ${same:-0} + ${better:-0})); F=$((F + ${worse:-0}))
    else   # every figure compared counts; "changed" is reported, not failed
        P=$((P + $(sed -n 's/^changes: [0-9]* of \([0-9]*\)$/\1/p' <<<"$out")))
    fi
}
cmp_one scenarios scenarios.csv
cmp_one copy copy-kernels.csv
cmp_one conformance conformance.csv
for c in "$A"/conformance-*.csv "$A"/conformance-*.csv.part; do
    [ -e "$c" ] || continue
    b=$(basename "$c"); cmp_one conformance "${b%.part}"
done
[ $n -gt 0 ] || { echo "compare: the two runs have no results file in common" >&2; exit 2; }
echo
echo "$P passed, $F failed, 0 skipped"
[ $F = 0 ]
