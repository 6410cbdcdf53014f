/* SPDX-License-Identifier: MIT */
#include "modes.h"

#include <stdbool.h>

#include "daxref.h"

int report_modes(const char **m, int max)
{
	int n = 0;

	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < dx_mode_count() && n < max; i++) {
			bool dax;
			const char *name = dx_mode_at(i, &dax);
			if (dax == (pass == 1))
				m[n++] = name;
		}
	return n;
}
