// SPDX-License-Identifier: MIT
/* entry.c - daxio's process entry point; the program is daxio_main(). */
#include "daxio.h"

int main(int argc, char **argv)
{
	return daxio_main(argc, argv);
}
