# lib.sh - the shell side of the test harness; source it from tests/cli/*.sh.
#
#   pass NAME            record a pass
#   fail NAME WHY        record a failure with its reason
#   skip NAME WHY        record a skip; WHY is required
#   expect NAME WANT GOT compare two strings, pass or fail with a diff
#   finish               print "N passed, N failed, N skipped" and exit
#                        0 / 1 / 77
set -u
TOP=${DAXBENCH_TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$TOP/$BUILD ;; esac
DAXIO=$BUILD/daxio
T_NAME=$(basename "$0" .sh)
T_PASS=0 T_FAIL=0 T_SKIP=0
T_TMP=$(mktemp -d "${TMPDIR:-/tmp}/daxbench-$T_NAME.XXXXXX")
trap 'rm -rf "$T_TMP"' EXIT

pass() { echo "PASS $T_NAME/$1"; T_PASS=$((T_PASS + 1)); }
fail() { echo "FAIL $T_NAME/$1: $2"; T_FAIL=$((T_FAIL + 1)); }
skip() { [ -n "${2:-}" ] || { fail "$1" "skip without a reason"; return; }
         echo "SKIP $T_NAME/$1: $2"; T_SKIP=$((T_SKIP + 1)); }
expect() {
    if [ "$2" == "$3" ]; then pass "$1"
    else fail "$1" "output differs"; diff <(echo "$2") <(echo "$3") | sed 's/^/    /'; fi
}
finish() {
    echo "$T_PASS passed, $T_FAIL failed, $T_SKIP skipped"
    [ "$T_FAIL" -gt 0 ] && exit 1
    [ "$T_PASS" -eq 0 ] && [ "$T_SKIP" -gt 0 ] && exit 77
    exit 0
}
