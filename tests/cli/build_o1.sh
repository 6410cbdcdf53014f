#!/usr/bin/env bash
# build_o1.sh - the tree builds warning-free (-Werror) at -O1 too, the
# optimisation level of `make asan` and `make fuzz`: GCC's
# -Wformat-truncation and -Wmaybe-uninitialized see different code at -O1
# than at the default level, and such a break once went unseen for a stop
# because CI builds only the default.  Compiles only (no sanitizer runtime).
. "$(dirname "$0")/lib.sh"
command -v gcc >/dev/null || { skip all "gcc is not installed"; finish; }
t0=$(date +%s)
if make -C "$TOP" -s -j"$(nproc)" BUILD="$T_TMP/o1" CFLAGS="-O1 -g" all >"$T_TMP/o1.log" 2>&1; then
    pass "builds-at-O1 ($(( $(date +%s) - t0 )) s)"
else
    fail builds-at-O1 "$(grep -m3 -E 'error|Error' "$T_TMP/o1.log" | tr '\n' '|')"
fi
finish
