#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# uringpolicy against the real kernel: every level/group/identity cell, set, users, audit.

load test_helper

IDENTITIES=(root alice bob carol carol+cap)
DROPIN=/etc/sysctl.d/60-hardenkit-io-uring.conf

setup() {
	hk_need_tool UP
	hk_uring_reset
}

teardown() {
	local p
	for p in ${HK_BG_PIDS[@]+"${HK_BG_PIDS[@]}"}; do
		kill "$p" 2>/dev/null || true
	done
	rm -f "$DROPIN" /tmp/hk-ring-ready
	hk_uring_reset
}

# What the kernel documents (io_uring_allowed() in 6.12), for a level, a group
# and one of the identities: 0 = may create a ring, 1 = EPERM.
model() {
	local level=$1 group=$2 who=$3
	[ "$level" -ne 2 ] || { echo 1; return; }
	[ "$level" -ne 0 ] || { echo 0; return; }
	case $who in
	root | carol+cap) echo 0 ;;
	alice | bob) [ "$group" = "$URING_GID" ] && echo 0 || echo 1 ;;
	*) echo 1 ;;
	esac
}

# setpriv prefix for a background process of an identity (no timeout wrapper).
prefix() {
	case $1 in
	root) PREFIX=() ;;
	alice) PREFIX=(setpriv --reuid 1001 --regid 2001 --clear-groups) ;;
	bob) PREFIX=(setpriv --reuid 1002 --regid 1002 --groups "$URING_GID") ;;
	carol) PREFIX=(setpriv --reuid 1003 --regid 1003 --clear-groups) ;;
	carol+cap) PREFIX=(setpriv --reuid 1003 --regid 1003 --clear-groups
		--inh-caps +sys_admin --ambient-caps +sys_admin) ;;
	esac
}

