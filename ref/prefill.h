/* SPDX-License-Identifier: MIT */
/* prefill.h - a pattern in the data blocks at format (see prefill.c). */
#ifndef DAXREF_PREFILL_H
#define DAXREF_PREFILL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* Writes pattern @name into [from, to) bytes of @base; -EINVAL if it is
 * not a pattern.  Plain stores: the caller makes them durable. */
int prefill_region(void *base, uint64_t from, uint64_t to, const char *name);

#endif
