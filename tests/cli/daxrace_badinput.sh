#!/usr/bin/env bash
# daxrace refuses malformed scripts by file:line (status 2, bad usage), lists valid race points,
# profiles and commands, and ends impossible schedules with a message that
# names every thread and where it is - never a hang.
set -u
. "$(dirname "$0")/lib.sh"
[ -x "$BUILD/daxrace" ] || { skip all "build/daxrace is not built"; finish; }
hdr='# Source: a test
# Expected result: y
# Buggy result: z
# Profile: fixed
file f 4k'
mk() { printf '%s\n%s\n' "$hdr" "$2" >"$T_TMP/$1.race"; }

# case NAME WANT-STATUS WANT-TEXT [daxrace args...]: run on $T_TMP/NAME.race
case1() {
    local name=$1 want_rc=$2 want=$3; shift 3
    out=$("$BUILD/daxrace" "$@" "$T_TMP/$name.race" 2>&1); rc=$?
    if [ "$rc" -ne "$want_rc" ]; then fail "$name" "status $rc, want $want_rc: $out"
    elif ! grep -qF -- "$want" <<<"$out"; then fail "$name" "no '$want' in: $out"
    else pass "$name"; fi
}

mk unknown-command $'P0\nfrobnicate f'
case1 unknown-command 2 "unknown-command.race:7: unknown command 'frobnicate' (valid: resume, wait,"
mk unknown-point $'P0\nfsync f until fault:nowhere'
case1 unknown-point 2 "unknown-point.race:7: unknown race point 'fault:nowhere' (valid: fault:start,"
mk two-steps-one-line $'P0 | P1\nfsync f | fsync f'
case1 two-steps-one-line 2 "two-steps-one-line.race:7: steps for P0 and P1 on one line"
mk bad-arg-count $'P0\nmmap f 0'
case1 bad-arg-count 2 "bad-arg-count.race:7: expected 'mmap FILE OFF LEN as NAME [ro]'"
printf '# Source: x\n# Expected result: y\nP0\nfsync f\n' >"$T_TMP/no-buggy.race"
case1 no-buggy 2 "no-buggy.race:1: missing '# Buggy result:'"
sed 's/^# Profile: fixed/# Profile: bogus/' <<<"$hdr" >"$T_TMP/bad-profile.race"; printf 'P0\nfsync f\n' >>"$T_TMP/bad-profile.race"
case1 bad-profile 2 "bad-profile.race:1: unknown profile 'bogus' (valid: fixed,"
sed 's/^# Profile: fixed/# Profile: fixed\n# Needs: warp-drive/' <<<"$hdr" >"$T_TMP/bad-need.race"; printf 'P0\nfsync f\n' >>"$T_TMP/bad-need.race"
case1 bad-need 2 "bad-need.race:1: unknown need 'warp-drive' (valid: pmd"
# A feature the target lacks is a skip with the reason, never a pass.
if [ "$(cat /proc/sys/vm/nr_hugepages 2>/dev/null || echo 0)" = 0 ]; then
    sed 's/^# Profile: fixed/# Profile: fixed\n# Needs: hugetlb/' <<<"$hdr" >"$T_TMP/needs-hugetlb.race"
    printf 'P0\nfsync f\n' >>"$T_TMP/needs-hugetlb.race"
    case1 needs-hugetlb 77 "SKIP needs-hugetlb/fixed: needs hugetlb: hugetlb region of 32 MiB: not enough free 2 MiB huge pages"
else
    skip needs-hugetlb "this machine has huge pages reserved, so the skip path cannot be shown"
fi
mk never-reached $'P0\nfsync f until truncate:wait_pin'
case1 never-reached 1 "line 7: fsync f until truncate:wait_pin: finished without reaching race point truncate:wait_pin"
mk deadlock $'P0 | P1\nmmap f 0 4k as m |\nmread m 0 1 until fault:pte:after_grab_entry |\n | mwrite m 0 1 0x11'
case1 deadlock 1 "P0 parked at fault:pte:after_grab_entry (line 8: mread m 0 1 until fault:pte:after_grab_entry); P1 blocked on entry"
mk resume-not-parked $'P0\nfsync f\nresume'
case1 resume-not-parked 1 "line 8: P0 resume: it is idle, not parked"
mk crash-while-busy $'P0 | P1\nmmap f 0 4k as m |\nmread m 0 1 until fault:pte:after_get_block |\n | crash\nresume |'
case1 crash-while-busy 1 "crash while other threads are busy"
mk check-fails $'P0\nexpect f 0 4k == 0x11'
case1 check-fails 1 "line 7: expect f 0 4k == 0x11: byte 0 is 0x00, not 0x11"
mk passes $'P0\nfill f 0 4k 0x11\nexpect f 0 4k == 0x11'
case1 passes 0 "PASS passes/fixed"
case1 passes 2 "--profile 'nope': unknown name" --profile nope
out=$("$BUILD/daxrace" --repeat 0 x 2>&1); [ $? -eq 2 ] && grep -q "repeat: a whole number from 1 to 1000000, not '0'" <<<"$out" \
    && pass bad-repeat || fail bad-repeat "$out"
out=$("$BUILD/daxrace" 2>&1); [ $? -eq 2 ] && grep -q "no script given" <<<"$out" \
    && pass no-script || fail no-script "$out"
finish
