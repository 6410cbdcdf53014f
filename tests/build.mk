# tests/: unit tests in C (tests/unit/test_*.c, one binary each) and
# command-line tests in shell (tests/cli/*.sh).  tests/run-tests.sh runs both.
TEST_SRC  := $(wildcard tests/unit/test_*.c)
TEST_BINS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(TEST_SRC))

$(TEST_BINS): $(BUILD)/tests/%: $(BUILD)/tests/unit/%.o $(LIBSUITE) $(LIBDAXREF)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

all: $(TEST_BINS)

$(BUILD)/tests/unit/%.o: BASEFLAGS += -Itests

# tests/tools/: helpers the command-line tests run (one binary each).
TEST_TOOLS := $(patsubst tests/tools/%.c,$(BUILD)/tests/tools/%,$(wildcard tests/tools/*.c))
$(TEST_TOOLS): $(BUILD)/tests/tools/%: $(BUILD)/tests/tools/%.o $(LIBDAXREF)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)
all: $(TEST_TOOLS)
