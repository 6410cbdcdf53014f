// SPDX-License-Identifier: MIT
/* emit.c - CSV and JSON field writers (contract: emit.h). */
#include <string.h>

#include "emit.h"

void csv_field(FILE *f, const char *s)
{
	if (!s)
		s = "";
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s == '\n' || *s == '\r' ? ' ' : *s, f);
	}
	fputc('"', f);
}

void json_string(FILE *f, const char *s)
{
	static const char named[] = "\bb\ff\nn\rr\tt";

	fputc('"', f);
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		const char *n = c && c < 0x20 ? memchr(named, c, sizeof(named) - 1) : NULL;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (n && (n - named) % 2 == 0)
			fprintf(f, "\\%c", n[1]);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}
