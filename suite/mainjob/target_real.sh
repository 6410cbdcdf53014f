# target_real.sh - the real targets of ./run.sh: loop, vm, mount:DIR and
# dev:DEVICE.  Unlike the reference, a real target runs its jobs in one
# session (one boot of the vm guest, one set of loop devices), so run.sh
# starts it once, before the steps, with every job the chosen steps need:
#
#   scenarios    chinner-2016 (xfs_io, and daxio with --tools) and fio
#   conformance  conformance (suite/stress/ on the mount)
#
# The target's own results folder is $OUT/target/ (its README:
# suite/targets/README.md).  The steps then take their rows from it:
#   real_scenario_rows CSV   appends chinner-2016.csv and fio.csv to CSV in
#                            scenarios.csv's columns (below)
#   real_conformance         prints and reports the conformance table
# The reference still runs the scenarios (no DAX = pagecache, DAX = movnt)
# so that its figures sit beside the real target's and the published ones.
#
# What the target rows change to fit scenarios.csv (suite/mainjob/README.md):
#   - mode is the table column: FS-nodax / FS-dax for xfs_io,
#     FS-dax/daxio and FS-dax/fio-ENGINE for the other tools; the report
#     pairs FS-dax with FS-nodax;
#   - kernel is the kernel under test (the guest's on vm), host, date,
#     git_rev, cpu_model and cpu_flags are this machine's; isa, flush,
#     kernels, zeroing, the time split and the reference's counters stay
#     empty (xfs_io has none of them);
#   - the target CSV's cpu and git columns are dropped (they repeat
#     cpu_model and git_rev).

REAL_KIND= REAL_ARG= REAL_RC= REAL_OUT= REAL_PID=

# real_parse SPEC: loop | vm | mount:DIR | dev:DEVICE -> REAL_KIND, REAL_ARG
real_parse() {
    case $1 in
    loop|vm) REAL_KIND=$1 REAL_ARG= ;;
    mount:?*) REAL_KIND=mount REAL_ARG=${1#mount:} ;;
    dev:?*) REAL_KIND=dev REAL_ARG=${1#dev:} ;;
    *) return 1 ;;
    esac
}

# The jobs the chosen steps need.
real_jobs() {
    local j=
    in_list scenarios $OPT_STEPS && j+=chinner-2016,fio,
    # --checks/--expunge may leave no real-kernel check (CONFORMANCE_CHECKS
    # set and empty): then no conformance job
    if in_list conformance $OPT_STEPS && { [ -z "${CONFORMANCE_CHECKS+x}" ] || [ -n "$CONFORMANCE_CHECKS" ]; }; then
        j+=conformance,
    fi
    echo "${j%,}"
}

