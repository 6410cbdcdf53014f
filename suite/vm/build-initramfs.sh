#!/usr/bin/env bash
# build-initramfs.sh - the guest's whole root filesystem, as an initramfs:
# busybox-static, bash, the kernel modules for the emulated NVDIMM, XFS,
# ext4 and virtio-blk (with their dependencies), xfs_io, mkfs.xfs,
# mkfs.ext4, ndctl, fio when installed, and the project's binaries from
# build/ when built (daxio, daxrace, daxcopy, stress-*) - each with the shared libraries ldd names.
#
#   suite/vm/build-initramfs.sh KERNELDIR OUTFILE
#
# KERNELDIR comes from fetch-kernel.sh.  OUTFILE is rebuilt only when an
# input changed: OUTFILE.inputs lists every input with its sha256 (files
# copied, the module list, /init, this script), and a build whose list
# matches the stored one is skipped.  Jobs and the target scripts are NOT
# in the initramfs - they travel on the transfer disk each boot - so
# editing a job never rebuilds this.  Env: DAXBENCH_TOP (for build/),
# DAXBENCH_NO_FIO=1 leaves fio out, DAXBENCH_COMPRESS=gzip|zstd picks the
# compressor (default zstd when installed).
set -euo pipefail
DAXBENCH_TOOL=vm
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../targets/lib/common.sh"
top=${DAXBENCH_TOP:-$(cd "$here/../.." && pwd)}

kdir=${1:?usage: build-initramfs.sh KERNELDIR OUTFILE}
outfile=${2:?usage: build-initramfs.sh KERNELDIR OUTFILE}
rel=$(cat "$kdir/release")

# The modules: NVDIMM bus and ACPI NFIT, pmem block device (+BTT/PFN), DAX
# devices, the two filesystems, virtio-blk for the transfer disk, and brd
# (/dev/ram0: a scratch block device for O_DIRECT whose buffer is a DAX
# mapping, so that the transfer really pins the DAX pages).
MODULES="nfit nd_pmem nd_btt nd_e820 dax_pmem device_dax xfs ext4 virtio_pci virtio_blk brd loop"

# Host programs copied into the guest, with the package that provides each.
TOOLS="/bin/busybox:busybox-static /bin/bash:bash /usr/sbin/xfs_io:xfsprogs
       /usr/sbin/mkfs.xfs:xfsprogs /usr/sbin/mke2fs:e2fsprogs /usr/bin/ndctl:ndctl
       /usr/bin/setsid:util-linux"

bins=()
for spec in $TOOLS; do
    f=${spec%%:*}
    [ -x "$f" ] || die "$f is missing: install package ${spec#*:}"
    bins+=("$f")
done
if [ "${DAXBENCH_NO_FIO:-0}" != 1 ] && [ -x /usr/bin/fio ]; then bins+=(/usr/bin/fio); fi
projbins=()
for b in daxio daxrace daxcopy; do
    [ -x "$top/build/$b" ] && projbins+=("$top/build/$b")
done
for b in "$top"/build/stress-*; do      # the conformance checks (suite/stress)
    [ -x "$b" ] && projbins+=("$b")
done

# Module files in load order (dependencies first), as paths relative to
# lib/modules/<rel>/.  -C /dev/null: the host's modprobe.d has no say here.
# A kernel you built (local-kernel.sh: $kdir/config) had its config checked
# against workloads/kernel/daxbench.config: a module it does not have is
# built in.
module_list() {
    local m deps
    for m in $MODULES; do
        if deps=$(modprobe -C /dev/null -d "$kdir" -S "$rel" --show-depends "$m" 2>/dev/null); then
            awk '$1 == "insmod" { print $2 }' <<<"$deps"
        elif [ ! -f "$kdir/config" ]; then
            die "module $m not found in $kdir (kernel $rel)"
        fi
    done | awk '!seen[$0]++' | sed "s|^.*/lib/modules/$rel/||"
}

