#!/usr/bin/env bats
# shellcheck shell=bats
# SPDX-License-Identifier: GPL-2.0-or-later
# uringpolicy against the real kernel: every level/group/identity cell, set, users, audit.

load test_helper
load uringpolicy

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
	for p in ${HK_BG_PIDS[@]+"${HK_BG_PIDS[@]}"}; do
		wait "$p" 2>/dev/null || true
	done
	mount -o remount,hidepid=off /proc 2>/dev/null || true
	rm -f "$DROPIN" /tmp/hk-ring-ready /tmp/hk-ready /tmp/hk-audit.log /tmp/hk-out.*
	hk_uring_reset
}

# Start "$@" in the background, wait for the line it writes to the FIFO
# /tmp/hk-ready (its first argument names it), and leave it in BG_PID/READY.
start_ready() {
	rm -f /tmp/hk-ready
	mkfifo -m 0666 /tmp/hk-ready
	"$@" 3>&- &
	BG_PID=$!
	HK_BG_PIDS+=("$BG_PID")
	read -r READY </tmp/hk-ready
}

# The audit daemon for a test: every record the kernel sends goes to
# /tmp/hk-audit.log in auditd's format.
audit_listen() {
	rm -f /tmp/hk-audit.log
	start_ready hk-audit-listen /tmp/hk-audit.log /tmp/hk-ready
	AUDIT_PID=$BG_PID
	[ "$READY" = ready ]
}

