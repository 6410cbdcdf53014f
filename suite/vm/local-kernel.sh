#!/usr/bin/env bash
# local-kernel.sh - a kernel you built, made ready for the vm target: the
# same folder layout fetch-kernel.sh makes of a Debian package
# (boot/vmlinuz-<release>, lib/modules/<release>/, "release"), after a
# check of the kernel's config against workloads/kernel/daxbench.config.
#
#   suite/vm/local-kernel.sh PATH CACHEDIR [CONFIG]
#   suite/vm/local-kernel.sh PATH --check [CONFIG]   (check only, write nothing)
#
# PATH is a bzImage, or a built kernel tree (its arch/x86/boot/bzImage,
# its .config, and its modules through `make modules_install` into the
# cache when the kernel has modules).  The config is, in this order:
# CONFIG (a file), the tree's .config, a "config-<release>" or ".config"
# beside the bzImage, or the config embedded in the image (IKCONFIG).
# Every "required" option of the fragment that is neither =y nor (with
# modules) =m is named, and nothing boots.  Prints the folder on success.
# Exit 2 for a PATH that is no bzImage or tree with a built kernel, or a
# config that lacks what the targets need (the message names each).
set -euo pipefail
DAXBENCH_TOOL=vm
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../targets/lib/common.sh"
FRAGMENT=$here/../../workloads/kernel/daxbench.config

path=${1:?usage: local-kernel.sh PATH CACHEDIR [CONFIG]}
cache=${2:?usage: local-kernel.sh PATH CACHEDIR [CONFIG]}
config=${3:-}
refuse() { echo "vm: --kernel $path: $*" >&2; exit 2; }

tree=
if [ -d "$path" ]; then
    tree=$(cd "$path" && pwd)
    [ -f "$tree/Makefile" ] && [ -d "$tree/arch/x86" ] || refuse "not a kernel tree (no Makefile and arch/x86/)"
    image=$tree/arch/x86/boot/bzImage
    [ -f "$image" ] || refuse "no built kernel in the tree: $image is missing (make bzImage first)"
    [ -n "$config" ] || config=$tree/.config
    [ -f "$config" ] || refuse "the tree has no .config"
    [ "$config" -nt "$image" ] && [ "$tree/.config" = "$config" ] &&
        refuse ".config is newer than arch/x86/boot/bzImage: the image is not built from it (make bzImage)"
elif [ -f "$path" ]; then
    image=$(cd "$(dirname "$path")" && pwd)/$(basename "$path")
else
    refuse "no such file or directory"
fi

# A bzImage: the boot protocol's "HdrS" at 0x202, and the version string
# the header points at (kernel_version, 0x20e, relative to 0x200).
magic=$(dd if="$image" bs=1 skip=514 count=4 status=none 2>/dev/null || true)
[ "$magic" = HdrS ] || refuse "$(basename "$image") is not a bzImage (no HdrS boot header at 0x202)"
vofs=$(od -An -tu2 -j 526 -N 2 "$image" | tr -d ' ')
rel=$(dd if="$image" bs=1 skip=$((vofs + 512)) count=200 status=none | tr '\0' '\n' | head -n 1 | awk '{ print $1 }')
[[ $rel =~ ^[0-9]+\.[0-9]+ ]] || refuse "cannot read the kernel release from the bzImage header (got '$rel')"

# The config: given, the tree's, beside the image, or embedded.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
embedded() {   # IKCONFIG: a gzip stream between IKCFG_ST and IKCFG_ED in vmlinux
    local off
    # the bzImage holds a compressed vmlinux: try each stream we can unpack
    for off in $(grep -abo $'\x1f\x8b\x08' "$image" | cut -d: -f1 | head -n 20); do
        tail -c +$((off + 1)) "$image" | zcat 2>/dev/null > "$work/vmlinux" || true
        [ -s "$work/vmlinux" ] || continue
        local st
        st=$(grep -abo 'IKCFG_ST' "$work/vmlinux" | head -n 1 | cut -d: -f1)
        [ -n "$st" ] || continue
        tail -c +$((st + 9)) "$work/vmlinux" | zcat 2>/dev/null > "$work/config" || true
        [ -s "$work/config" ] && { echo "$work/config"; return 0; }
    done
    for off in $(grep -abo $'\xfd7zXZ' "$image" | cut -d: -f1 | head -n 5); do
        tail -c +$((off + 1)) "$image" | xzcat 2>/dev/null > "$work/vmlinux" || true
        local st
        st=$(grep -abo 'IKCFG_ST' "$work/vmlinux" 2>/dev/null | head -n 1 | cut -d: -f1)
        [ -n "$st" ] || continue
        tail -c +$((st + 9)) "$work/vmlinux" | zcat 2>/dev/null > "$work/config" || true
        [ -s "$work/config" ] && { echo "$work/config"; return 0; }
    done
    return 1
}
if [ -z "$config" ]; then
    d=$(dirname "$image")
    for c in "$d/config-$rel" "$d/.config"; do [ -f "$c" ] && { config=$c; break; }; done
