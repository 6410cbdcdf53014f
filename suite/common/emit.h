/* SPDX-License-Identifier: MIT */
/*
 * emit.h - the one CSV and JSON field writer of every tool in suite/.
 *
 * CSV (RFC 4180): a field is quoted when it holds a comma, a quote or a
 * line break, and a quote inside is doubled.  A line break inside a field
 * is written as a space, so that one row is one line and the files can be
 * grepped and diffed line by line (results/README.md says so).
 *
 * JSON: a string with every character below 0x20 escaped (\n, \t, \r,
 * \b, \f by name, the others as \u00XX), and " and \ escaped.  Bytes of
 * 0x80 and above pass through: the tools write UTF-8 or ASCII.
 */
#ifndef DAXBENCH_EMIT_H
#define DAXBENCH_EMIT_H

#include <stdio.h>

void csv_field(FILE *f, const char *s);
void json_string(FILE *f, const char *s);

#endif
