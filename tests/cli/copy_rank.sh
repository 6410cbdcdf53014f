#!/usr/bin/env bash
# copy_rank.sh - the copy kernel of each kind chosen by measurement
# (ref/copy_rank.c), its cache file, the overrides, and bad input; and
# --prefill, which gives the reference's region used media.
#
# Every run here has a cache folder of its own (XDG_CACHE_HOME), so the
# first daxio call measures and the second reads the file.
. "$(dirname "$0")/lib.sh"
need_daxio ref
unset DAXBENCH_ISA DAXBENCH_FLUSH DAXBENCH_CPU_HIDE DAXBENCH_COPY
export XDG_CACHE_HOME=$T_TMP/cache
export DAXBENCH_CALIBRATE=on

# desc NAME [daxio options...]: --describe of the movnt mode into NAME.out/.err
desc() {
    local name=$1; shift
    "$DAXIO" --ref movnt --region-size 16m "$@" --describe x >"$T_TMP/$name.out" 2>"$T_TMP/$name.err"
    echo $? >"$T_TMP/$name.rc"
}
# has NAME FILE REGEX
has() {
    if grep -Eq -- "$3" "$T_TMP/$2"; then pass "$1"
    else fail "$1" "no /$3/ in $2: $(head -c 600 "$T_TMP/$2")"; fi
}
rc_is() { expect "$1" "$2" "$(cat "$T_TMP/$3.rc")"; }

# First use: measured, within about 200 ms, and cached.
desc first
rc_is first_rc 0 first
has first_measured first.out '^kernel choice: nt measured, cached\+flush measured, cached measured \(calibration of [0-9]+ ms \([0-9]+ ms set-up, [1-9] rounds of [0-9]+ kernels, [0-9] challenger\(s\) confirmed\), cached in '
ms=$(sed -n 's/.*calibration of \([0-9]*\) ms.*/\1/p' "$T_TMP/first.out")
if [ -n "$ms" ] && [ "$ms" -le 400 ]; then pass first_budget
else fail first_budget "calibration took '${ms}' ms (the budget is about 200; 400 allowed on a loaded machine)"; fi
f=$(ls "$XDG_CACHE_HOME"/daxbench/copy-ranking-*.txt 2>/dev/null | head -n 1)
if [ -n "$f" ] && [ "$(head -n 1 "$f")" = "daxbench copy ranking v1" ] &&
   [ "$(grep -c '^pick ' "$f")" = 3 ]; then pass cache_file
else fail cache_file "no ranking file with 3 picks in $XDG_CACHE_HOME/daxbench: $(ls -R "$XDG_CACHE_HOME" 2>&1 | head -5)"; fi
# The kernels it names are the ones the modes use.
nt=$(awk '$2 == "nt" { print $4 }' "$f" 2>/dev/null)
has first_uses_pick first.out "^kernels: nt=$(sed 's/+/\\+/g' <<<"$nt") "

# Second use: the file, nothing measured.
desc second
has second_cached second.out '^kernel choice: nt cached ranking, cached\+flush cached ranking, cached cached ranking \(ranking of '
expect second_same "$(grep '^kernels:' "$T_TMP/first.out")" "$(grep '^kernels:' "$T_TMP/second.out")"

# DAXBENCH_CALIBRATE=again measures even so; off is the static rank.
DAXBENCH_CALIBRATE=again desc again
has again_measured again.out '^kernel choice: nt measured'
DAXBENCH_CALIBRATE=off desc off
has off_static off.out '^kernel choice: nt static rank, cached\+flush static rank, cached static rank \(calibration off'
has off_isa_rank off.out '^kernels: nt=nt-(avx512|avx2|sse2)\+[a-z]+ cached\+flush=cached-(avx512|avx2|sse2)\+[a-z]+ cached=cached-(avx512|avx2|sse2)$'

# A corrupt file and a foreign one: said, then measured again and rewritten.
printf 'garbage\n' >"$f"
desc corrupt
rc_is corrupt_rc 0 corrupt
has corrupt_said corrupt.err "copy ranking .*: line 1 is not 'daxbench copy ranking v1'; it will be measured again"
has corrupt_measured corrupt.out '^kernel choice: nt measured'
expect corrupt_rewritten "daxbench copy ranking v1" "$(head -n 1 "$f")"
sed -i '2s/.*/cpu: SomeVendor|Some Other CPU|sig 0x1|microcode 0x1|features 0x1|kernels 1/' "$f"
desc foreign
has foreign_said foreign.err 'made for another CPU or microcode'
has foreign_measured foreign.out '^kernel choice: nt measured'
sed -i 's/^pick nt \([a-z]*\) [^ ]*/pick nt \1 nt-bogus+clwb/' "$f"
desc badpick
has badpick_said badpick.err 'is not a pick of a known kernel'

