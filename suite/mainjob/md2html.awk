# md2html.awk - report.md as one self-contained report.html: the Markdown
# that summary.sh and the steps write (headings, paragraphs, "- " lists,
# pipe tables with a rule row, `code`, **bold**, and images), with every
# image inlined as a data: URI so the page can be mailed or attached.
#
#   awk -v dir=OUT -v title=TITLE -f md2html.awk OUT/report.md > OUT/report.html
#
# The images are read with base64(1) (coreutils); one that is missing is
# shown as its name.
function esc(s) { gsub(/&/, "\\&amp;", s); gsub(/</, "\\&lt;", s); gsub(/>/, "\\&gt;", s); return s }
# inline markup of a line already escaped: `code`, **bold**
function inl(s,    out, i, c, code, bold) {
    out = ""; code = 0; bold = 0
    for (i = 1; i <= length(s); i++) {
        c = substr(s, i, 1)
        if (c == "`") { out = out (code ? "</code>" : "<code>"); code = !code; continue }
        if (!code && substr(s, i, 2) == "**") { out = out (bold ? "</b>" : "<b>"); bold = !bold; i++; continue }
        out = out c
    }
    if (code) out = out "</code>"
    if (bold) out = out "</b>"
    return out
}
function close_blocks() {
    if (inpara) { print "</p>"; inpara = 0 }
    if (inlist) { print "</ul>"; inlist = 0 }
    if (intable) { print "</tbody></table>"; intable = 0 }
}
function cells(line, tag,    n, i, f, s) {
    sub(/^[ \t]*\|/, "", line); sub(/\|[ \t]*$/, "", line)
    n = split(line, f, /\|/)
    s = "<tr>"
    for (i = 1; i <= n; i++) {
        gsub(/^[ \t]+|[ \t]+$/, "", f[i])
        s = s "<" tag (align[i] ? " style=\"text-align:" align[i] "\"" : "") ">" inl(esc(f[i])) "</" tag ">"
    }
    return s "</tr>"
}
function image(alt, file,    cmd, b64, line) {
    cmd = "base64 -w0 '" dir "/" file "' 2>/dev/null"
    b64 = ""
    while ((cmd | getline line) > 0) b64 = b64 line
    close(cmd)
    if (b64 == "") return "<p><i>" esc(alt) " (not drawn)</i></p>"
    return "<figure><img alt=\"" esc(alt) "\" src=\"data:image/png;base64," b64 "\"><figcaption>" esc(alt) "</figcaption></figure>"
}
BEGIN {
    print "<!DOCTYPE html>"
    print "<html><head><meta charset=\"utf-8\"><title>" esc(title) "</title>"
    print "<style>body{font-family:sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;line-height:1.4}"
    print "table{border-collapse:collapse;margin:1em 0;font-size:90%}td,th{border:1px solid #ccc;padding:2px 6px}"
    print "th{background:#f0f0f0}code{background:#f4f4f4;padding:0 2px}img{max-width:100%;max-height:50vh}"
    print "figure{margin:1em 0}figcaption{color:#555;font-size:85%}</style></head><body>"
}
# a table: a header row, then a rule row (|---|---:|), then rows
/^[ \t]*\|/ {
    if (!intable) {
        header = $0
        if ((getline nxt) > 0 && nxt ~ /^[ \t]*\|[ \t]*:?-/) {
            close_blocks()
            split("", align)
            r = nxt; sub(/^[ \t]*\|/, "", r); sub(/\|[ \t]*$/, "", r)
            na = split(r, ar, /\|/)
            for (i = 1; i <= na; i++) align[i] = ar[i] ~ /-:[ \t]*$/ ? "right" : ""
            print "<table><thead>" cells(header, "th") "</thead><tbody>"
            intable = 1
            next
        }
        close_blocks()
        print "<p>" inl(esc(header)) "</p>"
        $0 = nxt
        if ($0 == "") next
    } else {
        print cells($0, "td")
        next
    }
}
/^#+ / {
    close_blocks()
    n = match($0, /^#+/); lvl = RLENGTH
    print "<h" lvl ">" inl(esc(substr($0, lvl + 2))) "</h" lvl ">"
    next
}
/^!\[[^]]*\]\([^)]*\)/ {
    close_blocks()
    alt = $0; sub(/^!\[/, "", alt); sub(/\].*/, "", alt)
    file = $0; sub(/^[^(]*\(/, "", file); sub(/\).*/, "", file)
    print image(alt, file)
    next
}
/^- / {
    if (inpara) { print "</p>"; inpara = 0 }
    if (intable) { print "</tbody></table>"; intable = 0 }
    if (!inlist) { print "<ul>"; inlist = 1 }
    print "<li>" inl(esc(substr($0, 3))) "</li>"
    next
}
/^[ \t]*$/ { close_blocks(); next }
{
    if (intable) { print "</tbody></table>"; intable = 0 }
    if (inlist && /^  /) { print inl(esc($0)); next }
    if (inlist) { print "</ul>"; inlist = 0 }
    if (!inpara) { printf "<p>"; inpara = 1 }
    print inl(esc($0))
}
END { close_blocks(); print "</body></html>" }
