#!/usr/bin/env bash
# daxcopy.sh - the copy benchmark's command line: --help, --list, a --quick
# run with every column, --csv rows, overrides, and bad input.
#
# daxcopy's exit status: 0 done, 1 a failure while running (e.g. the --csv
# file cannot be created), 2 bad usage (unknown option, bad value in an
# option or in DAXBENCH_*, an instruction this CPU lacks).
. "$(dirname "$0")/lib.sh"
DAXCOPY=$BUILD/daxcopy
unset DAXBENCH_ISA DAXBENCH_FLUSH DAXBENCH_CPU_HIDE

if [ ! -x "$DAXCOPY" ]; then
    skip all "$DAXCOPY is not built (run make)"
    finish
fi

# run NAME WANT_STATUS ARGS... : runs daxcopy, keeps stdout/stderr in
# $T_TMP/NAME.out / .err, checks the exit status.
run() {
    local name=$1 want=$2 rc; shift 2
    "$DAXCOPY" "$@" >"$T_TMP/$name.out" 2>"$T_TMP/$name.err"; rc=$?
    if [ "$rc" -ne "$want" ]; then
        fail "$name" "exit status $rc, want $want: $(head -c 300 "$T_TMP/$name.err")"
        return 1
    fi
    return 0
}

# has NAME FILE EXTENDED-REGEX
has() {
    if grep -Eq -- "$3" "$T_TMP/$2"; then pass "$1"
    else fail "$1" "no /$3/ in $2: $(head -c 400 "$T_TMP/$2")"; fi
}

run help 0 --help && has help help.out '^  --sizes LIST' && has help_exit help.out 'Exit status: 0'

# --list: every table kernel plus the peer, runnable yes/no and why.
if run list 0 --list; then
    rows=$(grep -Ec '^(nt|cached)-|^pmdk +peer ' "$T_TMP/list.out")
    # 9 NT + 9 cached+flush + 3 cached vector kernels; the kernel's own
    # copies: nt-movnti x 3 flushes, movsb/movsq/movq x (3 flushes + plain);
    # glibc's memcpy per vector ISA
    expect list_rows 40 "$rows"
    has list_header list.out '^kernel +kind +isa +flush +runnable +stands for / why not'
    has list_movsb list.out '^cached-movsb +cached +sse2 +- +yes +copy_user_enhanced_fast_string\(\)'
    has list_glibc list.out '^cached-glibc-avx2 +cached +avx2 +- +(yes +glibc.s memcpy, __memmove_avx_unaligned_erms\(\)|no )'
    has list_movnti list.out '^nt-movnti\+clwb +nt +sse2 +clwb +(yes +__copy_user_flushcache\(\)|no )'
    has list_choice list.out '^kernel choice: nt [a-z]'
    has list_chosen list.out '^nt-[a-z0-9]+\+[a-z]+ \* '
    has list_cpu list.out '^flush: [a-z]+ \(probe; available: '
fi
runnable=$(awk '{ for (i = 2; i <= NF; i++) if ($i == "yes" || $i == "no") { if ($i == "yes") print $1; break } }' \
    "$T_TMP/list.out" | grep -E '^(nt|cached)-')

# A hidden feature: rows with clwb say no, and why.
if DAXBENCH_CPU_HIDE=clwb run hide 0 --list; then
    has hide_no hide.out '^nt-avx2\+clwb +nt +avx2 +clwb +no +no (clwb: (hidden by DAXBENCH_CPU_HIDE|not in CPUID)|avx2: )'
    has hide_flush hide.out '^flush: (clflushopt|clflush) \(probe;'
fi

# Overrides: env > probe, option > env; the choice is printed and marked.
if DAXBENCH_ISA=sse2 DAXBENCH_FLUSH=clflush run env 0 --list; then
    has env_isa env.out '^isa: sse2 \(env DAXBENCH_ISA; available: '
    has env_flush env.out '^flush: clflush \(env DAXBENCH_FLUSH; available: '
    has env_marked env.out '^nt-sse2\+clflush \* '
fi
if DAXBENCH_ISA=avx2 run opt 0 --isa sse2 --list; then
    has opt_isa opt.out '^isa: sse2 \(option; '
fi

