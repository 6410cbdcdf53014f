#!/usr/bin/env bash
# daxio_mmap_ref.sh - mmap, mread, mwrite, msync and munmap on the ref
# target, in every copy mode:
#   - stores through a mapping are what pread and a real file see;
#   - holes read zero through the shared zero page (mstat: zero entries);
#   - SIGBUS past EOF (also after a truncate) and SIGSEGV on a store to a
#     read-only mapping are reported and the batch goes on, and the
#     library's fault path still works after them (handler chaining);
#   - with --track: msync -s (or fsync) then crash keeps the stores,
#     without either they are lost - in every mode, since stores through a
#     mapping are cached; mappings of the crashed filesystem raise SIGBUS;
#   - a 2 MiB-aligned mapping of a 2 MiB extent takes a PMD fault in the
#     DAX modes (mstat: ref.fault.pmd), a misaligned one does not;
#   - MAP_SYNC is accepted in the DAX modes, refused in pagecache mode.
source "$(dirname "$0")/lib.sh"

need_daxio ref
cd "$T_TMP"
MODES=$("$DAXIO" --list-modes | cut -f1 | tr "\n" " ")   # ref/modes.def
SMALL="--region-size 16m"

# run ARGS...: stdout, stderr, status into out, err, $RC.
run() { "$DAXIO" "$@" >out 2>err; RC=$?; }
has() { grep -qxF -- "$1" "${2:-out}"; }
val() { sed -n "s/^$1 = //p" out | tail -1; }
dumps() { grep -E '^[0-9a-f]{8}:  ' "$1"; }
is_dax() { [ "$1" != pagecache ]; }

# The same command lines on a real file give the reference its expected dumps.
DATA=(-c "pwrite -q -S 0x61 0 12k" -c "mmap -rw 0 12k" -c "mwrite -S 0x41 100 5000"
      -c "mwrite -r -S 0x42 8190 4" -c "mwrite 11k 1k" -c "mread -v 90 20" -c "mread -r -v 4090 20"
      -c "mread -f 8180 30" -c "pread -v 0 12k" -c "munmap" -c "pread -v 8185 10")
"$DAXIO" -f "${DATA[@]}" f >posix.out 2>&1
HOLES=(-c "truncate 64k" -c "mmap -r 0 64k" -c "mread -v 20000 32" -c "mread -v 65520 16"
       -c "mstat 16k 8k")