libs_of() {   # shared libraries of ELF files, resolved on this host
    local f
    for f in "$@"; do
        ldd "$f" 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'
    done | sort -u
}

# zstd unpacks faster than gzip in a TCG guest; gzip is always there.
# A kernel you built unpacks zstd only with CONFIG_RD_ZSTD.
compress=${DAXBENCH_COMPRESS:-$(command -v zstd >/dev/null && { [ ! -f "$kdir/config" ] || grep -q '^CONFIG_RD_ZSTD=y' "$kdir/config"; } && echo zstd || echo gzip)}
case $compress in
zstd) command -v zstd >/dev/null || die "DAXBENCH_COMPRESS=zstd: install package zstd"
      compress_cmd=(zstd -q -T1 -6) ;;
gzip) compress_cmd=(gzip -1) ;;
*)    die "DAXBENCH_COMPRESS must be zstd or gzip, not '$compress'" ;;
esac

mods=$(module_list)
libs=$(libs_of "${bins[@]}" "${projbins[@]}")

inputs=$(
    echo "kernel $rel $kdir"
    echo "compress ${compress_cmd[*]}"
    echo "modules $(echo "$mods" | tr '\n' ' ')"
    sha256sum "$0" "$here/guest/init" "${bins[@]}" "${projbins[@]}" $libs /etc/mke2fs.conf
)
if [ -f "$outfile" ] && [ -f "$outfile.inputs" ] && [ "$inputs" = "$(cat "$outfile.inputs")" ]; then
    say "initramfs up to date: $outfile"
    exit 0
fi

say "building the guest initramfs for $rel"
R=$(mktemp -d "$(dirname "$outfile")/.initramfs.XXXXXX")
trap 'rm -rf "$R"' EXIT
mkdir -p "$R"/{usr/bin,usr/sbin,usr/lib,usr/lib64,etc,proc,sys,dev,tmp,run,mnt,opt/daxbench/bin}
for d in bin sbin lib lib64; do ln -s "usr/$d" "$R/$d"; done

# Paths keep their place, folded into /usr as on the host (/lib -> usr/lib).
put() {
    local src=$1 dst
    case $src in /usr/*) dst=$R/$src ;; *) dst=$R/usr$src ;; esac
    mkdir -p "$(dirname "$dst")"
    cp -L "$src" "$dst"
}
for f in "${bins[@]}" $libs; do put "$f"; done
for f in "${projbins[@]}"; do cp "$f" "$R/opt/daxbench/bin/"; done
# busybox fills in every command the host programs above do not provide.
for a in $("$R/bin/busybox" --list-full); do
    [ -e "$R/$a" ] || [ -L "$R/$a" ] || ln -s /bin/busybox "$R/$a"
done
ln -sf mke2fs "$R/usr/sbin/mkfs.ext4"
cp /etc/mke2fs.conf "$R/etc/"
echo "root:x:0:0:root:/root:/bin/bash" > "$R/etc/passwd"
echo "root:x:0:" > "$R/etc/group"

mdir=$R/lib/modules/$rel
mkdir -p "$mdir"
for m in $mods; do
    mkdir -p "$mdir/$(dirname "$m")"
    cp "$kdir/lib/modules/$rel/$m" "$mdir/$m"
done
echo "$mods" > "$R/etc/daxbench-modules"       # the order /init loads them in (empty: all built in)
cp "$kdir/lib/modules/$rel"/modules.{order,builtin,builtin.modinfo} "$mdir/"
depmod -b "$R" "$rel"

install -m 0755 "$here/guest/init" "$R/init"

(cd "$R" && find . -print0 | cpio --null -o -H newc --quiet | "${compress_cmd[@]}") > "$outfile.tmp"
mv "$outfile.tmp" "$outfile"
echo "$inputs" > "$outfile.inputs"
say "initramfs: $outfile ($(( $(stat -c %s "$outfile") >> 20 )) MiB, $compress)"
