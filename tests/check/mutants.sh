#!/usr/bin/env bash
# mutants.sh - the tests of the tests: every mutant in tests/mutants/ must
# make its named test fail.  Runs in a scratch copy of the tree; the
# checkout is never modified.
set -u
. "$(dirname "$0")/../cli/lib.sh"
command -v gcc >/dev/null || { skip all "gcc is not installed"; finish; }

src=$TOP
work=$T_TMP/tree
# The copy builds into its own build/: BUILD=build on every make line, as
# the caller's BUILD (run-tests.sh exports it, lib.sh makes it absolute)
# names the checkout's build folder, not the copy's.
mkdir -p "$work"
(cd "$src" && tar cf - --exclude=./build --exclude=./build-asan --exclude=./build-fuzz --exclude=./.git --exclude=./results .) | (cd "$work" && tar xf -)
if ! make -C "$work" -s -j2 BUILD=build >"$T_TMP/build.log" 2>&1; then
    fail build "the unmutated tree does not build"; sed 's/^/    /' "$T_TMP/build.log" | tail -5; finish
fi

# apply FILE OLDTEXT NEWTEXT: replace the first exact occurrence; fails if absent.
apply() {
    # the texts through the environment: awk -v would turn their \n into
    # line breaks, and C's format strings are full of them
    MUT_OLD=$2 MUT_NEW=$3 awk 'BEGIN { RS = "^$"; ORS = ""; old = ENVIRON["MUT_OLD"]; new = ENVIRON["MUT_NEW"] }
        { i = index($0, old); if (!i) exit 3; print substr($0, 1, i - 1) new substr($0, i + length(old)) }' \
        "$1" >"$1.mut" && mv "$1.mut" "$1"
}

# MUTANTS=GLOB runs only the mutants whose name matches (e.g. 'commit-*').
for m in "$src"/tests/mutants/*.mut; do
    name=$(basename "$m" .mut)
    # shellcheck disable=SC2053
    [[ $name == ${MUTANTS:-*} ]] || continue
    file=$(sed -n 's/^# file: //p' "$m")
    test=$(sed -n 's/^# test: //p' "$m")
    build=$(sed -n 's/^# build: //p' "$m")       # what to rebuild (default below)
    old=$(awk '/^--- old$/{f=1;next} /^--- new$/{f=0} f' "$m")
    new=$(awk '/^--- new$/{f=1;next} f' "$m")
    if [ -z "$file" ] || [ -z "$test" ] || [ -z "$old" ]; then
        fail "$name" "malformed mutant (needs # file:, # test:, --- old, --- new)"; continue
    fi
    if [ ! -f "$work/$file" ]; then
        # (restoring a copy of another file here would plant it in the tree)
        fail "$name" "$file is not in the tree: update the mutant"; continue
    fi
    cp "$work/$file" "$T_TMP/orig"
    if ! apply "$work/$file" "$old" "$new"; then
        fail "$name" "the old text is no longer in $file: update the mutant"
        cp "$T_TMP/orig" "$work/$file"; continue
    fi
    # A unit test is build/tests/NAME; a command-line test is its script
    # (tests/cli/NAME.sh), run against the mutated build/daxio, or against
    # what the mutant's "# build:" line names.
    case $test in
        *.sh) target=${build:-build/daxio}; runit=(bash "$test") ;;
        *)    target=${build:-build/tests/$test}; runit=("build/tests/$test") ;;
    esac
    if ! make -C "$work" -s BUILD=build "$target" >"$T_TMP/mbuild.log" 2>&1; then
        fail "$name" "the mutant does not compile"; sed 's/^/    /' "$T_TMP/mbuild.log" | head -3
    else
        # Caught means a FAIL: a skip (77), or a run that ends with no
        # FAIL line, proves nothing about the bug.
        # A planted bug may loop writing: no file may grow past 8 GiB
        # (SIGXFSZ) and no test may run past 15 minutes, so a runaway
        # mutant is a failed test, not a full disk.
        (ulimit -f 8388608; cd "$work" && BUILD=build DAXBENCH_TOP="$work" FUZZ_SECONDS=1 \
            timeout 900 "${runit[@]}" >"$T_TMP/out" 2>&1)
        rc=$?
        if [ $rc -eq 0 ]; then
            fail "$name" "survived: $test still passes with this bug planted"
        elif [ $rc -eq 77 ] || ! grep -q '^FAIL' "$T_TMP/out"; then
            fail "$name" "not caught: $test exited $rc without a FAIL line ($(grep -m1 '^SKIP' "$T_TMP/out" || tail -n1 "$T_TMP/out"))"
        else
            pass "$name"
            grep -m1 '^FAIL' "$T_TMP/out" | sed 's/^/    caught by: /'
        fi
    fi
    cp "$T_TMP/orig" "$work/$file"
    touch "$work/$file"
done
finish
