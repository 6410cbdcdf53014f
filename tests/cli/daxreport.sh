#!/usr/bin/env bash
# daxreport.sh - the report program (suite/daxreport/) on made-up runs
# whose figures are known: the ratios and their verdicts, the agreement
# count, the columns a run has (and only those), a run's summary.json
# (schema, every string escaped, the steps' members), report.html (images
# inlined, a missing one named) and its bad input (an unknown format, a
# CSV without a column, an unknown fact: each named, never a crash).
. "$(dirname "$0")/lib.sh"
R=$BUILD/daxreport
[ -x "$R" ] || { fail built "no $R (make)"; finish; }
WL=$TOP/workloads/chinner-2016
hdr=tool,mode,table,scenario,variant,run,bytes,ops,pwrite_s,pwrite_mibps,runtime_s,setup_s,pwrite_cmd_s,sync_s,teardown_s,other_s,journal_txns,blocks_allocated,zero_s,prefill
# row MODE TABLE SCENARIO VARIANT RUN MIBPS RUNTIME: 1 GiB in 4 KiB calls
row() { echo "daxio,$1,$2,$3,$4,$5,1073741824,262144,$(awk -v r="$7" 'BEGIN { print r * 0.8 }'),$6,$7,0.01,0.5,0.1,0.05,0.01,513,262144,0.02,old"; }
C=$T_TMP/s.csv
{
    echo "$hdr"
    for r in 1 2 3; do
        # table 1: 2016 DAX B/W 0.27x no DAX, runtime 1.99x; here DAX is
        # 3x faster (disagrees) and takes 2.5x the time (agrees)
        row pagecache 1 alloc-4k email $r 1000 1.00
        row movnt 1 alloc-4k email $r 3000 2.50
        # table 2: 2016 B/W even (1.00x), runtime 0.51x; here DAX is 1.2x
        # faster (disagrees: 20% is not even) and takes 0.8x (agrees)
        row pagecache 2 overwrite-4k email $r 1000 1.00
        row movnt 2 overwrite-4k email $r 1200 0.80
    done
} >"$C"
j=$("$R" scenarios json "$WL" "$C") && j="{$j}"
if command -v jq >/dev/null; then
    expect ratios-json "4 2 bw 3 false runtime 2.5 true bw 1.2 false runtime 0.8 true" \
        "$(jq -r '.scenarios | [.compared, .agree, (.tables[].ratios[] | .ratio, .measured, .agrees)] | map(tostring) | join(" ")' <<<"$j" 2>&1)"
    expect medians-json "1000 3000" "$(jq -r '.scenarios.tables[0].measured | [.pagecache.pwrite_mibps_median, .movnt.pwrite_mibps_median] | map(tostring) | join(" ")' <<<"$j" 2>&1)"
else
    skip ratios-json "jq is not installed (suite/install-deps.sh test installs it)"
fi
t=$("$R" scenarios text "$WL" "$C")
grep -qE '^  pwrite B/W DAX/no DAX +movnt +0\.27x +3\.00x +DISAGREES: here DAX faster, in 2016 DAX slower' <<<"$t" \
    && pass verdict-disagrees || fail verdict-disagrees "$(grep -i 'B/W DAX' <<<"$t")"
grep -qE '^  runtime DAX/no DAX +movnt +1\.99x +2\.50x +agrees \(DAX takes longer\)' <<<"$t" \
    && pass verdict-agrees || fail verdict-agrees "$(grep 'runtime DAX' <<<"$t")"
grep -qx "The email's directions (DAX = movnt): this run agrees on 2 of 4 ratios." <<<"$t" \
    && pass agreement-count || fail agreement-count "$(tail -2 <<<"$t")"
# the columns are the modes the run has: no clwb, no deferred, nowhere
m=$("$R" scenarios md "$WL" "$C")
! grep -q 'clwb\|deferred' <<<"$m$t" && pass only-run-modes || fail only-run-modes "$(grep -n 'clwb\|deferred' <<<"$m$t" | head -3)"
grep -q '^| 1 | 1000.0 | 3000.0 | 1.00 | 2.50 | 880.040 | 236.352 | 2.27 | 4.34 |$' <<<"$m" \
    && pass md-row || fail md-row "$(grep '^| 1 ' <<<"$m")"
