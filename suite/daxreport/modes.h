/* SPDX-License-Identifier: MIT */
#ifndef DAXREPORT_MODES_H
#define DAXREPORT_MODES_H

/* The reference's copy modes in the reports' order: the no-DAX ones first
 * (the tables' first column), then the DAX ones, each in ref/modes.def's
 * order (as suite/mainjob/modes.sh's ref_modes lists them for the shell).
 * Fills @m with up to @max names; their count. */
int report_modes(const char **m, int max);

#endif
