#!/usr/bin/env bash
# compare.sh - run.sh --compare A B on two made-up results folders: a figure
# that moved more than 5% is marked changed (not a failure), an outcome that
# got worse is a failure (exit 1), bad usage exits 2.
. "$(dirname "$0")/lib.sh"
A=$T_TMP/a B=$T_TMP/b
mkdir -p "$A" "$B"
hdr="target,host,date,git_rev,kernel,cpu_model,cpu_flags,isa,flush,kernels,fs,dax,tool,mode,table,scenario,variant,run,pwrite_mibps,runtime_s"
row() { echo "ref,h,d,$1,k,cpu,f,avx512,clwb,ks,daxref,1,daxio,$2,1,alloc-4k,email,$3,$4,$5"; }
{ echo "$hdr"; row r1 movnt 1 1000 1.00; row r1 movnt 2 1010 1.01; row r1 movnt 3 990 0.99
  row r1 pagecache 1 500 2.0; } >"$A/scenarios.csv"
{ echo "$hdr"; row r2 movnt 1 1200 0.85; row r2 movnt 2 1190 0.86; row r2 movnt 3 1210 0.84
  row r2 pagecache 1 505 2.01; } >"$B/scenarios.csv"
ch="target,check,profile,want,run,outcome,message"
{ echo "$ch"; echo "ref,fault-vs-truncate,fixed,pass,1,pass,"; echo "ref,lock-order,fixed,pass,1,pass,"; } >"$A/conformance.csv"
{ echo "$ch"; echo "ref,fault-vs-truncate,fixed,pass,1,fail,boom"; echo "ref,lock-order,fixed,pass,1,pass,"; } >"$B/conformance.csv"

out=$("$TOP/run.sh" --compare "$A" "$B" 2>&1); rc=$?
expect compare-status 1 "$rc"
grep -qE '^1 +email +movnt +1000\.0 +1200\.0 +1\.20 +1\.000 +0\.850 +0\.85  changed$' <<<"$out" && pass compare-changed \
    || fail compare-changed "$(grep -E '^1 ' <<<"$out")"
grep -qE '^1 +email +pagecache +500\.0 +505\.0 +1\.01 ' <<<"$out" && ! grep -qE '^1 +email +pagecache .*changed' <<<"$out" \
    && pass compare-unchanged || fail compare-unchanged "$(grep pagecache <<<"$out")"
grep -qE '^fault-vs-truncate +fixed +pass +-> fail +WORSE$' <<<"$out" && pass compare-worse || fail compare-worse "$out"
grep -q '^git_rev: A r1$' <<<"$out" && pass compare-facts || fail compare-facts "$(head -5 <<<"$out")"
grep -qx '3 passed, 1 failed, 0 skipped' <<<"$out" && pass compare-count || fail compare-count "$(tail -1 <<<"$out")"
# schema 2 (the one conformance schema) against schema 1: read, the column
# difference named; a broken variant that stops failing is WORSE
C=$T_TMP/c; mkdir -p "$C"; cp "$B/scenarios.csv" "$C/"
printf '{\n  "schema_version": 2,\n' >"$C/summary.json"; printf '{\n  "schema_version": 1,\n' >"$A/summary.json"
{ echo "target,$("$BUILD/daxrace" --list-columns)"
  echo "ref,fault-vs-truncate,ref:fixed,ref,1,real,pass,pass,8,0.02,,"
  echo "ref,lock-order,ref:fixed,ref,1,real,pass,pass,5,0.01,,"
  echo "ref,lock-order,ref:inverted-lock-order,ref,1,break,fail,pass,5,0.01,,"; } >"$C/conformance.csv"
out=$("$TOP/run.sh" --compare "$A" "$C" 2>&1); rc=$?
if grep -q '^schemas differ' <<<"$out" && grep -q '^columns differ: only in A: .*profile.*only in B: .*implementation' <<<"$out" \
    && ! grep -qE '^fault-vs-truncate +fixed +pass +-> pass' <<<"$out"; then pass compare-schema-1-vs-2
else fail compare-schema-1-vs-2 "$out"; fi
sed 's/inverted-lock-order,ref,1,break,fail,pass/inverted-lock-order,ref,1,break,fail,fail/' "$C/conformance.csv" >"$T_TMP/c.csv"
D=$T_TMP/d; mkdir -p "$D"; cp "$T_TMP/c.csv" "$D/conformance.csv"; cp "$C/summary.json" "$D/"
out=$("$TOP/run.sh" --compare "$D" "$C" 2>&1); rc=$?
[ $rc = 1 ] && grep -qE '^lock-order +inverted-lock-order break/ref/1 +fail +-> pass +WORSE$|^lock-order +inverted-lock-order +fail +-> pass +WORSE$' <<<"$out" \
    && pass compare-break-stops-failing || fail compare-break-stops-failing "$rc: $out"
printf '{\n  "schema_version": 99,\n' >"$D/summary.json"
out=$("$TOP/run.sh" --compare "$D" "$C" 2>&1); rc=$?
[ $rc = 2 ] && grep -q "schema_version 99, newer than" <<<"$out" && pass compare-newer-schema-refused \
    || fail compare-newer-schema-refused "$rc: $out"
out=$("$TOP/run.sh" --compare "$A" "$T_TMP/none" 2>&1); rc=$?
[ $rc = 2 ] && grep -q "is not a results folder" <<<"$out" && pass compare-bad-folder || fail compare-bad-folder "$rc: $out"
out=$("$TOP/run.sh" --compare "$A" 2>&1); rc=$?
[ $rc = 2 ] && grep -q "usage: run.sh --compare RUN_A RUN_B" <<<"$out" && pass compare-usage || fail compare-usage "$rc: $out"
finish