# the ratio plot's data: one line per ratio of the 2016 DAX mode
expect ratios-dat '# label published measured
"table 1\nB/W" 0.2730 3.0000
"table 1\nruntime" 1.9908 2.5000
"table 2\nB/W" 1.0018 1.2000
"table 2\nruntime" 0.5082 0.8000' "$("$R" scenarios ratios "$WL" "$C")"
# a figure of fewer than 3 runs is marked
{ echo "$hdr"; row pagecache 1 alloc-4k email 1 1000 1.0; row pagecache 1 alloc-4k email 2 1100 1.1
  row movnt 1 alloc-4k email 1 3000 2.5; } >"$T_TMP/few.csv"
t=$("$R" scenarios text "$WL" "$T_TMP/few.csv")
grep -qE '^  CV +6\.7% n<3 +- ' <<<"$t" && pass cv-few-runs || fail cv-few-runs "$(grep '^  CV' <<<"$t")"

# the plots' data: a 64 MiB run's bars beside the email's runtimes scaled
# from 1 GiB (x1/16), a real target's columns beside its side's figures,
# the tools of one filesystem and DAX state
P=$T_TMP/p.csv
{ echo target,fs,dax,tool,mode,table,scenario,variant,run,bytes,pwrite_mibps,runtime_s,setup_s,pwrite_cmd_s,sync_s,teardown_s,other_s
  echo ref,daxref,0,daxio,pagecache,1,alloc-4k,email,1,67108864,1000,0.10,0.01,0.05,0.02,0.01,0.01
  echo ref,daxref,1,daxio,movnt,1,alloc-4k,email,1,67108864,3000,0.05,0.01,0.02,0,0.01,0.01
  echo vm,xfs,1,xfs_io,xfs-dax,1,alloc-4k,email,1,67108864,60,1.1,,,,,
  echo vm,xfs,1,fio-psync,xfs-dax,1,alloc-4k,email,1,67108864,70,,,,,,
  echo vm,xfs,0,xfs_io,xfs-nodax,1,alloc-4k,email,1,67108864,170,0.5,,,,, ; } >"$P"
expect plot-table '# group pub_bw(med min max) meas_bw(med min max) pub_rt(med min max) meas_rt(med min max)
"no DAX\n(pagecache)" 865.82 857.094 880.04 1000 1000 1000 0.13625 0.133125 0.141875 0.1 0.1 0.1
"DAX\n(movnt)" 236.352 236.087 257.297 3000 3000 3000 0.27125 0.249375 0.27125 0.05 0.05 0.05
"xfs\n(DAX)" 236.352 236.087 257.297 60 60 60 0.27125 0.249375 0.27125 1.1 1.1 1.1
"xfs\n(no DAX)" 865.82 857.094 880.04 170 170 170 0.13625 0.133125 0.141875 0.5 0.5 0.5' \
    "$("$R" plotdata table --table 1 --published "$WL/published.csv" "$P" 2>&1)"
expect plot-combos "xfs-dax xfs-nodax" "$("$R" plotdata combos "$P" 2>&1)"
expect plot-tools '# scenario xfs_io fio-psync
alloc-4k 60 70' "$("$R" plotdata tools --combo xfs-dax "$P" 2>&1)"
expect plot-split '# label setup pwrite sync teardown other  (medians, s; a blank line between tables)
"no DAX" 0.01 0.05 0.02 0.01 0.01
"DAX" 0.01 0.02 0 0.01 0.01' "$("$R" plotdata split "$P" 2>&1)"
out=$("$R" plotdata table "$P" 2>&1); rc=$?
expect plot-usage "2 daxreport: plotdata table: needs 1 CSV file(s) and --table and --published" "$rc $out"

# a real target's conformance rows: what did not pass, the unexpected
# counted by the one verdict rule (a pass without work is an ERROR)
K=$T_TMP/k.csv
{ echo "target,$("$BUILD/daxrace" --list-columns),pmd"
  echo 'vm,fault-vs-truncate,6.1,xfs,1,real,pass,pass,120,1.0,,,0'
  echo 'vm,lock-order,6.1,xfs,1,real,pass,pass,0,1.0,,,0'
  echo 'vm,gup,6.1,xfs,1,real,pass,fail,9,1.0,"page busy | pinned",,1'
  echo 'vm,gup,6.1,xfs,1,break,fail,fail,9,1.0,,,1'; } >"$K"
