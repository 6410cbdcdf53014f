#!/usr/bin/env bash
# daxio_mmap_badinput.sh - bad input to the mapping commands, on the posix
# and the ref target: a clear message, status 1, and the batch goes on (each
# batch ends with a command whose output must appear).  Also the places where
# daxio deliberately differs from xfs_io (suite/daxio/README.md), and the
# ref target's refusals with their reasons.
source "$(dirname "$0")/lib.sh"

if [ ! -x "$DAXIO" ]; then
    fail all "$DAXIO is not built"
    finish
fi
cd "$T_TMP"
TARGETS="posix ref"
if "$DAXIO" --ref movnt -V 2>&1 | grep -q "built without the reference target"; then
    TARGETS=posix
    skip ref-target "this daxio was built without libdaxref"
fi

tgt_args() { [ "$1" = ref ] && echo "--ref movnt --region-size 16m"; }
# bad NAME TARGET WANT_OUT WANT_ERR -- CMDS...: runs -f CMDS -C "pread -v 0 1" f
# on a fresh 8 KiB file; stdout must be WANT_OUT then the pread's dump
# line, stderr exactly WANT_ERR, status 1.  An address in msync's "not page
# aligned" message is masked as ADDR.
bad() {
    local name=$1 tgt=$2 want_out=$3 want_err=$4; shift 5
    rm -f f
    # shellcheck disable=SC2046
    "$DAXIO" $(tgt_args "$tgt") -f -c "pwrite -q -S 0x41 0 8k" "$@" -C "pread -v 0 1" f >out 2>err
    local rc=$? got_out
    got_out=$(grep -v -e '^read 1/1 bytes at offset 0$' -e ' ops; ' out |
              sed -E 's/^offset address \(0x[0-9a-f]+\)/offset address (ADDR)/')
    local want_full=${want_out:+$want_out$'\n'}"00000000:  41  A"
    if [ $rc = 1 ] && [ "$got_out" == "$want_full" ] && [ "$(cat err)" == "$want_err" ]; then
        pass "$name-$tgt"
    else
        fail "$name-$tgt" "status $rc (want 1), or output differs"
        diff <(echo "$want_full") <(echo "$got_out") | sed 's/^/    out: /'
        diff <(echo "$want_err") err | sed 's/^/    err: /'
    fi
}

USAGE_MMAP="mmap [N] | [-rwxS] [-s size] [off len] -- mmap a range in the current file, show mappings"
USAGE_MREAD="mread [-r] [off len] -- reads data from a region in the current memory mapping"
USAGE_MWRITE="mwrite [-r] [-S seed] [off len] -- writes data into a region in the current memory mapping"
USAGE_MSYNC="msync [-ais] [off len] -- flush a region in the current memory mapping"
NOMAP="no mapped regions, try 'help mmap'"

for t in $TARGETS; do
    # --- the mapping itself --------------------------------------------------
    bad mmap-offset-unaligned $t "" "mmap: Invalid argument
mmap: offset 100 is not a multiple of the page size (4096)" -- -c "mmap 100 4k"
    bad mmap-length-zero $t "" "mmap: Invalid argument
mmap: the length is 0" -- -c "mmap 0 0"
    bad mmap-unknown-option $t "$USAGE_MMAP" "mmap: invalid option -- 'q'" -- -c "mmap -q 0 4k"
    bad mmap-missing-length $t "$USAGE_MMAP" "" -- -c "mmap -r 0"
    bad mmap-non-numeric $t "non-numeric offset argument -- 1x
non-numeric length argument -- zz" "" -- -c "mmap 1x 4k" -c "mmap 0 zz"
    bad mmap-size-non-numeric $t "non-numeric size argument -- x" "" -- -c "mmap -s x 0 4k"
    bad mmap-overflow $t "mmap: offset 9223372036854771712 + length 8192 overflows" "" -- \
        -c "mmap 9223372036854771712 8k"

    # --- no current mapping ---------------------------------------------------
    bad no-mapping $t "" "$NOMAP
$NOMAP
$NOMAP
$NOMAP
$NOMAP" -- -c "mread" -c "mwrite 0 1" -c "msync" -c "munmap" -c "mmap"
    bad no-mapping-after-munmap $t "" "$NOMAP" -- -c "mmap 0 4k" -c "munmap" -c "mread 0 1"

    # --- selecting a mapping ----------------------------------------------------
    bad select-out-of-range $t "value 2 is out of range (0-1)
value -1 is out of range (0-1)" "" -- -c "mmap 0 4k" -c "mmap -r 4k 4k" -c "mmap 2" -c "mmap -1"
    bad select-not-a-number $t "$USAGE_MMAP
$USAGE_MMAP" "" -- -c "mmap 0 4k" -c "mmap x" -c "mmap 1k"

    # --- ranges outside the mapping (at offset 4k, 4k long) ---------------------
    bad mread-before-mapping $t "offset (0) is before start of mapping (4096)" "" -- \
        -c "mmap 4k 4k" -c "mread 0 1"
    bad mread-beyond-end $t "offset (8192) is beyond end of mapping (4096)" "" -- \
        -c "mmap 4k 4k" -c "mread 12k 1"
    bad mread-range-beyond $t "range (4096:0) is beyond mapping (4096:4096)
