#!/usr/bin/env bash
# daxio_badinput.sh - bad input to daxio: each case gets its message (on
# the stream xfs_io would use), exit status 1, the rest of the batch runs,
# and the data written before it is intact.  This is also where daxio
# differs from xfs_io on purpose (see the comments on each case).
source "$(dirname "$0")/lib.sh"

if [ ! -x "$DAXIO" ]; then
    fail all "$DAXIO is not built"
    finish
fi
cd "$T_TMP"

# run ARGS...: daxio's stdout, stderr and status into $OUT, $ERR, $RC.
run() {
    "$DAXIO" "$@" >"$T_TMP/out" 2>"$T_TMP/err"
    RC=$?
    OUT=$(cat "$T_TMP/out")
    ERR=$(cat "$T_TMP/err")
}

# check NAME WANT-RC WANT-STDOUT-LINE WANT-STDERR-LINE: the status, and that
# each wanted line (when not empty) appears as a whole line.
check() {
    local name=$1 rc=$2 o=$3 e=$4 why=""
    [ "$RC" = "$rc" ] || why+=" status $RC, want $rc;"
    if [ -n "$o" ] && ! grep -qxF -- "$o" "$T_TMP/out"; then why+=" no stdout line '$o';"; fi
    if [ -n "$e" ] && ! grep -qxF -- "$e" "$T_TMP/err"; then why+=" no stderr line '$e';"; fi
    if [ -z "$why" ]; then pass "$name"; else
        fail "$name" "${why%;}"
        sed 's/^/    out: /' "$T_TMP/out" | head -8
        sed 's/^/    err: /' "$T_TMP/err" | head -8
    fi
}

# The batch went on: the final "pread -v" printed the first 16 bytes of the
# 0x5a pattern written by the first command.
DUMP='00000000:  5a 5a 5a 5a 5a 5a 5a 5a 5a 5a 5a 5a 5a 5a 5a 5a  ZZZZZZZZZZZZZZZZ'
# bad NAME RC STDOUT STDERR CMD: CMD between a write and a read-back.
bad() {
    local name=$1 rc=$2 o=$3 e=$4 cmd=$5
    rm -f f
    run -f -c "pwrite -q -S 0x5a 0 8k" -c "$cmd" -c "pread -v 0 16" f
    check "$name" "$rc" "$o" "$e"
    check "$name-batch-goes-on" "$rc" "$DUMP" ""
    head -c 8192 /dev/zero | tr '\0' 'Z' >want
    if cmp -s want f; then pass "$name-data-intact"
    else fail "$name-data-intact" "f is not the 8 KiB of 0x5a written before '$cmd'"; fi
}

# --- sizes: xfs_io's wording ----------------------------------------------
bad size-1x            1 "non-numeric length argument -- 1x" "" "pwrite 0 1x"
bad size-offset-1x     1 "non-numeric offset argument -- 1x" "" "pwrite 1x 0"
bad size-doubled-suffix 1 "non-numeric offset argument -- 4kk" "" "pwrite 4kk 1"
bad size-bsize         1 "non-numeric bsize -- 1x" "" "pwrite -b 1x 0 4"
bad size-seed          1 "non-numeric seed -- zz" "" "pwrite -S zz 0 4"
bad size-truncate      1 "non-numeric truncate argument -- 1x" "" "truncate 1x"
bad size-fpunch        1 "non-numeric offset argument -- 1x" "" "fpunch 1x 4"
# xfs_io says "non-numeric length argument" for a bad pread offset (and
# then reads at offset -1: "pread: Invalid argument"); we name the offset.
bad size-pread-offset  1 "non-numeric offset argument -- 1x" "" "pread 1x 4"

# --- negative: getopt sees an option, as in xfs_io; after --, xfs_io's
# "non-numeric" wording ------------------------------------------------------
bad neg-offset-getopt  1 "" "pwrite: invalid option -- '5'" "pwrite -5 4"
bad neg-offset         1 "non-numeric offset argument -- -5" "" "pwrite -- -5 4"
bad neg-length         1 "non-numeric length argument -- -4" "" "pwrite -- 0 -4"
bad neg-truncate       1 "non-numeric truncate argument -- -1" "" "truncate -1"
bad neg-falloc         1 "non-numeric length argument -- -1" "" "falloc -- 0 -1"

# --- overflow: xfs_io passes a wrapped or saturated value to the kernel;
# we refuse it and name it -------------------------------------------------
LIMIT="(the limit is 9223372036854775807 bytes)"
bad ovf-sum-pwrite     1 "pwrite: offset 9223372036854775807 + length 4 overflows" "" \
    "pwrite 9223372036854775807 4"
bad ovf-sum-pread      1 "pread: offset 1 + length 9223372036854775807 overflows" "" \
    "pread 1 9223372036854775807"
bad ovf-sum-falloc     1 "falloc: offset 4611686018427387904 + length 4611686018427387904 overflows" "" \
    "falloc 4e 4e"
bad ovf-sum-fpunch     1 "fpunch: offset 8070450532247928832 + length 2305843009213693952 overflows" "" \
    "fpunch 7e 2e"
bad ovf-suffix         1 "pwrite: length argument too large -- 16e $LIMIT" "" "pwrite 0 16e"
bad ovf-suffix-offset  1 "pwrite: offset argument too large -- 8e $LIMIT" "" "pwrite 8e 4"
bad ovf-digits         1 "pwrite: offset argument too large -- 99999999999999999999 $LIMIT" "" \
    "pwrite 99999999999999999999 4"
