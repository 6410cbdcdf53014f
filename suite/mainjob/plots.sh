#!/usr/bin/env bash
# plots.sh OUT PLOTDIR: draws every plot the run's CSVs allow, as PNG and
# SVG in OUT, from data files it writes to OUT/plotdata/.  Reads the CSVs
# under their final or their .part names (run.sh renames them afterwards).
# Without gnuplot it says so and exits 0: the results stand without plots.
# GNUPLOT names the program (default gnuplot; the tests point it nowhere).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$1 dir=$2
# the data files: daxreport plotdata (suite/daxreport/scen_plot.c, copy_plot.c)
plotdata() { "${BUILD:-$here/../../build}/daxreport" plotdata "$@"; }
GNUPLOT=${GNUPLOT:-gnuplot}
if ! command -v "$GNUPLOT" >/dev/null 2>&1; then
    echo "plots: skipped - gnuplot is not installed (as root: apt-get install gnuplot-nox); the CSV, JSON and report are written"
    exit 0
fi
csv() { if [ -e "$out/$1.part" ]; then echo "$out/$1.part"; elif [ -e "$out/$1" ]; then echo "$out/$1"; fi; }
pd=$out/plotdata
mkdir -p "$pd"
scn=$(csv scenarios.csv) kern=$(csv copy-kernels.csv) modes=$(csv copy-modes.csv)
sub="$(hostname), $(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo), Linux $(uname -r), $(date +%Y-%m-%d)"
drawn=0 failed=0
tgtnote=
# a real target's rows carry its own kernel (a guest's, under vm)
# csvcols COLS FILE: those columns by name, tab-separated (csv-cols.awk)
csvcols() { awk -f "$here/../common/csv.awk" -f "$here/../common/csv-cols.awk" -v cols="$1" "$2"; }
tkern=$([ -n "$scn" ] && csvcols target,kernel "$scn" | awk -F'\t' '$1 != "ref" { print $2; exit }' || true)
[ -n "${OPT_TARGET:-}" ] && [ "$OPT_TARGET" != ref ] &&
    tgtnote=" and on target ${OPT_TARGET%%:*}${tkern:+, Linux $tkern} (FS columns)"
note="measured: median of ${OPT_RUNS:-?} run(s), ${OPT_SIZE:-?} each, on the reference$tgtnote; published: 3 runs of 1 GiB on XFS, Aug 2016"
# the published runtimes are scaled to this run's size (daxreport plotdata table)
[ "$(bytes "${OPT_SIZE:-1g}" 2>/dev/null)" = 1073741824 ] || note+=", its runtimes scaled to ${OPT_SIZE:-?}"
[ "${OPT_RUNS:-3}" -ge 3 ] 2>/dev/null || note+="; ${OPT_RUNS:-?} run(s): no spread"

# draw NAME SCRIPT W H VAR=VALUE...: NAME.png and NAME.svg from SCRIPT.
draw() {
    local name=$1 script=$2 w=$3 h=$4 fmt e; shift 4
    for fmt in png svg; do
        e="dir='$dir'; fmt='$fmt'; out='$out/$name.$fmt'; w=$w; h=$h; sub='${sub//\'/}'"
        for v in "$@"; do e+="; $v"; done
        if ! "$GNUPLOT" -e "$e" "$dir/$script" 2>"$pd/$name.$fmt.err"; then
            echo "plots: $name.$fmt failed: $(head -n 3 "$pd/$name.$fmt.err" | tr '\n' ' ')"
            failed=$((failed + 1)); continue
        fi
        [ -s "$pd/$name.$fmt.err" ] || rm -f "$pd/$name.$fmt.err"
        drawn=$((drawn + 1))
    done
}

