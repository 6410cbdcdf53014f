#!/usr/bin/env bash
# fio_vs_xfsio.sh - the report's fio-against-xfs_io line (suite/mainjob/
# daxreport fio-vs-xfsio, suite/daxreport/fio_xfsio.c): silent when fio's psync and xfs_io agree within 2x on
# one mount; more than 2x apart, it names the pair and a reason drawn from
# the run's own figures (fio's end_fsync in its runtime without DAX, its
# whole-millisecond runtime), or says that none explains it.
. "$(dirname "$0")/lib.sh"
A="$BUILD/daxreport fio-vs-xfsio text"
H=fs,dax,tool,scenario,variant,run,bytes,pwrite_s,pwrite_mibps,notes
printf '%s\n' $H xfs,1,xfs_io,alloc-4k,email,1,67108864,0.05,1200, xfs,1,fio-psync,alloc-4k,email,1,67108864,0.06,1000, >"$T_TMP/agree.csv"
[ -z "$($A "$T_TMP/agree.csv")" ] && pass agree-is-silent || fail agree-is-silent "$($A "$T_TMP/agree.csv")"
printf '%s\n' $H xfs,0,xfs_io,alloc-4k,email,1,67108864,0.05,1300, xfs,0,fio-psync,alloc-4k,email,1,67108864,0.2,320, \
    xfs,1,xfs_io,overwrite-16m,email,1,67108864,0.05,1200, xfs,1,fio-psync,overwrite-16m,email,1,67108864,0.002,30000, \
    ext4,1,xfs_io,alloc-4k,email,1,67108864,0.05,1200, ext4,1,fio-psync,alloc-4k,email,1,67108864,0.03,2900, >"$T_TMP/apart.csv"
out=$($A "$T_TMP/apart.csv")
grep -q '^  xfs-nodax alloc-4k: fio-psync 320 MiB/s vs xfs_io 1300 MiB/s (0.25x); fio.s psync job ends with end_fsync=1' <<<"$out" \
    && pass nodax-end-fsync-named || fail nodax-end-fsync-named "$out"
grep -q '^  xfs-dax overwrite-16m: .*over 2 ms and counts whole milliseconds' <<<"$out" \
    && pass short-runtime-named || fail short-runtime-named "$out"
grep -q '^  ext4-dax alloc-4k: .*no measured figure of this run explains it' <<<"$out" \
    && pass unexplained-said-so || fail unexplained-said-so "$out"
finish
