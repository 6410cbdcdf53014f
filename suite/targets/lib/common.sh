# common.sh - helpers shared by every real-target script, on the host and in
# the vm guest.  Source it from bash; it needs nothing beyond bash and the
# busybox/coreutils basics (awk, grep, sed), so it runs unchanged in the
# guest's busybox initramfs.
#
#   say MSG...          progress line on stderr, prefixed with the tool name
#   die MSG...          error line on stderr, exit 1
#   die_skip MSG...     "cannot run here" line on stderr, exit 77
#   split_list LIST     "a,b c" -> one word per line
#   in_list WORD LIST   true if WORD is one of LIST (comma or space separated)
#   elapsed_since T0    seconds (3 decimals) since a $EPOCHREALTIME value
#   to_bytes SIZE       4G, 512m, 1g, 4096 -> bytes
#   kernel_log_hits F.. kernel log lines in files F.. that carry BUG:,
#                       WARNING: or Oops (the markers of a kernel splat)

DAXBENCH_TOOL=${DAXBENCH_TOOL:-daxbench}

say()      { echo "$DAXBENCH_TOOL: $*" >&2; }
die()      { echo "$DAXBENCH_TOOL: error: $*" >&2; exit 1; }
die_skip() { echo "$DAXBENCH_TOOL: cannot run here: $*" >&2; exit 77; }
# The user's input cannot be used as given (a mount that is not what --dax
# says, a device that is mounted): bad usage, exit 2, nothing was run.
die_usage() { echo "$DAXBENCH_TOOL: refusing $*" >&2; exit 2; }

split_list() { local w; for w in ${1//,/ }; do echo "$w"; done; }

in_list() {
    local w
    for w in ${2//,/ }; do [ "$w" = "$1" ] && return 0; done
    return 1
}

elapsed_since() {
    awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.3f\n", b - a }'
}

# Kernel splats start with "BUG:" (bad access, sleeping in atomic, ...),
# "WARNING:" (WARN_ON) or "Oops" ("Oops: 0002 [#1]").  Only kernel lines
# count: they carry the "[    1.234567]" printk timestamp, both in dmesg
# output and on the serial console, so a tool that happens to print the word
# does not fail the run.  Prints the matching lines (file:line: text) and
# returns 0 if there was at least one.
kernel_log_hits() {
    local f hits found=1
    for f in "$@"; do
        [ -f "$f" ] || continue
        hits=$(grep -naE '^(<[0-9]+>)?\[ *[0-9]+\.[0-9]+\] .*(BUG:|WARNING:|Oops)' "$f") || continue
        printf '%s\n' "$hits" | sed "s|^|$f:|"
        found=0
    done
    return $found
}

to_bytes() {
    awk -v s="$1" 'BEGIN {
        n = s + 0; u = tolower(substr(s, length(s)))
        if (u == "k") n *= 1024; else if (u == "m") n *= 1048576
        else if (u == "g") n *= 1073741824; else if (u == "t") n *= 1099511627776
        else if (u !~ /[0-9]/) { print "bad size: " s > "/dev/stderr"; exit 1 }
        printf "%.0f\n", n }'
}
