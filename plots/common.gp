# common.gp - terminal, colours and styles every plot shares.
# Expects: fmt ('png' or 'svg'), out (file), w, h (pixels).
if (fmt eq 'svg') {
    set terminal svg size w,h dynamic font 'DejaVu Sans,11' background rgb 'white'
} else {
    set terminal pngcairo size w,h font 'DejaVu Sans,10' background rgb 'white'
}
set output out
set grid ytics lc rgb '#e0e0e0' lw 1
set border 3 lw 1
set tics nomirror
set key noautotitle
# One colour per column, the same in every plot.
c_pub = '#9a9a9a'; c_meas = '#1f5f9e'
c_pagecache = '#d95f02'; c_movnt = '#1f5f9e'; c_clwb = '#2a9d3a'; c_deferred = '#8e5fbf'
c_nt = '#1f5f9e'; c_cf = '#2a9d3a'; c_cached = '#777777'; c_pmdk = '#c0392b'
