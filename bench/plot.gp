# bench/plot.gp — draws bench/results/scale.tsv (written by bench/scale.sh) into
# docs/scaling.png: throughput per core and peak memory against corpus size, retrace
# against the MinHash + LSH baseline.
#
#   gnuplot bench/plot.gp                                   (from the repository root)
#   gnuplot -e "tsv='path/scale.tsv'; png='out.png'" bench/plot.gp
#
# Columns used: 1 articles, 2 system, 3 threads, 6 peak_mb, 7 articles_per_s_per_core,
# 8 articles_per_cpu_s, 9 recall.
if (!exists("tsv")) tsv = "bench/results/scale.tsv"
if (!exists("png")) png = "docs/scaling.png"

set terminal pngcairo size 1500,480 font "sans,11"
set output png
set datafile separator "\t"
set key top right font ",9"
set grid
set logscale x
set xlabel "articles in the corpus"
set format x "10^{%L}"
set style data linespoints

is(s) = strcol(2) eq s

set multiplot layout 1,3 title "retrace vs. MinHash+LSH baseline (same input reader, same thread count)"

set title "throughput (log scale)"
set ylabel "articles per second"
set logscale y
plot tsv every ::1 using 1:(is("retrace") ? $7 : 1/0) title "retrace, per core (wall)" lw 2 pt 7 lc 1, \
     tsv every ::1 using 1:(is("retrace") ? $8 : 1/0) title "retrace, per CPU second" lw 1 dt 2 pt 6 lc 1, \
     tsv every ::1 using 1:(is("baseline") ? $7 : 1/0) title "MinHash+LSH, per core (wall)" lw 2 pt 5 lc 2, \
     tsv every ::1 using 1:(is("baseline") ? $8 : 1/0) title "MinHash+LSH, per CPU second" lw 1 dt 2 pt 4 lc 2

set title "peak memory (log scale)"
set ylabel "MB"
plot tsv every ::1 using 1:(is("retrace") ? $6 : 1/0) title "retrace" lw 2 pt 7 lc 1, \
     tsv every ::1 using 1:(is("baseline") ? $6 : 1/0) title "MinHash+LSH" lw 2 pt 5 lc 2
unset logscale y

set title "recall of planted copies"
set ylabel "recall"
set yrange [0:1]
plot tsv every ::1 using 1:(is("retrace") ? $9 : 1/0) title "retrace" lw 2 pt 7 lc 1, \
     tsv every ::1 using 1:(is("baseline") ? $9 : 1/0) title "MinHash+LSH" lw 2 pt 5 lc 2

unset multiplot