expect real-count 2 "$("$R" conformance-real count "$K" --target vm 2>&1)"
expect real-lines '   gup xfs-dax real: fail: page busy | pinned' "$("$R" conformance-real lines "$K" --target vm 2>&1)"
m=$("$R" conformance-real md "$K" --target vm --note "xfs on a TCG guest" --rows conformance-vm.csv 2>&1)
grep -q '^`conformance-vm.csv`. \*\*2 unexpected.\*\*$' <<<"$m" \
    && grep -qF '| gup | real | xfs | 1 | fail **(unexpected)** | pass | 1 | page busy \| pinned |' <<<"$m" \
    && grep -qF '| lock-order | real | xfs | 1 | pass **(did not do its work)** | pass | 0 |  |' <<<"$m" \
    && pass real-md || fail real-md "$m"
expect real-json '"conformance_real": {"target": "vm\"1", "unexpected": 2, "rows": "c.csv"}' \
    "$("$R" conformance-real json "$K" --target 'vm"1' --rows c.csv 2>&1)"
# the reference's rows: one line per check, the bug caught on its profile
# (XFAIL), a broken variant that passed named with its reason
F=$T_TMP/f.csv
{ echo "$("$BUILD/daxrace" --list-columns)"
  echo 'lock-order,ref:fixed,ref,1,real,pass,pass,5,0.01,,'
  echo 'lock-order,ref:inverted-lock-order,ref,1,break,fail,fail,5,0.01,cycle,'
  echo 'durable,ref:fixed,ref,1,real,pass,pass,3,0.01,,'
  echo 'durable,ref:no-flush,ref,1,break,fail,pass,3,0.01,"the data | survived",'; } >"$F"
expect ref-lines '   lock-order               fixed passes; inverted-lock-order caught
   durable                  fixed passes; no-flush FAIL
       no-flush: the data | survived' "$("$R" conformance-ref text "$F" 2>&1)"
expect ref-md '| durable | ref:no-flush | FAIL | the data \| survived |' "$("$R" conformance-ref md "$F" 2>&1 | tail -n 1)"

# a job's rows in scenarios.csv's columns: missing columns empty, --set wins
printf 'target,tool,mode,notes\nvm,xfs_io,xfs-dax,"a, b"\n' >"$T_TMP/j.csv"
expect rows-columns 'vm,"c, d",xfs_io,,"a, b"' "$("$R" rows --columns target,cpu_model,tool,table,notes --set 'cpu_model=c, d' "$T_TMP/j.csv" 2>&1)"
out=$("$R" rows --columns target --set nonsense "$T_TMP/j.csv" 2>&1); rc=$?
expect rows-bad-set "2 daxreport: rows: --set 'nonsense': not COLUMN=VALUE" "$rc $out"

# the shell's median: spread.c through daxreport spread
expect spread "4 1 2.5 10 1.0206" "$(printf '3\n1\n\n2\n10\n' | "$R" spread 2>&1)"
out=$(printf '1\n2x\n' | "$R" spread 2>&1); rc=$?
expect spread-bad "2 daxreport: spread: line 2: '2x' is not a number" "$rc $out"

# bad input: named, exit 2 for usage, 1 for a bad file
out=$("$R" scenarios pdf "$WL" "$C" 2>&1); rc=$?
expect bad-format "2 daxreport: scenarios: unknown format 'pdf' (valid: text, md, json, headline, ratios)" "$rc $out"
cut -d, -f1-9 "$C" >"$T_TMP/short.csv"
out=$("$R" scenarios text "$WL" "$T_TMP/short.csv" 2>&1); rc=$?
expect missing-column "1 daxreport: $T_TMP/short.csv: no column pwrite_mibps (results/README.md)" "$rc $out"
out=$("$R" scenarios text "$WL" "$T_TMP/nonexistent.csv" 2>&1); rc=$?
[ $rc = 1 ] && grep -q "nonexistent.csv" <<<"$out" && pass missing-file || fail missing-file "$rc $out"
out=$("$R" frobnicate 2>&1); rc=$?
[ $rc = 2 ] && grep -q "unknown command 'frobnicate'" <<<"$out" && pass bad-command || fail bad-command "$rc $out"

