#!/usr/bin/env bash
# install-packages.sh - the Debian packages the vm target needs on the host:
# QEMU, the programs copied into the guest, and the tools that build it.
#
#   suite/vm/install-packages.sh
#
# Installed with apt-get when missing (root only).  Exit 0 when all are
# there, 77 when some are missing and cannot be installed (not root, or
# apt-get failed), naming them and the command that installs them.
set -euo pipefail
DAXBENCH_TOOL=vm
. "$(dirname "$0")/../targets/lib/common.sh"

# fio goes into the guest (the fio job; --no-fio leaves it out)
PACKAGES="qemu-system-x86 busybox-static xfsprogs e2fsprogs ndctl kmod cpio util-linux fio"

missing=()
for p in $PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
    die_skip "missing packages: ${missing[*]}; as root run: apt-get update && apt-get install -y ${missing[*]}"
fi
say "installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
if ! apt-get update -q >/dev/null 2>&1; then
    say "apt-get update failed; trying with the package lists there are"
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! apt-get install -y -q --no-install-recommends "${missing[@]}" >"$log" 2>&1; then
    tail -n 5 "$log" | sed 's/^/    /' >&2
    die_skip "apt-get could not install: ${missing[*]} (no network to the Debian archive?)"
fi
