# spread-lines.awk - the spread of the numbers on standard input, one per
# line, as one line: "n min median max cv" (csv.awk's spread(), twin of
# suite/common/spread.c).  How the shell takes a median.
#
#   ... | awk -f csv.awk -f spread-lines.awk
NF { v[++n] = $1 }
END { spread(v, n, s); printf "%d %s %s %s %.4f\n", s["n"], s["min"], s["median"], s["max"], s["cv"] }
