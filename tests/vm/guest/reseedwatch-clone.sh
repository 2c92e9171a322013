#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Guest side of tests/vm/host/30-reseedwatch-clone.bats: a JSON watcher with
# an --exec hook and the example generator, all reporting on the console.
set -eu

# The vmgenid notifier fires whether or not the CRNG is ready; wait anyway,
# so that the generator's first seed is a good one.
head -c 1 /dev/random >/dev/null
cat >/run/rw-hook <<'HOOK'
#!/bin/sh
echo "HK-RW-HOOK epoch=$RESEED_EPOCH old=$RESEED_OLD_EPOCH notifier=$RESEED_NOTIFIER step=$RESEED_STEP" >/dev/console
HOOK
chmod +x /run/rw-hook
reseedwatch watch --json --exec /run/rw-hook 2>/dev/console | while IFS= read -r line; do
	echo "HK-RW $line"
done &
hk-epoch-prng -n 0 -w 300 | while IFS= read -r line; do
	echo "HK-PRNG $line"
done &
sleep 1
echo "HK-RW-STARTED $(reseedwatch status --json | sed -n 's/^ *"epoch": "\(0x[0-9a-f]*\)",$/\1/p')"
wait