# --quick: every column, every runnable kernel with a figure per column.
if run quick 0 --quick --csv "$T_TMP/q.csv"; then
    has quick_copy_cols quick.out '^kernel +4 KiB hot +4 KiB cold +64 KiB hot +64 KiB cold +16 MiB hot +16 MiB cold$'
    has quick_zero_cols quick.out '^kernel +4 KiB +64 KiB +16 MiB$'
    has quick_reps quick.out 'median of 3 repetitions'
    has quick_verdict quick.out '^  16 MiB hot +[0-9.]+  nt-[^ ]+ +[0-9.]+ +[0-9.]+x +[0-9.]+ +[0-9.]+x  (ok|SLOWER than pmdk)$|^pmdk: skipped: '
    has quick_machine quick.out '^machine while measuring: load average [0-9.]+ before, [0-9.]+ after; daxcopy got [0-9]+% of a CPU'
    bad=""
    for k in $runnable; do
        n=$(grep -Ec "^$(sed 's/+/\\+/g' <<<"$k")( \*)? +( *[0-9]+\.[0-9]{2} +[0-9]+\.[0-9]{2}x){6}$" "$T_TMP/quick.out")
        z=$(grep -Ec "^$(sed 's/+/\\+/g' <<<"$k")( \*)? +( *[0-9]+\.[0-9]{2} +[0-9]+\.[0-9]{2}x){3}$" "$T_TMP/quick.out")
        [ "$n" = 1 ] && [ "$z" = 1 ] || bad="$bad $k(copy $n, zero $z)"
    done
    if [ -z "$bad" ] && [ -n "$runnable" ]; then pass quick_rows
    else fail quick_rows "kernels without a full row:${bad:- none runnable}"; fi
    if grep -q '^pmdk: skipped' "$T_TMP/quick.out"; then
        skip quick_pmdk "$(grep '^pmdk: skipped' "$T_TMP/quick.out")"
    else
        has quick_pmdk quick.out '^pmdk +( *[0-9]+\.[0-9]{2} +[0-9]+\.[0-9]{2}x){6}$'
    fi

    # --csv: a header and one well-formed row per figure.
    ncols=$(head -n 1 "$T_TMP/q.csv" | awk -F, '{print NF}')
    expect csv_header "tool,date,git_rev,cpu_model,cpu_vendor,kernel_release,chosen_isa,isa_from,chosen_flush,flush_from,copy_kernel,kind,isa,flush,op,size,source,threads,reps,bytes_per_thread,gibps_median,gibps_min,gibps_max,gibps_cv,ratio_best_nt,best_nt_kernel,per_thread_gibps,pmdk_path,load_before,cpu_share" "$(head -n 1 "$T_TMP/q.csv")"
    nk=$(wc -w <<<"$runnable"); grep -q '^pmdk: skipped' "$T_TMP/quick.out" || nk=$((nk + 1))
    expect csv_rows $((nk * 9)) $(( $(wc -l <"$T_TMP/q.csv") - 1 ))
    badrows=$(awk -F, -v n="$ncols" 'NR > 1 && (NF != n || $1 != "daxcopy" ||
        $21 !~ /^[0-9]+\.[0-9]+$/ || $21 <= 0 || $18 != 1 || $19 != 3 ||
        ($15 == "copy" && $17 !~ /^(hot|cold)$/)) {print NR": "$0}' "$T_TMP/q.csv" | head -3)
    if [ -z "$badrows" ]; then pass csv_parse; else fail csv_parse "bad rows: $badrows"; fi
fi

# A thread sweep and a size list in xfs_io syntax.
if run threads 0 --quick --total 1m --sizes 64k --ops copy --source hot --kernels 'nt-sse2+clflush' --threads 1,2; then
    has threads_agg threads.out '^copy, 2 threads \(aggregate\)'
    has threads_per threads.out '^nt-sse2\+clflush +[0-9]+\.[0-9]/[0-9]+\.[0-9]$'
fi

# Bad input: a clear message naming the option and value; status 2.
bad_input() { # name stderr-regex args...
    local name=$1 re=$2; shift 2
    run "$name" 2 "$@" && has "$name" "$name.err" "$re"
}
bad_input bad_size "^daxcopy: --sizes: '1x': not a size" --sizes 4k,1x
bad_input bad_total "^daxcopy: --total: '-5': must not be negative" --total -5
bad_input bad_reps "^daxcopy: --reps: '0': out of range" --reps 0
bad_input bad_threads "^daxcopy: --threads: 'two': not a whole number" --threads two
bad_input bad_kernels "^daxcopy: --kernels: 'nosuch': matches no kernel" --kernels 'nt-*,nosuch'
bad_input bad_ops "^daxcopy: --ops: 'move': unknown; valid: copy zero" --ops move
bad_input bad_cpus "^daxcopy: --cpus: '1000': not a CPU this process may run on" --cpus 0,1000 --list
bad_input bad_option "^daxcopy: unknown option '--bogus'" --bogus
bad_input bad_missing "^daxcopy: --total needs a value" --total
bad_input bad_arg "^daxcopy: unexpected argument 'extra'" --list extra
bad_input bad_isa "--isa 'avx3': unknown name \(valid: avx512, avx2, sse2, auto\)" --isa avx3 --list
DAXBENCH_FLUSH=foo bad_input bad_env "unknown flush 'foo' \(from env DAXBENCH_FLUSH\); valid: clwb clflushopt clflush" --list
DAXBENCH_CPU_HIDE=clwb bad_input bad_unrunnable "flush 'clwb' \(from option\) is not usable on this CPU" --flush clwb --list
if run bad_csv 1 --quick --total 64k --kernels cached-sse2 --csv "$T_TMP/no/such/dir/x.csv"; then
    has bad_csv bad_csv.err "^daxcopy: --csv: '.*/no/such/dir/x.csv': No such file"
fi

finish
