# scenario-bars.gp - one of the email's tables: published 2016 against
# measured, grouped by column (no DAX, DAX = movnt, clwb, deferred), bars at
# the median with the runs' min..max as error bars.
# Expects: dat (daxreport plotdata table), title, sub, note (what was
# measured against what was published), bwmax and rtmax (the largest
# bandwidth and runtime in dat, error bars included), bwmin (optional,
# default 50: the bottom of the log scale), and common.gp's.
load dir.'/common.gp'
set multiplot layout 1,2 title title."\n{/:Italic ".sub."}\n{/*0.85 ".note."}" font ',12'
set bmargin 3.5
set style data histogram
set style histogram errorbars gap 1.2 lw 1.2
set style fill solid 0.9 border rgb '#444444'
set boxwidth 0.95
set xtics scale 0 font ',9'
set key top left reverse Left samplen 1.5 font ',9'
set logscale y
set ylabel 'pwrite B/W, MiB/s (log scale)'
if (!exists('bwmin')) bwmin = 50
set yrange [bwmin:bwmax * 8]   # room above the bars for the key
set format y '%.0f'
set title 'pwrite bandwidth (higher is better)' font ',11'
plot dat using 2:3:4:xtic(1) title 'published 2016 (XFS on pmem, 3 runs)' lc rgb c_pub, \
     '' using 5:6:7 title 'measured here (median, min..max; the note above says where)' lc rgb c_meas, \
     '' using ($0-0.18):($4*1.12):(sprintf('%.0f', $2)) with labels font ',8' tc rgb '#555555' notitle, \
     '' using ($0+0.18):($7*1.12):(sprintf('%.0f', $5)) with labels font ',8' tc rgb c_meas notitle
unset logscale y
set yrange [0:rtmax * 1.4]
set format y '%g'
set ylabel 'runtime, s (wall time of the command)'
set title 'runtime (lower is better)' font ',11'
plot dat using 8:9:10:xtic(1) title 'published 2016' lc rgb c_pub, \
     '' using 11:12:13 title 'measured here' lc rgb c_meas, \
     '' using ($0-0.18):($10):(sprintf('%.2f', $8)) with labels offset 0,0.7 font ',8' tc rgb '#555555' notitle, \
     '' using ($0+0.18):($13):(sprintf('%.2f', $11)) with labels offset 0,0.7 font ',8' tc rgb c_meas notitle
unset multiplot
