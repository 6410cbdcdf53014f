# real-scenarios.awk - a real target's chinner-2016 and fio rows (the job
# contract's columns, suite/targets/README.md) in the scenario CSV's columns.
#
#   awk -f csv.awk -f real-scenarios.awk -v cols="target,$MACHINE_COLS,$SCN_COLS" JOB_CSV
#
# The machine columns the target does not know come from the environment
# (PRE_HOST, PRE_DATE, PRE_GIT, PRE_CPU, PRE_FLAGS); the rest are left empty.
function q(s) { if (s ~ /[",]/) { gsub(/"/, "\"\"", s); return "\"" s "\"" } return s }
function g(k) { return (k in c) ? f[c[k]] : "" }
NR == 1 { csv_index($0, c); n = split(cols, col, ","); next }
{
    csv_split($0, f)
    delete v
    for (i = 1; i <= n; i++) v[col[i]] = g(col[i])
    v["host"] = ENVIRON["PRE_HOST"]; v["date"] = ENVIRON["PRE_DATE"]; v["git_rev"] = ENVIRON["PRE_GIT"]
    v["cpu_model"] = ENVIRON["PRE_CPU"]; v["cpu_flags"] = ENVIRON["PRE_FLAGS"]
    s = ""
    for (i = 1; i <= n; i++) s = s (i > 1 ? "," : "") q(v[col[i]])
    print s
}
