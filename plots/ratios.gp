# ratios.gp - the ratios that carry the email's argument: DAX over no DAX
# for each table (pwrite bandwidth, runtime, runtime with the fsync
# dropped), published in 2016 beside measured here, on a log scale with a
# line at 1: a pair on opposite sides of the line disagrees in direction.
# Expects: dat (daxreport scenarios ratios), title, note, lo, hi (the
# smallest and largest ratio), and common.gp's.
load dir.'/common.gp'
set title title."\n{/:Italic ".sub."}\n{/*0.85 ".note."}" font ',12'
set bmargin 5
set style data histogram
set style histogram clustered gap 1.5
set style fill solid 0.9 border rgb '#444444'
set boxwidth 0.9
set logscale y
set yrange [lo / 2:hi * 3]
set ylabel 'DAX / no DAX (log scale; above 1: DAX higher)'
set xtics scale 0 font ',9'
set key top left reverse Left samplen 1.5 font ',9'
set arrow from graph 0, first 1 to graph 1, first 1 nohead lw 1.5 lc rgb '#333333' dt 2
plot dat using 2:xtic(1) title 'published 2016 (XFS on pmem)' lc rgb c_pub, \
     '' using 3 title 'measured here' lc rgb c_meas, \
     '' using ($0 - 0.2):($2 * 1.15):(sprintf('%.2f', $2)) with labels font ',8' tc rgb '#555555' notitle, \
     '' using ($0 + 0.2):($3 * 1.15):(sprintf('%.2f', $3)) with labels font ',8' tc rgb c_meas notitle
