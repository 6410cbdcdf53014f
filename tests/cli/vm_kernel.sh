#!/usr/bin/env bash
# vm_kernel.sh - `--kernel PATH` (suite/vm/local-kernel.sh) and the kernel
# mutants driver (suite/vm/mutants.sh) without booting anything: a PATH
# that is no bzImage or built tree is refused with the reason; a config
# that lacks what the vm target needs names every missing option and the
# command that merges the fragment; a complete one passes the check; the
# release is read from the bzImage header; every mutant has its headers and
# applies to linux-source-6.1 when that tree is here.  Status 2 for each
# refusal.  No root, no VM.
. "$(dirname "$0")/lib.sh"
LK=$TOP/suite/vm/local-kernel.sh
FRAG=$TOP/workloads/kernel/daxbench.config

# fake_bzimage FILE RELEASE: the boot protocol header only ("HdrS" at 0x202,
# kernel_version at 0x20e pointing at the version string)
fake_bzimage() {
    head -c 4096 /dev/zero >"$1"
    printf 'HdrS' | dd of="$1" bs=1 seek=514 conv=notrunc status=none
    printf '\x00\x02' | dd of="$1" bs=1 seek=526 conv=notrunc status=none     # 0x200 + 0x200 = 0x400
    printf '%s (test@daxbench) #1 SMP\0' "$2" | dd of="$1" bs=1 seek=1024 conv=notrunc status=none
}
refused() {   # NAME WANT-TEXT ARGS...
    local name=$1 want=$2 out rc; shift 2
    out=$("$LK" "$@" 2>&1); rc=$?
    [ $rc = 2 ] && grep -qF -- "$want" <<<"$out" && pass "$name" || fail "$name" "status $rc, want 2 and '$want': $out"
}

refused no-such-path "no such file or directory" "$T_TMP/nope" --check
echo "not a kernel" >"$T_TMP/notakernel"
refused not-a-bzimage "is not a bzImage (no HdrS boot header at 0x202)" "$T_TMP/notakernel" --check
mkdir -p "$T_TMP/tree/arch/x86" && touch "$T_TMP/tree/Makefile"
refused tree-without-kernel "no built kernel in the tree" "$T_TMP/tree" --check
mkdir -p "$T_TMP/notree"
refused dir-not-a-tree "not a kernel tree" "$T_TMP/notree" --check

fake_bzimage "$T_TMP/bzImage" 6.1.192-test
# a complete config: every option of the fragment, built in
grep -o '^CONFIG_[A-Z0-9_]*=y' "$FRAG" >"$T_TMP/config-full"
out=$("$LK" "$T_TMP/bzImage" --check "$T_TMP/config-full" 2>&1); rc=$?
[ $rc = 0 ] && grep -q 'kernel 6.1.192-test' <<<"$out" && pass complete-config-accepted-release-read \
    || fail complete-config-accepted-release-read "status $rc: $out"
# no DAX: every missing option named, with what needs it, and the fix
grep -v -E '^CONFIG_(FS_DAX|FS_DAX_PMD|ZONE_DEVICE|XFS_FS)=' "$T_TMP/config-full" >"$T_TMP/config-nodax"
out=$("$LK" "$T_TMP/bzImage" --check "$T_TMP/config-nodax" 2>&1); rc=$?
if [ $rc = 2 ] && grep -q '^  CONFIG_FS_DAX (mount -o dax' <<<"$out" && grep -q '^  CONFIG_FS_DAX_PMD ' <<<"$out" \
   && grep -q '^  CONFIG_ZONE_DEVICE ' <<<"$out" && grep -q '^  CONFIG_XFS_FS ' <<<"$out" \
   && [ "$(grep -c '^  CONFIG_' <<<"$out")" = 4 ] && grep -q 'merge_config.sh -m .config' <<<"$out"; then
    pass config-without-dax-names-each-option
else
    fail config-without-dax-names-each-option "status $rc: $out"
fi
# optional options only warn
grep -v -E '^CONFIG_IKCONFIG=' "$T_TMP/config-full" >"$T_TMP/config-noik"
out=$("$LK" "$T_TMP/bzImage" --check "$T_TMP/config-noik" 2>&1); rc=$?
[ $rc = 0 ] && grep -q 'lacks optional CONFIG_IKCONFIG' <<<"$out" && pass optional-option-warns \
    || fail optional-option-warns "status $rc: $out"
# config beside the image: config-<release>
cp "$T_TMP/config-nodax" "$T_TMP/config-6.1.192-test"
refused config-beside-image-read "CONFIG_FS_DAX" "$T_TMP/bzImage" --check
rm -f "$T_TMP/config-6.1.192-test"
refused no-config-at-all "no config to check" "$T_TMP/bzImage" --check
# vm.sh refuses before anything is installed or booted (also as non-root)
out=$("$TOP/suite/vm/vm.sh" --kernel "$T_TMP/notakernel" 2>&1); rc=$?
[ $rc = 2 ] && grep -q 'is not a bzImage' <<<"$out" && pass vm-refuses-bad-kernel || fail vm-refuses-bad-kernel "status $rc: $out"
out=$("$TOP/suite/vm/vm.sh" --kernel "$T_TMP/bzImage" --kernel-pkg linux-image-amd64 2>&1); rc=$?
[ $rc = 2 ] && grep -q 'one kernel at a time' <<<"$out" && pass vm-one-kernel || fail vm-one-kernel "status $rc: $out"
out=$("$TOP/run.sh" --target loop --kernel "$T_TMP/bzImage" --out "$T_TMP/never" 2>&1); rc=$?
[ $rc = 2 ] && grep -q -- '--kernel is for --target vm only' <<<"$out" && pass run-sh-kernel-vm-only || fail run-sh-kernel-vm-only "status $rc: $out"

# The mutants: headers, and (with the source tree here) that each applies.
M=$TOP/workloads/kernel-mutants
n=0
for p in "$M"/*.patch; do
    n=$((n + 1)); b=$(basename "$p" .patch)
    for h in Check Filesystem DAX Reverts 'Must see' 'Revealable under TCG'; do
        grep -q "^# $h: ." "$p" || fail "mutant-$b-headers" "no '# $h:' header"
    done
    c=$(sed -n 's/^# Check: //p' "$p")
    case $c in hole-load-vs-alloc|fault-vs-truncate|gup-pin-vs-truncate|zero-new-blocks|hole-to-pmd|durable) ;;
    *) fail "mutant-$b-check" "'$c' is not a real check" ;; esac
done
[ $n -ge 5 ] && pass "mutants-have-headers ($n)" || fail mutants-have-headers "only $n mutants"
KT=${DAXBENCH_CACHE:-/var/tmp/daxbench}/kbuild/linux-source-6.1
if [ -f "$KT/fs/dax.c" ] && [ ! -f "$KT/.daxbench-applied" ]; then
    bad=
    for p in "$M"/*.patch; do patch -d "$KT" -p1 --dry-run -s <"$p" >/dev/null 2>&1 || bad+=" $(basename "$p")"; done
    [ -z "$bad" ] && pass mutants-apply-to-6.1 || fail mutants-apply-to-6.1 "do not apply:$bad"
else
    skip mutants-apply-to-6.1 "no unpacked linux-source-6.1 in $KT (suite/vm/mutants.sh makes it)"
fi
out=$("$TOP/suite/vm/mutants.sh" --only no-such-mutant 2>&1); rc=$?
[ $rc = 2 ] && grep -q "unknown mutant 'no-such-mutant' (valid: " <<<"$out" && pass mutants-bad-name || fail mutants-bad-name "status $rc: $out"
finish