# One cell of the matrix: the real io_uring_setup(2) outcome of each identity
# must match the documented rule, `check` (self, --pid, --user, what-if) and
# `check --probe`.
matrix_cell() {
	local level=$1 group=$2 who real want errors=() predicted=() i pid
	local gname=$group
	[ "$group" = -1 ] && gname=none

	# What-if predictions, asked while the sysctls are still 0/-1.
	for i in "${!IDENTITIES[@]}"; do
		run hk_as "${IDENTITIES[$i]}" "$UP" check --level "$level" --group "$gname"
		predicted[i]=$status
	done

	hk_uring_sysctl "$level" "$group"
	for i in "${!IDENTITIES[@]}"; do
		who=${IDENTITIES[$i]}
		want=$(model "$level" "$group" "$who")

		run hk_as "$who" hk-uring-probe
		real=$status
		[ "$real" = 0 ] || [ "$real" = 1 ] ||
			errors+=("$who: hk-uring-probe failed unexpectedly ($real): $output")
		[ "$real" = "$want" ] ||
			errors+=("$who: io_uring_setup gave $real, the kernel rule says $want: $output")

		run hk_as "$who" "$UP" check
		[ "$status" = "$real" ] ||
			errors+=("$who: 'check' exit $status, real outcome $real: $output")

		[ "${predicted[i]}" = "$real" ] ||
			errors+=("$who: 'check --level $level --group $gname' predicted ${predicted[i]}, real $real")

		run hk_as "$who" "$UP" check --probe
		[ "$status" = "$real" ] ||
			errors+=("$who: 'check --probe' exit $status, real outcome $real: $output")
		[[ $output != *"probe disagrees"* ]] ||
			errors+=("$who: 'check --probe' says its prediction disagrees: $output")

		prefix "$who"
		"${PREFIX[@]}" sleep 60 3>&- &
		pid=$!
		HK_BG_PIDS+=("$pid")
		# Wait until setpriv has exec'd sleep with the new credentials.
		for _ in $(seq 50); do
			[ "$(cat "/proc/$pid/comm" 2>/dev/null)" = sleep ] && break
			sleep 0.1
		done
		run t "$UP" check --pid "$pid"
		[ "$status" = "$real" ] ||
			errors+=("$who: 'check --pid' (a sleep of $who) exit $status, real $real: $output")
		kill "$pid"

		if [ "$who" != carol+cap ]; then
			run t "$UP" check --user "$who"
			[ "$status" = "$real" ] ||
				errors+=("$who: 'check --user $who' exit $status, real $real: $output")
		fi
	done
	if [ ${#errors[@]} -gt 0 ]; then
		printf 'level=%s group=%s: %s\n' "$level" "$group" "${errors[@]}" >&2
		return 1
	fi
}

@test "matrix: level 0, group -1" { matrix_cell 0 -1; }
@test "matrix: level 0, group uring" { matrix_cell 0 "$URING_GID"; }
@test "matrix: level 1, group -1" { matrix_cell 1 -1; }
@test "matrix: level 1, group uring" { matrix_cell 1 "$URING_GID"; }
@test "matrix: level 2, group -1" { matrix_cell 2 -1; }
@test "matrix: level 2, group uring" { matrix_cell 2 "$URING_GID"; }

@test "set changes both sysctls and status reports them" {
	run t "$UP" set --level restrict --group uring
	hk_status 0
	[ "$(cat /proc/sys/kernel/io_uring_disabled)" = 1 ]
	[ "$(cat /proc/sys/kernel/io_uring_group)" = "$URING_GID" ]
	run t "$UP" status --json
	hk_status 0
	[[ $output == *'"level": 1'* ]]
	[[ $output == *'"group": 2001'* ]]
	run t "$UP" set --level 0 --group none
	hk_status 0
	[ "$(cat /proc/sys/kernel/io_uring_disabled)" = 0 ]
	[ "$(cat /proc/sys/kernel/io_uring_group)" = -1 ]
}

@test "set --dry-run changes nothing" {
	run t "$UP" set --level 2 --group uring --dry-run
	hk_status 0
	[ "$(cat /proc/sys/kernel/io_uring_disabled)" = 0 ]
	[ "$(cat /proc/sys/kernel/io_uring_group)" = -1 ]
	[ ! -e "$DROPIN" ]
}

@test "set as an unprivileged user fails with exit 3 and changes nothing" {
	run hk_as carol "$UP" set --level 2
	hk_status 3
	[ "$(cat /proc/sys/kernel/io_uring_disabled)" = 0 ]
}

@test "set --persist writes a drop-in that sysctl --system applies" {
	run t "$UP" set --level 1 --group uring --persist
	hk_status 0
	[ -f "$DROPIN" ]
	grep -Eq '^[[:space:]]*kernel\.io_uring_disabled[[:space:]]*=[[:space:]]*1[[:space:]]*$' "$DROPIN"
	grep -Eq '^[[:space:]]*kernel\.io_uring_group[[:space:]]*=[[:space:]]*2001[[:space:]]*$' "$DROPIN"
	# No temp file of the atomic write is left behind.
	[ "$(ls /etc/sysctl.d)" = "$(basename "$DROPIN")" ]

	hk_uring_reset
	[ "$(cat /proc/sys/kernel/io_uring_disabled)" = 0 ]
	run t sysctl --system
	hk_status 0
	[ "$(cat /proc/sys/kernel/io_uring_disabled)" = 1 ]
	[ "$(cat /proc/sys/kernel/io_uring_group)" = "$URING_GID" ]
	# The restored policy is the one the kernel enforces.
	run hk_as carol hk-uring-probe
	hk_status 1
	run hk_as bob hk-uring-probe
	hk_status 0
}

@test "set emits an AUDIT_USYS_CONFIG record the kernel logs" {
	want='op=set-sysctl key=kernel.io_uring_disabled old=0 new=2 res=success'
	before=$(dmesg | grep -c "type=1111.*$want" || true)
	run t "$UP" set --level 2
	hk_status 0
	run dmesg
	after=$(grep -c "type=1111.*$want" <<<"$output" || true)
	[ "$after" -eq $((before + 1)) ] || {
		echo "expected one new audit record '$want', found $before before, $after after" >&2
		grep 'audit' <<<"$output" | tail -n 5 >&2
		false
	}
}

@test "users lists the process holding a ring, and only it, with the right verdicts" {
	prefix bob
	"${PREFIX[@]}" hk-uring-probe --hold /tmp/hk-ring-ready >/dev/null 3>&- &
	holder=$!
	HK_BG_PIDS+=("$holder")
	prefix carol
	"${PREFIX[@]}" sleep 60 3>&- &
	HK_BG_PIDS+=("$!")
	for _ in $(seq 100); do [ -s /tmp/hk-ring-ready ] && break; sleep 0.1; done
	[ "$(cat /tmp/hk-ring-ready)" = "$holder" ]
	grep -q 'anon_inode:\[io_uring\]' < <(ls -l "/proc/$holder/fd")

	run t "$UP" users --raw --noheadings --output PID,USER,RINGS
	hk_status 0
	[ "$output" = "$holder bob 1" ] || { echo "users printed: $output" >&2; false; }

	# The verdict column must match what the kernel really does under that policy.
	for policy in "1 none -1" "1 uring $URING_GID" "2 uring $URING_GID"; do
		set -- $policy
		run t "$UP" users --level "$1" --group "$2" --raw --noheadings --output PID,NEW-RINGS
		hk_status 0
		verdict=${output#"$holder "}
		hk_uring_sysctl "$1" "$3"
		run hk_as bob hk-uring-probe
		real=$status
		hk_uring_reset
		case $real in 0) want=allowed ;; 1) want=denied ;; *) false ;; esac
		[ "$verdict" = "$want" ] || {
			echo "users --level $1 --group $2 says '$verdict', the kernel says $want" >&2
			false
		}
	done

	kill "$holder"
	wait "$holder" 2>/dev/null || true
	run t "$UP" users --raw --noheadings --output PID
	hk_status 0
	[ -z "$output" ]
}