# summary: every string escaped, the steps' members in name order
O=$T_TMP/out W=$T_TMP/work; mkdir -p "$O" "$W/json.d" "$W/report.d"
printf '"b": {"x": 1}' >"$W/json.d/20-b.json"; printf '"a": [1, 2]' >"$W/json.d/10-a.json"
printf '## Section A\n\n| k | v |\n|---|---:|\n| one | 1 |\n' >"$W/report.d/10-a.md"
printf 'not a png' >"$O/plot.png"; : >"$O/scenarios.csv.part"
ctl=$(printf 'tab\there "quoted" back\\slash bell\a')
{ echo key,value; echo schema_version,2; echo "failed_steps,copy conformance"; echo elapsed_s,12.345
  printf 'target,"%s"\n' "${ctl//\"/\"\"}"; echo options.quick,1; echo options.runs,3; echo "options.modes,pagecache movnt"; } >"$T_TMP/facts.csv"
"$R" summary --facts "$T_TMP/facts.csv" --out "$O" --work "$W"; rc=$?
expect summary-status 0 "$rc"
if command -v jq >/dev/null; then
    expect summary-json "2|false|copy,conformance|12.3|true|3|pagecache,movnt|a,b|1,2" \
        "$(jq -r '[.schema_version, .complete, (.failed_steps | join(",")), .elapsed_s, .options.quick, .options.runs, (.options.modes | join(",")), (.steps | keys | join(",")), (.steps.a | map(tostring) | join(","))] | map(tostring) | join("|")' "$O/summary.json" 2>&1)"
    expect summary-escaped "$ctl" "$(jq -j .target "$O/summary.json" 2>&1)"
    jq -e '.files | index("scenarios.csv") and index("summary.json") and (index("scenarios.csv.part") | not)' "$O/summary.json" >/dev/null \
        && pass summary-files || fail summary-files "$(jq -c .files "$O/summary.json")"
fi
grep -q '^| \*\*failed steps\*\* | copy conformance |$' "$O/report.md" && grep -q '^## Section A$' "$O/report.md" \
    && grep -q '^!\[plot\](plot.png)$' "$O/report.md" && pass report-md || fail report-md "$(cat "$O/report.md")"
# report.html: the image inlined, the table's alignment kept, nothing unescaped
h=$O/report.html
grep -q '<img alt="plot" src="data:image/png;base64,bm90IGEgcG5n">' "$h" && pass html-image || fail html-image "$(grep -o '<img[^>]*' "$h" | cut -c1-80)"
grep -q '<tr><td>one</td><td style="text-align:right">1</td></tr>' "$h" && pass html-table || fail html-table "$(grep '<td>one' "$h")"
grep -q '<td>target</td><td>tab	here "quoted" back\\slash bell' "$h" && ! grep -q '<script' "$h" && pass html-escaped || fail html-escaped "$(grep '<td>target' "$h")"
printf '# T <x>\n\n![gone](gone.png)\n' >"$T_TMP/g.md"
expect html-missing-image '<h1>T &lt;x&gt;</h1>
<p><i>gone (not drawn)</i></p>' "$("$R" html "$T_TMP/g.md" | sed -n '/<body>/,$p' | sed '1d;$d')"
# an unknown fact is named, and nothing is written
{ echo key,value; echo machine.hots,x; } >"$T_TMP/bad.csv"
out=$("$R" summary --facts "$T_TMP/bad.csv" --out "$T_TMP/none" --work "$W" 2>&1); rc=$?
expect unknown-fact "1 daxreport: $T_TMP/bad.csv:2: unknown fact 'machine.hots' (summary.c's facts[])" "$rc $out"
out=$("$R" summary --facts "$T_TMP/facts.csv" 2>&1); rc=$?
expect summary-usage 2 "$rc"
finish
