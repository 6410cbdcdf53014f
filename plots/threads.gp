# threads.gp - thread scaling: aggregate GiB/s of 4 KiB writes + fsync, each
# thread its own file, per mode (overwrite solid, allocating dashed), and the
# bare kernels at 4 KiB calls (dotted).
# Expects: dat (daxreport plotdata threads), maxth, sub, note, and common.gp's.
# Two panels: overwriting (with the bare kernels) and allocating.
load dir.'/common.gp'
set multiplot layout 1,2 title "Thread scaling: 4 KiB writes + fsync, one file per thread\n{/:Italic ".sub."}\n{/*0.85 ".note."}" font ',12'
set xlabel 'threads'
set ylabel 'aggregate GiB/s'
set xrange [0.8:maxth + 0.2]
set xtics 1
set yrange [0:*]
set offsets 0, 0, graph 0.35, 0
set key top left reverse Left font ',8' samplen 2.5 spacing 0.9

set title 'overwriting written files; bare kernels at 4 KiB calls' font ',10'
plot dat using 1:2 with linespoints pt 7 lw 2 lc rgb c_pagecache title 'pagecache', \
     '' using 1:4 with linespoints pt 7 lw 2 lc rgb c_movnt title 'movnt', \
     '' using 1:6 with linespoints pt 7 lw 2 lc rgb c_clwb title 'clwb', \
     '' using 1:8 with linespoints pt 7 lw 2 lc rgb c_deferred title 'deferred', \
     '' using 1:10 with linespoints pt 2 lw 1.5 dt 3 lc rgb '#000000' title 'bare NT kernel', \
     '' using 1:11 with linespoints pt 2 lw 1.5 dt 3 lc rgb '#666666' title 'bare cached+flush', \
     '' using 1:12 with linespoints pt 2 lw 1.5 dt 3 lc rgb c_pmdk title 'bare PMDK'

set title 'allocating: every call allocates, zeroes and journals' font ',10'
plot dat using 1:3 with linespoints pt 6 lw 2 lc rgb c_pagecache title 'pagecache', \
     '' using 1:5 with linespoints pt 6 lw 2 lc rgb c_movnt title 'movnt', \
     '' using 1:7 with linespoints pt 6 lw 2 lc rgb c_clwb title 'clwb', \
     '' using 1:9 with linespoints pt 6 lw 2 lc rgb c_deferred title 'deferred'
unset multiplot
