/* SPDX-License-Identifier: MIT */
/* errf.h - one-line error messages for callers' buffers. */
#ifndef DAXREF_ERRF_H
#define DAXREF_ERRF_H

#include <stddef.h>

/* Formats into @err (if any) and returns @rc, for "return errf(...)". */
int errf(char *err, size_t errlen, int rc, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#endif
