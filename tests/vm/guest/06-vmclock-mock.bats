#!/usr/bin/env bats
# shellcheck shell=bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The mock VMClock device (kernel/patches/vmclock-mock) as a shell sees it:
# the node, the page read with od, and what the debugfs knobs change. The
# kselftest in 05-kselftests.bats covers mmap, poll and the seqcount.
# Offsets in struct vmclock_abi: magic 0, size 4, seq_count 12,
# disruption_marker 16, flags 24, vm_generation_counter 104.

load test_helper

DEV=/dev/vmclock0
KNOBS=/sys/kernel/debug/mock_vmclock

setup_file() {
	modprobe mock_vmclock
}

# The next files expect no VMClock device.
teardown_file() {
	rmmod mock_vmclock
}

setup() {
	[ -c "$DEV" ] || hk_skip "$DEV is missing after modprobe mock_vmclock"
	echo 1 >"$KNOBS/reset"
}

# One field of the page, as read(2) returns it: od type ($1) at offset ($2).
field() {
	local v
	v=$(t od -An -t "$1" -j "$2" -N "${1#?}" "$DEV") || return 1
	echo "${v//[[:space:]]/}"
}

@test "the device node is a character device that only root may open" {
	[ -c "$DEV" ]
	run stat -c %a "$DEV"
	hk_status 0
	[ "$output" = 600 ]
}

@test "the page starts with the VMClock magic, a size of one page and version 1" {
	[ "$(field x4 0)" = 4b4c4356 ]
	[ "$(field u4 4)" = 4096 ]
	[ "$(field u2 8)" = 1 ]
	# VM_GEN_COUNTER_PRESENT (bit 8) and NOTIFICATION_PRESENT (bit 9)
	[ "$(field x8 24)" = 0000000000000300 ]
}

@test "a snapshot moves vm_generation_counter and disruption_marker, seq_count by two" {
	[ "$(field u8 104)" = 0 ]
	seq=$(field u4 12)
	echo 1 >"$KNOBS/snapshot"
	[ "$(field u8 104)" = 1 ]
	[ "$(field u8 16)" = 1 ]
	[ "$(field u4 12)" = $((seq + 2)) ]
	[ "$(cat "$KNOBS/vm_generation_counter")" = 1 ]
}

@test "a migration moves disruption_marker only" {
	echo 1 >"$KNOBS/migrate"
	[ "$(field u8 16)" = 1 ]
	[ "$(field u8 104)" = 0 ]
}

@test "the flags knob takes features away" {
	echo 0x100 >"$KNOBS/flags"
	[ "$(field x8 24)" = 0000000000000100 ]
	[ "$(cat "$KNOBS/flags")" = 0x100 ]
	echo 0x200 >"$KNOBS/flags"
	[ "$(field x8 24)" = 0000000000000200 ]
}

@test "hostile pages: a wrong magic, a short size, a counter going backwards" {
	echo 0x12345678 >"$KNOBS/magic"
	echo 16 >"$KNOBS/size"
	echo 5 >"$KNOBS/vm_generation_counter"
	echo 2 >"$KNOBS/vm_generation_counter"
	[ "$(field x4 0)" = 12345678 ]
	[ "$(field u4 4)" = 16 ]
	[ "$(field u8 104)" = 2 ]
	echo 1 >"$KNOBS/reset"
	[ "$(field x4 0)" = 4b4c4356 ]
}

@test "a seq_count stuck odd makes read(2) fail until the next update" {
	echo 7 >"$KNOBS/seq_count"
	# ETIMEDOUT after the driver's bounded wait (the kselftest checks errno).
	run t od -An -t x4 -N 4 "$DEV"
	hk_status 1
	[[ $output == *"read error"* ]]
	echo 1 >"$KNOBS/snapshot"
	[ "$(field u4 12)" = 8 ]
}

@test "a knob refuses a value it does not know with EINVAL" {
	run sh -c "echo 2 >$KNOBS/snapshot"
	hk_status 1
	[[ $output == *"Invalid argument"* ]]
	run sh -c "echo 1001 >$KNOBS/update_delay_ms"
	hk_status 1
	[ "$(field u8 104)" = 0 ]
}

@test "loading the module taints the kernel as a test (TAINT_TEST, bit 18)" {
	[ $(($(cat /proc/sys/kernel/tainted) >> 18 & 1)) = 1 ]
}
