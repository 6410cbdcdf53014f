/* SPDX-License-Identifier: MIT */
#ifndef DAXREPORT_SUMMARY_H
#define DAXREPORT_SUMMARY_H

/* OUT/report.md, OUT/report.html and OUT/summary.json of a run (summary.c
 * says from what); 0, or 1 with a message naming what failed. */
int write_summary(const char *facts_csv, const char *out, const char *work);

#endif
