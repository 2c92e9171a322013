#!/usr/bin/env bats
# shellcheck shell=bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The kernel selftests that kernel/patches adds (kernel/selftests.list), run in
# the guest as they would be by run_kselftest.sh: every test case must pass and
# none may be skipped, so a missing feature cannot pass as a skip.

load test_helper

KST=/usr/lib/kselftest

# Run one kselftest program and check its kselftest_harness TAP summary.
# The tests reset what they change (sysctls, module parameters), but leave
# the guest as the next file expects it anyway.
kselftest() {
	local prog=$KST/$1 totals limit
	[ -x "$prog" ] || { echo "$prog is missing: kernel/selftests.list and the initramfs disagree" >&2; false; }
	cd "$(dirname "$prog")" || return 1
	# The per-program limit comes from its settings file, as for run_kselftest.sh.
	limit=$(sed -n 's/^timeout=//p' settings 2>/dev/null || true)
	run timeout "${limit:-45}" "$prog"
	# Its TAP goes to the log as comments: bats counts only its own tests.
	echo "$output" | grep -E '^(ok|not ok|# (Totals|FAIL|SKIP|PASSED|FAILED))' | sed 's/^/#   /' >&3 || true
	totals=$(echo "$output" | grep '^# Totals:' || true)
	[ -n "$totals" ] || { echo "$1: no '# Totals:' line (exit $status)" >&2; echo "$output" >&2; false; }
	hk_status 0
	[[ $totals =~ pass:([0-9]+)\ fail:0\ xfail:0\ xpass:0\ skip:([0-9]+)\ error:0 ]] ||
		{ echo "$1: $totals" >&2; echo "$output" | grep -E '^not ok|^# (FAIL|SKIP)' >&2; false; }
	[ "${BASH_REMATCH[1]}" -gt 0 ]
	if [ "${BASH_REMATCH[2]}" -ne 0 ]; then
		echo "$output" | grep -E 'SKIP' >&2
		hk_skip "$1: ${BASH_REMATCH[2]} test case(s) skipped"
	fi
}

@test "the kselftest list names exactly the programs in the initramfs" {
	run cat "$KST/kselftest-list.txt"
	hk_status 0
	[ "$(echo "$output" | sort)" = "$(printf '%s\n' drivers/virt/coco/mock_tsm:mock_tsm_test \
		drivers/virt/mock_vmclock:mock_vmclock_test random:epoch_test)" ]
}

@test "kselftest random/epoch_test: RNDEPOCH ioctl, mmap rules, read/poll, notifiers, fork, threads, uevent" {
	kselftest random/epoch_test
	# The timer test leaves the sysctl as it found it: off.
	[ "$(cat /proc/sys/kernel/random/epoch_timer_interval 2>/dev/null || echo 0)" = 0 ] ||
		{ echo "epoch timer left on" >&2; false; }
}

@test "kselftest drivers/virt/coco/mock_tsm/mock_tsm_test: report layout, faults and limits through configfs" {
	modprobe mock_tsm
	kselftest drivers/virt/coco/mock_tsm/mock_tsm_test
	# No report entry left behind for the tsmctl tests.
	run find /sys/kernel/config/tsm/report -mindepth 1 -maxdepth 1
	[ -z "$output" ]
}

@test "kselftest drivers/virt/mock_vmclock/mock_vmclock_test: read, mmap, poll and the seqcount under debugfs changes" {
	modprobe mock_vmclock
	kselftest drivers/virt/mock_vmclock/mock_vmclock_test
	# The next files expect no VMClock device.
	rmmod mock_vmclock
}
