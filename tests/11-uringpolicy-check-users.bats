#!/usr/bin/env bats
# shellcheck shell=bats
# SPDX-License-Identifier: GPL-2.0-or-later
# uringpolicy check and users against a fake sysroot (uringpolicy.bash), real
# io_uring_setup for --probe, and bad input to every command.

load test_helper
load sysroot
load uringpolicy

@test "check --pid follows io_uring_allowed() for every kind of process" {
	mk_proc "$R" 100 plain 1000 1000 "1000" "$CAP_NONE" "$INIT_NS" 0 1
	mk_proc "$R" 101 fsgidmember 1000 4242 "1000" "$CAP_NONE" "$INIT_NS" 0 1
	mk_proc "$R" 102 suppmember 1000 1000 "1000 4242" "$CAP_NONE" "$INIT_NS" 0 1
	mk_proc "$R" 103 admin 1000 1000 "1000" "$CAP_SYSADMIN" "$INIT_NS" 0 1
	mk_proc "$R" 104 ctrroot 0 0 "0" "$CAP_ALL" "$CHILD_NS" 0 1
	# level group pid expected-exit
	rows=(
		"0 -1 100 0" "0 -1 104 0"
		"1 -1 100 1" "1 -1 101 1" "1 -1 103 0" "1 -1 104 1"
		"1 4242 100 1" "1 4242 101 0" "1 4242 102 0" "1 4242 103 0" "1 4242 104 1"
		"2 4242 101 1" "2 -1 103 1" "2 4242 104 1"
	)
	for row in "${rows[@]}"; do
		# shellcheck disable=SC2086 # split the row into its fields
		set -- $row
		echo "$1" >"$R/proc/sys/kernel/io_uring_disabled"
		echo "$2" >"$R/proc/sys/kernel/io_uring_group"
		run t "$UP" check --pid "$3"
		echo "row: $row -> $status: $output"
		[ "$status" -eq "$4" ]
	done
}

@test "check explains the reason" {
	mk_proc "$R" 104 ctrroot 0 0 "0" "$CAP_ALL" "$CHILD_NS" 0 1
	mk_proc "$R" 102 suppmember 1000 1000 "1000 4242" "$CAP_NONE" "$INIT_NS" 0 1
	echo 1 >"$R/proc/sys/kernel/io_uring_disabled"
	run t "$UP" check --pid 104
	[ "$status" -eq 1 ]
	[[ "$output" == "PID 104 (ctrroot): denied: io_uring_disabled is 1, no io_uring_group is set and CAP_SYS_ADMIN is not effective in the initial user namespace" ]]
	run t "$UP" check --pid 102 --group 4242
	[ "$status" -eq 0 ]
	[[ "$output" == *"allowed: io_uring_disabled is 1 and io_uring_group 4242 is a supplementary group" ]]
}

@test "check against a proposed policy leaves the sysctls alone" {
	mk_proc "$R" 100 plain 1000 1000 "1000" "$CAP_NONE" "$INIT_NS" 0 1
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
	mk_proc "$R" 101 fsgidmember 1000 4242 "1000" "$CAP_NONE" "$INIT_NS" 0 1
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
	mk_proc "$R" 200 ringholder 1000 1000 "1000" "$CAP_NONE" "$INIT_NS" 2 5
	mk_proc "$R" 201 member 1000 4242 "1000" "$CAP_NONE" "$INIT_NS" 1 0
	mk_proc "$R" 202 noring 1000 1000 "1000" "$CAP_NONE" "$INIT_NS" 0 10
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
	mk_proc "$R" 200 ringholder 1000 1000 "1000" "$CAP_NONE" "$INIT_NS" 2 5
	run t "$UP" users --level 2
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == *PID*USER*COMMAND*RINGS*NEW-RINGS* ]]
	[[ "${lines[1]}" == *200*ringholder*2*denied* ]]
	[[ "$output" == *"1 process holds io_uring instances; 1 would be refused new rings under level 2 (deny)"* ]]
	run t "$UP" users --output PID,REASON --noheadings --level 2
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == *"200"*"io_uring_disabled is 2"* ]]
}

