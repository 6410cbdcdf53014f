#!/usr/bin/env bash
# scenario-report.sh CSV WORKLOADS WORK: the scenarios step's report - the
# tables on stdout, $WORK/report.d/10-scenarios.md, $WORK/json.d/10-scenarios.json,
# written by daxreport (suite/daxreport/; BUILD names its folder).
# TARGET_NOTE: the line that describes a real target's columns.
# With a real target's xfs_io and daxio rows, also their shape comparison
# (daxreport tool-shape): $WORK/report.d/15-tool-shape.md, json.d/15-tool-shape.json;
# fio against xfs_io where they differ by more than 2x: report.d/16-fio-vs-xfsio.md.
set -euo pipefail
here=$(dirname "$0")
csv=$1 wl=$2 work=$3
mkdir -p "$work/report.d" "$work/json.d"
DAXREPORT=${BUILD:-$here/../../build}/daxreport
rep() { "$DAXREPORT" scenarios "$1" "$wl" "$csv" --target-note "${TARGET_NOTE:-}"; }
# the truth first: summary.sh puts it under the report's title
rep headline >"$work/headline.md"
[ -s "$work/headline.md" ] && sed 's/\*\*//g; s/`//g' "$work/headline.md" | fold -s -w 110 | sed 's/^/  /'
rep text
rep md >"$work/report.d/10-scenarios.md"
rep json >"$work/json.d/10-scenarios.json"
shape() { "$DAXREPORT" tool-shape "$1" "$csv"; }
if [ -n "$(shape json)" ]; then
    shape text
    shape md >"$work/report.d/15-tool-shape.md"
    shape json >"$work/json.d/15-tool-shape.json"
fi
# fio's psync engine beside xfs_io on one mount: more than 2x apart, and why
# (daxreport fio-vs-xfsio); nothing when they agree or there is no fio row.
fio_cmp() { "$DAXREPORT" fio-vs-xfsio "$1" "$csv"; }
if [ -n "$(fio_cmp text)" ]; then
    fio_cmp text
    fio_cmp md >"$work/report.d/16-fio-vs-xfsio.md"
fi