bad ovf-truncate       1 "truncate: truncate argument too large -- 9e $LIMIT" "" "truncate 9e"
bad ovf-bsize          1 "pwrite: bsize too large -- 1000e $LIMIT" "" "pwrite -b 1000e 0 4"

# --- commands and options ----------------------------------------------------
# xfs_io leaves the exit status 0 for an unknown command or a bad argument
# count; daxio sets it to 1 so a typo in a benchmark script is not a pass.
bad unknown-command    1 "" 'command "bogus" not found' "bogus 1 2"
bad bad-arg-count      1 "" "bad argument count 1 to pwrite, expected at least 2 arguments" "pwrite 0"
bad bad-arg-count-max  1 "" "bad argument count 1 to fsync, expected 0 arguments" "fsync 1"
bad unknown-option     1 "pwrite [-b bs] [-S seed] [-FBR [-Z N]] [-V N] [-qwWC] off len -- writes a number of bytes at a specified offset" \
    "pwrite: invalid option -- 'Y'" "pwrite -Y 0 4"
bad unimplemented-option 1 "pwrite: command -i not supported" "" "pwrite -i /etc/passwd 0 4"
bad unimplemented-pread 1 "pread: command -R not supported" "" "pread -R 0 4"
bad help-unknown       1 "command nosuch not found" "" "help nosuch"
bad ref-only-command   1 "" "crash: needs --ref MODE (a reference-filesystem command; this run uses the posix target)" "crash"
bad ref-only-info      1 "" "info: needs --ref MODE (a reference-filesystem command; this run uses the posix target)" "info"
# A good batch exits 0 (so the cases above can fail on the status).
bad good-command       0 "" "" "fsync"

# --- the command line ----------------------------------------------------------
rm -f nofile
run -c "pwrite 0 4" nofile
check missing-file 1 "" "nofile: No such file or directory"
if [ -e nofile ]; then fail missing-file-not-created "nofile was created without -f"
else pass missing-file-not-created; fi

run --image "$T_TMP/r.img" -f -c "pwrite 0 4" f
check ref-option-without-ref 2 "" "daxio: --image needs --ref MODE (it is an option of the reference target)"
for o in --track --mkfs --hugetlb --describe "--zeroing unwritten" "--region-size 64m" \
         "--pmem /dev/dax0.0" "--profile fixed" "--isa sse2" "--flush clflush" --prefault --no-prefault; do
    run $o -f -c "pwrite 0 4" f
    check "ref-option-without-ref${o%% *}" 2 "" "daxio: ${o%% *} needs --ref MODE (it is an option of the reference target)"
done

run -q f
check bad-global-option 1 "" "Usage: daxio [-adfinrstVx] [-m mode] [-p prog] [[-c|-C] cmd]... [--ref MODE [ref options]] file"
run -T f
check unsupported-global-option 1 "" "daxio: -T (O_TMPFILE) is not supported"
run -V
check version 0 "daxio version 0.1 (xfs_io 6.1.0 syntax)" ""
run --help
check help 0 "Reference target (all of these need --ref):" ""
# xfs_io runs nothing and says nothing when every file is closed; daxio
# says why the command did not run and fails.
run -f -c "close" -c "pwrite 0 1" f
check no-open-file 1 "" "no files are open, try 'help open'"

# Deliberate differences from xfs_io 6.1's pwrite (its bugs, which write
# past the range or not at all): -V's last call writes what is left, -V
# holds for its own command only, -B writes the whole range backwards.
sz() { stat -c %s "$1"; }
has() { grep -qF -- "$1" "$T_TMP/out"; }
run -f -c "pwrite -V 2 -b 4k 0 20k" -c "pwrite -S 0x11 64k 8k" -c "pwrite -V 2 -b 1k 200k 3k" f
if has "wrote 20480/20480 bytes at offset 0" && has "20 KiB, 3 ops;" && has "wrote 8192/8192 bytes at offset 65536" \
   && has "wrote 3072/3072 bytes at offset 204800" && has "3 KiB, 2 ops;" && [ "$(sz f)" = 207872 ]; then
    pass pwrite-vectors-exact
else fail pwrite-vectors-exact "status $RC, size $(sz f): $(tr '\n' '|' <"$T_TMP/out")"; fi
rm -f f
run -f -c "pwrite -B -S 0x22 64k 16k" -c "pwrite -B -S 0x11 10k 6k" -c "pread -v 4k 1" -c "pread -v 48k 1" -c "pread -v 47k 1" f
if has "wrote 16384/16384 bytes at offset 65536" && has "16 KiB, 4 ops;" && has "wrote 6144/6144 bytes at offset 10240" \
   && has "6 KiB, 2 ops;" && has "00001000:  11  ." && has "0000c000:  22  ." && has "0000bc00:  00  ."; then
    pass pwrite-backward-whole-range
else fail pwrite-backward-whole-range "status $RC: $(tr '\n' '|' <"$T_TMP/out")"; fi
run -f -c "pwrite -V 2000 0 4k" f
check pwrite-too-many-vectors 1 "" "pwrite: Invalid argument"

# --ref: the unknown-mode message lists the valid modes.
run --ref nosuchmode -f -c "pwrite 0 4" f
if grep -q "built without the reference target" "$T_TMP/err"; then
    skip unknown-mode "this daxio was built without libdaxref (the ref target is compiled out)"
else
    check unknown-mode 2 "" "daxio: --ref 'nosuchmode': unknown name (valid: movnt, clwb, deferred, pagecache)"
fi

finish