# real_session: runs the target once; its output streams to the console.
# Sets REAL_RC (0 pass, 1 fail, 77 could not run) and REAL_OUT.
real_session() {
    local jobs cmd=() t0
    jobs=$(real_jobs)
    REAL_OUT=$OUT/target
    if [ -z "$jobs" ]; then REAL_RC=77; return 0; fi
    case $REAL_KIND in
    loop)  cmd=("$TOP/suite/targets/loop.sh") ;;
    vm)    cmd=("$TOP/suite/vm/vm.sh" --dax "$OPT_DAX") ;;
    mount) cmd=("$TOP/suite/targets/mount.sh" --dir "$REAL_ARG" --dax "$OPT_MOUNT_DAX") ;;
    dev)   cmd=("$TOP/suite/targets/dev.sh" --dev "$REAL_ARG" --dax "$OPT_DAX")
           [ "$OPT_FORCE" = 1 ] && cmd+=(--force) ;;
    esac
    # tests only: a stand-in for the target's script (tests/cli/mainjob.sh)
    [ -z "${DAXBENCH_TARGET_SCRIPT:-}" ] || cmd=("$DAXBENCH_TARGET_SCRIPT" --dir "$REAL_ARG")
    [ "$REAL_KIND" = mount ] || cmd+=(--fs "$OPT_FS")
    [ "$OPT_QUICK" = 1 ] && cmd+=(--quick)
    cmd+=(--runs "$OPT_RUNS" --size "$OPT_SIZE" --job "$jobs" --out "$REAL_OUT")
    [ -n "$OPT_TOOLS" ] && cmd+=(--tools "$OPT_TOOLS")
    [ -n "${OPT_KERNEL_PKG:-}" ] && cmd+=(--kernel-pkg "$OPT_KERNEL_PKG")
    [ -n "${OPT_KERNEL:-}" ] && cmd+=(--kernel "$OPT_KERNEL")
    say ""
    say "== The real target '$OPT_TARGET': jobs $jobs, one session"
    say "   $(show_cmd "${cmd[@]}" | sed "s|$TOP/||g")"
    t0=$(now)
    REAL_RC=0
    # In the background and waited for, so that run.sh's INT/TERM trap runs
    # at once (bash defers traps while a foreground child runs) and stops
    # the target with what Ctrl-C would send it (real_cleanup).
    # stderr also goes to a file: a skip's reason ("cannot run here: ...")
    # is read back from it for the summary.
    CONFORMANCE_BREAKS=$OPT_BREAKS FIO_RUNS=${FIO_RUNS:-$([ "$OPT_QUICK" = 1 ] && echo 1 || echo "$OPT_FIO_RUNS")} \
        "${cmd[@]}" </dev/null 2> >(tee "$WORK/target.err" >&2) &
    REAL_PID=$!
    wait "$REAL_PID" || REAL_RC=$?
    REAL_PID=
    REAL_SKIP_WHY=
    if [ "$REAL_RC" = 77 ]; then   # tee may still be writing the file
        local i
        for i in 1 2 3 4 5 6 7 8 9 10; do grep -q 'cannot run here: ' "$WORK/target.err" 2>/dev/null && break; sleep 0.2; done
        REAL_SKIP_WHY=$(sed -n 's/.*cannot run here: //p' "$WORK/target.err" 2>/dev/null | head -n 1) || true
    fi
    REAL_SKIP_WHY=${REAL_SKIP_WHY:-"see the output of the target above"}
    say "   the target ran $(fsub "$(now)" "$t0" | cut -c1-6) s; status $REAL_RC$([ "$REAL_RC" = 77 ] && echo " (could not run here: see above)")"
}

# real_scenario_rows CSV: the target's chinner-2016 and fio rows, appended
# to CSV (scenarios.csv.part) in its columns.
real_scenario_rows() {
    local csv=$1 f n=0
    for f in "$REAL_OUT/chinner-2016.csv" "$REAL_OUT/fio.csv"; do
        [ -s "$f" ] || continue
        # the machine columns the target does not know are the host's
        "$BUILD/daxreport" rows --columns "target,$MACHINE_COLS,$SCN_COLS" --set host="$M_HOST" \
            --set date="$M_DATE" --set git_rev="$M_GIT_REV" --set cpu_model="$M_CPU_MODEL" \
            --set cpu_flags="$M_CPU_FLAGS" "$f" >>"$csv" || return 1
        n=$((n + $(($(wc -l <"$f") - 1))))
    done
    say "   $n row(s) of the real target added to scenarios.csv"
    [ $n -gt 0 ]
}

