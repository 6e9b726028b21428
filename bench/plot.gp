# bench/plot.gp — draws bench/results/scale.tsv (written by bench/scale.sh) into
# docs/scaling.png: throughput per core and peak memory against corpus size, retrace
# against the MinHash + LSH baseline.
#
#   gnuplot bench/plot.gp                                   (from the repository root)
#   gnuplot -e "tsv='path/scale.tsv'; png='out.png'" bench/plot.gp
#
# Columns used: 1 articles, 2 system, 3 threads, 6 peak_mb, 7 articles_per_s_per_core,
# 8 articles_per_cpu_s, 9 recall, 16 ratio, 17 ratio_cpu. Each curve reads the rows of one
# system through awk (so that its points are joined by lines).
if (!exists("tsv")) tsv = "bench/results/scale.tsv"
if (!exists("png")) png = "docs/scaling.png"

set terminal pngcairo size 1900,480 font "sans,11"
set output png
set datafile separator "\t"
set key top right font ",9"
set grid
set logscale x
set xlabel "articles in the corpus"
set format x "10^{%L}"
set style data linespoints
set xrange [6000:1600000]

sel(s) = sprintf("< awk -F'\t' '$2 == \"%s\"' '%s'", s, tsv)

set multiplot layout 1,4 title "retrace vs. MinHash+LSH baseline (same input reader, same thread count)"

set title "throughput (log scale)"
set ylabel "articles per second"
set logscale y
plot sel("retrace") using 1:7 title "retrace, per core (wall)" with linespoints lw 2 pt 7 lc 1, \
     sel("retrace") using 1:8 title "retrace, per CPU second" with linespoints lw 1 dt 2 pt 6 lc 1, \
     sel("baseline") using 1:7 title "MinHash+LSH, per core (wall)" with linespoints lw 2 pt 5 lc 2, \
     sel("baseline") using 1:8 title "MinHash+LSH, per CPU second" with linespoints lw 1 dt 2 pt 4 lc 2

set title "peak memory (log scale)"
set key top left
set ylabel "MB"
plot sel("retrace") using 1:6 title "retrace" with linespoints lw 2 pt 7 lc 1, \
     sel("baseline") using 1:6 title "MinHash+LSH" with linespoints lw 2 pt 5 lc 2, \
     8192 title "goal for retrace at 1M: 8 GB" with lines dt 3 lc rgb "gray40"
unset logscale y

set title "recall of planted copies"
set ylabel "recall"
set yrange [0:1]
set key bottom right
plot sel("retrace") using 1:9 title "retrace" with linespoints lw 2 pt 7 lc 1, \
     sel("baseline") using 1:9 title "MinHash+LSH" with linespoints lw 2 pt 5 lc 2
unset yrange

set title "retrace / baseline, per core (log scale)"
set ylabel "ratio"
set logscale y
set yrange [0.05:50]
set key top right
plot sel("retrace") using 1:16 title "articles/s per core (wall)" with linespoints lw 2 pt 7 lc 1, \
     sel("retrace") using 1:17 title "articles per CPU second" with linespoints lw 1 dt 2 pt 6 lc 1, \
     20 title "goal: 20x" with lines dt 3 lc rgb "gray40", \
     1 title "parity" with lines dt 1 lc rgb "gray70"

unset multiplot
