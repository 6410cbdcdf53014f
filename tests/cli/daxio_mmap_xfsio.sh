#!/usr/bin/env bash
# daxio_mmap_xfsio.sh - daxio's mmap, mread, mwrite, msync and munmap
# against the real xfs_io 6.1, same command lines on a real file.
#
# Standard output, standard error and the exit status must match byte for
# byte.  Masked: the addresses of the mapping list (kept: end - start) and
# of msync's "not page aligned" message (kept: the address mod 4096), and
# the timing fields of pread/pwrite report lines.  The files both tools
# leave behind must be identical.
#
# xfs_io dies of SIGBUS past EOF and of SIGSEGV on a store to a read-only
# mapping, losing buffered output, so it runs under "stdbuf -o0" here.
# Those cases (faults) check that daxio prints exactly what xfs_io printed
# before it died, then its own one-line report on stderr, and goes on with
# the next command; xfs_io's status is 128 + the signal, daxio's is 1.
# The deliberate differences are tested in daxio_mmap_badinput.sh.
source "$(dirname "$0")/lib.sh"

need_xfs_io
need_daxio
if ! command -v stdbuf >/dev/null || ! command -v perl >/dev/null; then
    skip all "needs stdbuf (coreutils) and perl (perl-base) to run xfs_io unbuffered and mask addresses"
    finish
fi
XFS_IO_RUN=(stdbuf -o0 "$XFS_IO")

mask() {
    perl -pe 's/^([ [])(\d{3})([ \]]) 0x([0-9a-f]+) - 0x([0-9a-f]+) /sprintf("%s%s%s <addr> - <addr>+%d ", $1, $2, $3, hex($5) - hex($4))/e;
              s/offset address \(0x([0-9a-f]+)\)/sprintf("offset address (<addr>, page+%d)", hex($1) % 4096)/e;
              s/^(.*, -?[0-9]+ ops; ).*$/$1<time> (<rate>)/;'
}

# fault NAME SIG WANT FILE -- CMDS...: the commands' last one faults.  xfs_io
# must die of SIG (7 SIGBUS, 11 SIGSEGV); daxio must print the same before
# it, then WANT on stderr, exit 1, and run the command after (a pread); the
# stores made before the fault leave the same file.
fault() {
    local name=$1 sig=$2 want=$3 file=$4; shift 5
    T_BOTH=$((T_BOTH + 1))
    local x=$T_TMP/$T_BOTH/x d=$T_TMP/$T_BOTH/d
    mkdir -p "$x" "$d"
    # (the subshell's stderr: bash's own "Bus error" notice)
    (cd "$x" && "${XFS_IO_RUN[@]}" -f "$@" "$file" >out 2>err; echo $? >rc) 2>/dev/null
    (cd "$d" && "$DAXIO" -f "$@" -c "pread -v 0 1" "$file" >out 2>err; echo $? >rc)
    local why=""
    [ "$(cat "$x/rc")" = $((128 + sig)) ] || why+=" xfs_io status $(cat "$x/rc"), not $((128 + sig));"
    [ "$(cat "$d/rc")" = 1 ] || why+=" daxio status $(cat "$d/rc"), not 1;"
    # daxio's stdout: xfs_io's, then the pread's dump line and two report lines.
    diff <(mask <"$x/out") <(mask <"$d/out" | head -n -3) >"$x/../diff.out" || why+=" out differs;"
    [ "$(tail -n 2 "$d/out" | head -1)" = "read 1/1 bytes at offset 0" ] ||
        why+=" the command after the fault did not run;"
    diff "$x/err" <(head -n -1 "$d/err") >"$x/../diff.err" || why+=" err before the fault differs;"
    [ "$(tail -n 1 "$d/err")" = "$want" ] || why+=" fault report is '$(tail -n 1 "$d/err")';"
    cmp -s "$x/$file" "$d/$file" || why+=" contents of $file differ;"
    if [ -z "$why" ]; then
        pass "$name"
    else
        fail "$name" "${why%;}"
        sed 's/^/    /' "$x/../diff.out" "$x/../diff.err" | head -20
    fi
}

