# suite/: the tools that drive the reference and real mounts.
#   suite/common/  helpers shared by the tools (xfs_io number and report
#                  formats, CSV rows, machine facts)
#   suite/daxio/   the xfs_io-compatible driver
#   suite/daxcopy/ the copy-kernel benchmark
#   suite/daxsweep/ the per-copy-mode size and thread sweeps of the reference
BASEFLAGS += -Isuite/common

SUITE_COMMON_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(wildcard suite/common/*.c))
LIBSUITE := $(BUILD)/libsuite.a
$(LIBSUITE): $(SUITE_COMMON_OBJ)
	@mkdir -p $(dir $@)
	$(AR) rcs $@ $^

DAXIO_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(wildcard suite/daxio/*.c))
$(BUILD)/daxio: $(DAXIO_OBJ) $(LIBSUITE) $(LIBDAXREF)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

DAXCOPY_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(wildcard suite/daxcopy/*.c))
# libpmem is dlopen()ed, not linked: its constructor reads PMEM_* and must
# run after daxcopy has set PMEM_IS_PMEM_FORCE (suite/daxcopy/pmdk_peer.c).
ifeq ($(HAVE_LIBPMEM),1)
$(DAXCOPY_OBJ): BASEFLAGS += -DHAVE_LIBPMEM=1
DAXCOPY_LIBS := -ldl
endif
$(BUILD)/daxcopy: $(DAXCOPY_OBJ) $(LIBSUITE) $(LIBDAXREF)
	$(CC) $(CFLAGS) -o $@ $^ $(DAXCOPY_LIBS) $(LDLIBS)

DAXSWEEP_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(wildcard suite/daxsweep/*.c))
$(BUILD)/daxsweep: $(DAXSWEEP_OBJ) $(LIBSUITE) $(LIBDAXREF)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

SUITE_BINS := $(if $(DAXIO_OBJ),$(BUILD)/daxio) $(if $(DAXCOPY_OBJ),$(BUILD)/daxcopy) \
              $(if $(DAXSWEEP_OBJ),$(BUILD)/daxsweep)
all: $(SUITE_BINS)
