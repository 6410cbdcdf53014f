#!/usr/bin/env bash
# daxio_xfsio.sh - daxio (posix target) against the real xfs_io, same
# command lines on a real file in a temp dir.
#
# For each case both tools run in their own directory on a file of the
# same name, so "fd.path" lines agree.  Standard output, standard error and
# the exit status must match byte for byte after masking only the timing
# fields (time, rate, ops/sec) and stat.ino; then the files they wrote must
# be identical (cmp).  As root, a few cases run again on a loop-mounted
# XFS image (4 KiB sectors), where stat has more lines and the 'b' and 's'
# suffixes follow the geometry.  The deliberate differences from xfs_io are
# tested in daxio_badinput.sh instead.
source "$(dirname "$0")/lib.sh"

need_xfs_io
need_daxio

# Timing fields: the second report line after "N ops; ", the last three
# fields of a -C line, and stat -v's dates.  Besides them only stat.ino is
# masked.
mask() {
    sed -E -e 's/^(.*, -?[0-9]+ ops; ).*$/\1<time> (<rate>)/' \
           -e 's/^(-?[0-9]+,-?[0-9]+),[^,]+,[^,]+,[^,]+$/\1,<time>,<rate>,<rate>/' \
           -e 's/^stat\.ino = [0-9]+$/stat.ino = <ino>/' \
           -e 's/^stat\.([amcb])time = .*$/stat.\1time = <date>/' \
           -e 's/^stat\.([abcm]time)\.tv_(n?sec) = [0-9]+$/stat.\1.tv_\2 = <time>/' \
           -e 's/^(	[0-9]+: \[[0-9]+\.\.[0-9]+\]): [0-9]+\.\.[0-9]+( [0-9]+ blocks)?$/\1: <blocks>\2/' |
    # fiemap -v and bmap -v: the block range (and bmap's AG number) are
    # the filesystem's choice; the file offsets, totals and flags are not
    perl -pe 's/^( *[0-9]+: \[[0-9]+\.\.[0-9]+\]: +)[0-9]+\.\.[0-9]+ +(?:[0-9]+ \([0-9]+\.\.[0-9]+\) *)?/$1<blocks> /'
}

# --- report lines and data ---------------------------------------------
both pwrite-default f -- -f -c "pwrite 0 64k" f
# the inode flags (x: the per-file DAX flag) and statx, as xfs_io prints them
both attr-flags f -- -p xfs_io -f -c "pwrite -q 0 8k" -c "chattr +x" -c "lsattr" -c "lsattr -v" \
    -c "lsattr -a" -c "chattr -x" -c "chattr +Ad" -c "lsattr" -c "lsattr -v" -c "chattr -Ad" -c "lsattr" \
    -c "chattr +q" -c "chattr x" f
both fiemap f -- -f -c "pwrite -q 0 8k" -c "pwrite -q 64k 4k" -c "falloc 128k 8k" -c "truncate 200k" \
    -c "fiemap" -c "fiemap 0 4k" -c "fiemap 50k" -c "fiemap 4k 70k" -c "fiemap 1x" f
# pwrite's other ways, where xfs_io 6.1 is right (its -V past the range,
# -V kept for the next pwrite and -B's aligned ranges are daxio_badinput's):
# pwritev with whole and trimmed first calls, -R's places for a -Z seed
# (random(3)), with and without -V, -B of a range that starts at 0
both pwrite-vectors f -- -f -c "pwrite -V 2 -b 4k 0 16k" -c "pwrite -V 3 -S 0x11 64k 10k" \
    -c "pwrite -V 0 -S 0x12 128k 8k" f
both pwrite-random f -- -f -c "pwrite -R -Z 42 -S 0x33 100k 16k" -c "pwrite -R -Z 42 -b 1k -S 0x44 200k 9k" \
    -c "pwrite -R -Z 7 -V 2 -S 0x55 300k 32k" f
both pwrite-backward f -- -f -c "pwrite -B -S 0x22 3k 8k" f
both pwrite-bad-numbers f -- -f -c "pwrite -V x 0 4k" -c "pwrite -R -Z y 0 4k" f
# -v (the table: widths, flags 0x1 last and 0x800 unwritten), -l, -a; -n
# last, as xfs_io 6.1 keeps it for every later fiemap of the run
both fiemap-options f -- -p xfs_io -f -c "pwrite -q 0 8k" -c "pwrite -q 64k 4k" -c "falloc 128k 8k" \
    -c "truncate 200k" -c "fiemap -v" -c "fiemap -l" -c "fiemap -v 4k 70k" -c "fiemap -l 50k" \
    -c "fiemap -a" -c "fiemap -v 300k" -c "fiemap -v 1x" -c "fiemap 0 1y" -c "fiemap -n 3 -v" f
