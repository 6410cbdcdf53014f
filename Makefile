# daxbench: top-level build.  `make` builds everything into build/,
# `make test` runs the quick tests, `make check` adds the real targets.
#
# The per-directory rules live in ref/build.mk, suite/build.mk and
# tests/build.mk; this file only holds the flags they share.  One make
# process sees every rule, so `make -j` orders the library before its users.

BUILD    ?= build
CC       ?= gcc
OPT      ?= -O2
CFLAGS   ?= $(OPT) -g
WARN     := -Wall -Wextra -Werror -Wno-unused-parameter
BASEFLAGS = -std=gnu11 -D_GNU_SOURCE -pthread -fno-omit-frame-pointer \
            -MMD -MP -Iref/include -Iref $(WARN)
LDLIBS   := -pthread -lm

# Debian's libpmem-dev is the peer the copy benchmark compares against.
# Without it the benchmark still builds and says the peer is skipped.
HAVE_LIBPMEM := $(shell pkg-config --exists libpmem 2>/dev/null && echo 1)

.PHONY: all test check deps clean
all:

include ref/build.mk
include suite/build.mk
include tests/build.mk

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(BASEFLAGS) $(CFLAGS) $(ISAFLAGS) -c -o $@ $<

# Installs what the tests need (apt-get, as root); says what is missing when
# not root.  `make test` and `./run.sh` both call it.
deps:
	@suite/install-deps.sh test

test: deps all
	@tests/run-tests.sh quick

check: deps all
	@tests/run-tests.sh full

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
