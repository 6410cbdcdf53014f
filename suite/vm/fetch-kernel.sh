#!/usr/bin/env bash
# fetch-kernel.sh - puts Debian's own kernel package, unpacked, in the cache
# and prints the folder that holds it.  Nothing is installed on the host:
# the .deb is fetched with `apt-get download`, unpacked with `dpkg-deb -x`,
# and `depmod -b` writes the modules.dep that the package's postinst would.
#
#   suite/vm/fetch-kernel.sh CACHEDIR [PACKAGE]
#
# PACKAGE defaults to what linux-image-amd64 depends on today (for example
# linux-image-6.1.0-56-amd64).  The result is CACHEDIR/<package>_<version>/
# with boot/vmlinuz-<release>, lib/modules/<release>/ and a file "release".
# A folder that is already complete is reused; without network (apt-get
# download fails) the newest complete one is used.  Exit 77 when there is
# no kernel and none can be fetched.
set -euo pipefail
DAXBENCH_TOOL=vm
. "$(dirname "$0")/../targets/lib/common.sh"

cache=${1:?usage: fetch-kernel.sh CACHEDIR [PACKAGE]}
pkg=${2:-}
asked=$pkg
mkdir -p "$cache"

complete() { [ -f "$1/release" ] && [ -f "$1/boot/vmlinuz-$(cat "$1/release")" ] \
             && [ -f "$1/lib/modules/$(cat "$1/release")/modules.dep" ]; }

newest_cached() {   # of the package asked for, or of any when none was
    local d best=
    for d in "$cache"/"${asked:-linux-image-*}"_*/; do
        d=${d%/}
        complete "$d" && best=$d       # glob order is version order here
    done
    [ -n "$best" ] && echo "$best"
}

kernel_dep() {
    apt-cache depends linux-image-amd64 2>/dev/null \
        | awk '/Depends: linux-image-[0-9]/ { print $2; exit }'
}
if [ -z "$pkg" ]; then
    pkg=$(kernel_dep) || pkg=
    if [ -z "$pkg" ] && [ "$(id -u)" -eq 0 ]; then
        # A fresh machine may have no package lists yet.
        say "apt-cache knows no linux-image-amd64; running apt-get update"
        apt-get update -q >/dev/null 2>&1 || say "apt-get update failed"
        pkg=$(kernel_dep) || pkg=
    fi
fi
ver=
[ -n "$pkg" ] && ver=$(apt-cache policy "$pkg" 2>/dev/null | awk '/Candidate:/ { print $2 }')
if [ -z "$pkg" ] || [ -z "$ver" ] || [ "$ver" = "(none)" ]; then
    if d=$(newest_cached); then
        say "apt knows no kernel package (no apt-get update?); using the cached $(basename "$d")"
        echo "$d"; exit 0
    fi
    die_skip "cannot tell which kernel to fetch: apt-cache knows no ${pkg:-linux-image-amd64} (run apt-get update, or check the name)"
fi

dir=$cache/${pkg}_$ver
if complete "$dir"; then echo "$dir"; exit 0; fi

say "fetching Debian's $pkg $ver (apt-get download; nothing is installed)"
tmp=$(mktemp -d "$cache/.fetch.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# _apt drops privileges for the download; let it write here.
chown _apt "$tmp" 2>/dev/null || chmod 0777 "$tmp"
if ! (cd "$tmp" && apt-get download -q "$pkg=$ver" >"$tmp/download.log" 2>&1); then
    sed 's/^/    /' "$tmp/download.log" >&2
    if d=$(newest_cached); then
        say "download failed; using the cached $(basename "$d")"
        echo "$d"; exit 0
    fi
    die_skip "could not download $pkg (no network to the Debian archive?)"
fi
deb=$(ls "$tmp"/*.deb)
dpkg-deb -x "$deb" "$tmp/root"
# Packages from a merged-/usr world keep modules in usr/lib/modules.
[ -d "$tmp/root/lib/modules" ] || ln -s usr/lib "$tmp/root/lib"
rel=$(ls "$tmp/root/lib/modules")
[ -f "$tmp/root/boot/vmlinuz-$rel" ] || die "$deb has no boot/vmlinuz-$rel"
depmod -b "$tmp/root" "$rel"
echo "$rel" > "$tmp/root/release"
rm -rf "$tmp/root/usr/share/doc" "$dir"
mv "$tmp/root" "$dir"
say "kernel $rel unpacked in $dir"
echo "$dir"
