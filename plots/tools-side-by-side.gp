# tools-side-by-side.gp - a real target's write bandwidth per tool: xfs_io
# (and daxio) running Chinner's lines beside fio's psync, mmap and libpmem
# engines on the same scenarios, one panel per filesystem and DAX state.
# Expects: pd (plotdata folder with tools-<combo>.dat, whose first line,
# a comment, names the columns), combos (the combo names, blank-separated),
# ymin, ymax (one range for all panels), title, note, and common.gp's.  (A variable named c would not do: "set
# title c" is not read as the variable.)
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
set yrange [ymin:ymax]
set format y '%.0f'
set ylabel 'write B/W, MiB/s (log)'
# one colour per tool, the same in every panel
c_tool(t) = t eq 'xfs_io' ? '#1f5f9e' : t eq 'daxio' ? '#6a9fd4' : t eq 'fio-psync' ? '#d95f02' : \
            t eq 'fio-mmap' ? '#2a9d3a' : '#8e5fbf'
do for [i = 1:n] {
    combo = word(combos, i)
    dat = pd.'/tools-'.combo.'.dat'
    heads = system('head -n 1 '.dat.' | cut -c3-')   # the comment line: scenario TOOL...
    set title combo font ',11' noenhanced
    plot for [j = 2:words(heads)] dat using j:xtic(1) title word(heads, j) noenhanced lc rgb c_tool(word(heads, j))
}
unset multiplot
