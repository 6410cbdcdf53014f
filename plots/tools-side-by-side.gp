# tools-side-by-side.gp - a real target's write bandwidth per tool: xfs_io
# (and daxio) running Chinner's lines beside fio's psync, mmap and libpmem
# engines on the same scenarios, one panel per filesystem and DAX state.
# Expects: pd (plotdata folder with tools-<combo>.dat), combos (the combo
# names, blank-separated), title, note, and common.gp's.
load dir.'/common.gp'
n = words(combos)
cols = n > 1 ? 2 : 1
rows = (n + 1) / 2
set multiplot layout rows,cols title title."\n{/:Italic ".sub."}\n{/*0.85 ".note."}" font ',12'
set style data histogram
set style histogram clustered gap 1.5
set style fill solid 0.9 border rgb '#444444'
set boxwidth 0.9
set xtics scale 0 font ',9'
set key top left font ',8' samplen 1.2 maxrows 2
set logscale y
set format y '%.0f'
set ylabel 'write B/W, MiB/s (log)'
c_tool(j) = j == 2 ? '#1f5f9e' : j == 3 ? '#6a9fd4' : j == 4 ? '#d95f02' : j == 5 ? '#2a9d3a' : '#8e5fbf'
do for [i = 1:n] {
    c = word(combos, i)
    dat = pd.'/tools-'.c.'.dat'
    stats dat using 2 nooutput
    set title c font ',11'
    set yrange [*:*]
    plot for [j = 2:6] dat using j:xtic(1) title columnhead(j) lc rgb c_tool(j)
}
unset multiplot