# The mkfs commands the target ran (the first line of each mkfs.log),
# without the device, each in backquotes, comma separated.
real_mkfs_note() {
    local f
    for f in "$REAL_OUT"/*-dax/mkfs.log "$REAL_OUT"/*-nodax/mkfs.log; do
        [ -s "$f" ] && head -n 1 "$f" | sed 's/ [^ ]*$//'
    done | awk '!seen[$0]++ { printf "%s`%s`", n++ ? ", " : "", $0 }'
}

# The note under each table: what the real target's columns are.
real_target_note() {
    local k a m
    k=$(sed -n 's/^kernel: //p' "$REAL_OUT/summary.txt" 2>/dev/null | head -n 1)
    a=$(sed -n 's/^accel: //p' "$REAL_OUT/summary.txt" 2>/dev/null | head -n 1)
    m=$(real_mkfs_note)
    echo "$(real_target_note_kind)${m:+; mkfs: $m}"
}
real_target_note_kind() {
    case $REAL_KIND in
    vm)    echo "target vm: Debian's kernel ${k:-?} in QEMU (${a:-?}$([ "$a" = tcg ] && echo "; TCG: timings qualitative, compare directions, not figures")); FS-dax = XFS dax=always / ext4 dax on the emulated NVDIMM (/dev/pmem0), FS-nodax = the same device mounted without DAX" ;;
    loop)  echo "target loop: host kernel ${k:-?}; FS-nodax = XFS/ext4 on a loop device over /dev/shm (page cache on a memory-speed block device; no DAX column exists)" ;;
    mount) echo "target mount:$REAL_ARG: kernel ${k:-?}; the user's mount as it is" ;;
    dev)   echo "target dev:$REAL_ARG: kernel ${k:-?}; FS-dax = DAX mount of $REAL_ARG, FS-nodax = the same device without DAX" ;;
    esac
}

# real_conformance: the target's conformance table, its CSV/JSON beside the
# reference's, and a section of report.md.  Fails when a check failed or a
# broken variant did not fail.
real_conformance() {
    local f=$REAL_OUT/conformance.csv bad
    say ""
    say "== Conformance on the real target '$OPT_TARGET' (suite/stress/: real checks must pass,"
    say "   their broken variants (--break) must fail; a check that cannot run is a skip with its reason)"
    if [ ! -s "$f" ]; then
        if [ "$REAL_RC" = 77 ]; then
            say "   skipped: the target could not run here: $REAL_SKIP_WHY"
            return 77
        fi
        say "   no conformance rows from the target (status $REAL_RC)"
        return 1
    fi
    (. "$TOP/suite/targets/lib/common.sh"; . "$TOP/suite/targets/lib/host.sh"; print_conformance "$f") | sed 's/^/   /'
    "$BUILD/daxreport" conformance-real lines "$f" --target "$OPT_TARGET"
    cp "$f" "$OUT/conformance-$REAL_KIND.csv.part"
    [ -s "${f%.csv}.json" ] && cp "${f%.csv}.json" "$OUT/conformance-$REAL_KIND.json"
    # the unexpected rows: FAIL or ERROR by the one verdict rule (verdict.c)
    mkdir -p "$WORK/report.d" "$WORK/json.d"
    local rep=("$BUILD/daxreport" conformance-real --target "$OPT_TARGET" --note "$(real_target_note)"
               --rows "conformance-$REAL_KIND.csv")
    "${rep[@]}" md "$f" >"$WORK/report.d/35-conformance-real.md"
    "${rep[@]}" json "$f" >"$WORK/json.d/35-conformance-real.json"
    bad=$("${rep[@]}" count "$f")
    [ "${bad:-1}" -eq 0 ]
}

# real_cleanup: stops a target session that is still running (run.sh's
# trap): INT first, as Ctrl-C would, so the target unmounts, detaches and
# stops its QEMU itself; TERM after 20 s.
real_cleanup() {
    local i
    [ -n "$REAL_PID" ] && kill -0 "$REAL_PID" 2>/dev/null || return 0
    kill -INT "$REAL_PID" 2>/dev/null
    for i in $(seq 1 100); do kill -0 "$REAL_PID" 2>/dev/null || break; sleep 0.2; done
    kill -TERM "$REAL_PID" 2>/dev/null || true
    wait "$REAL_PID" 2>/dev/null || true
    REAL_PID=
}
