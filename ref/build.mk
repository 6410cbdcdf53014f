# ref/: libdaxref, the reference DAX filesystem.
# Only the copy_<isa>.c objects get ISA flags; everything else is baseline
# x86-64, so nothing outside the dispatched kernels can emit AVX or CLWB.
REF_SRC   := $(wildcard ref/*.c)
REF_OBJ   := $(REF_SRC:%.c=$(BUILD)/%.o)
LIBDAXREF := $(BUILD)/libdaxref.a

$(BUILD)/ref/copy_avx2.o:   ISAFLAGS := -mavx2
$(BUILD)/ref/copy_avx512.o: ISAFLAGS := -mavx512f

$(LIBDAXREF): $(REF_OBJ)
	@mkdir -p $(dir $@)
	@rm -f $@  # ar only adds: a deleted source would stay in the archive
	$(AR) rcs $@ $^

all: $(LIBDAXREF)
