/* SPDX-License-Identifier: MIT */
/*
 * html.c - report.md as one self-contained report.html: the Markdown the
 * report writes (headings, paragraphs, "- " lists, pipe tables with a rule
 * row, `code`, **bold**, and images), every image inlined as a data: URI
 * so that the page can be mailed or attached.  An image that is missing is
 * shown as its name and "(not drawn)".
 */
#include "html.h"

#include <stdlib.h>
#include <string.h>

struct page {
	FILE	*o;
	const char *dir;	/* the images are named relative to it */
	bool	para, list, table;
	char	align[64];	/* per table column: 'r' or 0 */
};

static void esc(FILE *o, const char *s, size_t n)
{
	for (size_t i = 0; i < n && s[i]; i++)
		switch (s[i]) {
		case '&': fputs("&amp;", o); break;
		case '<': fputs("&lt;", o); break;
		case '>': fputs("&gt;", o); break;
		default: fputc(s[i], o);
		}
}

/* @s[0..n) escaped, with `code` and **bold** as tags. */
static void inline_md(FILE *o, const char *s, size_t n)
{
	bool code = false, bold = false;

	for (size_t i = 0; i < n && s[i]; i++) {
		if (s[i] == '`') {
			fputs(code ? "</code>" : "<code>", o);
			code = !code;
		} else if (!code && s[i] == '*' && i + 1 < n && s[i + 1] == '*') {
			fputs(bold ? "</b>" : "<b>", o);
			bold = !bold;
			i++;
		} else {
			esc(o, s + i, 1);
		}
	}
	if (code)
		fputs("</code>", o);
	if (bold)
		fputs("</b>", o);
}

static void inline_line(FILE *o, const char *s)
{
	inline_md(o, s, strlen(s));
}

static void close_blocks(struct page *p)
{
	if (p->para)
		fputs("</p>\n", p->o);
	if (p->list)
		fputs("</ul>\n", p->o);
	if (p->table)
		fputs("</tbody></table>\n", p->o);
	p->para = p->list = p->table = false;
}

static bool blank(const char *s)
{
	return s[strspn(s, " \t")] == '\0';
}

static bool table_line(const char *s)
{
	return s[strspn(s, " \t")] == '|';
}

static bool rule_line(const char *s)
{
	s += strspn(s, " \t");
	if (*s++ != '|')
		return false;
	s += strspn(s, " \t");
	return *s == '-' || (*s == ':' && s[1] == '-');
}

/* The cells of a table line, between its outer bars. */
static int cells(char *line, char **cell, int max)
{
	char *s = line + strspn(line, " \t") + 1, *e = s + strlen(s);
	int n = 0;

	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	if (e > s && e[-1] == '|')
		e--;
	*e = '\0';
	for (char *c = s;; c++)
		if (*c == '|' || !*c) {
			bool end = !*c;
			*c = '\0';
			if (n < max)
				cell[n++] = s;
			if (end)
				break;
			s = c + 1;
		}
	return n;
}

