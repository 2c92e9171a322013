#!/usr/bin/env bats
# shellcheck shell=bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The guest environment the other guest tests rely on: mounts, users, io_uring, vmgenid.

load test_helper

teardown() { hk_uring_reset; }

@test "kernel filesystems are mounted where the tools expect them" {
	for m in /proc:proc /sys:sysfs /dev:devtmpfs /tmp:tmpfs /run:tmpfs \
		/sys/kernel/config:configfs /sys/kernel/debug:debugfs; do
		run awk -v d="${m%%:*}" -v t="${m#*:}" '$2 == d && $3 == t { f = 1 } END { exit !f }' /proc/mounts
		[ "$status" -eq 0 ] || { echo "${m%%:*} is not a ${m#*:} mount" >&2; cat /proc/mounts >&2; false; }
	done
}

@test "test identities have the uids, gids and groups the matrix assumes" {
	# shellcheck disable=SC2016 # expanded by the inner sh
	run hk_as alice sh -c 'echo "$(id -u) $(id -g) $(id -G)"'
	hk_status 0; [ "$output" = "1001 2001 2001" ]
	# shellcheck disable=SC2016 # expanded by the inner sh
	run hk_as bob sh -c 'echo "$(id -u) $(id -g) $(id -G)"'
	hk_status 0; [ "$output" = "1002 1002 1002 2001" ]
	# shellcheck disable=SC2016 # expanded by the inner sh
	run hk_as carol sh -c 'echo "$(id -u) $(id -g) $(id -G)"'
	hk_status 0; [ "$output" = "1003 1003 1003" ]
	run hk_as carol+cap grep -E '^Cap(Eff|Amb):' /proc/self/status
	hk_status 0
	# CAP_SYS_ADMIN is bit 21.
	[[ $output == *"CapEff:	0000000000200000"* ]]
	[[ $output == *"CapAmb:	0000000000200000"* ]]
	run id -Gn bob
	[[ $output == *uring* ]]
}

@test "io_uring_setup works at level 0 and is refused with EPERM at level 2" {
	hk_uring_sysctl 0 -1
	run t hk-uring-probe
	hk_status 0
	[ "$output" = "io_uring_setup: ok" ]
	hk_uring_sysctl 2 -1
	run t hk-uring-probe
	hk_status 1
	[[ $output == *EPERM* ]]
}

@test "fio's io_uring engine runs on tmpfs" {
	hk_uring_sysctl 0 -1
	run t fio --name=hk --ioengine=io_uring --filename=/tmp/hk-fio --size=1M \
		--rw=randrw --bs=4k --iodepth=4 --output-format=terse
	hk_status 0
	hk_uring_sysctl 2 -1
	run t fio --name=hk --ioengine=io_uring --filename=/tmp/hk-fio --size=1M \
		--rw=randread --bs=4k
	[ "$status" -ne 0 ]
	rm -f /tmp/hk-fio
}

@test "the vmgenid driver is bound to QEMU's vmgenid device" {
	run ls /sys/bus/platform/drivers/vmgenid
	hk_status 0
	echo "$output" | grep -q ':' || { echo "no device bound: $output" >&2; false; }
}

@test "user-space audit records reach the kernel log" {
	grep -qw 'audit=1' /proc/cmdline
	tag="hk-env-$$-$RANDOM"
	run t hk-audit-send "op=hk-selftest tag=$tag res=success" 1111
	hk_status 0
	run dmesg
	[[ $output == *"type=1111"*"$tag"* ]] || { echo "no audit record with $tag in dmesg" >&2; false; }
}
