# runtime-split.gp - where each scenario's measured runtime went, per mode:
# the reference's mount (setup), the pwrite command, sync/fsync, its
# unmount (teardown) and the rest (exec, exit); medians, stacked.
# Expects: dat (daxreport plotdata split, one index per table), names
# (the tables' scenario names, blank-separated), sub, note, and common.gp's.
load dir.'/common.gp'
set title "Where the measured runtime went (median of the runs)\n{/:Italic ".sub."}\n{/*0.85 ".note."}" font ',12'
set style data histograms
set style histogram rowstacked title offset 0,-1.2 font ',10'
set style fill solid 0.9 border rgb '#444444'
set boxwidth 0.75
set xtics scale 0 font ',8'
set ylabel 'seconds'
set yrange [0:*]
set bmargin 6
set key inside top center horizontal maxrows 2 reverse Left font ',9' samplen 1.5 width 2
set offsets 0, 0, graph 0.22, 0
cmd = 'plot '
do for [t = 1:words(names)] {
    i = t - 1
    tl = (t == 1) ? "title 'setup: mount (region mmap + prefault)'" : 'notitle'
    t2 = (t == 1) ? "title 'pwrite'" : 'notitle'
    t3 = (t == 1) ? "title 'sync / fsync'" : 'notitle'
    t4 = (t == 1) ? "title 'teardown: unmount (writeback, unmap)'" : 'notitle'
    t5 = (t == 1) ? "title 'other: exec, exit'" : 'notitle'
    cmd = cmd.sprintf("newhistogram '%s' lt 1, dat index %d using 2:xtic(1) %s lc rgb '#bbbbbb', '' index %d using 3 %s lc rgb c_meas, '' index %d using 4 %s lc rgb c_pagecache, '' index %d using 5 %s lc rgb c_deferred, '' index %d using 6 %s lc rgb '#444444'", word(names, t), i, tl, i, t2, i, t3, i, t4, i, t5)
    if (t < words(names)) { cmd = cmd.', ' }
}
eval cmd
