#!/usr/bin/env bash
# contract.sh - a job that checks the job contract itself
# (suite/targets/README.md).  tests/check/loop.sh and vm.sh run it on their
# targets, so the same job is known to run unchanged on both: the
# environment, PATH, the mount it is given, and the lib/job.sh helpers
# under whatever awk/sed/stat the target has (busybox in the vm guest).
set -uo pipefail
. "$DAXBENCH_TARGETS/lib/job.sh"
. "$DAXBENCH_TARGETS/lib/mount.sh"
bad=0
ok()  { echo "contract ok:   $*"; }
nok() { echo "contract FAIL: $*"; bad=1; }
is()  { local what=$1; shift; if "$@" >/dev/null; then ok "$what"; else nok "$what"; fi; }

is "TARGET is loop or vm ($TARGET)"  in_list "${TARGET:-}" "loop vm"
is "FS is xfs or ext4 ($FS)"         in_list "${FS:-}" "xfs ext4"
is "DAX is 0 or 1 ($DAX)"            in_list "${DAX:-}" "0 1"
is "QUICK is 0 or 1 ($QUICK)"        in_list "${QUICK:-}" "0 1"
is "KERNEL is uname -r ($KERNEL)"    [ "${KERNEL:-}" = "$(uname -r)" ]
is "ACCEL is set ($ACCEL)"           [ -n "${ACCEL:-}" ]
is "OUT is a writable folder"       [ -d "$OUT" -a -w "$OUT" ]
is "DEV is a block device ($DEV)"    [ -b "$DEV" ]
line=$(awk -v m="$MNT" '$2 == m' /proc/mounts | tail -n 1)
is "MNT is mounted from DEV ($line)" [ "$(echo "$line" | awk '{ print $1 }')" = "$DEV" ]
is "MNT holds FS"                    [ "$(echo "$line" | awk '{ print $3 }')" = "$FS" ]
is "xfs_io is on PATH"               command -v xfs_io
is "the helpers are loaded"          declare -F csv_row split_args xfsio_parse run_timed

job_init
split_args "-f -c \"pwrite 0 1m -b 256k\" -c 'fsync'"
is "split_args keeps quoted words (${#ARGS[@]} words)" \
    [ "${#ARGS[@]}" = 5 -a "${ARGS[2]:-}" = "pwrite 0 1m -b 256k" -a "${ARGS[4]:-}" = fsync ]
run_timed "$OUT/xfs_io.log" xfs_io "${ARGS[@]}" "$MNT/contract-file"
is "xfs_io ran (status $RC, ${RUNTIME_S}s)"  [ "$RC" = 0 ]
bytes= ops= secs= mibps=
read -r bytes ops secs mibps <<<"$(xfsio_parse "$OUT/xfs_io.log")" || true
is "xfsio_parse: 1 MiB in 4 ops ($bytes bytes, $ops ops, $secs s, $mibps MiB/s)" \
    [ "${bytes:-}" = 1048576 -a "${ops:-}" = 4 ]
bit=$(statx_dax "$MNT/contract-file")
is "STATX_ATTR_DAX of a new file ($bit) matches DAX ($DAX)" [ "$bit" = "$DAX" ]
csv_row target="$TARGET" fs="$FS" dax="$DAX" tool=xfs_io scenario=contract run=1 \
    bytes="$bytes" ops="$ops" pwrite_s="$secs" pwrite_mibps="$mibps" runtime_s="$RUNTIME_S" \
    kernel="$KERNEL" accel="$ACCEL" statx_dax="$bit" notes="$NOTES, with a comma"
# RFC 4180 fields (a quoted field may hold commas and doubled quotes)
nfields() { awk '{ n = 1; q = 0; for (i = 1; i <= length($0); i++) { c = substr($0, i, 1)
    if (c == "\"") q = !q; else if (c == "," && !q) n++ } print n }'; }
is "csv_row writes every column, the note with its comma quoted" \
    [ "$(tail -n 1 "$OUT/results.csv" | nfields)" = "$(echo "$CSV_COLUMNS" | nfields)" ] && \
    tail -n 1 "$OUT/results.csv" | grep -q ',"[^"]*, with a comma"'

rm -f "$MNT/contract-file"
if command -v fio >/dev/null; then echo "contract note: fio is on PATH"; else echo "contract note: no fio on PATH"; fi
exit $bad
