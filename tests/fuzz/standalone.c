// SPDX-License-Identifier: MIT
/*
 * standalone.c - runs a fuzz target's LLVMFuzzerTestOneInput() on files,
 * without libFuzzer: how `make test` replays the seed corpus and every
 * regression input with the ordinary compiler, and how a finding is
 * debugged under gdb.
 *
 *   replay_TARGET FILE|DIR...
 *
 * Each file is one input; a directory means every file in it.  Prints
 * "N inputs" and exits 0, or dies the way the target dies on a bad input
 * (a violation aborts), naming the file first.  An empty run is an error:
 * replaying nothing proves nothing.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned long ninputs;

static int one(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (!f) {
		perror(path);
		return -1;
	}
	for (;;) {
		if (len == cap) {
			cap = cap ? cap * 2 : 4096;
			uint8_t *b = realloc(buf, cap);

			if (!b) {
				fclose(f);
				free(buf);
				return -1;
			}
			buf = b;
		}
		n = fread(buf + len, 1, cap - len, f);
		if (!n)
			break;
		len += n;
	}
	fclose(f);
	fprintf(stderr, "replay: %s\n", path);
	LLVMFuzzerTestOneInput(buf, len);
	free(buf);
	ninputs++;
	return 0;
}

static int walk(const char *path)
{
	struct stat st;

	if (stat(path, &st)) {
		perror(path);
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return one(path);
	struct dirent **ents;
	int n = scandir(path, &ents, NULL, alphasort), rc = 0;

	if (n < 0) {
		perror(path);
		return -1;
	}
	for (int i = 0; i < n; i++) {
		char p[4096];

		if (ents[i]->d_name[0] != '.' && !rc) {
			snprintf(p, sizeof(p), "%s/%s", path, ents[i]->d_name);
			rc = walk(p);
		}
		free(ents[i]);
	}
	free(ents);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
		return 2;
	}
	for (int i = 1; i < argc; i++)
		if (walk(argv[i]))
			return 1;
	fprintf(stderr, "%lu inputs\n", ninputs);
	if (!ninputs) {
		fprintf(stderr, "%s: no inputs found\n", argv[0]);
		return 1;
	}
	return 0;
}