fi
if [ -z "$config" ]; then
    config=$(embedded) || refuse "no config to check: give the tree, put config-$rel beside the bzImage, pass --kernel-config FILE, or build with CONFIG_IKCONFIG=y"
    say "config: embedded in the image (IKCONFIG)"
else
    [ -f "$config" ] || refuse "config file $config does not exist"
fi

# The check: every required option of the fragment.
modules=0
grep -q '^CONFIG_MODULES=y' "$config" && modules=1
missing=() optional=()
part=required
while IFS= read -r line; do
    case $line in
    '# --- optional'*) part=optional; continue ;;
    CONFIG_*=y*) ;;
    *) continue ;;
    esac
    opt=${line%%=*}
    why=$(sed -n 's/^[^#]*# *//p' <<<"$line")
    if grep -q "^$opt=y" "$config"; then continue; fi
    if [ $modules = 1 ] && grep -q "^$opt=m" "$config"; then continue; fi
    if [ $part = required ]; then missing+=("$opt ($why)"); else optional+=("$opt ($why)"); fi
done < "$FRAGMENT"
for o in "${optional[@]}"; do say "note: the kernel's config lacks optional $o"; done
if [ ${#missing[@]} -gt 0 ]; then
    {
        echo "vm: --kernel $path: the kernel's config ($config) lacks what the vm target needs:"
        for o in "${missing[@]}"; do echo "  $o"; done
        echo "Merge the fragment and rebuild:"
        echo "  scripts/kconfig/merge_config.sh -m .config $(cd "$(dirname "$FRAGMENT")" && pwd)/daxbench.config"
        echo "  make olddefconfig && make -j\$(nproc) bzImage"
    } >&2
    exit 2
fi

[ "$cache" = --check ] && { say "kernel $rel ($image): its config has what the vm target needs"; exit 0; }

# The folder: keyed by the image's path and content, so two trees with one
# release do not share it.
key=$(printf '%s %s' "$image" "$(sha256sum < "$image" | cut -c1-16)" | sha256sum | cut -c1-16)
out=$cache/local-$rel-$key
if [ ! -f "$out/release" ]; then
    rm -rf "$out.tmp"
    mkdir -p "$out.tmp/boot" "$out.tmp/lib/modules/$rel"
    cp "$image" "$out.tmp/boot/vmlinuz-$rel"
    cp "$config" "$out.tmp/config"
    if [ $modules = 1 ] && [ -n "$tree" ] && [ -s "$tree/modules.order" ]; then
        say "modules_install from $tree into the cache"
        make -s -C "$tree" INSTALL_MOD_PATH="$out.tmp" modules_install >"$work/mi.log" 2>&1 ||
            refuse "make modules_install failed: $(tail -n 2 "$work/mi.log")"
        rm -f "$out.tmp/lib/modules/$rel/build" "$out.tmp/lib/modules/$rel/source"
    elif [ $modules = 1 ]; then
        say "note: a bzImage alone brings no modules; what the targets need must be built in (=y)"
    fi
    # What is built in is what the guest has: every needed module "builtin".
    : >"$out.tmp/lib/modules/$rel/modules.order"
    [ -f "$out.tmp/lib/modules/$rel/modules.builtin" ] || : >"$out.tmp/lib/modules/$rel/modules.builtin"
    [ -f "$out.tmp/lib/modules/$rel/modules.builtin.modinfo" ] || : >"$out.tmp/lib/modules/$rel/modules.builtin.modinfo"
    depmod -b "$out.tmp" "$rel" 2>/dev/null || true
    echo "$rel" >"$out.tmp/release"
    echo "$path" >"$out.tmp/source"
    mv "$out.tmp" "$out"
fi
echo "$out"