if [ -n "$scn" ]; then
    while read -r t sc title; do
        case $t in ''|'#'*) continue ;; esac
        plotdata table --table "$t" --published "$out/published.csv" "$scn" >"$pd/table$t.dat"
        [ "$(grep -vc '^#' "$pd/table$t.dat")" -gt 0 ] || continue
        # the label is one quoted field with blanks; the 12 numbers follow it
        # the smallest bandwidth too: a TCG guest's can be far below 50 MiB/s
        read -r bwmax rtmax bwmin < <(awk '!/^#/ { sub(/^"[^"]*" /, ""); for (i = 1; i <= 12; i++) if ($i != "NaN") {
            if (i <= 6 && $i + 0 > b) b = $i + 0; if (i > 6 && $i + 0 > r) r = $i + 0
            if (i <= 6 && $i + 0 > 0 && (!lo || $i + 0 < lo)) lo = $i + 0 } }
            END { print (b ? b : 1), (r ? r : 1), (lo && lo < 60 ? lo * 0.6 : 50) }' "$pd/table$t.dat")
        draw "table$t-$sc" scenario-bars.gp 1100 500 "dat='$pd/table$t.dat'" \
            "title='Table $t: ${title//\'/} ($sc)'" "note='$note'" "bwmax=$bwmax" "rtmax=$rtmax" "bwmin=$bwmin"
    done <"$here/../../workloads/chinner-2016/tables"
    # the ratios that carry the argument, published beside measured
    "${BUILD:-$here/../../build}/daxreport" scenarios ratios "$here/../../workloads/chinner-2016" "$scn" >"$pd/ratios.dat"
    if [ "$(grep -vc '^#' "$pd/ratios.dat")" -gt 0 ]; then
        read -r lo hi < <(awk '!/^#/ { sub(/^"[^"]*" /, ""); for (i = 1; i <= 2; i++) { if (!lo || $i < lo) lo = $i; if ($i > hi) hi = $i } }
            END { print lo, hi }' "$pd/ratios.dat")
        draw ratios ratios.gp 1100 480 "dat='$pd/ratios.dat'" "title='DAX over no DAX: the ratios that carry the argument of the email'" \
            "note='$note'" "lo=$lo" "hi=$hi"
    fi
    plotdata split "$scn" >"$pd/split.dat"
    names=$(plotdata names "$scn")
    [ -n "$names" ] && draw runtime-split runtime-split.gp 1200 540 "dat='$pd/split.dat'" "names='$names'" \
        "note='$note'"
fi
# A real target: every tool side by side (xfs_io, daxio, fio's engines).
if [ -n "$scn" ] && [ -n "$(plotdata combos "$scn")" ]; then
    combos=$(plotdata combos "$scn")
    tgt=$(csvcols target "$scn" | awk '$1 != "ref" { print $1; exit }')
    for c in $combos; do
        plotdata tools --combo "$c" "$scn" >"$pd/tools-$c.dat"
    done
    n=$(wc -w <<<"$combos")
    # one y range for every panel, so that they compare at a glance
    read -r ymin ymax < <(cat "$pd"/tools-*.dat | awk '!/^#/ { for (i = 2; i <= NF; i++) if ($i != "NaN") {
        v = $i + 0; if (!lo || v < lo) lo = v; if (v > hi) hi = v } }
        END { printf "%g %g\n", (lo ? 10 ^ int(log(lo / 2) / log(10) - (lo < 2 ? 1 : 0)) : 1), (hi ? hi * 2.5 : 10) }')
    hostsub=$sub
    [ -n "$tkern" ] && [ "$tkern" != "$(uname -r)" ] && sub="${sub/Linux $(uname -r)/host Linux $(uname -r), target Linux $tkern}"
    draw "tools-$tgt" tools-side-by-side.gp 1200 $((n > 2 ? 820 : 460)) "pd='$pd'" "combos='$combos'" \
        "ymin=$ymin" "ymax=$ymax" \
        "title='Chinner 2016 scenarios on target $tgt: xfs\\_io$(head -qn 1 "$pd"/tools-*.dat | grep -qw daxio && echo ' and daxio') beside fio (psync+fsync, mmap, libpmem)'" \
        "note='write bandwidth as each tool reports it (xfs\\_io: pwrite B/W; fio: write bw), ${OPT_SIZE:-?} each; xfs\\_io: median of ${OPT_RUNS:-?} run(s), fio: ${FIO_RUNS:-1}$( [ "$tgt" = vm ] && echo '; TCG guest: timings qualitative' )'"
    sub=$hostsub
fi
if [ -n "$kern" ] && [ -n "$modes" ]; then
    kset=$(plotdata kernels "$kern")
    nt=$(sed -n 's/.*nt=\([^ ]*\).*/\1/p' <<<"$kset")
    cf=$(sed -n 's/.*cached+flush=\([^ ]*\).*/\1/p' <<<"$kset")
    cached=$(sed -n 's/.* cached=\([^ ]*\).*/\1/p' <<<"$kset")
    plotdata sizes --nt "$nt" --cf "$cf" --cached "$cached" "$kern" "$modes" >"$pd/sizes.dat"
    plotdata threads --nt "$nt" --cf "$cf" "$kern" "$modes" >"$pd/threads.dat"
    maxth=$(awk '!/^#/ { n = $1 } END { print n + 0 }' "$pd/threads.dat")
    draw size-sweep size-sweep.gp 1200 880 "dat='$pd/sizes.dat'" \
        "note='medians: bare kernels from daxcopy, copy modes through the write and fsync path of the reference from daxsweep (see raw/)'"
    [ "$maxth" -ge 1 ] && draw threads threads.gp 1100 480 "dat='$pd/threads.dat'" "maxth=$maxth" \
        "note='aggregate of all threads, first start to last end; medians (daxsweep, daxcopy; see raw/)'"
fi
echo "plots: $drawn file(s) drawn in $out ($(cd "$out" && ls *.png 2>/dev/null | tr '\n' ' '))"
[ $failed = 0 ]
