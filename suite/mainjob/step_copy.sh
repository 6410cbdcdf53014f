# step_copy.sh - the main job's second step: the copy-strategy study.
#
#   bare kernels   daxcopy: every copy kernel of the reference and PMDK's
#                  pmem_memcpy_persist, call sizes 64 B .. 64 MiB, 1 thread;
#                  then the chosen kernels and PMDK at 1..nproc threads
#   copy modes     daxsweep sizes: each mode through dx_pwrite/dx_fsync
#                  (write; write + one fsync; fsync after every call);
#                  daxsweep threads: 1..nproc threads on separate files,
#                  overwriting and allocating
#
# Reads:  OPT_QUICK, OPT_MODES, OUT, WORK, M_KERNELS (the chosen kernels)
# Writes: $OUT/copy-kernels.csv.part, $OUT/copy-modes.csv.part (every row
#         behind the target and machine columns), $OUT/raw/daxcopy-*.txt,
#         $OUT/raw/daxsweep-*.txt, $WORK/report.d/20-copy.md,
#         $WORK/json.d/20-copy.json

# copy_run NAME TOOL ARGS...: runs a tool, its output to raw/NAME.txt.
# While it runs, every PROGRESS_EVERY seconds (default 15) a line says how
# long it has run and what it last reported ("repetition 2/5"), so a long
# study is seen to move.
copy_run() {
    local name=$1 t0 rc=0 pid last=0 now_s msg; shift
    t0=$EPOCHREALTIME
    "$@" >"$OUT/raw/$name.txt" 2>&1 &
    pid=$!
    while kill -0 "$pid" 2>/dev/null; do
        sleep 1
        now_s=$(fsub "${EPOCHREALTIME/,/.}" "${t0/,/.}" | cut -d. -f1)
        if [ "$now_s" -ge $((last + ${PROGRESS_EVERY:-15})) ]; then
            last=$now_s
            msg=$(grep -E '^(daxcopy|daxsweep): (warm-up|repetition)' "$OUT/raw/$name.txt" | tail -n 1 | cut -d' ' -f2-)
            printf '   %-24s ... %s s: %s\n' "$name" "$now_s" "${msg:-setting up (kernels, buffers)}"
        fi
    done
    wait "$pid" || rc=$?
    if [ $rc = 0 ]; then
        printf '   %-24s %5.1f s  (raw/%s.txt)\n' "$name" "$(fsub "${EPOCHREALTIME/,/.}" "${t0/,/.}")" "$name"
    else
        printf '   %-24s FAILED (status %s): %s\n' "$name" "$rc" "$(tail -n 3 "$OUT/raw/$name.txt" | tr '\n' ' ')"
        return 1
    fi
}

step_copy() {
    local sizes total reps mtotal calls mreps ttotal threads n nt cf cached failed=0 modes
    local nproc_=$(nproc 2>/dev/null || echo 1)
    [ "$nproc_" -le 32 ] || nproc_=32
    threads=$(seq -s, 1 "$nproc_")
    modes=$(echo $OPT_MODES | tr ' ' ',')
    if [ "$OPT_QUICK" = 1 ]; then
        sizes=64,256,768,4k,64k,1m,16m total=4m reps=1 mtotal=8m calls=2048 mreps=1 ttotal=8m
    else
        sizes=64,128,256,512,768,1k,2k,4k,16k,64k,256k,1m,4m,16m,64m
        total=32m reps=5 mtotal=64m calls=16384 mreps=5 ttotal=128m
    fi
    # The kernels the probe chose: "nt=X cached+flush=Y cached=Z".
    nt=$(sed -n 's/.*nt=\([^ ]*\).*/\1/p' <<<"$M_KERNELS")
    cf=$(sed -n 's/.*cached+flush=\([^ ]*\).*/\1/p' <<<"$M_KERNELS")
    cached=$(sed -n 's/.* cached=\([^ ]*\).*/\1/p' <<<"$M_KERNELS")
    mkdir -p "$OUT/raw" "$WORK/copy"

    say ""
    say "== Step 2: the copy-strategy study (bare kernels: daxcopy; copy modes: daxsweep; raw tables in raw/)"
    copy_run daxcopy-sizes "$BUILD/daxcopy" --sizes "$sizes" --ops copy --source hot --total "$total" \
        --reps "$reps" --csv "$WORK/copy/k-sizes.csv" || failed=1
    copy_run daxcopy-threads "$BUILD/daxcopy" --sizes 4k,1m --threads "$threads" --ops copy --source hot \
        --kernels "$nt,$cf,$cached,pmdk" --total "$total" --reps "$reps" \
        --csv "$WORK/copy/k-threads.csv" || failed=1
    copy_run daxsweep-sizes "$BUILD/daxsweep" sizes --modes "$modes" --sizes "$sizes" --total "$mtotal" \
        --calls "$calls" --reps "$mreps" --csv "$WORK/copy/m-sizes.csv" || failed=1
    # the claims' second verdict: the deferred mode on the kernel's own copy
    DAXBENCH_COPY=cached=cached-movsb copy_run daxsweep-sizes-movsb "$BUILD/daxsweep" sizes --modes deferred \
        --sizes 4k,1m --total "$mtotal" --calls "$calls" --reps "$mreps" --csv "$WORK/copy/m-sizes-movsb.csv" || failed=1
    copy_run daxsweep-threads "$BUILD/daxsweep" threads --modes "$modes" --threads "$threads" --size 4k \
        --total "$ttotal" --reps "$reps" --csv "$WORK/copy/m-threads.csv" || failed=1
    copy_run daxsweep-threads-alloc "$BUILD/daxsweep" threads --alloc --modes "$modes" --threads "$threads" \
        --size 4k --total "$ttotal" --reps "$reps" --csv "$WORK/copy/m-threads-alloc.csv" || failed=1

    for n in k-sizes k-threads; do
        [ -s "$WORK/copy/$n.csv" ] && prefix_csv "$OPT_TARGET" "$WORK/copy/$n.csv" \
            "$OUT/copy-kernels.csv.part" host cpu_flags kernels
    done
    for n in m-sizes m-threads m-threads-alloc; do
        [ -s "$WORK/copy/$n.csv" ] && prefix_csv "$OPT_TARGET" "$WORK/copy/$n.csv" "$OUT/copy-modes.csv.part"
    done
    [ -s "$OUT/copy-kernels.csv.part" ] && [ -s "$OUT/copy-modes.csv.part" ] || return 1

    "$MJ/copy-report.sh" "$OUT/copy-kernels.csv.part" "$OUT/copy-modes.csv.part" "$WORK" \
        "$nt" "$cf" "$cached" "$OUT/scenarios.csv.part" "$WORK/copy/m-sizes-movsb.csv" || failed=1
    return $failed
}
