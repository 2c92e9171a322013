#!/usr/bin/env bats
# shellcheck shell=bats
# SPDX-License-Identifier: GPL-2.0-or-later
# uringpolicy record against a fake sysroot: clean refusals, and which
# tracefs instances a run removes (owner gone) or keeps (owner alive, not
# ours). Recording itself needs the kernel: tests/vm/guest/11-*.

load test_helper
load sysroot
load uringpolicy

TR=sys/kernel/tracing

# A /proc/PID/stat with start time $3.
mk_stat() {
	local f=$1/proc/$2/stat
	mkdir -p "${f%/*}"
	printf '%s (sleep) S 1 %s 1 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 %s 1000 100 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n' \
		"$2" "$2" "$3" >"$f"
}

# tracefs with both events at the top.
mk_tracefs() {
	mkdir -p "$R/$TR/instances" "$R/$TR/events/io_uring/io_uring_create" \
		"$R/$TR/events/syscalls/sys_exit_io_uring_setup"
}

@test "no tracefs at all, or not mounted: exit 4, nothing created" {
	run t "$UP" record --duration 1
	echo "$output"
	[ "$status" -eq 4 ]
	[ "${#lines[@]}" = 1 ]
	mkdir -p "$R/$TR"
	run t "$UP" record --duration 1
	echo "$output"
	[ "$status" -eq 4 ]
	[ "$output" = "uringpolicy: cannot use /sys/kernel/tracing: tracefs is not mounted there (mount -t tracefs tracefs /sys/kernel/tracing)" ]
	[ -z "$(ls -A "$R/$TR")" ]
}

@test "a missing event: exit 4, naming the event and the option" {
	mk_tracefs
	rmdir "$R/$TR/events/syscalls/sys_exit_io_uring_setup"
	run t "$UP" record --duration 1
	echo "$output"
	[ "$status" -eq 4 ]
	[ "$output" = "uringpolicy: cannot trace syscalls/sys_exit_io_uring_setup: the kernel has no such event (built without CONFIG_FTRACE_SYSCALLS?)" ]
	rm -r "$R/$TR/events/io_uring"
	run t "$UP" record --duration 1
	echo "$output"
	[ "$status" -eq 4 ]
	[[ $output == *"cannot trace io_uring/io_uring_create: the kernel has no such event"* ]]
	[ -z "$(ls -A "$R/$TR/instances")" ]
}

@test "not root: exit 3, one line" {
	mk_tracefs
	chmod 0700 "$R/$TR"
	chmod -R a+rX "$R/proc"
	run t setpriv --reuid 65534 --regid 65534 --clear-groups "$UP" record --duration 1
	echo "$output"
	[ "$status" -eq 3 ]
	[ "$output" = "uringpolicy: cannot open /sys/kernel/tracing: Permission denied (run as root)" ]
}

@test "stale instances of dead owners are removed, live and foreign ones kept, ours undone on failure" {
	mk_tracefs
	mk_stat "$R" 4242 777
	mk_stat "$R" 4243 2
	mkdir "$R/$TR/instances/hardenkit-record.4242.777" \
		"$R/$TR/instances/hardenkit-record.4243.1" \
		"$R/$TR/instances/hardenkit-record.99999.5" \
		"$R/$TR/instances/hardenkit-record.junk" \
		"$R/$TR/instances/someone-else"
	# A fake instance has no files: setting it up fails, and it is removed.
	run t "$UP" record --duration 1
	echo "$output"
	[ "$status" -eq 7 ]
	[[ ${lines[0]} == "uringpolicy: warning: removed the tracefs instance hardenkit-record."* ]]
	[[ $output == *"removed the tracefs instance hardenkit-record.4243.1 of a record run that ended without removing it"* ]]
	[[ $output == *"removed the tracefs instance hardenkit-record.99999.5 of"* ]]
	[[ ${lines[2]} == "uringpolicy: cannot write 'boot' to /sys/kernel/tracing/instances/hardenkit-record."*"/trace_clock: No such file or directory" ]]
	[ "${#lines[@]}" = 3 ]
	run ls "$R/$TR/instances"
	[ "$output" = "$(printf '%s\n' hardenkit-record.4242.777 hardenkit-record.junk someone-else)" ]
}

@test "bad options: exit 2" {
	run t "$UP" record --duration 0
	echo "$output"
	[ "$status" -eq 2 ]
	run t "$UP" record --duration x
	echo "$output"
	[ "$status" -eq 2 ]
	run t "$UP" record extra
	echo "$output"
	[ "$status" -eq 2 ]
	run t "$UP" record --level 3
	echo "$output"
	[ "$status" -eq 2 ]
}
