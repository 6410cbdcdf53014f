#!/usr/bin/env bash
# scenario-report.sh CSV WORKLOADS WORK: the scenarios step's report - the
# tables on stdout, $WORK/report.d/10-scenarios.md, $WORK/json.d/10-scenarios.json.
# TARGET_NOTE: the line that describes a real target's columns.
set -euo pipefail
here=$(dirname "$0")
csv=$1 wl=$2 work=$3
mkdir -p "$work/report.d" "$work/json.d"
rep() { awk -f "$here/csv.awk" -f "$here/scenario-report.awk" -v fmt="$1" -v target_note="${TARGET_NOTE:-}" \
            "$wl/tables" "$wl/scenarios" "$wl/published.csv" "$csv"; }
rep text
rep md >"$work/report.d/10-scenarios.md"
rep json >"$work/json.d/10-scenarios.json"