# --- the map table: create, list, select, unmap -----------------------------
both map-list-select f -- -f -c "pwrite -q 0 16k" -c "mmap -r 0 8k" -c "mmap -w 4k 4k" \
    -c "mmap -rw 8k 8k" -c "mmap -x 0 4k" -c "mmap 0 100" -c "mm" -c "mmap 1" -c "mmap" \
    -c "mmap 0" -c "munmap" -c "mmap 3" -c "mu" -c "mmap" -c "munmap" -c "munmap" -c "munmap" f

# --- data: mwrite, then mread dumps and pread see it; the file keeps it ------
both mwrite-mread-v f -- -f -c "pwrite -q -S 0x61 0 12k" -c "mmap 0 12k" \
    -c "mwrite -S 0x41 100 5000" -c "mwrite -r -S 0x142 4096 17" -c "mwrite 8190 4" \
    -c "mw -S 0 9000 3" -c "mwrite -S 0x2e 9003 1" -c "mread -v 90 20" -c "mread -f 4090 20" \
    -c "mread -r -v 4090 20" -c "mread -r -f 8180 30" -c "mread -v 0 5000" \
    -c "mr -r -v 3000 4100" -c "mread -v 8k 3000" -c "mread 0 12k" \
    -c "pread -v 4090 20" -c "pread -v 8188 20" f
both mwrite-whole-mapping f -- -f -c "truncate 6000" -c "mmap -rw 0 6000" -c "mwrite" \
    -c "mread -v" -c "mwrite -S 0x7a -r" -c "mread -f" -c "pread -v 5990 20" f
both mapping-at-offset f -- -f -c "pwrite -q -S 0x11 0 16k" -c "mmap 8k 8k" -c "mread -v 8k 16" \
    -c "mread -f 12k 16" -c "mwrite -S 0x31 8k 3" -c "mread -v 12k 4096" -c "pread -v 8k 4" \
    -c "mread -v 4k 4" -c "mread -v 16k 0" f
both holes-read-zero f -- -f -c "truncate 1m" -c "mmap -r 0 1m" -c "mread -v 512k 32" \
    -c "mread -f 1048560 16" f
both grow-under-mapping f -- -f -c "pwrite -q 0 4k" -c "mmap 0 8k" -c "truncate 8k" \
    -c "mread -v 4k 16" -c "mwrite 4k 1" -c "pread -v 4k 4" f

# --- msync ----------------------------------------------------------------
both msync-flags f -- -f -c "pwrite -q 0 16k" -c "mmap 0 16k" -c "mwrite 0 16k" -c "msync" \
    -c "msync -s" -c "msync -a" -c "msync -i" -c "ms -s 4k 4k" -c "msync -i -s 0 1" \
    -c "msync -a -s" -c "msync 4097 10" -c "msync -s 0 32k" -c "msync 0x1000 0" f

# --- mappings outlive their file; -c runs once per open file --------------
both mapping-outlives-close f -- -f -c "pwrite -q -S 0x61 0 4k" -c "mmap -rw 0 4k" -c "close" \
    -C "mread -v 0 4" -C "mwrite -S 0x62 0 1" -C "open f" -C "pread -v 0 4" -C "mmap" f
both two-files-iterate a b -- -f -c "pwrite -q -S 0x61 0 4k" -c "mmap 0 4k" \
    -c "mwrite -S 0x41 0 1" -c "mread -v 0 4" -C "mread -v 0 4" -c "file 0" -c "mmap" a b

# --- the kernel's refusals, in xfs_io's perror words ------------------------
both mmap-sync-not-dax f -- -f -c "pwrite -q 0 4k" -c "mmap -S 0 4k" -c "mmap -S -r 0 4k" -c "mmap" f
SETUP='printf abc >f' both mmap-readonly-file f -- -r -c "mmap 0 4k" -c "mmap -rw 0 4k" \
    -c "mmap -r 0 4k" -c "mread -v 0 3" -c "mmap" f
both mmap-too-big f -- -f -c "mmap 0 64t" -c "mmap" f

# --- bad arguments: xfs_io's messages and status ----------------------------
both bad-mmap-args f -- -f -c "pwrite -q 0 4k" -c "mmap -q 0 4k" -c "mmap -r 0" -c "mmap 1x 4k" \
    -c "mmap 0 1x" -c "mmap -r 0 4k 8k" -c "mmap" f
