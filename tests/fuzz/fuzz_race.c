// SPDX-License-Identifier: MIT
/*
 * fuzz_race - the race-script parser and validator on fuzzed text.
 * Parses as `daxrace` does before any run (script_parse, then
 * engine_validate) and frees what it built; runs no schedule.  A finding
 * is a crash, a sanitizer report (a leak included) or a hang.
 */
#include <stdio.h>
#include <stdlib.h>
#include "engine.h"
#include "script.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[2048];
	FILE *f;

	if (!size || !(f = fmemopen((void *)data, size, "r")))
		return 0;
	struct script *s = script_parse(f, "fuzz.race", err, sizeof(err));

	fclose(f);
	if (s)
		engine_validate(s, err, sizeof(err));
	script_free(s);
	return 0;
}
