// SPDX-License-Identifier: MIT
/*
 * fuzz_daxio - daxio run on fuzzed input: the first line holds options,
 * every further line is a command read from standard input, as
 * `daxio --ref MODE ... f < commands` reads them.
 *
 * The run is kept inside the reference: --ref is always given (movnt if
 * the input names no mode), the region is 8 MiB in memory, and only
 * options that touch nothing outside it pass (--image, --pmem, --stats,
 * -p and the posix target's flags are dropped).  Sizes in a command are
 * capped at 64 MiB, except an mmap's length (a 2 TiB mapping is cheap
 * and worth having), so that no input spends minutes copying holes: the
 * point is parsing and the paths it reaches, and a slow input is not a
 * finding.  What counts as one: a crash, a sanitizer report, an abort, a
 * hang, or the reference shutting down (it refused a transaction).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "daxio.h"
#include "xfsfmt.h"

#define MAXARGS	24	/* from the input; up to 7 more are ours */
#define CAP	(64LL << 20)

static const char *const keep_with_value[] = {
	"--ref", "--zeroing", "--profile", "--isa", "--flush",
};
static const char *const keep_alone[] = {
	"--track", "--prefault", "--no-prefault", "--repair", "--describe",
	"-f", "-r", "-t", "-V", "-x", "-F",
};

static bool in(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(s, list[i]))
			return true;
	return false;
}

/* Rewrites numbers above CAP in a command line (not an mmap's). */
static void cap_sizes(char *line, char *out, size_t outlen)
{
	char *save = NULL, *tok;
	bool mmap = false;
	size_t n = 0;

	out[0] = 0;
	for (tok = strtok_r(line, " \t", &save); tok;
	     tok = strtok_r(NULL, " \t", &save)) {
		long long v;

		if (n == 0)
			mmap = !strcmp(tok, "mmap") || !strcmp(tok, "mm");
		if (!mmap && isdigit((unsigned char)tok[0]) &&
		    !xfs_cvtnum(tok, 4096, 512, &v) && v > CAP)
			tok = "64m";
		n += (size_t)snprintf(out + n, outlen - n, "%s%s", n ? " " : "",
				      tok);
		if (n >= outlen)
			break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), *argv[MAXARGS + 8], *save = NULL;
	int argc = 0;
	bool have_ref = false;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = 0;
	char *nl = strchr(text, '\n'), *cmds = nl ? nl + 1 : text + size;

	if (nl)
		*nl = 0;
	argv[argc++] = "daxio";
	for (char *tok = strtok_r(text, " \t", &save); tok && argc < MAXARGS;
	     tok = strtok_r(NULL, " \t", &save)) {
		if (in(tok, keep_alone, sizeof(keep_alone) / sizeof(*keep_alone))) {
			argv[argc++] = tok;
		} else if (in(tok, keep_with_value, sizeof(keep_with_value) /
			      sizeof(*keep_with_value))) {
			char *v = strtok_r(NULL, " \t", &save);

			if (!v)
				break;
			have_ref |= !strcmp(tok, "--ref");
			argv[argc++] = tok;
			argv[argc++] = v;
		}
	}
	if (!have_ref) {
		argv[argc++] = "--ref";
		argv[argc++] = "movnt";
	}
	argv[argc++] = "--region-size";
	argv[argc++] = "8m";
	argv[argc++] = "-f";
	argv[argc++] = "f";
	argv[argc] = NULL;

	/* The commands, sizes capped, become standard input. */
	size_t clen = strlen(cmds), olen = 0;
	char *capped = malloc(2 * clen + 64), *line, *lsave = NULL;

	if (!capped) {
		free(text);
		return 0;
	}
	capped[0] = 0;
	for (line = strtok_r(cmds, "\n", &lsave); line;
	     line = strtok_r(NULL, "\n", &lsave)) {
		char out[4096];

		cap_sizes(line, out, sizeof(out));
		olen += (size_t)snprintf(capped + olen, 2 * clen + 64 - olen,
					 "%s\n", out);
	}
	FILE *saved = stdin, *fin = fmemopen(capped, olen ? olen : 1, "r");

	if (fin) {
		stdin = fin;
		daxio_main(argc, argv);
		stdin = saved;
		fclose(fin);
	}
	fflush(stdout);
	free(capped);
	free(text);
	return 0;
}
