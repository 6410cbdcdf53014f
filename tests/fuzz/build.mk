# tests/fuzz/: three fuzz targets (README.md there).  Each is one
# LLVMFuzzerTestOneInput(); it links two ways:
#   $(BUILD)/fuzz/replay_T   with standalone.c, any compiler: replays the
#                            seed corpus and the regressions (make test)
#   $(BUILD)/fuzz/fuzz_T     with libFuzzer, when FUZZ=1 (clang, with
#                            ASan and UBSan; `make fuzz` builds it in
#                            build-fuzz/ through tests/fuzz/run.sh)
FUZZ_TARGETS := api daxio race
DAXIO_LIB_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(filter-out suite/daxio/entry.c,$(wildcard suite/daxio/*.c)))
DAXRACE_LIB_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(filter-out suite/daxrace/main.c,$(wildcard suite/daxrace/*.c)))
fuzz_api_OBJ   :=
fuzz_daxio_OBJ := $(DAXIO_LIB_OBJ)
fuzz_race_OBJ  := $(DAXRACE_LIB_OBJ)

$(BUILD)/tests/fuzz/%.o: BASEFLAGS += -Isuite/daxio -Isuite/daxrace

ifeq ($(FUZZ),1)
define fuzz_bin
$(BUILD)/fuzz/fuzz_$(1): $(BUILD)/tests/fuzz/fuzz_$(1).o $(fuzz_$(1)_OBJ) $(LIBSUITE) $(LIBDAXREF)
	@mkdir -p $$(dir $$@)
	$$(CC) $$(CFLAGS) -fsanitize=fuzzer -o $$@ $$^ $$(LDLIBS)
endef
FUZZ_BINS := $(foreach t,$(FUZZ_TARGETS),$(BUILD)/fuzz/fuzz_$(t))
else
define fuzz_bin
$(BUILD)/fuzz/replay_$(1): $(BUILD)/tests/fuzz/fuzz_$(1).o $(BUILD)/tests/fuzz/standalone.o $(fuzz_$(1)_OBJ) $(LIBSUITE) $(LIBDAXREF)
	@mkdir -p $$(dir $$@)
	$$(CC) $$(CFLAGS) -o $$@ $$^ $$(LDLIBS)
endef
FUZZ_BINS := $(foreach t,$(FUZZ_TARGETS),$(BUILD)/fuzz/replay_$(t))
all: $(FUZZ_BINS)
endif
$(foreach t,$(FUZZ_TARGETS),$(eval $(call fuzz_bin,$(t))))
fuzz-bins: $(FUZZ_BINS)
