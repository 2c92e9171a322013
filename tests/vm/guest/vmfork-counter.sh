#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Guest side of the snapshot/clone test: tick a tmpfs counter, report VM generation changes.
set -eu

# Wait until the CRNG is ready: the kernel logs a vmgenid reseed only then.
head -c 1 /dev/random >/dev/null
counter=/run/hk-counter
echo 0 >"$counter"
echo "HK-READY crng=ready"
seen=0
while :; do
	n=$(($(cat "$counter") + 1))
	echo "$n" >"$counter"
	echo "HK-COUNTER $n"
	if [ $seen = 0 ] && line=$(dmesg | grep 'crng reseeded due to virtual machine fork'); then
		echo "HK-VMFORK $line"
		seen=1
	fi
	sleep 0.5
done
