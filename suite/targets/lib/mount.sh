# mount.sh - make, mount, prove and unmount the filesystems a target tests.
# Sourced by run-combos.sh (on the host for the loop target, in the guest
# for the vm target) after common.sh.
#
#   device_is_ours DEV       refuse any device this suite did not create
#   fs_mkfs FS DEV LOG       mkfs.xfs -f -m reflink=0 | mkfs.ext4 -F -b 4096,
#                            plus $MKFS_XFS_OPTS / $MKFS_EXT4_OPTS
#   fs_mount FS DAX DEV MNT  mount with dax=always (xfs) / dax (ext4) or none
#   fs_umount MNT            unmount, retrying while the mount is busy
#   dax_prove FS DAX MNT     prove the DAX state; prints the proof lines
#   statx_dax FILE           prints STATX_ATTR_DAX of FILE: 1, 0 or ?
#   is_mounted DIR           true if DIR is a mount point in /proc/mounts
#   mount_line_of DIR        the /proc/mounts line of the mount DIR is on
#   fs_crash_remount FS DAX DEV MNT
#                            the real-kernel crash: FS_IOC_SHUTDOWN without
#                            a log flush (xfs_io -x -c shutdown), unmount,
#                            mount again as before, prove DAX again

STATX_ATTR_DAX=$((0x200000))     # include/uapi/linux/stat.h

