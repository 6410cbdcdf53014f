# conformance-table.awk - print_conformance's table (host.sh); with csv.awk.
NR == 1 { csv_index($0, c); next }
{ csv_split($0, f); o = f[c["outcome"]]
  combo = f[c["fs"]] "-" (f[c["dax"]] == 1 ? "dax" : "nodax")
  k = f[c["check"]] " " f[c["variant"]]
  if (!(combo in cseen)) { cseen[combo] = 1; corder[++nc] = combo }
  if (!(k in kseen)) { kseen[k] = 1; korder[++nk] = k }
  cell[k, combo] = o == "known" ? "fail(known)" : o (o == "error" || o != "skip" && o != f[c["expected"]] ? "!" : "")
  if (f[c["pmd"]] != "" && f[c["pmd"]] != "n/a") pmd[combo] = f[c["pmd"]] }
END { printf "%-42s", "check / variant"
      for (j = 1; j <= nc; j++) printf " %-12s", corder[j]; print ""
      for (i = 1; i <= nk; i++) {
          split(korder[i], kv, " ")
          printf "%-42s", kv[1] (kv[2] == "real" ? "" : " (" kv[2] ")")
          for (j = 1; j <= nc; j++) printf " %-12s", ((korder[i], corder[j]) in cell ? cell[korder[i], corder[j]] : "-")
          print "" }
      for (j = 1; j <= nc; j++) if (corder[j] in pmd) print "hole-to-pmd on " corder[j] ": pmd=" pmd[corder[j]] }