# Overrides: the option over DAXBENCH_COPY over the ranking, per kind.
desc opt --copy nt=nt-movnti+clwb,cached=cached-movsb
rc_is opt_rc 0 opt
has opt_kernels opt.out '^kernels: nt=nt-movnti\+clwb cached\+flush=[^ ]+ cached=cached-movsb$'
has opt_why opt.out '^kernel choice: nt override \(option\), cached\+flush (measured|cached ranking), cached override \(option\)'
DAXBENCH_COPY=nt=nt-sse2+clwb,cached=cached-movq desc env --copy cached=cached-movsq
has env_kernels env.out '^kernels: nt=nt-sse2\+clwb cached\+flush=[^ ]+ cached=cached-movsq$'
has env_why env.out '^kernel choice: nt override \(env DAXBENCH_COPY\), cached\+flush [a-z ]+, cached override \(option\)'
desc isa --isa sse2
has isa_static isa.out '^kernels: nt=nt-sse2\+[a-z]+ cached\+flush=cached-sse2\+[a-z]+ cached=cached-sse2$'
has isa_why isa.out '^kernel choice: nt override \(option\), cached\+flush override \(option\), cached override \(option\)'

# Bad input: named, with what is valid; nothing mounted.
desc bad_name --copy nt=nt-nosuch
rc_is bad_name_rc 2 bad_name
has bad_name bad_name.err "option: unknown kernel 'nt-nosuch'; runnable nt kernels here: nt-"
desc bad_kind --copy nt=cached-movsb
has bad_kind bad_kind.err 'option: cached-movsb is a cached kernel, not nt'
desc bad_form --copy movsb
has bad_form bad_form.err "option: 'movsb' is not KIND=KERNEL; kinds: nt, cached\+flush, cached"
DAXBENCH_CPU_HIDE=avx512 desc bad_cpu --copy nt=nt-avx512+clwb
has bad_cpu bad_cpu.err 'option: nt-avx512\+clwb cannot run on this CPU: no avx512: hidden by DAXBENCH_CPU_HIDE; runnable here: '
DAXBENCH_CALIBRATE=sometimes desc bad_cal
has bad_cal bad_cal.err "DAXBENCH_CALIBRATE: 'sometimes' is not on, off or again"

# --prefill: the region holds the pattern before the first write; a new
# block is zeroed (zero-on-alloc), so it reads zeros, and the reference's
# counters say how much it zeroed and how long that took.
img=$T_TMP/region.img
out=$("$DAXIO" --ref movnt --image "$img" --region-size 64m --prefill old --stats "$T_TMP/st" \
      -f -c "falloc 0 64k" -c "pread -v 8400 16" -c "truncate 1m" -c "pread -v 65536 16" -c "pwrite -q 256k 64k" foo 2>&1)
if grep -q '000020d0:  00 00 00 00' <<<"$out" && grep -q '00010000:  00 00 00 00' <<<"$out"; then pass prefill_zeroed
else fail prefill_zeroed "a new block or a truncate-up over prefilled media does not read zeros: $out"; fi
zb=$(awk -F' = ' '$1 == "end.ref.zero_bytes" { print $2 }' "$T_TMP/st")
zs=$(awk -F' = ' '$1 == "end.ref.zero_seconds" { print $2 }' "$T_TMP/st")
if [ -n "$zb" ] && [ "$zb" -ge 4096 ] && [[ $zs =~ ^[0-9]+\.[0-9]+$ ]]; then pass prefill_counters
else fail prefill_counters "zero_bytes '$zb', zero_seconds '$zs' in --stats: $(cat "$T_TMP/st")"; fi
# The planted bug: the profile that does not zero new blocks shows the
# prefill through the same reads, so the case above can fail.
out=$("$DAXIO" --ref movnt --profile no-zeroing --image "$T_TMP/r2.img" --region-size 64m --prefill old \
      -f -c "falloc 0 64k" -c "pread -v 8400 16" foo 2>&1)
if grep -q '000020d0:  ee ee ee ee' <<<"$out"; then pass prefill_shows_without_zeroing
else fail prefill_shows_without_zeroing "profile no-zeroing over --prefill old: $out"; fi
# The pattern is really there: the raw image holds 0xee in a data block.
if od -An -tx1 -v "$img" | grep -q 'ee ee ee ee ee ee ee ee ee ee ee ee ee ee ee ee'; then pass prefill_in_image
else fail prefill_in_image "no 0xee block in the image after --prefill old"; fi
out=$("$DAXIO" --ref movnt --prefill bogus -c "pwrite 0 4k" foo 2>&1)
if grep -qx "daxio: --prefill 'bogus': unknown name (valid: none, old, random, ones)" <<<"$out"; then pass prefill_bad
else fail prefill_bad "$out"; fi
# run.sh's list of patterns is the library's (the error above lists it).
lib=$(sed -n "s/.*(valid: \(.*\)).*/\1/p" <<<"$out" | tr -d ' ' )
sh=$(sed -n 's/^ALL_PREFILLS="\(.*\)"/\1/p' "$TOP/run.sh" | tr ' ' ',')
expect prefill_lists_agree "$lib" "$sh"

finish
