# modes.sh - the reference's copy modes for the shell and the reports, read
# from their one table (ref/modes.def, which daxio --list-modes prints).
# Read from the source file, not the binary, so that run.sh checks --modes
# before anything is built.  Source it from bash.
#
#   ref_modes          the no-DAX modes first (the tables' first column),
#                      then the DAX ones, in the table's order
#   ref_modes table    the table's order
#   ref_mode_dax MODE  1 for a DAX mode, 0 for a page-cache one
#   ref_mode_role dax|nodax
#                      the mode that plays the 2016 tables' DAX or no-DAX
#                      column (the table's last field)
MODES_DEF=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../ref" && pwd)/modes.def

ref_modes() {
    if [ "${1:-}" = table ]; then
        sed -n 's/^DX_MODE(\([a-z0-9_-]*\),.*/\1/p' "$MODES_DEF"
    else
        sed -n 's/^DX_MODE(\([a-z0-9_-]*\), *false,.*/\1/p' "$MODES_DEF"
        sed -n 's/^DX_MODE(\([a-z0-9_-]*\), *true,.*/\1/p' "$MODES_DEF"
    fi | tr '\n' ' ' | sed 's/ $//'
}

ref_mode_dax() {
    grep -q "^DX_MODE($1, *true," "$MODES_DEF" && echo 1 || echo 0
}

ref_mode_role() {
    local r
    r=$(tr a-z A-Z <<<"$1")
    sed -n "s/^DX_MODE(\([a-z0-9_-]*\),.*DX_ROLE_$r)\$/\1/p" "$MODES_DEF" | head -n 1
}
