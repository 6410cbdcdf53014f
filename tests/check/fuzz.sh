#!/usr/bin/env bash
# fuzz.sh (make check) - every fuzz target for 10 minutes (FUZZ_SECONDS to
# change it) under libFuzzer with ASan and UBSan; see tests/fuzz/README.md.
set -u
cd "$(dirname "$0")/../.."
exec tests/fuzz/run.sh --seconds "${FUZZ_SECONDS:-600}"
