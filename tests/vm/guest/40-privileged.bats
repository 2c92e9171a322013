#!/usr/bin/env bats
# shellcheck shell=bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The privilege boundary and the start of every tool: real set-user-ID and
# set-group-ID copies refuse to run (AT_SECURE); a test root that is the real
# root by device and inode (//, /.) is the real root; a closed fd 0, 1 or 2
# is /dev/null, never a socket the tool opens. File capabilities are tested
# on the host (tests/00-cli.bats): this kernel has no CONFIG_TMPFS_XATTR, so
# no file in the guest can carry one.

load test_helper

RAISED=/mnt/hk-raised
WHY="refusing to run set-user-ID, set-group-ID or with file capabilities (AT_SECURE): the caller's options and environment could redirect what it opens; run it as root instead"

setup_file() {
	# /tmp and /run are mounted nosuid; a tmpfs of our own is not.
	mkdir -p "$RAISED"
	mount -t tmpfs -o mode=0755 hk-raised "$RAISED"
}

teardown_file() {
	umount "$RAISED"
}

setup() {
	T=$(mktemp -d /tmp/priv.XXXXXX)
	chmod 0755 "$T"
	HELPER=$(find /usr -name tsmctl-list -type f | head -n 1)
}

teardown() {
	hk_uring_reset
	rm -rf "$T"
}

# raised HOW TOOL: a set-user-ID (suid) or set-group-ID (sgid) root copy of TOOL.
raised() {
	local dir=$RAISED/$1
	mkdir -p "$dir"
	cp "$2" "$dir/"
	chown 0:0 "$dir/${2##*/}"
	case $1 in
	suid) chmod 4755 "$dir/${2##*/}" ;;
	sgid) chmod 2755 "$dir/${2##*/}" ;;
	esac
	echo "$dir/${2##*/}"
}

@test "set-user-ID and set-group-ID copies of every tool refuse to run for carol (exit 3)" {
	hk_need_tool UP
	hk_need_tool TSMCTL
	hk_need_tool RESEEDWATCH
	[ -x "$HELPER" ] || hk_skip "tsmctl-list is not in this initramfs"
	# a tree carol built, and what she would have the tools write
	mkdir -p "$T/tree/proc/sys/kernel" "$T/tree/etc/sysctl.d"
	echo 0 >"$T/tree/proc/sys/kernel/io_uring_disabled"
	echo -1 >"$T/tree/proc/sys/kernel/io_uring_group"
	chown -R 1003:1003 "$T/tree"
	for how in suid sgid; do
		for tool in "$UP" "$TSMCTL" "$RESEEDWATCH" "$HELPER"; do
			prog=$(raised $how "$tool")
			run hk_as carol "$prog" --version
			hk_status 3
			[ "$output" = "${tool##*/}: $WHY" ]
		done
		run hk_as carol "$(raised $how "$UP")" set --level 2
		hk_status 3
		run hk_as carol "$(raised $how "$UP")" --sysroot "$T/tree" set --level 2 --persist
		hk_status 3
		run hk_as carol env HARDENKIT_SYSROOT="$T/tree" "$(raised $how "$TSMCTL")" report --nonce c0ffee --out /root/hk-raised.out
		hk_status 3
		run hk_as carol env HARDENKIT_SYSROOT="$T/tree" "$(raised $how "$RESEEDWATCH")" trigger
		hk_status 3
		run hk_as carol "$(raised $how "$HELPER")" list
		hk_status 3
	done
	# nothing changed, nothing was written
	[ "$(cat /proc/sys/kernel/io_uring_disabled)" = 0 ]
	[ "$(cat "$T/tree/proc/sys/kernel/io_uring_disabled")" = 0 ]
	[ -z "$(ls -A "$T/tree/etc/sysctl.d")" ]
	[ ! -e /root/hk-raised.out ]
	# the same copy without the mode bits runs for carol
	chmod 0755 "$RAISED/suid/${UP##*/}"
	run hk_as carol "$RAISED/suid/${UP##*/}" --version
	hk_status 0
}

# audit_records: how many io_uring_disabled changes the kernel log holds.
audit_records() {
	dmesg | grep -c 'type=1111.*io_uring_disabled' || true
}

@test "--sysroot // and HARDENKIT_SYSROOT=/. are the real root: set sends its audit record" {
	hk_need_tool UP
	grep -qw 'audit=1' /proc/cmdline
	hk_uring_sysctl 0 -1
	before=$(audit_records)
	run t "$UP" --sysroot // set --level 2
	hk_status 0
	[ "$(cat /proc/sys/kernel/io_uring_disabled)" = 2 ]
	after=$(audit_records)
	[ "$after" -eq $((before + 1)) ] || { echo "--sysroot //: $before records before, $after after" >&2; false; }
	run t env HARDENKIT_SYSROOT=/. "$UP" set --level 1
	hk_status 0
	[ "$(cat /proc/sys/kernel/io_uring_disabled)" = 1 ]
	[ "$(audit_records)" -eq $((after + 1)) ] || { echo "HARDENKIT_SYSROOT=/.: no new record" >&2; false; }
}

@test "reseedwatch watch --uevent with fd 0, 1 or 2 closed: that fd is /dev/null, not the netlink socket" {
	hk_need_tool RESEEDWATCH
	# The hook runs while the watcher waits for it: it sees the watcher's fds.
	# shellcheck disable=SC2016 # expanded by the hook's sh
	printf '#!/bin/sh\nreadlink "/proc/$PPID/fd/$1" >"%s/seen.$1.tmp"\nmv "%s/seen.$1.tmp" "%s/seen.$1"\n' \
		"$T" "$T" "$T" >"$T/hook"
	chmod +x "$T/hook"
	for fd in 0 1 2; do
		args=(watch --uevent --count 1 --exec "$T/hook" -- "$fd")
		case $fd in
		0) "$RESEEDWATCH" "${args[@]}" <&- >"$T/out" 2>"$T/err" 3>&- & ;;
		1) "$RESEEDWATCH" "${args[@]}" >&- 2>"$T/err" 3>&- & ;;
		2) "$RESEEDWATCH" "${args[@]}" >"$T/out" 2>&- 3>&- & ;;
		esac
		pid=$!
		# Events before the watcher listens are not its events: trigger
		# until the hook has run once.
		for _ in $(seq 100); do
			[ -e "$T/seen.$fd" ] && break
			"$RESEEDWATCH" trigger >/dev/null
		done
		status=0
		wait "$pid" || status=$?
		[ "$status" -eq 0 ] || { echo "fd $fd closed: exit $status" >&2; false; }
		[ "$(cat "$T/seen.$fd")" = /dev/null ] || { echo "fd $fd is $(cat "$T/seen.$fd")" >&2; false; }
	done
	# the event line went to standard output when it was open
	grep -Eq '^[0-9T:.-]+Z epoch 0x[0-9a-f]{8} -> 0x[0-9a-f]{8} ' "$T/out"
}
