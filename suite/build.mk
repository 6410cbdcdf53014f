# suite/: the tools that drive the reference and real mounts.
#   suite/common/   helpers shared by the tools: xfs_io number and report
#                   formats, option lists, the reference's option table
#                   (refopts), the CSV/JSON writer (emit) and reader
#                   (csvread, csv.awk), the conformance schema and verdict
#                   rule (verdict), median and spread (spread), FIEMAP
#   suite/<tool>/   one program per folder, built as build/<tool>:
#     daxio     the xfs_io-compatible driver
#     daxcopy   the copy-kernel benchmark
#     daxrace   the deterministic race engine
#     daxsweep  the per-copy-mode size and thread sweeps of the reference
#     copyprobe why one cached copy kernel beats another (issue 12's
#               SSE2-vs-AVX-512 question: aliasing, alignment, RFO, ...)
#     daxreport the main job's report program: the scenario tables,
#               report.md, report.html, summary.json, the plots' data
BASEFLAGS += -Isuite/common

SUITE_COMMON_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(wildcard suite/common/*.c))
LIBSUITE := $(BUILD)/libsuite.a
$(LIBSUITE): $(SUITE_COMMON_OBJ)
	@mkdir -p $(dir $@)
	@rm -f $@  # ar only adds: a deleted source would stay in the archive
	$(AR) rcs $@ $^

SUITE_TOOLS := daxio daxcopy daxrace daxsweep copyprobe daxreport

# libpmem is dlopen()ed, not linked: its constructor reads PMEM_* and must
# run after daxcopy has set PMEM_IS_PMEM_FORCE (suite/daxcopy/pmdk_peer.c).
ifeq ($(HAVE_LIBPMEM),1)
$(patsubst %.c,$(BUILD)/%.o,$(wildcard suite/daxcopy/*.c)): BASEFLAGS += -DHAVE_LIBPMEM=1
daxcopy_LIBS := -ldl
endif
# Whether libpmem was there is part of how daxcopy was built: when that
# changes (libpmem-dev installed after a first build), daxcopy rebuilds.
LIBPMEM_STAMP := $(BUILD)/.libpmem-$(if $(HAVE_LIBPMEM),yes,no)
$(LIBPMEM_STAMP):
	@mkdir -p $(dir $@)
	@rm -f $(BUILD)/.libpmem-*
	@touch $@
$(patsubst %.c,$(BUILD)/%.o,$(wildcard suite/daxcopy/*.c)): $(LIBPMEM_STAMP)

define suite_tool
$(BUILD)/$(1): $(patsubst %.c,$(BUILD)/%.o,$(wildcard suite/$(1)/*.c)) $$(LIBSUITE) $$(LIBDAXREF)
	$$(CC) $$(CFLAGS) -o $$@ $$^ $$($(1)_LIBS) $$(LDLIBS)
endef
$(foreach t,$(SUITE_TOOLS),$(eval $(call suite_tool,$(t))))

all: $(foreach t,$(SUITE_TOOLS),$(if $(wildcard suite/$(t)/*.c),$(BUILD)/$(t)))

# the conformance checks on real mounts (suite/stress/README.md)
include suite/stress/build.mk
