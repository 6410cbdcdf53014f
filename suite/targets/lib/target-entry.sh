# target-entry.sh - the start of every host-side target script (loop.sh,
# mount.sh, dev.sh): where the project is, and the libraries they all use.
#
#   DAXBENCH_TOOL=NAME; . "$(dirname "$0")/lib/target-entry.sh"
#
# Sets and exports DAXBENCH_TARGETS (suite/targets) and DAXBENCH_TOP, then
# sources common.sh (messages, lists), host.sh (root, packages, /dev/shm)
# and mount.sh (mkfs, mount, DAX proof).
DAXBENCH_TARGETS=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DAXBENCH_TOP=$(cd "$DAXBENCH_TARGETS/../.." && pwd)
export DAXBENCH_TARGETS DAXBENCH_TOP
# shellcheck source=common.sh
. "$DAXBENCH_TARGETS/lib/common.sh"
# shellcheck source=host.sh
. "$DAXBENCH_TARGETS/lib/host.sh"
# shellcheck source=mount.sh
. "$DAXBENCH_TARGETS/lib/mount.sh"
