#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# uringpolicy against a fake sysroot (and real io_uring_setup for --probe).

load test_helper
load sysroot

setup() {
	common_setup
	chmod 0755 "$TMP"	# tests run some commands as nobody
	R=$TMP/root
	mk_sysroot "$R" 0 -1
	export HARDENKIT_SYSROOT=$R
}

teardown() {
	common_teardown
}

level() { cat "$R/proc/sys/kernel/io_uring_disabled"; }
group() { cat "$R/proc/sys/kernel/io_uring_group"; }

@test "status shows each level in words" {
	for row in "0 allow every process" "1 restrict only CAP_SYS_ADMIN" "2 deny no process"; do
		set -- $row
		echo "$1" >"$R/proc/sys/kernel/io_uring_disabled"
		run t "$UP" status
		[ "$status" -eq 0 ]
		[[ "${lines[0]}" == "Level:        $1 ($2): $3 $4"* ]]
	done
}

@test "status names the group and its gid" {
	echo 0 >"$R/proc/sys/kernel/io_uring_group"
	run t "$UP" status
	[ "$status" -eq 0 ]
	[[ "$output" == *"Group:        root (0)"* ]]
	echo -1 >"$R/proc/sys/kernel/io_uring_group"
	run t "$UP" status
	[[ "$output" == *"Group:        none"* ]]
}

@test "status --json carries level, group and this process's verdict" {
	echo 2 >"$R/proc/sys/kernel/io_uring_disabled"
	run t "$UP" status --json
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | json_get level)" = 2 ]
	[ "$(echo "$output" | json_get level_name)" = deny ]
	[ "$(echo "$output" | json_get group)" = -1 ]
	[ "$(echo "$output" | json_get group_name)" = null ]
	[ "$(echo "$output" | json_get self allowed)" = false ]
	[ "$(echo "$output" | json_get supported)" = true ]
}

@test "status on a kernel without the sysctls says so and exits 4" {
	rm "$R/proc/sys/kernel/io_uring_disabled" "$R/proc/sys/kernel/io_uring_group"
	run t "$UP" status
	[ "$status" -eq 4 ]
	[[ "$output" == *"absent (kernel older than 6.6 or built without CONFIG_IO_URING)"* ]]
	run t "$UP" status --json
	[ "$status" -eq 4 ]
	[ "$(echo "$output" | json_get supported)" = false ]
}

@test "set --level accepts numbers and words and reads back" {
	require_root
	for row in "2 2" "allow 0" "restrict 1" "deny 2" "0 0"; do
		set -- $row
		run t "$UP" set --level "$1"
		[ "$status" -eq 0 ]
		[ "$(level)" = "$2" ]
	done
}

@test "set --group by name, gid and none" {
	require_root
	run t "$UP" set --group root
	[ "$status" -eq 0 ]
	[ "$(group)" = 0 ]
	run t "$UP" set --group 4242
	[ "$status" -eq 0 ]
	[ "$(group)" = 4242 ]
	[[ "$output" == *"kernel.io_uring_group: 0 -> 4242"* ]]
	run t "$UP" set --group none
	[ "$status" -eq 0 ]
	[ "$(group)" = -1 ]
}

@test "set with nothing to change says so" {
	require_root
	run t "$UP" set --level 0 --group none
	[ "$status" -eq 0 ]
	[[ "$output" == "nothing to change"* ]]
}

@test "set --dry-run changes nothing and says what it would do" {
	run t "$UP" set --level 2 --group 4242 --dry-run --persist
	[ "$status" -eq 0 ]
	[[ "$output" == *"would set kernel.io_uring_group: -1 -> 4242"* ]]
	[[ "$output" == *"would set kernel.io_uring_disabled: 0 -> 2"* ]]
	[[ "$output" == *"would write /etc/sysctl.d/60-hardenkit-io-uring.conf"* ]]
	[ "$(level)" = 0 ]
	[ "$(group)" = -1 ]
	[ ! -e "$R/etc/sysctl.d/60-hardenkit-io-uring.conf" ]
}

@test "tightening writes the group before the level" {
	require_root
	require_cmd strace
	run tstrace -f -qq -e trace=write -o "$TMP/trace" "$UP" set --level 1 --group 4242
	[ "$status" -eq 0 ]
	grep -n 'write(.*"4242\\n"' "$TMP/trace"
	g=$(grep -n 'write(.*"4242\\n"' "$TMP/trace" | cut -d: -f1)
	l=$(grep -n 'write(.*"1\\n"' "$TMP/trace" | cut -d: -f1)
	[ "$g" -lt "$l" ]
}

