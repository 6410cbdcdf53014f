/* SPDX-License-Identifier: MIT */
#ifndef DAXREPORT_HTML_H
#define DAXREPORT_HTML_H

#include <stdbool.h>
#include <stdio.h>

/* report.md (@in) as one self-contained page on @o; images are read from
 * @dir.  0, or -1 when @o could not be written. */
int md_to_html(FILE *in, FILE *o, const char *dir, const char *title);

#endif
