// SPDX-License-Identifier: MIT
/*
 * test_xfsdump.c - xfs_dump_buffer(), the "pread -v" format, against lines
 * taken from xfs_io 6.1's output (daxio_xfsio.sh compares the two tools
 * live when xfs_io is installed; this holds without it).
 */
#include <locale.h>
#include <stdlib.h>

#include "../harness.h"
#include "xfsfmt.h"

static char *dump(const void *buf, long long off, size_t len)
{
	char *s = NULL;
	size_t n = 0;
	FILE *m = open_memstream(&s, &n);

	if (!m)
		return NULL;
	xfs_dump_buffer(m, buf, off, len);
	fclose(m);
	return s;
}

TEST(full_and_partial_lines)
{
	unsigned char b[50];
	char *s;

	memset(b, 0xab, 20);
	memset(b + 20, 0x41, 30);
	s = dump(b, 0, sizeof(b));
	REQUIRE(s, "open_memstream failed");
	CHECK(!strcmp(s,
"00000000:  ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab  ................\n"
"00000010:  ab ab ab ab 41 41 41 41 41 41 41 41 41 41 41 41  ....AAAAAAAAAAAA\n"
"00000020:  41 41 41 41 41 41 41 41 41 41 41 41 41 41 41 41  AAAAAAAAAAAAAAAA\n"
"00000030:  41 41  AA\n"), "got:\n%s", s);
	free(s);
}

/* The label is the file offset, not the buffer's; lines start every 16
 * bytes of the buffer, whatever the offset's alignment. */
TEST(offset_label)
{
	unsigned char b[5] = { 0xab, 0xab, 0xab, 0xab, 0xab };
	char *s = dump(b, 10, sizeof(b));

	REQUIRE(s, "open_memstream failed");
	CHECK(!strcmp(s, "0000000a:  ab ab ab ab ab  .....\n"), "got:\n%s", s);
	free(s);
	s = dump(b, 0x123456789LL, 1);
	REQUIRE(s, "open_memstream failed");
	CHECK(!strcmp(s, "123456789:  ab  .\n"), "got:\n%s", s);
	free(s);
}

/* Unsigned bytes (xfsprogs builds with -funsigned-char): 0xff prints as
 * "ff", not "ffffffff"; only letters and digits show as themselves. */
TEST(high_bytes_and_punctuation)
{
	unsigned char b[6] = { 0xff, 0x80, '_', ' ', 'z', '0' };
	char *s;

	setlocale(LC_ALL, "C");
	s = dump(b, 0, sizeof(b));
	REQUIRE(s, "open_memstream failed");
	CHECK(!strcmp(s, "00000000:  ff 80 5f 20 7a 30  ....z0\n"), "got:\n%s", s);
	free(s);
}

TEST(empty)
{
	char *s = dump("", 0, 0);

	REQUIRE(s, "open_memstream failed");
	CHECK(!strcmp(s, ""), "got:\n%s", s);
	free(s);
}

TEST_MAIN()