@test "loosening writes the level before the group" {
	require_root
	require_cmd strace
	echo 2 >"$R/proc/sys/kernel/io_uring_disabled"
	echo 4242 >"$R/proc/sys/kernel/io_uring_group"
	run tstrace -f -qq -e trace=write -o "$TMP/trace" "$UP" set --level 1 --group 5353
	[ "$status" -eq 0 ]
	g=$(grep -n 'write(.*"5353\\n"' "$TMP/trace" | cut -d: -f1)
	l=$(grep -n 'write(.*"1\\n"' "$TMP/trace" | cut -d: -f1)
	[ "$l" -lt "$g" ]
}

@test "a failing second write rolls the first one back" {
	require_root
	require_cmd strace
	# Writes: group, stdout line, level (fails) -> group restored.
	run tstrace -f -qq -e trace=write -e inject=write:error=EIO:when=3 -o "$TMP/trace" \
		"$UP" set --level 2 --group 4242
	[ "$status" -eq 7 ]
	[[ "$output" == *"uringpolicy: cannot set kernel.io_uring_disabled to 2: Input/output error"* ]]
	[ "$(level)" = 0 ]
	[ "$(group)" = -1 ]
}

@test "a read-back mismatch is a conflict (exit 8)" {
	require_root
	require_cmd strace
	# Make the level write a no-op that still reports success: the value stays 0.
	run tstrace -f -qq -e trace=write -e inject=write:retval=2:when=1 -o "$TMP/trace" \
		"$UP" set --level 2
	[ "$status" -eq 8 ]
	[[ "$output" == *"read back kernel.io_uring_disabled = 0"* ]]
}

@test "set --persist writes a complete drop-in atomically" {
	require_root
	run t "$UP" set --level 1 --group 4242 --persist
	[ "$status" -eq 0 ]
	f=$R/etc/sysctl.d/60-hardenkit-io-uring.conf
	[ "$(stat -c %a "$f")" = 644 ]
	grep -qx 'kernel.io_uring_group = 4242' "$f"
	grep -qx 'kernel.io_uring_disabled = 1' "$f"
	# group line before level line, as on the running system
	[ "$(grep -n io_uring_group "$f" | cut -d: -f1)" -lt "$(grep -n io_uring_disabled "$f" | cut -d: -f1)" ]
	[ -z "$(find "$R/etc/sysctl.d" -name '.*tmp')" ]
}

@test "set --persist that cannot rename leaves the old drop-in and no temp file" {
	require_root
	require_cmd strace
	f=$R/etc/sysctl.d/60-hardenkit-io-uring.conf
	echo "old contents" >"$f"
	run tstrace -f -qq -e trace=rename,renameat,renameat2 -e inject=rename,renameat,renameat2:error=ENOSPC \
		-o "$TMP/trace" "$UP" set --level 2 --persist
	[ "$status" -eq 10 ]
	[[ "$output" == *"uringpolicy: cannot write /etc/sysctl.d/60-hardenkit-io-uring.conf: No space left on device"* ]]
	[ "$(cat "$f")" = "old contents" ]
	[ -z "$(find "$R/etc/sysctl.d" -name '.*tmp')" ]
}

@test "set without root is refused before anything changes" {
	require_root
	run t setpriv --reuid 65534 --regid 65534 --clear-groups "$UP" set --level 2
	[ "$status" -eq 3 ]
	assert_one_line_error uringpolicy "$output"
	[[ "$output" == *"needs root"* ]]
	[ "$(level)" = 0 ]
}

@test "set on a read-only /proc/sys is refused (exit 3)" {
	require_root
	require_cmd unshare
	run t unshare -m sh -c "mount --bind '$R/proc/sys' '$R/proc/sys' && mount -o remount,bind,ro '$R/proc/sys' && '$UP' set --level 2"
	[ "$status" -eq 3 ]
	assert_one_line_error uringpolicy "$output"
	[[ "$output" == *"mounted read-only"* ]]
	[ "$(level)" = 0 ]
}

@test "set on a kernel without the sysctls exits 4" {
	rm "$R/proc/sys/kernel/io_uring_disabled"
	run t "$UP" set --level 2
	[ "$status" -eq 4 ]
	assert_one_line_error uringpolicy "$output"
	[[ "$output" == *"no such sysctl"* ]]
}

