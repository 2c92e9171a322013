#!/usr/bin/env bats
# shellcheck shell=bats
# SPDX-License-Identifier: GPL-2.0-or-later
# uringpolicy status and set against a fake sysroot (uringpolicy.bash).

load test_helper
load sysroot
load uringpolicy

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