for m in $MODES; do
    # --- stores through the mapping are the file's data ---------------------
    run --ref $m $SMALL -f "${DATA[@]}" f
    if [ $RC = 0 ] && diff <(dumps posix.out) <(dumps out) >d && [ "$(dumps out | wc -l)" -gt 700 ]; then
        pass "mwrite-pread-$m"
    else
        fail "mwrite-pread-$m" "status $RC; dumps differ from a real file"; sed 's/^/    /' d err | head -10
    fi

    # --- holes read zero, through the zero page ------------------------------
    run --ref $m $SMALL -f "${HOLES[@]}" f
    if [ "$(dumps out | grep -cv ' 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 ')" = 0 ] &&
       [ "$(dumps out | wc -l)" = 3 ] && has "ref.entry[4] = zero, hole" &&
       has "ref.entry[5] = none, hole" && [ "$(val ref.fault.zero_map)" = 2 ]; then
        pass "holes-read-zero-$m"
    else
        fail "holes-read-zero-$m" "want 3 zero dump lines, a zero entry at page 4, zero_map 2"; sed 's/^/    /' out err | head -20
    fi

    # --- SIGBUS past EOF: reported, counted, the batch goes on ---------------
    run --ref $m $SMALL -f -c "pwrite -q -S 0x41 0 4k" -c "mmap -r 0 8k" -c "mread -v 4080 16" \
        -c "mread -v 4000 200" -c "mread -r 4096 1" -c "mstat" -c "pread -v 0 2" f
    if [ $RC = 1 ] &&
       has "mread: Bus error (SIGBUS) at file offset 4096 (mapping offset 4096)" err &&
       [ "$(grep -c SIGBUS err)" = 2 ] && [ "$(val ref.fault.sigbus)" = 2 ] &&
       has "00000ff0:  41 41 41 41 41 41 41 41 41 41 41 41 41 41 41 41  AAAAAAAAAAAAAAAA" &&
       has "00000000:  41 41  AA"; then
        pass "sigbus-past-eof-$m"
    else
        fail "sigbus-past-eof-$m" "status $RC"; sed 's/^/    /' out err | head -20
    fi

    # --- truncate under a mapping: the cut pages SIGBUS -----------------------
    run --ref $m $SMALL -f -c "pwrite -q 0 8k" -c "mmap -rw 0 8k" -c "mwrite -S 0x43 0 8k" \
        -c "truncate 4k" -c "mread -v 4k 16" -c "mwrite 8191 1" -c "mread -v 4090 6" f
    if [ $RC = 1 ] && has "mread: Bus error (SIGBUS) at file offset 4096 (mapping offset 4096)" err &&
       has "mwrite: Bus error (SIGBUS) at file offset 8191 (mapping offset 8191)" err &&
       has "00000ffa:  43 43 43 43 43 43  CCCCCC"; then
        pass "sigbus-after-truncate-$m"
    else
        fail "sigbus-after-truncate-$m" "status $RC"; sed 's/^/    /' out err | head -20
    fi

    # --- SIGSEGV: the library chains to daxio, and still faults after --------
    run --ref $m $SMALL -f -c "truncate 16k" -c "mmap -r 0 16k" -c "mread 0 1" -c "mwrite 10 5" \
        -c "mread -v 8k 4" -c "mmap -rw 0 16k" -c "mwrite -S 0x44 12k 1" -c "mread -v 12k 2" \
        -c "mmap 0" -c "mread -v 12k 2" -c "mwrite 4k 1" -c "mstat" f
    if [ $RC = 1 ] && [ "$(grep -c . err)" = 2 ] &&
       has "mwrite: Segmentation fault (SIGSEGV) at file offset 10 (mapping offset 10); the mapping is r--" err &&
       has "mwrite: Segmentation fault (SIGSEGV) at file offset 4096 (mapping offset 4096); the mapping is r--" err &&
       has "00002000:  00 00 00 00  ...." && [ "$(grep -c '^00003000:  44 00  D.$' out)" = 2 ]; then
        pass "sigsegv-readonly-chains-$m"
    else
        fail "sigsegv-readonly-chains-$m" "status $RC"; sed 's/^/    /' out err | head -20
    fi

    # --- MAP_SYNC: DAX modes take it, pagecache refuses as the kernel does -----
    run --ref $m $SMALL -f -c "truncate 4k" -c "mmap -S 0 4k" -c "mmap -S -r 0 4k" -c "mmap" f
    if is_dax $m; then
        if [ $RC = 0 ] && [ ! -s err ] && grep -qE '^ 000  0x[0-9a-f]+ - 0x[0-9a-f]+ rw- S  ' out &&
           grep -qE '^\[001\] 0x[0-9a-f]+ - 0x[0-9a-f]+ r-- S  ' out; then
            pass "map-sync-$m"
        else fail "map-sync-$m" "status $RC, want two S mappings"; sed 's/^/    /' out err | head; fi
    else
        if [ $RC = 1 ] && [ "$(grep -c '^mmap: Operation not supported$' err)" = 2 ] &&
           has "mmap: MAP_SYNC needs a DAX mode; pagecache is not one" err && [ ! -s out ]; then
            pass "map-sync-$m"
        else fail "map-sync-$m" "status $RC, want EOPNOTSUPP twice"; sed 's/^/    /' out err | head; fi
    fi

    # --- crash: msync -s or fsync keep the stores, nothing else does ---------
    for how in msync-s fsync none; do
        case $how in
            msync-s) sync=(-c "msync -s 0 4k" -c "msync -s 4k 4k"); want=41 ;;
            fsync)   sync=(-c "fsync"); want=41 ;;
            none)    sync=(); want=00 ;;
        esac
        run --ref $m $SMALL --track -f -c "truncate 8k" -c "fsync" -c "mmap -rw 0 8k" \
            -c "mwrite -S 0x41 0 5000" "${sync[@]}" -c "crash" -c "mread 0 1" -c "munmap" \
            -c "pread -v 0 4" -c "pread -v 4996 4" -c "stat" -c "mstat 0 8k" f
        if [ "$(grep -c '^0000[01][0-9a-f]\{3\}:  ' out)" = 2 ] &&
           has "00000000:  $want $want $want $want  $( [ $want = 41 ] && echo AAAA || echo ....)" &&
           has "00001384:  $want $want $want $want  $( [ $want = 41 ] && echo AAAA || echo ....)" &&
           has "stat.size = 8192" && [ $RC = 1 ] &&
           has "mread: Bus error (SIGBUS) at file offset 0 (mapping offset 0)" err; then
            pass "crash-$how-$m"
        else
            fail "crash-$how-$m" "want 0x$want at 0 and 4996 after crash, a SIGBUS from the dead mapping (status $RC)"
            sed 's/^/    /' out err | head -20
        fi
        # MAP_SYNC's promise, which the DAX modes keep for every mapping: the
        # block a write fault allocated survives the crash even when the data
        # does not.  Pagecache allocates at writeback, so nothing survives.
        if [ $how = none ]; then
            if is_dax $m; then
                grep -qE '^ref\.entry\[0-1\] = none, blocks [0-9]+-[0-9]+$' out &&
                    pass "crash-keeps-fault-allocation-$m" ||
                    { fail "crash-keeps-fault-allocation-$m" "want blocks behind pages 0-1"; grep ref.entry out | sed 's/^/    /'; }
            else
                has "ref.entry[0-1] = none, hole" && pass "crash-pagecache-delalloc-lost" ||
                    { fail "crash-pagecache-delalloc-lost" "want holes at pages 0-1"; grep ref.entry out | sed 's/^/    /'; }
            fi
        fi
    done

    # --- PMD faults: aligned and big enough, or not --------------------------
    run --ref $m $SMALL -f -c "truncate 2m" -c "mmap -rw 0 2m" -c "mwrite 0 1" -c "mread -v 2093056 4" \
        -c "mstat 0 2m" f
    pmd=$(val ref.fault.pmd); ent=$(grep '^ref.entry' out)
    if is_dax $m; then
        if [ $RC = 0 ] && [ "$pmd" = 1 ] && [ "$(val ref.fault.write)" = 0 ] &&
           [[ $ent =~ ^ref\.entry\[0-511\]\ =\ pmd\ dirty,\ blocks\ [0-9]+-[0-9]+$ ]]; then
            pass "pmd-fault-$m"
        else fail "pmd-fault-$m" "want one PMD fault, entries 0-511 one dirty pmd (status $RC)"; sed 's/^/    /' out err | head -20; fi
    else
        if [ $RC = 0 ] && [ "$pmd" = 0 ] && [ "$(val ref.fault.write)" = 1 ] &&
           [[ $ent == *"ref.entry[0] = page dirty, hole"* ]]; then
            pass "no-pmd-in-pagecache"
        else fail "no-pmd-in-pagecache" "want one 4 KiB page fault (status $RC)"; sed 's/^/    /' out err | head -20; fi
    fi
    # The same 2 MiB mapped from a page-aligned but not 2 MiB-aligned offset.
    run --ref $m $SMALL -f -c "truncate 4m" -c "mmap -rw 4k 2m" -c "mwrite 4k 1" -c "mstat 4k 4k" f
    if [ $RC = 0 ] && [ "$(val ref.fault.pmd)" = 0 ] && [ "$(val ref.fault.write)" = 1 ] &&
       grep -qE '^ref\.entry\[1\] = (pte|page) dirty, ' out; then
        pass "no-pmd-misaligned-$m"
    else fail "no-pmd-misaligned-$m" "want a 4 KiB fault (status $RC)"; sed 's/^/    /' out err | head -20; fi
