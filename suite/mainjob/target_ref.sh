# target_ref.sh - the embedded default target: the reference filesystem
# (libdaxref), driven by daxio with the scenario's own xfs_io arguments.
#
# The place contract (step_scenarios.sh hands these to the one scenario
# runner, suite/targets/lib/scenario.sh, as its hooks; a real target's job
# gives it the same for a mount):
#
#   target_T_modes                 the modes (table columns) it can run
#   target_T_dax MODE              1 if MODE is a DAX column, 0 if it is
#                                  the no-DAX column
#   target_T_setup BYTES           make the place the runs write to; untimed
#   target_T_reset STATE BYTES     before a run, untimed: STATE "fresh"
#                                  leaves no file (the write allocates),
#                                  "existing" leaves one of at least BYTES
#   target_T_run MODE LOG STATS ARGS...
#                                  the timed run: the tool with ARGS and
#                                  the file name; its output to LOG; sets
#                                  RUNTIME_S (wall time of the whole
#                                  command, as time(1)), RC, and CMDLINE
#                                  (what was run, for the CSV); STATS gets
#                                  daxio's --stats lines where the tool
#                                  has them
#   target_T_cleanup               remove what setup made; safe to call
#                                  twice, and from a trap
#
# Here the "place" is one region image in /dev/shm shared by all modes
# (the mode is a mount option, not part of the format), so the overwrite
# scenarios find the file the scenario before wrote, as in the email.
# The image is made with --prefill $OPT_PREFILL (run.sh; default old): its
# data blocks hold data before the first run, so zeroing a new block costs
# what it costs on used pmem, not what NT stores over zeros cost.
# Every timed run mounts the image with --prefault: the region's pages are
# mapped at mount, so no host page fault lands inside pwrite (real pmem has
# none), and that mapping cost is shown as setup time instead.

target_ref_modes() { ref_modes; }   # lib.sh: ref/modes.def
target_ref_dax()   { ref_mode_dax "$1"; }

REF_DIR= REF_IMG= REF_FILE=foo

# Region: the file plus a quarter (journal, metadata, 2 MiB alignment) plus
# 64 MiB, rounded up to 2 MiB.
ref_region_bytes() {
    awk -v b="$1" 'BEGIN { r = b + b / 4 + 67108864; m = 2097152
                           printf "%.0f\n", int((r + m - 1) / m) * m }'
}

target_ref_setup() {
    local want region avail base=/dev/shm
    region=$(ref_region_bytes "$1")
    avail=$(df -Pk "$base" 2>/dev/null | awk 'NR == 2 { printf "%.0f\n", $4 * 1024 }')
    if [ -z "$avail" ] || [ "$avail" -lt $((region + (256 << 20))) ]; then
        base=${TMPDIR:-/tmp}
        warn "/dev/shm has too little room for a $((region >> 20)) MiB region image;" \
             "using $base (its page cache stands in for pmem)"
    fi
    REF_DIR=$(mktemp -d "$base/daxbench-run.XXXXXX") || die "cannot make a work folder in $base"
    mark_owner "$REF_DIR"
    REF_IMG=$REF_DIR/region.img
    # Creating the region's pages is the "mkfs of the pmem device", done
    # once and untimed; every later mount maps pages that exist.
    # --prefill: the data blocks hold a pattern first, as used media does.
    want=$("$BUILD/daxio" --ref movnt --image "$REF_IMG" --region-size "$region" \
           --prefill "${OPT_PREFILL:-none}" --prefault -f -c "info" "$REF_FILE" 2>&1) \
        || die "could not create the reference region image $REF_IMG: $want"
    REF_REGION=$region
}

# Size of the file in the image, 0 if there is none.
ref_file_size() {
    "$BUILD/daxio" --ref movnt --image "$REF_IMG" -f -c "stat" "$REF_FILE" 2>/dev/null |
        awk '$1 == "stat.size" { print $3; found = 1 } END { if (!found) print 0 }'
}

target_ref_reset() {
    local state=$1 want=$2 out
    if [ "$state" = fresh ]; then
        out=$("$BUILD/daxio" --ref movnt --image "$REF_IMG" -f -c "truncate 0" "$REF_FILE" 2>&1) \
            || die "could not empty $REF_FILE in $REF_IMG: $out"
    elif [ "$(ref_file_size)" -lt "$want" ]; then
        out=$("$BUILD/daxio" --ref movnt --image "$REF_IMG" -f -c "pwrite -q -b 16m 0 $want" \
              -c fsync "$REF_FILE" 2>&1) \
            || die "could not write the $want-byte file an overwrite needs: $out"
        RESET_NOTE="file prepared untimed"
    fi
}

target_ref_run() {
    local mode=$1 log=$2 stats=$3 t0 t1; shift 3
    local cmd=("$BUILD/daxio" --ref "$mode" --image "$REF_IMG" --prefault --stats "$stats" "$@" "$REF_FILE")
    CMDLINE="daxio --ref $mode --image IMG --prefault $(show_cmd "$@") $REF_FILE"
    t0=$EPOCHREALTIME
    "${cmd[@]}" >"$log" 2>&1 && RC=0 || RC=$?
    t1=$EPOCHREALTIME
    RUNTIME_S=$(fsub "${t1/,/.}" "${t0/,/.}")
}

target_ref_cleanup() {
    if [ -n "$REF_DIR" ] && [ -d "$REF_DIR" ]; then
        rm -rf -- "$REF_DIR"
    fi
    REF_DIR=
}
