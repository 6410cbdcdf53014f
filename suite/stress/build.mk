# suite/stress/: the conformance catalogue on real mounts, one program per
# check (suite/stress/README.md).  Each is build/stress-<check>, linked
# with the shared stress.o; the vm target packs every build/stress-* into
# the guest.
STRESS_COMMON := $(BUILD)/suite/stress/stress.o
STRESS_CHECKS := $(filter-out stress,$(basename $(notdir $(wildcard suite/stress/*.c))))
STRESS_BINS   := $(addprefix $(BUILD)/stress-,$(STRESS_CHECKS))
STRESS_OBJS   := $(patsubst %,$(BUILD)/suite/stress/%.o,$(STRESS_CHECKS)) $(STRESS_COMMON)

# Reached only through the pattern rule, so make would call them
# intermediate and delete them after every link; keep them so that an
# unchanged tree rebuilds nothing.
.SECONDARY: $(STRESS_OBJS)

$(BUILD)/stress-%: $(BUILD)/suite/stress/%.o $(STRESS_COMMON) $(LIBSUITE)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

all: $(STRESS_BINS)