audit_stop() {
	kill -TERM "$AUDIT_PID"
	wait "$AUDIT_PID"
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

# The kernel's rule for writing the sysctls (test_perm()): effective UID 0
# of the initial user namespace, capabilities not consulted.
@test "set: a non-root process with CAP_SYS_ADMIN is refused (exit 3), as the kernel refuses its write" {
	run hk_as carol+cap sh -c 'echo 2 >/proc/sys/kernel/io_uring_disabled'
	[ "$status" -ne 0 ]
	[ "$(cat /proc/sys/kernel/io_uring_disabled)" = 0 ]
	run hk_as carol+cap "$UP" set --level 2 --group uring --persist
	hk_status 3
	[[ $output == *"whatever the capabilities (effective UID 1003)"* ]]
	[ "$(cat /proc/sys/kernel/io_uring_disabled)" = 0 ]
	[ "$(cat /proc/sys/kernel/io_uring_group)" = -1 ]
	[ ! -e "$DROPIN" ]
}

@test "set: effective UID 0 with no capability but CAP_AUDIT_WRITE changes the policy, as the kernel lets it" {
	run t setpriv --inh-caps -all --bounding-set -all sh -c 'echo 1 >/proc/sys/kernel/io_uring_disabled'
	hk_status 0
	[ "$(cat /proc/sys/kernel/io_uring_disabled)" = 1 ]
	hk_uring_reset
	run t setpriv --inh-caps -all --bounding-set -all,+audit_write "$UP" set --level 2 --group uring --persist
	hk_status 0
	[ "$(cat /proc/sys/kernel/io_uring_disabled)" = 2 ]
	[ "$(cat /proc/sys/kernel/io_uring_group)" = "$URING_GID" ]
	grep -qx 'kernel.io_uring_disabled = 2' "$DROPIN"
}

@test "set: with no capability at all the change is made, and the audit record it cannot send is exit 7" {
	run t setpriv --inh-caps -all --bounding-set -all "$UP" set --level 2
	hk_status 7
	[[ $output == *"uringpolicy: cannot send the audit record of kernel.io_uring_disabled 0 -> 2: Operation not permitted (CAP_AUDIT_WRITE is needed); the change is not audited"* ]]
	[ "$(cat /proc/sys/kernel/io_uring_disabled)" = 2 ]
}

@test "set: root of a user namespace mapped to the initial root may, one mapped to carol may not" {
	run t unshare -U -r sh -c 'echo 1 >/proc/sys/kernel/io_uring_disabled'
	hk_status 0
	[ "$(cat /proc/sys/kernel/io_uring_disabled)" = 1 ]
	hk_uring_reset
	run t unshare -U -r "$UP" set --level 2
	hk_status 0
	[ "$(cat /proc/sys/kernel/io_uring_disabled)" = 2 ]
	hk_uring_reset
	run hk_as carol unshare -U -r "$UP" set --level 2
	hk_status 3
	[[ $output == *"(effective UID 0 in a user namespace)"* ]]
	[ "$(cat /proc/sys/kernel/io_uring_disabled)" = 0 ]
}

@test "io_uring_group -5 is GID 4294967291 to the kernel, and to check, users, status and set" {
	start_ready setpriv --reuid 1003 --regid 4294967291 --clear-groups hk-uring-probe --hold /tmp/hk-ready
	holder=$BG_PID
	hk_uring_sysctl 1 -5
	run t setpriv --reuid 1003 --regid 4294967291 --clear-groups hk-uring-probe
	hk_status 0
	run t setpriv --reuid 1003 --regid 4294967291 --clear-groups "$UP" check
	hk_status 0
	run hk_as carol hk-uring-probe
	hk_status 1
	run hk_as carol "$UP" check
	hk_status 1
	run t "$UP" status
	[[ $output == *"Group:        4294967291 (written as -5)"* ]]
	run t "$UP" users --raw --noheadings --output PID,NEW-RINGS
	hk_status 0
	[ "$output" = "$holder allowed" ]
	# The level changes, the group stays -5, live and at boot.
	run t "$UP" set --level 2 --persist
	hk_status 0
	grep -qx 'kernel.io_uring_group = -5' "$DROPIN"
	hk_uring_reset
	run t sysctl --system
	[ "$(cat /proc/sys/kernel/io_uring_group)" = -5 ]
	[ "$(cat /proc/sys/kernel/io_uring_disabled)" = 2 ]
}

# Serialized runs form one chain of "old -> new" from the first value to
# the last; the printed changes and the audit records must both show it.
@test "20 concurrent set runs: live equals persisted, the runs chain, and the audit records agree" {
	local pids=() i cur next
	audit_listen
	for i in $(seq 1 20); do
		"$UP" set --level $((i % 3)) --group $((3000 + i)) --persist >"/tmp/hk-out.$i" 2>&1 3>&- &
		pids+=($!)
	done
	for i in "${!pids[@]}"; do
		wait "${pids[$i]}" || { cat "/tmp/hk-out.$((i + 1))" >&2; false; }
	done
	audit_stop
	live_g=$(cat /proc/sys/kernel/io_uring_group) live_l=$(cat /proc/sys/kernel/io_uring_disabled)
	grep -qx "kernel.io_uring_group = $live_g" "$DROPIN"
	grep -qx "kernel.io_uring_disabled = $live_l" "$DROPIN"
	[ $(((live_g - 3000) % 3)) -eq "$live_l" ]
	cur=-1
	for i in $(seq 1 20); do
		next=$(grep -h "^kernel.io_uring_group: $cur -> " /tmp/hk-out.* | sed 's/.* -> //')
		[ "$(wc -w <<<"$next")" -eq 1 ] || { echo "after $cur: '$next'" >&2; false; }
		[ "$(grep -c "feature=kernel.io_uring_group old=$cur new=$next .*res=success" /tmp/hk-audit.log)" -eq 1 ] ||
			{ echo "no single audit record of $cur -> $next" >&2; cat /tmp/hk-audit.log >&2; false; }
		cur=$next
	done
	[ "$cur" = "$live_g" ]
	[ "$(grep -c 'feature=kernel.io_uring_group' /tmp/hk-audit.log)" -eq 20 ] ||
		{ grep 'feature=kernel.io_uring_group' /tmp/hk-audit.log >&2; false; }
}

@test "set sends AUDIT_USYS_CONFIG records that ausearch -i reads: op, feature, old, new, exe, res; no rule key" {
	audit_listen
	run t "$UP" set --level 2 --group uring
	hk_status 0
	audit_stop
	run t ausearch -i --input /tmp/hk-audit.log -m USYS_CONFIG
	hk_status 0
	[[ $output == *"msg='op=set-sysctl feature=kernel.io_uring_group old=-1 new=$URING_GID exe=/usr/bin/uringpolicy hostname=? addr=? terminal="*" res=success'"* ]]
	[[ $output == *"msg='op=set-sysctl feature=kernel.io_uring_disabled old=0 new=2 exe=/usr/bin/uringpolicy hostname=? addr=? terminal="*" res=success'"* ]]
	[[ $output != *"key="* ]]
	# auparse finds the executable and the result in the fields it knows.
	run t ausearch --input /tmp/hk-audit.log -m USYS_CONFIG -x /usr/bin/uringpolicy -sv yes --format csv
	hk_status 0
	[ "$(grep -c ',set-sysctl,success,.*,/usr/bin/uringpolicy' <<<"$output")" -eq 2 ]
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
		# shellcheck disable=SC2086 # split the policy into its fields
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

@test "users counts the rings of a thread with its own file table (unshare(CLONE_FILES)), each ring once" {
	start_ready hk-uring-thread /tmp/hk-ready
	read -r pid tid <<<"$READY"
	[ "$pid" = "$BG_PID" ]
	# The main table holds ring A; the thread's copy holds A and its own B.
	# shellcheck disable=SC2010 # ls -l shows each fd's target
	[ "$(ls -l "/proc/$pid/fd" | grep -c 'anon_inode:\[io_uring\]')" -eq 1 ]
	# shellcheck disable=SC2010 # ls -l shows each fd's target
	[ "$(ls -l "/proc/$pid/task/$tid/fd" | grep -c 'anon_inode:\[io_uring\]')" -eq 2 ]
	run t "$UP" users --raw --noheadings --output PID,RINGS
	hk_status 0
	[ "$output" = "$pid 2" ]
}

@test "users and check judge a process with 1,500 groups (a status file over 8 KiB) as the kernel does" {
	local groups
	groups=$(seq -s, 10000 11499),$URING_GID
	start_ready setpriv --reuid 1003 --regid 1003 --groups "$groups" hk-uring-probe --hold /tmp/hk-ready
	holder=$BG_PID
	[ "$(wc -c <"/proc/$holder/status")" -gt 8192 ]
	run t "$UP" users --raw --noheadings --output PID,NEW-RINGS --level 1 --group uring
	hk_status 0
	[ "$output" = "$holder allowed" ]
	run t "$UP" check --pid "$holder" --level 1 --group uring
	hk_status 0
	hk_uring_sysctl 1 "$URING_GID"
	run t setpriv --reuid 1003 --regid 1003 --groups "$groups" hk-uring-probe
	hk_status 0
}

@test "check --pid by a user who cannot read a root daemon's user namespace says unknown (exit 3), root says allowed" {
	start_ready sh -c 'echo ready >/tmp/hk-ready; exec sleep 60'
	hk_uring_sysctl 1 -1
	run hk_as carol "$UP" check --pid "$BG_PID"
	hk_status 3
	[[ $output == *": unknown: io_uring_disabled is 1 and CAP_SYS_ADMIN is effective, but its user namespace cannot be read (ns/user: Permission denied; run as root)"* ]]
	run t "$UP" check --pid "$BG_PID"
	hk_status 0
}

@test "users run by carol under /proc hidepid=invisible says that other users' processes are hidden" {
	start_ready hk-uring-probe --hold /tmp/hk-ready
	holder=$BG_PID
	mount -o remount,hidepid=invisible /proc
	run hk_as carol "$UP" users --raw --noheadings --output PID
	mount -o remount,hidepid=off /proc
	hk_status 0
	[[ $output != *"$holder"* ]]
	[[ $output == *"uringpolicy: warning: /proc is mounted with hidepid=invisible: the processes of other users are hidden from this caller and not listed (run as root)"* ]]
}
