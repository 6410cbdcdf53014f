# size-sweep.gp - the copy-size sweep, 64 B .. 64 MiB on a log axis: bare
# kernels and PMDK; every mode's write + one fsync; one durable write per
# mode; and where NT overtakes cached+flush (with PMDK's 256 B threshold and
# the ~768 B dm-writecache measurement marked).
# Expects: dat (daxreport plotdata sizes), sub, note, and common.gp's.
load dir.'/common.gp'
set multiplot layout 2,2 title "Copy strategy against call size, 1 thread\n{/:Italic ".sub."}\n{/*0.85 ".note."}" font ',12'
set logscale x 2
set xtics ('64' 64, '256' 256, '1K' 1024, '4K' 4096, '16K' 16384, '64K' 65536, '256K' 262144, '1M' 1048576, '4M' 4194304, '16M' 16777216, '64M' 67108864) font ',8'
set xrange [48:90000000]
set xlabel 'bytes per call' font ',9'
set arrow 1 from 256, graph 0 to 256, graph 1 nohead dt 3 lc rgb '#888888'
set arrow 2 from 768, graph 0 to 768, graph 1 nohead dt 2 lc rgb '#888888'
set key top left reverse Left font ',8' samplen 2 spacing 0.9
set logscale y 10
set ylabel 'GiB/s (log)' font ',9'

set title 'bare kernels: one call + its fence (daxcopy)' font ',10'
plot dat using 1:2 with linespoints pt 7 ps 0.6 lw 2 lc rgb c_nt title 'NT (movnt)', \
     '' using 1:3 with linespoints pt 5 ps 0.6 lw 2 lc rgb c_cf title 'cached + flush', \
     '' using 1:5 with linespoints pt 9 ps 0.7 lw 2 lc rgb c_pmdk title 'PMDK pmem\_memcpy\_persist', \
     '' using 1:4 with linespoints pt 1 ps 0.6 lw 1 dt 2 lc rgb c_cached title 'cached, no flush (not durable)'

set title 'modes: pwrite calls, then one fsync (daxsweep)' font ',10'
plot dat using 1:9 with linespoints pt 7 ps 0.6 lw 2 lc rgb c_movnt title 'movnt', \
     '' using 1:12 with linespoints pt 5 ps 0.6 lw 2 lc rgb c_clwb title 'clwb', \
     '' using 1:15 with linespoints pt 9 ps 0.6 lw 2 lc rgb c_deferred title 'deferred', \
     '' using 1:6 with linespoints pt 11 ps 0.6 lw 2 lc rgb c_pagecache title 'pagecache'

set title 'one durable write: pwrite + fsync (lower is better)' font ',10'
set ylabel 'microseconds (log)' font ',9'
plot dat using 1:10 with linespoints pt 7 ps 0.6 lw 2 lc rgb c_movnt title 'movnt', \
     '' using 1:13 with linespoints pt 5 ps 0.6 lw 2 lc rgb c_clwb title 'clwb', \
     '' using 1:16 with linespoints pt 9 ps 0.6 lw 2 lc rgb c_deferred title 'deferred', \
     '' using 1:7 with linespoints pt 11 ps 0.6 lw 2 lc rgb c_pagecache title 'pagecache'

set title 'NT over cached+flush (above 1: NT faster)' font ',10'
set ylabel 'ratio (log)' font ',9'
set arrow 3 from graph 0, first 1 to graph 1, first 1 nohead lc rgb '#444444'
set label 1 'PMDK 256 B' at 256, graph 0.06 right offset -0.5,0 font ',8' tc rgb '#666666'
set label 2 'dm-writecache 768 B' at 768, graph 0.06 left offset 0.5,0 font ',8' tc rgb '#666666'
set key top right noreverse Right
plot dat using 1:($2/$3) with linespoints pt 7 ps 0.6 lw 2 lc rgb c_nt title 'bare: NT / cached+flush', \
     '' using 1:($13/$10) with linespoints pt 5 ps 0.6 lw 2 lc rgb c_clwb title 'durable write: clwb time / movnt time', \
     '' using 1:($9/$12) with linespoints pt 9 ps 0.6 lw 1.5 dt 2 lc rgb c_movnt title 'write+fsync: movnt / clwb'
unset multiplot