done

# --- a PMD mapping of an existing 2 MiB extent: a read PMD fault, then
# pfn_mkwrite; msync of one page inside it writes back the whole PMD
# (pmd-range-fsync), and the store survives crash.  (movnt: its write()
# leaves no 4 KiB entries behind that would make the PMD fault fall back.)
run --ref movnt $SMALL --track -f -c "pwrite -q 0 2m" -c "fsync" -c "mmap -rw 0 2m" \
    -c "mread 0 1" -c "mwrite -S 0x5a 1m 1" -c "mstat 0 2m" -c "msync -s 1m 4k" -c "mstat 1m 4k" \
    -c "crash" -c "pread -v 1m 1" f
if [ $RC = 0 ] && [ "$(grep -c '^ref.fault.pmd = 1$' out)" = 2 ] &&
   [ "$(grep -c '^ref.fault.mkwrite = 1$' out)" = 2 ] &&
   grep -qE '^ref\.entry\[0-511\] = pmd dirty, blocks [0-9]+-[0-9]+$' out &&
   grep -qE '^ref\.entry\[256\] = pmd, block [0-9]+$' out &&
   [ "$(val ref.writeback.flushed_bytes)" = 2097152 ] && has "00100000:  5a  Z"; then
    pass "pmd-mkwrite-msync-crash"
else fail "pmd-mkwrite-msync-crash" "status $RC"; sed 's/^/    /' out err | head -30; fi

# madvise -d on the reference: the range leaves this mapping (the next load
# faults again, a read fault) and the data is still there; -w/-r/-s change
# nothing; a range past the mapping is refused (status 1, as xfs_io)
run --ref movnt $SMALL -f -c "pwrite -q 0 64k" -c "mmap -rw 0 64k" -c "mwrite -S 0x5a 0 8k" \
    -c "madvise -w" -c "madvise -r 0 8k" -c "mstat 0 8k" -c "madvise -d 0 8k" -c "mread -v 0 1" -c "mstat 0 8k" \
    -c "madvise -d 0 128k" f
reads=$(grep '^ref.fault.read = ' out | cut -d' ' -f3 | tr '\n' ' ')
if [ $RC = 1 ] && [ "$reads" = "0 1 " ] && has "00000000:  5a  Z" \
   && has "range (0:0) is beyond mapping (0:65536)"; then
    pass madvise-dontneed-refaults
else fail madvise-dontneed-refaults "status $RC, read faults '$reads'"; sed 's/^/    /' out err | head -30; fi

finish
