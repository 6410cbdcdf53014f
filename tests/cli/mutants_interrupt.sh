#!/usr/bin/env bash
# mutants_interrupt.sh - Ctrl-C during a kernel build of suite/vm/mutants.sh
# leaves the cached tree as it was (the mutant's patch reversed) and the
# cached build marked incomplete, so the next run rebuilds it; and a mutant
# that no longer applies is named with its file.  No real kernel: a fake
# tree whose "make bzImage" sleeps, and fake flex/bison/bc on PATH.
. "$(dirname "$0")/lib.sh"
if [ "$(id -u)" -ne 0 ]; then skip all "mutants.sh needs root (it installs the kernel source)"; finish; fi
C=$T_TMP/cache KB=$T_TMP/cache/kbuild T=$T_TMP/cache/kbuild/linux-source-6.1 M=$T_TMP/mutants
mkdir -p "$T/fs" "$T/arch/x86/boot" "$KB/images" "$M" "$T_TMP/bin"
printf 'line one\nline two\nline three\n' >"$T/fs/dax.c"
cp "$T/fs/dax.c" "$T_TMP/dax.c.orig"
touch "$T/.daxbench-unpacked" "$T_TMP/fake-src.tar.xz"
sha256sum "$TOP/workloads/kernel/daxbench.config" | cut -c1-16 >"$T/.daxbench-config"
# "make bzImage": announces itself, then takes its time
cat >"$T/Makefile" <<'EOF'
bzImage:
	@touch $(CURDIR)/.make-started
	@sleep 30
	@echo built > arch/x86/boot/bzImage
EOF
for t in flex bison bc; do printf '#!/bin/sh\nexit 0\n' >"$T_TMP/bin/$t"; chmod +x "$T_TMP/bin/$t"; done
cat >"$M/fake.patch" <<'EOF'
# Check: fault-vs-truncate
# Filesystem: xfs
# DAX: on
# Reverts: nothing (a test)
# Must see: nothing
# Revealable under TCG: yes
--- a/fs/dax.c
+++ b/fs/dax.c
@@ -1,3 +1,3 @@
 line one
-line two
+line TWO (mutant)
 line three
EOF

# run_until_make NAME: start mutants.sh in its own process group, wait for
# the fake make to start, then Ctrl-C the whole group as a terminal would.
# (A background job of a script starts with SIGINT ignored, and a shell
# cannot trap a signal ignored at entry: perl restores the default first.)
run_until_make() {
    local name=$1 pg i
    rm -f "$T/.make-started"
    PATH=$T_TMP/bin:$PATH DAXBENCH_CACHE=$C DAXBENCH_MUTANTS=$M DAXBENCH_KSRC_TAR=$T_TMP/fake-src.tar.xz \
        perl -e '$SIG{INT} = "DEFAULT"; setpgrp(0, 0); exec @ARGV or die "exec: $!"' \
        "$TOP/suite/vm/mutants.sh" --build-only >"$T_TMP/$name.out" 2>&1 &
    pg=$!
    for i in $(seq 100); do [ -f "$T/.make-started" ] && break; sleep 0.1; done
    if [ ! -f "$T/.make-started" ]; then
        fail "$name" "the fake make never started: $(tail -n 3 "$T_TMP/$name.out")"; kill -KILL -- -"$pg" 2>/dev/null; return 1
    fi
    kill -INT -- -"$pg"
    wait "$pg"; echo $? >"$T_TMP/$name.rc"
}

# 1. Ctrl-C during the control build: no image is kept, and the tree says
#    the build is incomplete, so the next run builds the control again.
if run_until_make control; then
    expect control_rc 130 "$(cat "$T_TMP/control.rc")"
    [ ! -e "$KB/images/control.bzImage" ] && pass control_no_image || fail control_no_image "an image of an interrupted build was kept"
    [ -e "$T/.daxbench-building" ] && pass control_marked || fail control_marked "no .daxbench-building mark after the interrupted build"
    grep -q "interrupted" "$T_TMP/control.out" && pass control_said || fail control_said "$(cat "$T_TMP/control.out")"
fi

# 2. Ctrl-C during a mutant's incremental build: its patch is reversed.
echo built >"$KB/images/control.bzImage"; rm -f "$T/.daxbench-building"
if run_until_make mutant; then
    expect mutant_rc 130 "$(cat "$T_TMP/mutant.rc")"
    cmp -s "$T/fs/dax.c" "$T_TMP/dax.c.orig" && pass mutant_reversed \
        || fail mutant_reversed "the tree still has the mutant: $(cat "$T/fs/dax.c")"
    [ ! -e "$T/.daxbench-applied" ] && pass mutant_unrecorded || fail mutant_unrecorded ".daxbench-applied left behind"
    [ ! -e "$KB/images/fake.bzImage" ] && pass mutant_no_image || fail mutant_no_image "an interrupted mutant image was kept"
    [ -e "$KB/images/control.bzImage" ] && pass control_kept || fail control_kept "the cached control image is gone"
    # the tree's objects are half a mutant's: the next run rebuilds the control
    [ -e "$T/.daxbench-building" ] && pass mutant_marked || fail mutant_marked "no .daxbench-building mark"
fi
rm -f "$T/.daxbench-building"

# 3. A mutant that no longer applies: named, with its file; nothing built.
sed -i 's/^-line two$/-line 2/' "$M/fake.patch"
rm -f "$T/.make-started"
PATH=$T_TMP/bin:$PATH DAXBENCH_CACHE=$C DAXBENCH_MUTANTS=$M DAXBENCH_KSRC_TAR=$T_TMP/fake-src.tar.xz \
    "$TOP/suite/vm/mutants.sh" --build-only >"$T_TMP/stale.out" 2>&1; rc=$?
[ $rc -ne 0 ] && grep -q "fake no longer applies: .*fake.patch, file fs/dax.c" "$T_TMP/stale.out" && pass stale_named \
    || fail stale_named "status $rc: $(cat "$T_TMP/stale.out")"
[ ! -e "$T/.make-started" ] && pass stale_not_built || fail stale_not_built "make ran for a patch that does not apply"
cmp -s "$T/fs/dax.c" "$T_TMP/dax.c.orig" && pass stale_tree_intact || fail stale_tree_intact "$(cat "$T/fs/dax.c")"
finish
