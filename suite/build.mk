# suite/: the tools that drive the reference and real mounts.
#   suite/common/  helpers shared by the tools (xfs_io number and report
#                  formats, CSV rows, machine facts)
#   suite/daxio/   the xfs_io-compatible driver
#   suite/daxcopy/ the copy-kernel benchmark
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
ifeq ($(HAVE_LIBPMEM),1)
$(DAXCOPY_OBJ): BASEFLAGS += -DHAVE_LIBPMEM=1
DAXCOPY_LIBS := -lpmem
endif
$(BUILD)/daxcopy: $(DAXCOPY_OBJ) $(LIBSUITE) $(LIBDAXREF)
	$(CC) $(CFLAGS) -o $@ $^ $(DAXCOPY_LIBS) $(LDLIBS)

# daxrace: the race engine (suite/daxrace/README.md)
DAXRACE_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(wildcard suite/daxrace/*.c))
$(BUILD)/daxrace: $(DAXRACE_OBJ) $(LIBSUITE) $(LIBDAXREF)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

SUITE_BINS := $(if $(DAXIO_OBJ),$(BUILD)/daxio) $(if $(DAXCOPY_OBJ),$(BUILD)/daxcopy) \
	      $(if $(DAXRACE_OBJ),$(BUILD)/daxrace)
all: $(SUITE_BINS)

# the conformance checks on real mounts (suite/stress/README.md)
include suite/stress/build.mk
