#!/usr/bin/env bash
# valgrind.sh - built binaries run under valgrind, whose synthetic CPUID
# hides CLWB, CLFLUSHOPT and AVX-512: the probe must fall back to CLFLUSH
# and AVX2 (or SSE2), and nothing may execute an instruction it did not
# grant (valgrind would stop the program with SIGILL), read outside a
# buffer or use undefined values (--error-exitcode=1).
. "$(dirname "$0")/lib.sh"
unset DAXBENCH_ISA DAXBENCH_FLUSH DAXBENCH_CPU_HIDE

if [ -n "${DAXBENCH_ASAN:-}" ]; then
    skip all "this build uses AddressSanitizer (make asan), which cannot run under valgrind: both instrument memory"
    finish
fi
if ! command -v valgrind >/dev/null; then
    skip all "valgrind is not installed (apt-get install valgrind)"
    finish
fi
VG=(valgrind -q --error-exitcode=1)

# vg NAME PROGRAM ARGS... : runs under valgrind, passes on status 0.
vg() {
    local name=$1 rc; shift
    if [ ! -x "$1" ]; then skip "$name" "$1 is not built (run make)"; return 1; fi
    "${VG[@]}" "$@" >"$T_TMP/$name.out" 2>"$T_TMP/$name.err"; rc=$?
    if [ "$rc" -eq 0 ]; then pass "$name"; return 0; fi
    fail "$name" "status $rc under valgrind: $(grep -E 'FAIL|==[0-9]+==|SIGILL|daxcopy:' "$T_TMP/$name.out" "$T_TMP/$name.err" | head -5)"
    return 1
}

vg test_cpu "$BUILD/tests/test_cpu"
T_FILTER=smoke vg test_copy_smoke "$BUILD/tests/test_copy"
T_FILTER=table vg test_copy_table "$BUILD/tests/test_copy"

if vg daxcopy "$BUILD/daxcopy" --quick --total 256k --reps 1 --sizes 4k,64k; then
    out=$T_TMP/daxcopy.out
    # The fallback, and that it came from the probe.
    if grep -Eq '^flush: clflush \(probe; available: clflush;' "$out"; then pass fallback_flush
    else fail fallback_flush "$(grep '^flush:' "$out")"; fi
    if grep -Eq '^isa: (avx2|sse2) \(probe;' "$out"; then pass fallback_isa
    else fail fallback_isa "$(grep '^isa:' "$out")"; fi
    if grep -Eq '^nt-avx512\+clwb +skipped: no avx512' "$out" &&
       grep -Eq '^nt-(avx2|sse2)\+clwb +skipped: no clwb' "$out"; then pass hidden_rows_skipped
    else fail hidden_rows_skipped "$(grep -E '^nt-' "$out")"; fi
    if grep -Eq '^nt-(avx2|sse2)\+clflush \* +[0-9]' "$out"; then pass fallback_measured
    else fail fallback_measured "$(grep -E '^nt-' "$out")"; fi
fi

finish