@test "check --pid follows io_uring_allowed() for every kind of process" {
	mk_proc "$R" 100 plain 1000 1000 "1000" $CAP_NONE $INIT_NS 0 1
	mk_proc "$R" 101 fsgidmember 1000 4242 "1000" $CAP_NONE $INIT_NS 0 1
	mk_proc "$R" 102 suppmember 1000 1000 "1000 4242" $CAP_NONE $INIT_NS 0 1
	mk_proc "$R" 103 admin 1000 1000 "1000" $CAP_SYSADMIN $INIT_NS 0 1
	mk_proc "$R" 104 ctrroot 0 0 "0" $CAP_ALL $CHILD_NS 0 1
	# level group pid expected-exit
	rows=(
		"0 -1 100 0" "0 -1 104 0"
		"1 -1 100 1" "1 -1 101 1" "1 -1 103 0" "1 -1 104 1"
		"1 4242 100 1" "1 4242 101 0" "1 4242 102 0" "1 4242 103 0" "1 4242 104 1"
		"2 4242 101 1" "2 -1 103 1" "2 4242 104 1"
	)
	for row in "${rows[@]}"; do
		set -- $row
		echo "$1" >"$R/proc/sys/kernel/io_uring_disabled"
		echo "$2" >"$R/proc/sys/kernel/io_uring_group"
		run t "$UP" check --pid "$3"
		echo "row: $row -> $status: $output"
		[ "$status" -eq "$4" ]
	done
}

@test "check explains the reason" {
	mk_proc "$R" 104 ctrroot 0 0 "0" $CAP_ALL $CHILD_NS 0 1
	mk_proc "$R" 102 suppmember 1000 1000 "1000 4242" $CAP_NONE $INIT_NS 0 1
	echo 1 >"$R/proc/sys/kernel/io_uring_disabled"
	run t "$UP" check --pid 104
	[ "$status" -eq 1 ]
	[[ "$output" == "PID 104 (ctrroot): denied: io_uring_disabled is 1, no io_uring_group is set and CAP_SYS_ADMIN is not effective in the initial user namespace" ]]
	run t "$UP" check --pid 102 --group 4242
	[ "$status" -eq 0 ]
	[[ "$output" == *"allowed: io_uring_disabled is 1 and io_uring_group 4242 is a supplementary group" ]]
}

@test "check against a proposed policy leaves the sysctls alone" {
	mk_proc "$R" 100 plain 1000 1000 "1000" $CAP_NONE $INIT_NS 0 1
	run t "$UP" check --pid 100 --level deny
	[ "$status" -eq 1 ]
	run t "$UP" check --pid 100
	[ "$status" -eq 0 ]
	[ "$(level)" = 0 ]
}

@test "check --user: root may at level 1, nobody may not" {
	echo 1 >"$R/proc/sys/kernel/io_uring_disabled"
	run t "$UP" check --user root
	[ "$status" -eq 0 ]
	run t "$UP" check --user nobody
	[ "$status" -eq 1 ]
	[[ "$output" == "user nobody (UID 65534): denied:"* ]]
	run t "$UP" check --user 65534 --level 0
	[ "$status" -eq 0 ]
}

@test "check --json" {
	mk_proc "$R" 101 fsgidmember 1000 4242 "1000" $CAP_NONE $INIT_NS 0 1
	run t "$UP" check --pid 101 --level 1 --group 4242 --json
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | json_get allowed)" = true ]
	[ "$(echo "$output" | json_get level)" = 1 ]
	[ "$(echo "$output" | json_get group)" = 4242 ]
	[[ "$(echo "$output" | json_get reason)" == *"filesystem GID"* ]]
}

@test "check --quiet prints nothing" {
	run t "$UP" check --quiet --level 2
	[ "$status" -eq 1 ]
	[ -z "$output" ]
}

@test "check --probe creates a real ring on this host" {
	unset HARDENKIT_SYSROOT
	[ "$(cat /proc/sys/kernel/io_uring_disabled 2>/dev/null)" = 0 ] || hk_skip "host io_uring_disabled is not 0"
	run t "$UP" check --probe --json
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | json_get probe created)" = true ]
	[ "$(echo "$output" | json_get probe matches_prediction)" = true ]
}

@test "check --probe names a seccomp filter as the cause of EPERM" {
	unset HARDENKIT_SYSROOT
	[ "$(cat /proc/sys/kernel/io_uring_disabled 2>/dev/null)" = 0 ] || hk_skip "host io_uring_disabled is not 0"
	run t "$HK_HELPERS/seccomp-deny" 1 "$UP" check --probe
	[ "$status" -eq 1 ]
	[[ "$output" == *"probe: EPERM: a seccomp filter refuses io_uring_setup (the sysctls allow it)"* ]]
	[[ "$output" == *"the probe disagrees with the prediction"* ]]
}

