#!/usr/bin/env bash
# daxio_repair.sh - nothing durable is lost through daxio: the pagecache +
# fallocate command line that used to abort and poison a kept image, a
# region whose journal holds a record that does not fit (named at mount,
# dropped by --repair with each drop named, mountable after), a huge
# mapping that costs what it touches, and crash's seed checked.
source "$(dirname "$0")/lib.sh"

need_daxio ref
FORGE=$BUILD/tests/tools/dxr-forge
[ -x "$FORGE" ] || { fail all "$FORGE is not built"; finish; }
cd "$T_TMP"
run() { "$DAXIO" "$@" >out 2>err; RC=$?; }

# --- the issue's command line, every zeroing policy, with and without -k ---
for z in zero-on-alloc unwritten; do
    for k in "" "-k "; do
        name="pagecache-falloc-over-delalloc-$z${k:+-k}"
        rm -f img
        run --ref pagecache --zeroing $z --image img --region-size 16m -f \
            -c "pwrite -S 0x5a 0 4k" -c "falloc ${k}0 4k" -c fsync foo
        if [ $RC -ne 0 ] || [ -s err ]; then
            fail "$name" "status $RC: $(head -2 err)"; continue
        fi
        # Every mode mounts the kept image afterwards and reads the data.
        bad=""
        for m in $("$DAXIO" --list-modes | cut -f1); do
            run --ref $m --image img -c "pread -v 0 16" foo
            grep -q '^00000000:  5a 5a' out && [ $RC -eq 0 ] || bad+=" $m($RC: $(head -1 err))"
        done
        [ -z "$bad" ] && pass "$name" || fail "$name" "later mounts:$bad"
    done
done

# --- a record that does not fit: named, refused, repaired -----------------
rm -f img
run --ref movnt --image img --region-size 16m -f -c "pwrite -S 0x11 0 8k" -c fsync kept
run --ref movnt --image img -f -c "pwrite -S 0x22 0 4k" -c fsync -c "mstat 0 4k" victim
blk=$(sed -n 's/^ref.entry\[0\] = .*block \([0-9]*\)$/\1/p' out)
run --ref movnt --image img -c "mstat 0 4k" -c stat kept
kblk=$(sed -n 's/^ref.entry\[0\] = .*block \([0-9]*\)$/\1/p' out)
kino=$(sed -n 's/^stat.ino = //p' out)
vino=$((kino + 1))
if [ -z "$blk" ] || [ -z "$kblk" ] || [ -z "$kino" ]; then
    fail repair-setup "could not read blocks/inodes: $(cat out err | head -5)"
else
    slot=$("$FORGE" img alloc "$vino" 1 "$kblk" 1)      # victim's block 1 = kept's block 0
    "$FORGE" img setsize "$vino" 99999 >/dev/null
    run --ref movnt --image img -c "pread -v 0 4" kept
    if [ $RC -eq 1 ] && grep -q "journal transaction at slot $slot does not apply (ALLOC inode $vino, file blocks 1, region blocks $kblk, written)" err \
       && grep -q "already owns" err && grep -q -- "--repair" err && ! grep -q '^0000' out; then
        pass refuses-naming-the-record
    else
        fail refuses-naming-the-record "status $RC: $(cat err)"
    fi
    cp img img.before
    run --ref movnt --image img -c "pread -v 0 4" kept
    cmp -s img img.before && pass refusing-writes-nothing || fail refusing-writes-nothing "the image changed"
    run --ref movnt --image img --repair -c "pread -v 0 4" -c info kept
    if [ $RC -eq 0 ] && grep -q '^00000000:  11 11 11 11' out && grep -qx 'ref.repaired = 2' out \
       && [ "$(grep -c 'daxio: recovery: dropped the transaction' err)" = 2 ] && grep -q SETSIZE err; then
        pass repair-keeps-what-came-before
    else
        fail repair-keeps-what-came-before "status $RC: $(cat out err | head -8)"
    fi
    run --ref clwb --image img -c "pread -v 0 4" -c stat victim
    if [ $RC -eq 0 ] && [ ! -s err ] && grep -qx 'stat.size = 4096' out && grep -q '^00000000:  22 22 22 22' out; then
        pass mountable-after-repair
    else
        fail mountable-after-repair "status $RC: $(cat out err | head -5)"
    fi
fi

# --- a huge mapping costs the pages touched --------------------------------
if out=$( { /usr/bin/time -f 'maxrss %M' "$DAXIO" --ref movnt --track --region-size 8m -f \
        -c "pwrite 0 4k" -c "mmap -rw 0 2t" -c "mread 0 4k" -c crash foo; } 2>&1 ); then
    kib=$(sed -n 's/^maxrss //p' <<<"$out")
    [ -n "$kib" ] && [ "$kib" -lt 262144 ] && pass mmap-2t-sparse || fail mmap-2t-sparse "max RSS ${kib:-?} KiB"
else
    fail mmap-2t-sparse "status $?: $out"
fi
run --ref movnt --region-size 16m -f -c "pwrite 0 4k" -c "mmap -rw 0 2p" foo
grep -q "address space" err && [ $RC -eq 1 ] && pass mmap-2p-says-why || fail mmap-2p-says-why "$(cat err)"

# --- crash -s: a seed that fits ---------------------------------------------
for s in -1 99999999999999999999999 12z; do
    run --ref movnt --track --region-size 16m -f -c "crash -t -s $s" foo
    grep -q "^crash: bad seed -- $s" out && [ $RC -eq 1 ] && pass "crash-seed-$s" \
        || fail "crash-seed-$s" "status $RC: $(cat out err)"
done
run --ref movnt --track --region-size 16m -f -c "pwrite 0 4k" -c fsync -c "crash -t -s 0x10" -c "pread -q 0 4k" foo
[ $RC -eq 0 ] && pass crash-seed-hex || fail crash-seed-hex "status $RC: $(cat err)"
finish