both fiemap-n f -- -f -c "pwrite -q 0 8k" -c "pwrite -q 64k 4k" -c "fiemap -n 2" f
both statx f -- -f -c "pwrite -q 0 8k" -c "statx -m basic -r" -c "statx -r" -c "statx" -c "statx -v" \
    -c "statx -m bogus" f
both pwrite-seed-oddbs-short-tail f -- -f -c "pwrite -S 0x5a -b 3000 100 10001" f
both pwrite-seeds-overlap f -- -f -c "pwrite -S 0 0 1m" -c "pwrite -S 0x1234 4095 3" \
    -c "pwrite -S 0xffffffff -b 7 70000 99" -c "pwrite -S 077 1m 1" f
both pwrite-sizes-suffixes f -- -f -c "pwrite -b 1k 0 1k" -c "pwrite 4k 2b" -c "pwrite 3s 1s" \
    -c "pwrite 0x10000 0x100" -c "pwrite 0200000 010" -c "pwrite 1M 1K" f
both pwrite-big-bs f -- -f -c "pwrite -b 1m 0 3m" -c "pwrite -b 16m 0 1m" f
both pwrite-zero-len-and-bs f -- -f -c "pwrite 0 0" -c "pwrite -b 0 0 4" f
both pwrite-sync-flags f -- -f -c "pwrite -w 0 8k" -c "pwrite -W 8k 8k" -c "pwrite -w -W 0 1" f
both pwrite-quiet-compact-forward f -- -f -c "pwrite -q 0 4k" -c "pwrite -C 0 4k" \
    -c "pwrite -F -C -b 512 0 4k" f
both aliases f -- -f -c "w 0 4k" -c "r 0 4k" -c "t 2k" -c "s" -c "ds" f
both pread-eof-short f -- -f -c "pwrite 0 10000" -c "pread 0 1m" -c "pread 9999 10" \
    -c "pread 20000 5" -c "pread -b 3 1 8" -c "pread 0 0" f
both pread-v-dump f -- -f -c "pwrite -S 0xab 0 20" -c "pwrite -S 0x41 20 30" \
    -c "pwrite -S 0x7a 50 3" -c "pwrite -S 0x39 53 2" -c "pwrite -S 0x20 55 1" \
    -c "pwrite -S 0x0 56 1" -c "pwrite -S 0xe9 57 7" -c "pread -v 0 64" \
    -c "pread -v 10 5" -c "pread -v -b 7 3 40" -c "pread -v 60 100" f
LC_ALL=C both pread-v-dump-C-locale f -- -f -c "pwrite -S 0xc9 0 17" -c "pwrite -S 0x5f 17 1" \
    -c "pread -v 0 32" f
both pread-to-eof f -- -f -c "pwrite 0 9000" -c "pread -- 0 -1" -c "pread -b 5000 -- 100 -1" f
both pread-compact-quiet f -- -f -c "pwrite 0 8k" -c "pread -C 0 8k" -c "pread -q 0 8k" f
both stat-after-io f -- -f -c "pwrite 0 5000" -c "stat" -c "truncate 1m" -c "stat" \
    -c "truncate 100" -c "stat" f
SETUP='printf abc >f' both stat-flags-readonly f -- -r -c "stat" -c "pread -v 0 3" f
SETUP='printf abc >f' both stat-flags-sync-append f -- -s -a -c "stat" -c "pwrite 0 2" f
both falloc-fpunch-fzero f -- -f -c "pwrite -S 0x11 0 64k" -c "falloc 0 128k" -c "stat" \
    -c "falloc -k 128k 64k" -c "stat" -c "fpunch 4k 8k" -c "stat" -c "fzero 32k 4k" \
    -c "fzero -k 200k 4k" -c "falloc -p 40k 4k" -c "stat" -c "pread -v 4090 12" f
both sync-syncfs-fsync f -- -f -c "pwrite 0 4k" -c "sync" -c "syncfs" -c "fsync" -c "fdatasync" f
both help-oneline-known -- -c "help fsync" -c "help fdatasync" -c "help truncate" \
    -c "help sync" -c "help quit"

# --- multiple files, -C, open/close/file ---------------------------------
both two-files-iterate a b -- -f -c "pwrite -S 0x61 0 100" -C "pwrite -S 0x62 50 10" \
    -c "stat" a b
both close-and-file a b -- -f -c "file" -c "close" -c "stat" -c "pwrite 0 1" a b
both open-command a b -- -f -c "open -f b" -c "pwrite -S 0x33 0 9" -c "file 0" \
    -C "pwrite -S 0x34 1 1" -c "file" a
both quit-ends-batch f -- -f -c "pwrite 0 1" -c "quit" -c "pwrite 0 2" f