# The suite only ever formats devices it made itself:
#  - a loop device whose backing file is an image in this suite's own
#    /dev/shm/daxbench-loop.PID/ folder (suite/targets/loop.sh creates both);
#  - /dev/pmem0 inside the vm guest, i.e. when the kernel command line
#    carries daxbench= (only our initramfs boots with that) - there the
#    NVDIMM is backed by a file the host script created;
#  - the one device suite/targets/dev.sh has checked and exported as
#    DAXBENCH_DEV_ALLOWED (the user named it with dev:DEVICE).
# Anything else is refused before mkfs, and so is a device that is mounted.
device_is_ours() {
    local dev=$1 back
    if grep -q "^$dev " /proc/mounts; then
        echo "$dev is mounted; refusing to format it" >&2; return 1
    fi
    # the dev: target (suite/targets/dev.sh) names the one device it has
    # checked: not mounted, not held, no signature or --force
    if [ -n "${DAXBENCH_DEV_ALLOWED:-}" ] && [ "$dev" = "$DAXBENCH_DEV_ALLOWED" ]; then
        return 0
    fi
    case $dev in
    /dev/loop[0-9]*)
        back=$(losetup -n -O BACK-FILE "$dev" 2>/dev/null | sed 's/ *$//') || back=
        case $back in
        /dev/shm/daxbench-loop.[0-9]*/*.img) return 0 ;;
        esac
        echo "$dev is backed by '${back:-nothing}', not by an image of this suite; refusing" >&2
        return 1 ;;
    /dev/pmem[0-9]*)
        grep -q 'daxbench=' /proc/cmdline && return 0
        echo "$dev is a real pmem device outside the daxbench guest; refusing" >&2
        return 1 ;;
    esac
    echo "$dev is not a device this suite created; refusing" >&2
    return 1
}

# The mkfs command: the thread's own `mkfs.xfs -f` (Chinner, 2016-08-04;
# reflink off as the issue asks) and ext4 with 4 KiB blocks, plus what the
# user adds in MKFS_XFS_OPTS / MKFS_EXT4_OPTS (./run.sh --mkfs-xfs/--mkfs-ext4).
# The default reproduces the email's set-up.  On pmem it also leaves every
# XFS data extent 96 KiB past a 2 MiB boundary (measured in the vm guest,
# xfs_io bmap -v), so XFS maps no PMD; "-d su=2m,sw=1" aligns extents, and
# it also makes each allocating write at EOF allocate a whole stripe unit,
# which changes table 1 (see suite/vm/README.md).  Options are words of
# letters, digits and - = , . : only, and no name= (the device, always the
# last word, is the only thing mkfs may write).
mkfs_opts_ok() { [[ $1 =~ ^[-A-Za-z0-9=,.:\ ]*$ ]] && [[ $1 != *name=* ]]; }
fs_mkfs_cmd() {
    local fs=$1 dev=$2 extra
    case $fs in
    xfs)  extra=${MKFS_XFS_OPTS:-} ;;
    ext4) extra=${MKFS_EXT4_OPTS:-} ;;
    *)    echo "unknown filesystem '$fs' (xfs, ext4)" >&2; return 1 ;;
    esac
    mkfs_opts_ok "$extra" || { echo "mkfs options for $fs: '$extra' has a character other than letters, digits, - = , . : or a name= (mkfs writes only the target's device)" >&2; return 1; }
    case $fs in
    xfs)  echo "mkfs.xfs -f -m reflink=0${extra:+ $extra} $dev" ;;
    ext4) echo "mkfs.ext4 -F -b 4096${extra:+ $extra} $dev" ;;
    esac
}

fs_mkfs() {
    local fs=$1 dev=$2 log=$3 cmd
    device_is_ours "$dev" || return 1
    cmd=$(fs_mkfs_cmd "$fs" "$dev") || return 1
    echo "$cmd" >"$log"
    echo "  mkfs: $cmd"
    $cmd >>"$log" 2>&1 || { echo "mkfs of $fs on $dev failed:" >&2; sed 's/^/    /' "$log" >&2; return 1; }
}

# The DAX mount option per filesystem, as the thread and today's docs use it.
fs_dax_option() {
    case $1 in xfs) echo dax=always ;; ext4) echo dax ;; esac
}

fs_mount() {
    local fs=$1 dax=$2 dev=$3 mnt=$4 opts=()
    if is_mounted "$mnt"; then
        echo "$mnt is already a mount point; refusing to mount over it" >&2; return 1
    fi
    [ "$dax" = 1 ] && opts=(-o "$(fs_dax_option "$fs")")
    mount -t "$fs" "${opts[@]}" "$dev" "$mnt"
}

mount_line_of() {
    local d
    d=$(cd "$1" 2>/dev/null && pwd -P) || return 1
    awk -v d="$d" '{ m = $2; gsub(/\\040/, " ", m) }
        (d == m || index(d "/", (m == "/" ? "/" : m "/")) == 1) && length(m) >= best { best = length(m); line = $0 }
        END { if (line == "") exit 1; print line }' /proc/mounts
}

is_mounted() {
    awk -v m="$1" '$2 == m { found = 1 } END { exit !found }' /proc/mounts
}

# Unmounts MNT; a process that is just dying (Ctrl-C) may hold it for a
# moment, so retry for a few seconds before giving up.
fs_umount() {
    local mnt=$1 i
    for i in 1 2 3 4 5 6 7 8 9 10; do
        is_mounted "$mnt" || return 0
        umount "$mnt" 2>/dev/null && return 0
        sleep 0.5
    done
    umount "$mnt"
}

# stx_attributes & STATX_ATTR_DAX as xfs_io's "statx -r" reports it.  "?"
# when the kernel does not report the bit (attributes_mask lacks it).
statx_dax() {
    local out attr mask
    out=$(xfs_io -r -c 'statx -r' "$1" 2>/dev/null) || { echo '?'; return; }
    attr=$(printf '%s\n' "$out" | sed -n 's/^stat\.attributes = //p')
    mask=$(printf '%s\n' "$out" | sed -n 's/^stat\.attributes_mask = //p')
    if [ -z "$attr" ] || [ -z "$mask" ] || [ $((mask & STATX_ATTR_DAX)) -eq 0 ]; then
        echo '?'; return
    fi
    echo $(( (attr & STATX_ATTR_DAX) != 0 ))
}

# What proves DAX (suite/targets/README.md, "What a target does"): mount's exit status proves
# nothing - XFS on a raw namespace mounts dax=never without complaint.  Two
# independent observations must both agree with what was asked:
#  1. the options the kernel shows for MNT in /proc/mounts contain the DAX
#     option (xfs: dax=always; ext4: dax or dax=always);
#  2. a file created on MNT carries STATX_ATTR_DAX (0x200000) in statx's
#     stx_attributes, read with xfs_io -c 'statx -r'.
# For DAX=0 both must say "off".  Prints "dax-proof:" lines and the verdict;
# returns 1 when the state differs from what was asked.
dax_prove() {
    local fs=$1 want=$2 mnt=$3 line opts mount_dax=0 probe bit verdict=ok why
    line=$(mount_line_of "$mnt") || line=
    if [ -z "$line" ]; then
        echo "dax-proof: $mnt is not in /proc/mounts"
        echo "dax-proof: verdict: FAIL (nothing mounted)"
        return 1
    fi
    opts=$(echo "$line" | awk '{ print $4 }')
    case ",$opts," in *,dax,*|*,dax=always,*) mount_dax=1 ;; esac
    echo "dax-proof: /proc/mounts: $line"
    echo "dax-proof: DAX mount option present: $mount_dax"

    probe=$mnt/.daxbench-dax-probe
    if ! xfs_io -f -c 'pwrite -q 0 4k' -c fsync "$probe" >/dev/null 2>&1; then
        echo "dax-proof: could not write the probe file $probe"
        echo "dax-proof: verdict: FAIL (probe write)"
        return 1
    fi
    bit=$(statx_dax "$probe")
    echo "dax-proof: statx $probe: $(xfs_io -r -c 'statx -r' "$probe" \
        | sed -n -e 's/^stat\.attributes = /attributes=/p' \
                 -e 's/^stat\.attributes_mask = /attributes_mask=/p' | tr '\n' ' ')STATX_ATTR_DAX=$bit"
    rm -f "$probe"

    why=()
    if [ "$want" = 1 ]; then
        [ "$mount_dax" = 1 ] || why+=("/proc/mounts shows no dax option")
        [ "$bit" = 1 ] || why+=("STATX_ATTR_DAX=$bit on a new file")
    else
        [ "$mount_dax" = 0 ] || why+=("/proc/mounts shows a dax option")
        [ "$bit" != 1 ] || why+=("STATX_ATTR_DAX=1 on a new file")
    fi
    if [ ${#why[@]} -gt 0 ]; then
        verdict="FAIL (DAX $([ "$want" = 1 ] && echo "asked for" || echo "not asked for"): $(IFS=';'; echo "${why[*]}" | sed 's/;/; /g'))"
    fi
    echo "dax-proof: verdict: fs=$fs want_dax=$want mount_dax=$mount_dax statx_dax=$bit: $verdict"
    [ "$verdict" = ok ]
}

# The crash a durability check needs, as xfstests' _scratch_shutdown does it:
# FS_IOC_SHUTDOWN with no log flush (xfs_io's "shutdown" without -f; the
# ioctl number is the same for XFS and ext4), so whatever was not made
# durable is gone as after a power cut.  Then unmount (log recovery happens
# at the next mount), mount with the same options and prove the DAX state
# again.  Prints what it did; returns 1 if any step failed (MNT may then be
# unmounted).  Only for a filesystem the target owns (CRASH_OK=1).
fs_crash_remount() {
    local fs=$1 dax=$2 dev=$3 mnt=$4 out
    out=$(xfs_io -x -c shutdown "$mnt" 2>&1) || { echo "crash: xfs_io -x -c shutdown $mnt failed: $out"; return 1; }
    echo "crash: FS_IOC_SHUTDOWN (no log flush) on $mnt"
    fs_umount "$mnt" || { echo "crash: cannot unmount $mnt after the shutdown"; return 1; }
    out=$(fs_mount "$fs" "$dax" "$dev" "$mnt" 2>&1) || { echo "crash: mount after the shutdown failed: $out"; return 1; }
    echo "crash: mounted $dev on $mnt again (log recovery)"
    out=$(dax_prove "$fs" "$dax" "$mnt") || { echo "crash: DAX state after the remount: $(echo "$out" | tail -n 1)"; return 1; }
    echo "crash: $(echo "$out" | tail -n 1)"
}