static void row(struct page *p, char *line, const char *tag, const char *end)
{
	char *cell[64];
	int n = cells(line, cell, 64);

	fputs("<tr>", p->o);
	for (int i = 0; i < n; i++) {
		char *c = cell[i] + strspn(cell[i], " \t"), *e = c + strlen(c);
		while (e > c && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		fprintf(p->o, "<%s%s>", tag, i < 64 && p->align[i] == 'r' ? " style=\"text-align:right\"" : "");
		inline_md(p->o, c, e - c);
		fprintf(p->o, "</%s>", tag);
	}
	fputs(end, p->o);
}

static void start_table(struct page *p, char *header, char *rule)
{
	char *cell[64];
	int n;

	close_blocks(p);
	memset(p->align, 0, sizeof(p->align));
	n = cells(rule, cell, 64);
	for (int i = 0; i < n; i++) {
		char *e = cell[i] + strlen(cell[i]);
		while (e > cell[i] && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if (e - cell[i] >= 2 && e[-1] == ':' && e[-2] == '-')
			p->align[i] = 'r';
	}
	fputs("<table><thead>", p->o);
	row(p, header, "th", "</tr></thead><tbody>\n");
	p->table = true;
}

static void base64(FILE *o, FILE *in)
{
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	unsigned char b[3];
	size_t n;

	while ((n = fread(b, 1, 3, in)) > 0) {
		unsigned v = b[0] << 16 | (n > 1 ? b[1] << 8 : 0) | (n > 2 ? b[2] : 0);
		fputc(b64[v >> 18 & 63], o);
		fputc(b64[v >> 12 & 63], o);
		fputc(n > 1 ? b64[v >> 6 & 63] : '=', o);
		fputc(n > 2 ? b64[v & 63] : '=', o);
	}
}

/* ![alt](file): the image inlined, or its name and "(not drawn)". */
static void image(struct page *p, const char *line)
{
	const char *a = line + 2, *ae = strchr(a, ']'), *f = strchr(ae, '(') + 1, *fe = strchr(f, ')');
	char path[4096];
	FILE *in;
	int c;

	close_blocks(p);
	snprintf(path, sizeof(path), "%s/%.*s", p->dir, (int)(fe - f), f);
	in = fopen(path, "rb");
	if (in && (c = fgetc(in)) != EOF) {
		ungetc(c, in);
		fputs("<figure><img alt=\"", p->o);
		esc(p->o, a, ae - a);
		fputs("\" src=\"data:image/png;base64,", p->o);
		base64(p->o, in);
		fputs("\"><figcaption>", p->o);
		esc(p->o, a, ae - a);
		fputs("</figcaption></figure>\n", p->o);
	} else {
		fputs("<p><i>", p->o);
		esc(p->o, a, ae - a);
		fputs(" (not drawn)</i></p>\n", p->o);
	}
	if (in)
		fclose(in);
}

static bool is_image(const char *s)
{
	const char *e;

	if (strncmp(s, "![", 2) || !(e = strchr(s + 2, ']')) || e[1] != '(')
		return false;
	return strchr(e + 2, ')') != NULL;
}

/* A line that is not a table row. */
static void other_line(struct page *p, const char *s)
{
	size_t h = strspn(s, "#");

	if (h && s[h] == ' ') {
		close_blocks(p);
		fprintf(p->o, "<h%zu>", h);
		inline_line(p->o, s + h + 1);
		fprintf(p->o, "</h%zu>\n", h);
	} else if (is_image(s)) {
		image(p, s);
	} else if (!strncmp(s, "- ", 2)) {
		bool list = p->list;
		p->list = false;
		close_blocks(p);
		if (!list)
			fputs("<ul>\n", p->o);
		p->list = true;
		fputs("<li>", p->o);
		inline_line(p->o, s + 2);
		fputs("</li>\n", p->o);
	} else if (blank(s)) {
		close_blocks(p);
	} else {
		if (p->table) {
			fputs("</tbody></table>\n", p->o);
			p->table = false;
		}
		if (p->list && !strncmp(s, "  ", 2)) {	/* a list item's next line */
			inline_line(p->o, s);
			fputc('\n', p->o);
			return;
		}
		if (p->list) {
			fputs("</ul>\n", p->o);
			p->list = false;
		}
		if (!p->para)
			fputs("<p>", p->o);
		p->para = true;
		inline_line(p->o, s);
		fputc('\n', p->o);
	}
}

static char *next_line(FILE *in, char **buf, size_t *cap)
{
	ssize_t n = getline(buf, cap, in);

	if (n < 0)
		return NULL;
	if (n && (*buf)[n - 1] == '\n')
		(*buf)[n - 1] = '\0';
	return *buf;
}

int md_to_html(FILE *in, FILE *o, const char *dir, const char *title)
{
	struct page p = { .o = o, .dir = dir };
	char *line = NULL, *look = NULL;
	size_t cap = 0, lcap = 0;

	fputs("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>", o);
	esc(o, title, strlen(title));
	fputs("</title>\n"
	      "<style>body{font-family:sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;line-height:1.4}\n"
	      "table{border-collapse:collapse;margin:1em 0;font-size:90%}td,th{border:1px solid #ccc;padding:2px 6px}\n"
	      "th{background:#f0f0f0}code{background:#f4f4f4;padding:0 2px}img{max-width:100%;max-height:50vh}\n"
	      "figure{margin:1em 0}figcaption{color:#555;font-size:85%}</style></head><body>\n", o);
	while (next_line(in, &line, &cap)) {
		if (!table_line(line)) {
			other_line(&p, line);
			continue;
		}
		if (p.table) {
			row(&p, line, "td", "</tr>\n");
			continue;
		}
		/* a table is a header row, a rule row (|---|---:|), then rows */
		char *nx = next_line(in, &look, &lcap);
		if (nx && rule_line(nx)) {
			start_table(&p, line, nx);
			continue;
		}
		close_blocks(&p);
		fputs("<p>", o);
		inline_line(o, line);
		fputs("</p>\n", o);
		if (nx && *nx)
			other_line(&p, nx);
	}
	close_blocks(&p);
	fputs("</body></html>\n", o);
	free(line);
	free(look);
	return ferror(o) ? -1 : 0;
}