# --- errors with xfs_io's wording and status ------------------------------
both bad-length f -- -f -c "pwrite 0 4k" -c "pwrite 0 1x" -c "pread -v 0 16" f
both bad-offset f -- -f -c "pwrite 0 4k" -c "pwrite 1x 0" -c "pwrite 4kk 1" -c "stat" f
both bad-bsize-seed f -- -f -c "pwrite 0 4k" -c "pwrite -b 1x 0 4" -c "pwrite -S zz 0 4" \
    -c "pread -b q 0 4" -c "stat" f
both bad-truncate f -- -f -c "pwrite 0 4k" -c "truncate 1x" -c "truncate -1" -c "stat" f
both bad-falloc-args f -- -f -c "pwrite 0 4k" -c "fpunch 1x 4" -c "falloc 0 zz" -c "stat" f
both bad-stat-option f -- -f -c "stat -x" -c "stat" f
both kernel-efbig f -- -f -c "pwrite 0 4k" -c "pwrite 7e 4" -c "truncate 9223372036854775807" \
    -c "stat" f
SETUP="printf abcdef >f" both kernel-ebadf f -- -r -c "pwrite 0 4" -c "truncate 0" -c "pread 0 3" f
both missing-file -- -c "pwrite 0 4" nofile
both missing-file-second -- -f -c "pwrite 0 4" a nodir/b
both seed-prefix-is-a-number f -- -f -c "pwrite -S 0x12zz 0 8" -c "pread -v 0 8" f
both mode-bad -- -f -m zz -c "stat" f

# The file mode that -m sets is what xfs_io sets.
mkdir -p "$T_TMP/m/x" "$T_TMP/m/d"
(cd "$T_TMP/m/x" && "$XFS_IO" -f -m 0640 -c "pwrite -q 0 1" f)
(cd "$T_TMP/m/d" && "$DAXIO" -f -m 0640 -c "pwrite -q 0 1" f)
expect mode-bits "$(stat -c %a "$T_TMP/m/x/f")" "$(stat -c %a "$T_TMP/m/d/f")"

# --- on XFS: xfs_io adds fsxattr/dioattr lines to stat, and the 'b' and
# 's' suffixes take the filesystem's geometry ---------------------------------
xfs_section() {
    local why=""
    [ "$(id -u)" = 0 ] || why="not root, cannot loop-mount an XFS image"
    command -v mkfs.xfs >/dev/null || why=${why:-"mkfs.xfs is not installed"}
    if [ -n "$why" ]; then skip xfs-mount "$why"; return; fi
    truncate -s 300m "$T_TMP/xfs.img"
    if ! mkfs.xfs -q -f -s size=4096 "$T_TMP/xfs.img" >"$T_TMP/mkfs.log" 2>&1; then
        skip xfs-mount "mkfs.xfs failed: $(head -1 "$T_TMP/mkfs.log")"; return
    fi
    mkdir -p "$T_TMP/xfs"
    if ! mount -o loop "$T_TMP/xfs.img" "$T_TMP/xfs" 2>"$T_TMP/mount.log"; then
        skip xfs-mount "loop mount of an XFS image failed: $(head -1 "$T_TMP/mount.log")"; return
    fi
    trap 'umount "$T_TMP/xfs" 2>/dev/null; rm -rf "$T_TMP"' EXIT
    local BASE=$T_TMP/xfs
    both xfs-stat f -- -f -c "pwrite 0 5000" -c "stat" -c "falloc 64k 64k" -c "stat" \
        -c "stat -v" -c "truncate 0" -c "stat" f
    both xfs-attr-statx f -- -p xfs_io -f -c "pwrite -q 0 8k" -c "chattr +x" -c "lsattr -v" -c "statx -r" \
        -c "stat" -c "chattr -x" -c "lsattr" f
        # bmap: XFS_IOC_GETBMAPX, plain, -l, -p, -v (the AG columns), -vv's
    # legend, -n, -a (an empty fork); fiemap -v's flags on XFS
    both xfs-bmap f -- -p xfs_io -f -c "pwrite -q 0 8k" -c "pwrite -q 64k 4k" -c "falloc 128k 8k" \
        -c "truncate 200k" -c "bmap" -c "bmap -l" -c "bmap -p" -c "bmap -v" -c "bmap -vp" -c "bmap -vvp" \
        -c "bmap -e" -c "bmap -a" -c "fiemap -v" -c "bmap -n 2" f
    both xfs-bmap-empty f -- -p xfs_io -f -c "bmap" -c "bmap -v" -c "truncate 64k" -c "bmap -l" f
    both xfs-suffixes f -- -f -c "pwrite 1b 1s" -c "pwrite 3s 2b" -c "pread 0 1b" -c "stat" f
    both xfs-errors f -- -f -c "pwrite 0 4k" -c "pwrite 0 1x" -c "truncate 1x" -c "fpunch 0 1k" \
        -c "stat" f
    umount "$T_TMP/xfs"
}
xfs_section

finish