range (8191:4095) is beyond mapping (4096:4096)" "" -- \
        -c "mmap 4k 4k" -c "mread 4k 4097" -c "mwrite 8191 2"
    bad msync-range-beyond $t "range (4096:0) is beyond mapping (4096:4096)" "" -- \
        -c "mmap 4k 4k" -c "msync 4k 8k"
    bad msync-unaligned $t "offset address (ADDR) is not page aligned" "" -- \
        -c "mmap 0 8k" -c "msync 1 4k"

    # --- options and arguments of mread/mwrite/msync ---------------------------
    bad mread-unknown-option $t "$USAGE_MREAD" "mread: invalid option -- 'z'" -- -c "mmap 0 4k" -c "mread -z"
    bad mread-one-argument $t "$USAGE_MREAD" "" -- -c "mmap 0 4k" -c "mread 0"
    bad mwrite-unknown-option $t "$USAGE_MWRITE" "mwrite: invalid option -- 'q'" -- \
        -c "mmap 0 4k" -c "mwrite -q 0 1"
    bad mwrite-bad-seed $t "non-numeric seed -- zz" "" -- -c "mmap 0 4k" -c "mwrite -S zz 0 1"
    bad msync-unknown-option $t "$USAGE_MSYNC" "msync: invalid option -- 'x'" -- -c "mmap 0 4k" -c "msync -x"
    bad msync-async-and-sync $t "" "msync: Invalid argument" -- -c "mmap 0 4k" -c "msync -a -s"
    bad munmap-argument $t "" "bad argument count 1 to munmap, expected 0 arguments" -- \
        -c "mmap 0 4k" -c "munmap 0"
    bad mmap-readonly-file-rw $t "" "mmap: Permission denied" -- -c "open -r f" -c "mmap -rw 0 4k"

    # --- deliberate differences from xfs_io that are not errors -----------------
    rm -f f
    # shellcheck disable=SC2046
    "$DAXIO" $(tgt_args $t) -f -c "pwrite -q -S 0x41 0 8k" -c "mmap -r 0 8k" -c "mread -v 0 1" \
        -c "mread -f 4095 4097" f >out 2>&1
    if [ "$(head -1 out)" = "00000000:  41  A" ] && grep -qx "00000fff:  41  A" out &&
       grep -qx "00001ff0:  41 41 41 41 41 41 41 41 41 41 41 41 41 41 41 41  AAAAAAAAAAAAAAAA" out; then
        pass "mread-dumps-1-mod-pagesize-$t"
    else fail "mread-dumps-1-mod-pagesize-$t" "xfs_io prints nothing for len % 4096 == 1; daxio dumps"; sed 's/^/    /' out | head; fi
done

# --- the ref target's refusals, with their reasons ---------------------------
if [ "$TARGETS" != posix ]; then
    bad ref-mmap-exec ref "" "mmap: Operation not supported
mmap: the reference maps data only; PROT_EXEC (-x) is not supported" -- -c "mmap -x 0 4k"
    bad ref-mmap-reserve ref "" "mmap: Operation not supported
mmap: the reference places its mappings itself (2 MiB colour, for PMD faults); -s is not supported" -- \
        -c "mmap -s 1m 0 4k"
    rm -f f
    "$DAXIO" --ref pagecache --region-size 16m -f -c "truncate 4k" -c "mmap -S 0 4k" -c "mmap" -c "stat" f >out 2>err
    if [ $? = 1 ] && [ "$(cat err)" = "mmap: Operation not supported
mmap: MAP_SYNC needs a DAX mode; pagecache is not one
$NOMAP" ] && grep -q '^stat.size = 4096$' out; then
        pass ref-pagecache-map-sync
    else fail ref-pagecache-map-sync "want EOPNOTSUPP and its reason"; sed 's/^/    /' out err | head; fi
    # The default protection on the ref target is rw- (xfs_io: rwx).
    "$DAXIO" --ref movnt --region-size 16m -f -c "truncate 4k" -c "mmap 0 4k" -c "mmap -w 0 4k" -c "mmap" f >out 2>err
    if grep -qE '^ 000  0x[0-9a-f]+ - 0x[0-9a-f]+ rw-               f \(0 : 4096\)$' out &&
       grep -qE '^\[001\] 0x[0-9a-f]+ - 0x[0-9a-f]+ -w-               f \(0 : 4096\)$' out && [ ! -s err ]; then
        pass ref-default-prot-rw
    else fail ref-default-prot-rw "want rw- and -w-"; sed 's/^/    /' out err | head; fi
    # mstat: usage, numbers, no file.
    bad mstat-usage ref "mstat [off len] -- page-fault counters, and the mapping-tree entries of a range" "" -- \
        -c "mstat 0"
    bad mstat-non-numeric ref "non-numeric offset argument -- 1x" "" -- -c "mstat 1x 4k"
fi
# mstat is an extension of the ref target.
rm -f f
"$DAXIO" -f -c "mstat" -c "pwrite -q 0 1" -c "pread -v 0 1" f >out 2>err
if [ $? = 1 ] && grep -q "^mstat: needs --ref MODE" err && grep -q '^00000000:  cd  .$' out; then
    pass mstat-posix-refused
else fail mstat-posix-refused "want the needs --ref message"; sed 's/^/    /' out err | head; fi

finish
