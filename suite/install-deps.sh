#!/usr/bin/env bash
# install-deps.sh - installs the Debian packages a job needs.
#
#   suite/install-deps.sh build|test|run|check|loop
#
# As root, missing packages are installed with apt-get.  Otherwise the
# missing ones are named with the command that installs them, and the job
# goes on: what needs them is skipped, and says why.
set -u
need_build="gcc make libc6-dev pkg-config libpmem-dev"
need_test="$need_build xfsprogs valgrind gnuplot-nox jq time clang libclang-rt-14-dev"
need_run="$need_build gnuplot-nox"
need_check="$need_test e2fsprogs fio util-linux qemu-system-x86 busybox-static ndctl kmod cpio chromium file"
# the loop target: the filesystems, xfs_io, and fio for the fio job
need_loop="xfsprogs e2fsprogs util-linux fio"

case ${1:-} in
    build) want=$need_build ;;
    test)  want=$need_test ;;
    run)   want=$need_run ;;
    check) want=$need_check ;;
    loop)  want=$need_loop ;;
    *) echo "usage: $0 build|test|run|check|loop" >&2; exit 2 ;;
esac

missing=()
for p in $want; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
    echo "daxbench: missing packages: ${missing[*]}" >&2
    echo "daxbench: not root, so not installing them; as root run:" >&2
    echo "    apt-get update && apt-get install -y ${missing[*]}" >&2
    echo "daxbench: going on; what needs them will be skipped and say so." >&2
    exit 0
fi
echo "daxbench: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null; }; then
    echo "daxbench: apt-get could not install: ${missing[*]}" >&2
    echo "daxbench: going on; what needs them will be skipped and say so." >&2
fi
exit 0