@test "check --probe names ENOSYS and EACCES" {
	unset HARDENKIT_SYSROOT
	run t "$HK_HELPERS/seccomp-deny" 38 "$UP" check --probe
	[ "$status" -eq 4 ]
	[[ "$output" == *"probe: ENOSYS: a seccomp filter hides io_uring_setup, or the kernel has no io_uring"* ]]
	run t "$HK_HELPERS/seccomp-deny" 13 "$UP" check --probe
	[ "$status" -eq 1 ]
	[[ "$output" == *"probe: EACCES: a Linux security module (LSM) refuses io_uring"* ]]
}

@test "users lists only processes holding rings, with their verdict" {
	mk_proc "$R" 200 ringholder 1000 1000 "1000" $CAP_NONE $INIT_NS 2 5
	mk_proc "$R" 201 member 1000 4242 "1000" $CAP_NONE $INIT_NS 1 0
	mk_proc "$R" 202 noring 1000 1000 "1000" $CAP_NONE $INIT_NS 0 10
	run t "$UP" users --level 1 --group 4242 --json
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | json_get users 0 pid)" = 200 ]
	[ "$(echo "$output" | json_get users 0 rings)" = 2 ]
	[ "$(echo "$output" | json_get users 0 new-rings)" = denied ]
	[ "$(echo "$output" | json_get users 1 pid)" = 201 ]
	[ "$(echo "$output" | json_get users 1 new-rings)" = allowed ]
	[ "$(echo "$output" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["users"]))')" = 2 ]
}

@test "users prints a table and a summary" {
	mk_proc "$R" 200 ringholder 1000 1000 "1000" $CAP_NONE $INIT_NS 2 5
	run t "$UP" users --level 2
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == *PID*USER*COMMAND*RINGS*NEW-RINGS* ]]
	[[ "${lines[1]}" == *200*ringholder*2*denied* ]]
	[[ "$output" == *"1 process holds io_uring instances; 1 would be refused new rings under level 2 (deny)"* ]]
	run t "$UP" users --output PID,REASON --noheadings --level 2
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == *"200"*"io_uring_disabled is 2"* ]]
}

@test "users survives processes that vanish or cannot be read" {
	require_root
	mk_proc "$R" 200 ringholder 1000 1000 "1000" $CAP_NONE $INIT_NS 1 0
	mk_proc "$R" 300 hidden 0 0 "0" $CAP_NONE $INIT_NS 1 0
	chmod 0700 "$R/proc/300/fd"
	mkdir -p "$R/proc/301"	# a process that exited between readdir and open
	chmod -R a+rX "$R/proc/200"
	run t setpriv --reuid 65534 --regid 65534 --clear-groups "$UP" users --raw --noheadings
	[ "$status" -eq 0 ]
	[[ "$output" == *"200 "* ]]
	[[ "$output" != *"300 "* ]]
	[[ "$output" == *"uringpolicy: warning: 1 process could not be read"* ]]
}

@test "users --output rejects an unknown column" {
	run t "$UP" users --output PID,NOPE
	[ "$status" -eq 2 ]
	assert_one_line_error uringpolicy "$output"
	[[ "$output" == *"unknown column 'NOPE'"* ]]
}

# Bad input: each row is "exit|args"; each must print one line naming the
# program and leave the sysctls untouched.
@test "bad input is refused with one line, a documented code and no change" {
	require_root
	mk_proc "$R" 100 plain 1000 1000 "1000" $CAP_NONE $INIT_NS 0 1
	rows=(
		"2|set --level 3"
		"2|set --level -1"
		"2|set --level 1x"
		"2|set --level "
		"5|set --group nosuchgroup"
		"2|set --group 4294967296"
		"2|set --group -2"
		"2|set"
		"2|set --level"
		"2|set --bogus"
		"2|set --level 2 extra"
		"2|check --pid 0"
		"2|check --pid abc"
		"2|check --pid -5"
		"5|check --pid 999999"
		"5|check --user nosuchuser"
		"2|check --pid 100 --user root"
		"2|check --probe --pid 100"
		"2|check --level 9"
		"5|users --group nosuchgroup"
		"2|frobnicate"
		"2|--bogus"
		"2|"
	)
	for row in "${rows[@]}"; do
		want=${row%%|*}
		args=${row#*|}
		# shellcheck disable=SC2086
		run t "$UP" $args
		echo "row: $row -> $status: $output"
		[ "$status" -eq "$want" ]
		assert_one_line_error uringpolicy "$output"
		[ "$(level)" = 0 ]
		[ "$(group)" = -1 ]
	done
	# An empty-string argument cannot ride in the row table.
	run t "$UP" set --level ""
	[ "$status" -eq 2 ]
	assert_one_line_error uringpolicy "$output"
}
