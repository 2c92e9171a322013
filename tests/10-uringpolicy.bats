#!/usr/bin/env bats
# shellcheck shell=bats
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
		# shellcheck disable=SC2086 # split the row into its fields
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
		# shellcheck disable=SC2086 # split the row into its fields
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

# io_uring_allowed() for the identities of the invariant test: 1 admitted.
admits() {
	local level=$1 group=$2 who=$3
	case $level in 0) echo 1; return ;; 2) echo 0; return ;; esac
	case $who in
	admin) echo 1 ;;
	member-*) [ "${who#member-}" = "$group" ] && echo 1 || echo 0 ;;
	*) echo 0 ;;
	esac
}

# The invariant of the write order: killed between its two writes, a run
# leaves a policy that admits everyone both the old and the new one admit,
# and nobody whom neither admits.
@test "killed between its writes, set never admits anyone neither policy admits nor shuts out anyone both admit" {
	require_root
	require_cmd strace
	local errors=() row lo go ln gn mid_l mid_g who o n m
	for row in "0 1" "0 2" "1 0" "1 2" "2 0" "2 1"; do
		for groups in "-1 5353" "4242 5353" "4242 -1"; do
			# shellcheck disable=SC2086 # split the row and the groups into fields
			set -- $row $groups
			lo=$1 ln=$2 go=$3 gn=$4
			echo "$lo" >"$R/proc/sys/kernel/io_uring_disabled"
			echo "$go" >"$R/proc/sys/kernel/io_uring_group"
			run tstrace -f -qq -o "$TMP/trace" -e trace=write \
				-P "$R/proc/sys/kernel/io_uring_disabled" -P "$R/proc/sys/kernel/io_uring_group" \
				-e inject=write:error=EIO:signal=SIGKILL:when=2 "$UP" set --level "$ln" --group "$gn"
			[ "$status" -eq 137 ] || errors+=("($lo,$go) -> ($ln,$gn): not killed at the second write ($status): $output")
			mid_l=$(level) mid_g=$(group)
			for who in plain admin member-4242 member-5353; do
				o=$(admits "$lo" "$go" "$who") n=$(admits "$ln" "$gn" "$who")
				m=$(admits "$mid_l" "$mid_g" "$who")
				[ "$m" -le $((o | n)) ] ||
					errors+=("($lo,$go) -> ($ln,$gn): between the writes ($mid_l,$mid_g) admits $who, whom neither policy admits")
				[ "$m" -ge $((o & n)) ] ||
					errors+=("($lo,$go) -> ($ln,$gn): between the writes ($mid_l,$mid_g) shuts out $who, whom both policies admit")
			done
		done
	done
	printf '%s\n' ${errors[@]+"${errors[@]}"} >&2
	[ ${#errors[@]} -eq 0 ]
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

# shellcheck disable=SC2030 # bats' run sets status and output anew in each test
@test "set --persist whose directory fsync fails says the drop-in may not survive a crash" {
	require_root
	require_cmd strace
	f=$R/etc/sysctl.d/60-hardenkit-io-uring.conf
	# fsync 1 is the drop-in's, 2 its directory's, after the rename
	run tstrace -f -qq -e trace=fsync -e inject=fsync:error=EIO:when=2 \
		-o "$TMP/trace" "$UP" set --level 2 --persist
	[ "$status" -eq 10 ]
	[[ "$output" == *"uringpolicy: wrote /etc/sysctl.d/60-hardenkit-io-uring.conf, but syncing its directory failed: Input/output error (the boot policy may not survive a crash)"* ]]
	[[ "$output" != *"persisted to"* ]]
	grep -qx 'kernel.io_uring_disabled = 2' "$f"
}

# refused WANT PREFIX...: "PREFIX... uringpolicy set" exits 3 with one line
# containing WANT, and changes nothing.
# shellcheck disable=SC2031 # status and output come from the run just above, not from a test's subshell
refused() {
	local want=$1
	shift
	run t "$@" "$UP" set --level 2
	echo "$*: $status: $output"
	[ "$status" -eq 3 ]
	assert_one_line_error uringpolicy "$output"
	[[ "$output" == *"$want"* ]]
	[ "$(level)" = 0 ]
}

# The kernel's rule (test_perm()): the owner's bits for GLOBAL_ROOT_UID, no
# capability consulted. Checked on a fake tree too, whatever its modes.
@test "set is refused to all but effective UID 0 of the initial user namespace, whatever the capabilities and file modes" {
	require_root
	require_cmd unshare
	local nobody=(setpriv --reuid 65534 --regid 65534 --clear-groups)
	refused "needs root: only effective UID 0 of the initial user namespace may write it, whatever the capabilities (effective UID 65534)" "${nobody[@]}"
	chmod 0666 "$R/proc/sys/kernel/io_uring_disabled" "$R/proc/sys/kernel/io_uring_group"
	refused "whatever the capabilities (effective UID 65534)" "${nobody[@]}" --inh-caps +sys_admin --ambient-caps +sys_admin
	# Inside the namespace the build tree (perhaps a 0700 clone) cannot be
	# searched: run a copy from a directory everyone may enter.
	chmod 0755 "$TMP"
	install -m 0755 "$UP" "$TMP/uringpolicy"
	UP=$TMP/uringpolicy refused "(effective UID 0 in a user namespace)" "${nobody[@]}" unshare -U -r
}

@test "set lets effective UID 0 without any capability change the policy" {
	require_root
	run t setpriv --inh-caps=-all --bounding-set=-all "$UP" set --level 2 --persist
	[ "$status" -eq 0 ]
	[ "$(level)" = 2 ]
	grep -qx 'kernel.io_uring_disabled = 2' "$R/etc/sysctl.d/60-hardenkit-io-uring.conf"
}

@test "set waits for the lock another run holds, and changes nothing meanwhile" {
	require_root
	require_cmd flock
	mkdir -p "$R/run/hardenkit"
	lock=$R/run/hardenkit/uringpolicy.lock
	: >"$lock"
	# While the lock is held, a run cannot start its read: it is still waiting when timeout ends it.
	run t flock "$lock" timeout 2 "$UP" set --level 2 --group 4242 --persist
	[ "$status" -eq 124 ]
	[ "$(level)" = 0 ]
	[ "$(group)" = -1 ]
	[ ! -e "$R/etc/sysctl.d/60-hardenkit-io-uring.conf" ]
	run t "$UP" set --level 2 --group 4242
	[ "$status" -eq 0 ]
	[ "$(level)" = 2 ]
}

# Every run prints its "old -> new"; serialized, they form one chain from
# the first value to the last, and the live value is the persisted one.
@test "20 concurrent set --persist runs: live and persisted agree, and the runs chain" {
	require_root
	local pids=() i
	for i in $(seq 1 20); do
		"$UP" set --level $((i % 3)) --group $((3000 + i)) --persist >"$TMP/out.$i" 2>&1 &
		pids+=($!)
	done
	for i in "${!pids[@]}"; do
		wait "${pids[$i]}"
	done
	f=$R/etc/sysctl.d/60-hardenkit-io-uring.conf
	grep -qx "kernel.io_uring_group = $(group)" "$f"
	grep -qx "kernel.io_uring_disabled = $(level)" "$f"
	[ $(( ($(group) - 3000) % 3 )) -eq "$(level)" ]
	# Follow the chain of group changes from -1: each run exactly once.
	cur=-1
	for i in $(seq 1 20); do
		next=$(grep -h "^kernel.io_uring_group: $cur -> " "$TMP"/out.* | sed 's/.* -> //')
		[ "$(wc -w <<<"$next")" -eq 1 ] || { echo "after $cur: '$next'" >&2; false; }
		cur=$next
	done
	[ "$cur" = "$(group)" ]
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
