# fio-json.awk - the figures of the first job's "write" object in fio's
# --output-format=json (fio 3.x prints one key per line), on one line:
#   io_bytes total_ios runtime_ms bw_bytes
# Plain awk (busybox's in the vm guest): it follows the nesting by the
# braces and brackets at the ends of lines, which is how fio prints.
# Exits 1 when there is no "write" object with io_bytes.
/"write"[ \t]*:[ \t]*\{/ && !done { inw = 1; depth = 0; next }
inw {
    line = $0
    if (depth == 0 && match(line, /"[a-z_]+"[ \t]*:[ \t]*-?[0-9.]+/)) {
        kv = substr(line, RSTART, RLENGTH)
        k = kv; sub(/^"/, "", k); sub(/".*$/, "", k)
        v = kv; sub(/^.*:[ \t]*/, "", v)
        if (!(k in val)) val[k] = v
    }
    if (line ~ /(\{|\[)[ \t]*$/) depth++
    else if (line ~ /^[ \t]*(\}|\]),?[ \t]*$/) {
        if (depth == 0) { inw = 0; done = 1 } else depth--
    }
}
END {
    if (!done || val["io_bytes"] == "") exit 1
    printf "%s %s %s %s\n", val["io_bytes"], val["total_ios"], val["runtime"], val["bw_bytes"]
}