both bad-access-args f -- -f -c "pwrite -q 0 4k" -c "mmap 0 4k" -c "mread -z" -c "mread 0" \
    -c "mread 1x 2" -c "mread 0 zz" -c "mwrite -z 0 1" -c "mwrite 0" -c "mwrite 0 zz" \
    -c "msync -x" -c "msync 0" -c "msync x 4k" -c "munmap 1" -c "mmap" f
both out-of-range f -- -f -c "pwrite -q 0 8k" -c "mmap 4k 4k" -c "mread -v 0 4" -c "mwrite 0 1" \
    -c "msync 0 4k" -c "mmap 0 4k" -c "mread -v 0 8k" -c "mwrite 4095 2" -c "msync 0 8k" \
    -c "mread 4k 0" f
# madvise: every advice, on the whole mapping and on a range; a range
# outside the mapping, a bad number, a bad option, a lone offset
both madvise f -- -f -c "pwrite -q 0 64k" -c "mmap -rw 0 64k" -c "madvise" -c "madvise -d 0 8k" \
    -c "mread -v 0 16" -c "madvise -w 4k 4k" -c "madvise -r" -c "madvise -s 0 64k" -c "madvise -d 0 128k" \
    -c "madvise 1x 4k" -c "madvise -q" -c "madvise 0" -c "munmap" -c "madvise" f
both no-mapping f -- -f -c "pwrite -q 0 4k" -c "mread" -c "mwrite 0 1" -c "msync" -c "munmap" \
    -c "mmap" -c "mmap 0" -c "mmap 0 1" f
# help: the first line (synopsis and one-liner) is xfs_io's; the text after
# it is in daxio's own words.
for c in mmap mread mwrite msync munmap madvise; do
    want=$("$XFS_IO" -c "help $c" | head -1)
    got=$("$DAXIO" -c "help $c" | head -1)
    expect "help-line-$c" "$want" "$got"
done

# --- faults: xfs_io dies, daxio reports and goes on ---------------------------
fault mread-past-eof 7 "mread: Bus error (SIGBUS) at file offset 4096 (mapping offset 4096)" f -- \
    -c "pwrite -q -S 0x41 0 4k" -c "mmap -r 0 8k" -c "mread -v 4080 16" -c "mread -v 4000 200"
fault mread-reverse-past-eof 7 "mread: Bus error (SIGBUS) at file offset 4199 (mapping offset 4199)" f -- \
    -c "pwrite -q 0 4k" -c "mmap -r 0 8k" -c "mread -r -v 4000 200"
fault mread-whole-page-dump-then-sigbus 7 "mread: Bus error (SIGBUS) at file offset 4096 (mapping offset 4096)" f -- \
    -c "pwrite -q -S 0x42 0 4k" -c "mmap -r 0 8k" -c "mread -v 0 8k"
fault mwrite-past-eof-at-offset 7 "mwrite: Bus error (SIGBUS) at file offset 8192 (mapping offset 4096)" f -- \
    -c "truncate 6000" -c "mmap -rw 4k 8k" -c "mwrite 4k 4096" -c "mread -f 6000 8" -c "mwrite 8k 1"
fault mwrite-reverse-past-eof 7 "mwrite: Bus error (SIGBUS) at file offset 8299 (mapping offset 8299)" f -- \
    -c "truncate 8k" -c "mmap -rw 0 12k" -c "mwrite -S 0x42 0 8k" -c "mwrite -r -S 0x41 8000 300"
fault mwrite-forward-past-eof 7 "mwrite: Bus error (SIGBUS) at file offset 8192 (mapping offset 8192)" f -- \
    -c "truncate 8k" -c "mmap -rw 0 12k" -c "mwrite -S 0x41 8000 300"
fault mread-after-truncate 7 "mread: Bus error (SIGBUS) at file offset 4096 (mapping offset 4096)" f -- \
    -c "pwrite -q 0 8k" -c "mmap -r 0 8k" -c "mread 0 8k" -c "truncate 4k" -c "mread -v 4k 16"
fault mwrite-readonly-mapping 11 "mwrite: Segmentation fault (SIGSEGV) at file offset 10 (mapping offset 10); the mapping is r--" f -- \
    -c "pwrite -q 0 4k" -c "mmap -r 0 4k" -c "mread -v 0 16" -c "mwrite 10 5"

finish
