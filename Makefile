# daxbench: top-level build.  `make` builds everything into build/,
# `make test` runs the quick tests, `make check` adds the real targets.
#
# The per-directory rules live in ref/build.mk, suite/build.mk and
# tests/build.mk; this file only holds the flags they share.  One make
# process sees every rule, so `make -j` orders the library before its users.

BUILD    ?= build
# One spelling of the build folder whoever calls (run.sh passes an absolute
# path, a user types build): the dependency files (-MMD) name objects as
# this make saw them, so two spellings would each miss the other's header
# changes and link stale objects.  Inside the tree it is relative.
override BUILD := $(patsubst $(CURDIR)/%,%,$(abspath $(BUILD)))
CC       ?= gcc
OPT      ?= -O2
CFLAGS   ?= $(OPT) -g
WARN     := -Wall -Wextra -Werror
BASEFLAGS = -std=gnu11 -D_GNU_SOURCE -pthread -fno-omit-frame-pointer \
            -MMD -MP -Iref/include -Iref $(WARN)
LDLIBS   := -pthread -lm

# Debian's libpmem-dev is the peer the copy benchmark compares against.
# Without it the benchmark still builds and says the peer is skipped.
HAVE_LIBPMEM := $(shell pkg-config --exists libpmem 2>/dev/null && echo 1)

.PHONY: all test check deps clean fuzz fuzz-bins asan mutants
all:

include ref/build.mk
include suite/build.mk
include tests/build.mk
include tests/fuzz/build.mk

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(BASEFLAGS) $(CFLAGS) $(ISAFLAGS) -c -o $@ $<

# Installs what the tests need (apt-get, as root); says what is missing when
# not root.  `make test` and `./run.sh` both call it.
deps:
	@suite/install-deps.sh test

# deps first, then a new make that sees what deps installed (pkg-config
# answers differently once libpmem-dev is there).
# TAP=FILE, JUNIT=FILE: the verdicts also as TAP 13 and JUnit XML
test: deps
	@$(MAKE) --no-print-directory all
	@TAP="$(TAP)" JUNIT="$(JUNIT)" tests/run-tests.sh quick

check: deps
	@$(MAKE) --no-print-directory all
	@tests/run-tests.sh full

# The fuzz targets under libFuzzer with ASan and UBSan, built in build-fuzz/,
# each run FUZZ_SECONDS (default 600) from its seed corpus and dictionary.
FUZZ_SECONDS ?= 600
fuzz: deps
	@tests/fuzz/run.sh --seconds $(FUZZ_SECONDS)

# Everything built with ASan and UBSan in build-asan/, and the quick tests
# run against it with leak detection on.
ASAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=undefined
asan: deps
	@$(MAKE) -s BUILD=build-asan CFLAGS="$(ASAN_FLAGS)" all
	@BUILD=build-asan DAXBENCH_ASAN=1 tests/run-tests.sh quick

# The kernel mutants (suite/vm/mutants.sh): linux-source-6.1 built once,
# each workloads/kernel-mutants/ patch booted under QEMU and its check run
# MUTANT_RUNS times; root, about 35 minutes the first time.  Not in test.
MUTANT_RUNS ?= 10
mutants: deps
	@$(MAKE) --no-print-directory all
	@suite/vm/mutants.sh --runs $(MUTANT_RUNS) --fixes

clean:
	rm -rf $(BUILD) build-fuzz build-asan

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
