#!/usr/bin/env bash
# catalogue.sh - workloads/conformance/catalogue, the one list of checks,
# against every file it names: each race script exists and its "# Profile:"
# is the catalogue's profiles; each race script has a row; each stress
# program is built and has the break variant; each kernel mutant's
# "# Check:" names the row that lists it, and every mutant is listed; and
# run.sh --list-checks and the conformance job read it.  A catalogue with
# one planted mistake of each kind must be caught.
. "$(dirname "$0")/lib.sh"
CAT=$TOP/workloads/conformance/catalogue
cat_col() { (. "$TOP/suite/targets/lib/common.sh"; catalogue "$1" "$2"); }

# audit CATALOGUE: one line per disagreement; nothing when it agrees
audit() {
    local c v r p want m
    while read -r c v; do
        for r in ${v//,/ }; do
            [ -f "$TOP/workloads/races/$r.race" ] || echo "$c: race script $r.race does not exist"
        done
    done < <(cat_col race "$1")
    for r in "$TOP"/workloads/races/*.race; do
        r=$(basename "$r" .race)
        cat_col race "$1" | awk -v r="$r" '{ n = split($2, a, ","); for (i = 1; i <= n; i++) if (a[i] == r) f = 1 } END { exit !f }' \
            || echo "race script $r.race is in no catalogue row"
    done
    while read -r c p; do
        want=$(sed -n 's/^# Profile: *//p' "$TOP/workloads/races/$c.race" 2>/dev/null | head -n 1 | tr -d ' ')
        [ "$p" = "$want" ] || echo "$c: profiles '$p', but $c.race says '# Profile: $want'"
    done < <(cat_col profiles "$1")
    while read -r c v; do
        [ -x "$BUILD/stress-$v" ] || { echo "$c: build/stress-$v is not built"; continue; }
        b=$(cat_col break "$1" | awk -v c="$c" '$1 == c { print $2 }')
        [ -z "$b" ] || "$BUILD/stress-$v" --break list 2>&1 | cut -f1 | grep -qx "$b" \
            || echo "$c: stress-$v has no --break $b"
    done < <(cat_col stress "$1")
    for m in "$TOP"/workloads/kernel-mutants/*.patch; do
        want=$(sed -n 's/^# Check: *//p' "$m" | head -n 1)
        m=$(basename "$m" .patch)
        c=$(cat_col mutants "$1" | awk -v m="$m" '{ n = split($2, a, ","); for (i = 1; i <= n; i++) if (a[i] == m) print $1 }')
        [ -n "$c" ] || { echo "mutant $m is in no catalogue row"; continue; }
        [ "$c" = "$want" ] || echo "mutant $m: listed under $c, but its patch says '# Check: $want'"
    done
}
[ -x "$BUILD/stress-durable" ] || { fail built "the stress programs are not built (make)"; finish; }
got=$(audit "$CAT")
[ -z "$got" ] && pass catalogue-agrees || fail catalogue-agrees "$got"
expect list-checks "$(cat_col check "$CAT")" "$("$TOP/run.sh" --list-checks)"
# the conformance job's checks and break variants come from it
n=$(cat_col stress "$CAT" | wc -l)
[ "$n" -ge 6 ] && [ "$(cat_col break "$CAT" | wc -l)" = "$n" ] && pass real-checks-have-breaks \
    || fail real-checks-have-breaks "$n real checks, $(cat_col break "$CAT" | wc -l) break variants"

# planted mistakes, one of each kind, each named
planted() {   # NAME SED WANT
    sed "$2" "$CAT" >"$T_TMP/cat.$1"
    got=$(audit "$T_TMP/cat.$1")
    grep -q "$3" <<<"$got" && pass "planted-$1" || fail "planted-$1" "not caught: $3; got: $got"
}
planted profile 's/^\(lock-order  *lock-order .*\)inverted-lock-order$/\1no-such-profile/' "lock-order: profiles 'no-such-profile'"
planted race 's/^mkwrite-vs-punch  *mkwrite-vs-punch /mkwrite-vs-punch  mkwrite-vs-punsh /' "mkwrite-vs-punch.race is in no catalogue row"
planted break 's/ private-cow  *write-no-hole-invalidate/ privat-cow write-no-hole-invalidate/' "stress-hole-load-vs-alloc has no --break privat-cow"
planted mutant 's/fault-no-isize-recheck/-/' "mutant fault-no-isize-recheck is in no catalogue row"
finish
