# csv-to-json.awk - csv_to_json (host.sh); with csv.awk.
NR == 1 { n = csv_split($0, h); printf "["; next }
{ csv_split($0, f); printf "%s\n  {", (NR > 2 ? "," : "")
  for (i = 1; i <= n; i++) {
      v = f[i]
      printf "%s%s: %s", (i > 1 ? ", " : ""), json_str(h[i]), (v ~ /^-?[0-9]+(\.[0-9]+)?$/ ? v : json_str(v)) }
  printf "}" }
END { print (NR > 1 ? "\n]" : "]") }