@test "users with no process in /proc lists nobody (no qsort of a NULL list)" {
	# scan-build: the PID list is NULL when /proc has no PID; under UBSan
	# qsort(NULL, 0, ...) was a nonnull-attribute error.
	run t "$UP" users --json
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["users"]))')" = 0 ]
}

@test "users survives processes that vanish or cannot be read" {
	require_root
	mk_proc "$R" 200 ringholder 1000 1000 "1000" "$CAP_NONE" "$INIT_NS" 1 0
	mk_proc "$R" 300 hidden 0 0 "0" "$CAP_NONE" "$INIT_NS" 1 0
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

@test "a negative io_uring_group other than -1 is a GID: status, check, users and set say so" {
	require_root
	echo 1 >"$R/proc/sys/kernel/io_uring_disabled"
	echo -5 >"$R/proc/sys/kernel/io_uring_group"
	mk_proc "$R" 110 gidmember 1000 4294967291 "1000" "$CAP_NONE" "$INIT_NS" 1 0
	mk_proc "$R" 111 plain 1000 1000 "1000" "$CAP_NONE" "$INIT_NS" 1 0
	run t "$UP" status
	[ "$status" -eq 0 ]
	[[ "$output" == *"Group:        4294967291 (written as -5)"* ]]
	run t "$UP" status --json
	[ "$(echo "$output" | json_get group)" = 4294967291 ]
	[ "$(echo "$output" | json_get group_value)" = -5 ]
	run t "$UP" check --pid 110
	[ "$status" -eq 0 ]
	[[ "$output" == *"the filesystem GID is io_uring_group 4294967291 (written as -5)"* ]]
	run t "$UP" check --pid 111
	[ "$status" -eq 1 ]
	run t "$UP" users --raw --noheadings --output PID,NEW-RINGS
	[ "$status" -eq 0 ]
	[ "$output" = $'110 allowed\n111 denied' ]
	# Changing the level keeps the group, live and persisted, as the int the kernel reads.
	run t "$UP" set --level 2 --persist
	[ "$status" -eq 0 ]
	[ "$(group)" = -5 ]
	grep -qx 'kernel.io_uring_group = -5' "$R/etc/sysctl.d/60-hardenkit-io-uring.conf"
}

@test "set --group takes GIDs above 2147483647 and writes them as the kernel's int" {
	require_root
	run t "$UP" set --group 4294967291
	[ "$status" -eq 0 ]
	[ "$(group)" = -5 ]
	[[ "$output" == *"kernel.io_uring_group: -1 -> -5"* ]]
	run t "$UP" check --user nobody --level 1
	[[ "$output" == *"denied: io_uring_disabled is 1, not a member of io_uring_group 4294967291 (written as -5)"* ]]
}

@test "check and users read a status file over 8 KiB with over 256 groups" {
	local groups
	groups=$(seq -s ' ' 100000 102999)	# 3000 groups, about 21 KiB
	mk_proc "$R" 120 manygroups 1000 1000 "$groups 4242" "$CAP_NONE" "$INIT_NS" 1 0
	[ "$(stat -c %s "$R/proc/120/status")" -gt 8192 ]
	run t "$UP" check --pid 120 --level 1 --group 4242
	[ "$status" -eq 0 ]
	[[ "$output" == *"io_uring_group 4242 is a supplementary group"* ]]
	run t "$UP" users --raw --noheadings --output PID,NEW-RINGS --level 1 --group 4242
	[ "$status" -eq 0 ]
	[ "$output" = "120 allowed" ]
	mk_proc "$R" 121 group300 1000 1000 "$(seq -s ' ' 5000 5299) 4242" "$CAP_NONE" "$INIT_NS" 0 0
	run t "$UP" check --pid 121 --level 1 --group 4242
	[ "$status" -eq 0 ]
}

@test "check --pid says unknown (exit 3) when the user namespace that decides cannot be read" {
	require_root
	mk_proc "$R" 130 daemon 0 0 "0" "$CAP_ALL" "$INIT_NS" 1 0
	chmod 0700 "$R/proc/130/ns"
	run t setpriv --reuid 65534 --regid 65534 --clear-groups "$UP" check --pid 130 --level 1
	[ "$status" -eq 3 ]
	[[ "$output" == "PID 130 (daemon): unknown: io_uring_disabled is 1 and CAP_SYS_ADMIN is effective, but its user namespace cannot be read (ns/user: Permission denied; run as root): only the initial one counts" ]]
	run t setpriv --reuid 65534 --regid 65534 --clear-groups "$UP" check --pid 130 --level 1 --json
	[ "$status" -eq 3 ]
	[ "$(echo "$output" | json_get allowed)" = null ]
	[ "$(echo "$output" | json_get verdict)" = unknown ]
	# The namespace does not matter at level 0 or 2, nor for a group member.
	run t setpriv --reuid 65534 --regid 65534 --clear-groups "$UP" check --pid 130 --level 2
	[ "$status" -eq 1 ]
	run t setpriv --reuid 65534 --regid 65534 --clear-groups "$UP" check --pid 130 --level 1 --group 0
	[ "$status" -eq 0 ]
	run t setpriv --reuid 65534 --regid 65534 --clear-groups "$UP" users --raw --noheadings --output PID,NEW-RINGS --level 1
	[ "$status" -eq 0 ]
	[[ "$output" == *"130 unknown"* ]]
}

@test "users run by another user under a hidepid=invisible /proc says that processes are hidden" {
	require_root
	require_cmd unshare
	mkfifo "$TMP/ready"
	"$HK_HELPERS/ring-holder" 1 0 >"$TMP/ready" &
	holder=$!
	read -r line <"$TMP/ready"
	[ "$line" = ready ]
	run t unshare -m sh -c "mount -t proc -o hidepid=invisible proc '$R/proc' && setpriv --reuid 65534 --regid 65534 --clear-groups '$UP' users --raw --noheadings --output PID"
	hidden_status=$status hidden_output=$output
	run t unshare -m sh -c "mount -t proc -o hidepid=invisible proc '$R/proc' && '$UP' users --raw --noheadings --output PID"
	root_status=$status root_output=$output
	run t unshare -m sh -c "mount -t proc -o hidepid=invisible,gid=4242 proc '$R/proc' && setpriv --reuid 65534 --regid 65534 --groups 4242 '$UP' users --raw --noheadings --output PID"
	member_status=$status member_output=$output
	kill "$holder"
	wait "$holder" || true
	status=$hidden_status output=$hidden_output
	[ "$status" -eq 0 ]
	[[ "$output" != *"$holder"* ]]
	[[ "$output" == *"uringpolicy: warning: /proc is mounted with hidepid=invisible: the processes of other users are hidden from this caller and not listed (run as root)"* ]]
	# Root sees them all and is not warned.
	status=$root_status output=$root_output
	[ "$status" -eq 0 ]
	[[ "$output" == *"$holder"* ]]
	[[ "$output" != *"hidepid"* ]]
	# A member of the mount's gid= group sees every process (root's
	# descriptors stay unreadable to it, as without hidepid).
	status=$member_status output=$member_output
	[ "$status" -eq 0 ]
	[[ "$output" != *"mounted with hidepid"* ]]
	[[ "$output" == *"could not be read"* ]]
}

# Bad input: each row is "exit|args"; each must print one line naming the
# program and leave the sysctls untouched.
@test "bad input is refused with one line, a documented code and no change" {
	require_root
	mk_proc "$R" 100 plain 1000 1000 "1000" "$CAP_NONE" "$INIT_NS" 0 1
	rows=(
		"2|set --level 3"
		"2|set --level -1"
		"2|set --level 1x"
		"2|set --level "
		"5|set --group nosuchgroup"
		"2|set --group 4294967296"
		"2|set --group -2"
		"2|set --group 4294967295"
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
