# lib.sh - the shell side of the test harness; source it from tests/cli/*.sh.
#
#   pass NAME            record a pass
#   fail NAME WHY        record a failure with its reason
#   skip NAME WHY        record a skip; WHY is required
#   expect NAME WANT GOT compare two strings, pass or fail with a diff
#   finish               print "N passed, N failed, N skipped" and exit
#                        0 / 1 / 77
#   need_daxio [ref]     end the program (fail) unless daxio is built, or
#                        (skip) with "ref" unless it has the ref target
#   need_xfs_io          set XFS_IO, or end the program with a skip
#   both NAME [FILE...] -- ARGS...   run xfs_io and daxio on ARGS, compare
#   csvcols COLS FILE    the columns COLS (comma-separated names) of a CSV,
#                        tab-separated, no header (suite/common/csv-cols.awk)
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

need_daxio() {
    if [ ! -x "$DAXIO" ]; then fail all "$DAXIO is not built"; finish; fi
    if [ "${1:-}" = ref ] &&
       "$DAXIO" --ref movnt -V 2>&1 | grep -q "built without the reference target"; then
        skip all "this daxio was built without libdaxref"; finish
    fi
}

need_xfs_io() {
    XFS_IO=${XFS_IO:-$(command -v xfs_io || true)}
    XFS_IO=${XFS_IO:-/usr/sbin/xfs_io}
    if [ ! -x "$XFS_IO" ]; then
        skip all "xfs_io is not installed (Debian package xfsprogs)"; finish
    fi
}

# both NAME [files-to-cmp] -- ARGS...: runs "${XFS_IO_RUN[@]} ARGS" (default:
# "$XFS_IO ARGS") in $BASE/N/x and "daxio ARGS" in $BASE/N/d, fresh
# directories ($BASE defaults to $T_TMP), each after "eval $SETUP" if SETUP
# is set.  Standard output, standard error and the exit status must be equal
# after the caller's mask() filter, the named files identical, and xfs_io
# must have printed something (a case that shows nothing tests nothing).
T_BOTH=0
both() {
    local name=$1; shift
    local cmpfiles=()
    while [ "$1" != -- ]; do cmpfiles+=("$1"); shift; done
    shift
    T_BOTH=$((T_BOTH + 1))
    local x=${BASE:-$T_TMP}/$T_BOTH/x d=${BASE:-$T_TMP}/$T_BOTH/d run=("${XFS_IO_RUN[@]:-$XFS_IO}")
    mkdir -p "$x" "$d"
    [ -n "${SETUP:-}" ] && (cd "$x" && eval "$SETUP") && (cd "$d" && eval "$SETUP")
    (cd "$x" && "${run[@]}" "$@" >out 2>err; echo $? >rc)
    (cd "$d" && "$DAXIO" "$@" >out 2>err; echo $? >rc)
    local why=""
    for s in out err rc; do
        diff <(mask <"$x/$s") <(mask <"$d/$s") >"$x/../diff.$s" || why+=" $s differs;"
    done
    for f in "${cmpfiles[@]}"; do
        cmp -s "$x/$f" "$d/$f" || why+=" contents of $f differ;"
    done
    [ -s "$x/out" ] || [ -s "$x/err" ] || why+=" xfs_io printed nothing;"
    if [ -z "$why" ]; then
        pass "$name"
    else
        fail "$name" "${why%;} (xfs_io ${*})"
        for s in out err rc; do
            [ -s "$x/../diff.$s" ] && sed "s/^/    $s: /" "$x/../diff.$s" | head -20
        done
    fi
}

csvcols() { awk -f "$TOP/suite/common/csv.awk" -f "$TOP/suite/common/csv-cols.awk" -v cols="$1" "$2"; }
