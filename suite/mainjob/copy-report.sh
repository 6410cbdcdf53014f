#!/usr/bin/env bash
# copy-report.sh KERNELS_CSV MODES_CSV WORK NT CF CACHED [SCENARIOS_CSV]
#   [MOVSB_MODES_CSV]: the copy step's summary on stdout,
# $WORK/report.d/20-copy.md and $WORK/json.d/20-copy.json.  The last CSV
# (its name holds "movsb") is the deferred mode rerun on cached-movsb, for
# the claims' second verdict.  daxreport copy (suite/daxreport/copy.c)
# writes all three; BUILD names its folder.
set -euo pipefail
here=$(dirname "$0")
kcsv=$1 mcsv=$2 work=$3 nt=$4 cf=$5 cached=$6 scn=${7:-} movsb=${8:-}
[ -n "$scn" ] && [ -s "$scn" ] || scn=
[ -n "$movsb" ] && [ -s "$movsb" ] || movsb=
mkdir -p "$work/report.d" "$work/json.d"
rep() { "${BUILD:-$here/../../build}/daxreport" copy "$1" "$kcsv" "$mcsv" --nt "$nt" --cf "$cf" --cached "$cached" \
            --scenarios "$scn" --movsb "$movsb"; }
rep text
rep md >"$work/report.d/20-copy.md"
rep json >"$work/json.d/20-copy.json"
