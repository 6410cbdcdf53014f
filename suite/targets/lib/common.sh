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
#   catalogue COLUMN [CATALOGUE]
#                       from workloads/conformance/catalogue: COLUMN=check
#                       every check; COLUMN=stress|break|mutants|race|profiles
#                       "check value" for each check that has one

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

# The conformance catalogue (workloads/conformance/catalogue) is the one
# list of checks; its columns are named in its last comment line.
catalogue() {
    local file=${2:-${WORKLOADS:-${DAXBENCH_TOP:-.}/workloads}/conformance/catalogue}
    [ -r "$file" ] || { echo "$DAXBENCH_TOOL: error: no conformance catalogue at $file" >&2; return 1; }
    awk -v want="$1" '
        /^# check[ \t]/ { for (i = 2; i <= NF; i++) col[$i] = i - 1 }
        /^#/ || NF == 0 { next }
        want == "check" { print $1; next }
        !(want in col) { print "catalogue: no column " want > "/dev/stderr"; bad = 1; exit }
        $(col[want]) != "-" { print $1, $(col[want]) }
        END { exit bad }' "$file"
}
