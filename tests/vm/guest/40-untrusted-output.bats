#!/usr/bin/env bats
# shellcheck shell=bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Untrusted names on the patched kernel: a configfs-tsm entry another client
# made with an escape sequence in its name, a sysfs device name in
# reseedwatch status, and a group name in uringpolicy. Nothing may reach the output with a control byte
# (tests/40-untrusted-output.bats checks JSON strictly on the host).

load test_helper

RD=/sys/kernel/config/tsm/report
EVIL=$'\e]0;pwned\a\e[2J\xc2\x9b31m\xff'

setup() {
	T=$(mktemp -d /tmp/untrusted.XXXXXX)
}

teardown() {
	[ ! -d "$RD/name$EVIL" ] || rmdir "$RD/name$EVIL"
	! grep -q " $T/root/dev/urandom " /proc/mounts || umount "$T/root/dev/urandom"
	[ ! -f /etc/group.hk-saved ] || mv /etc/group.hk-saved /etc/group
	hk_uring_reset
	rm -rf "$T"
}

# FILE...: no C0 control byte but newline, no DEL, no C1 CSI (busybox has
# no UTF-8 decoder to do more; the host suite does).
no_controls() {
	local f n
	for f in "$@"; do
		n=$(LC_ALL=C tr -d '\n\040-\176\200-\377' <"$f" | wc -c)
		[ "$n" -eq 0 ] || { echo "$f: $n control bytes: $(od -c "$f")" >&2; return 1; }
		! LC_ALL=C grep -q $'\x7f\|\xc2\x9b' "$f" || { echo "$f: DEL or C1: $(od -c "$f")" >&2; return 1; }
	done
}

# clean_run NAME STATUS CMD...: run CMD with stdout and stderr in $T/NAME.out
# and .err; it must exit STATUS and print no control byte on either.
clean_run() {
	local name=$1 want=$2 rc=0
	shift 2
	t "$@" >"$T/$name.out" 2>"$T/$name.err" || rc=$?
	[ "$rc" -eq "$want" ] || { echo "$*: exit $rc, expected $want: $(cat "$T/$name.err")" >&2; return 1; }
	no_controls "$T/$name.out" "$T/$name.err"
}

@test "tsmctl list and show: an entry name with escape sequences made by another client is escaped" {
	hk_need_tool TSMCTL
	[ -d /sys/module/mock_tsm ] || modprobe mock_tsm || hk_skip "the mock_tsm module cannot be loaded"
	mkdir "$RD/name$EVIL"
	clean_run list 0 "$TSMCTL" list
	grep -qF 'name\x1b]0;pwned\x07\x1b[2J\xc2\x9b31m\xff' "$T/list.out"
	clean_run json 0 "$TSMCTL" list --json
	grep -qF '"name": "name\u001b]0;pwned\u0007\u001b[2J' "$T/json.out"
	# A name the caller types may not hold C0 controls: the refusal quotes none.
	clean_run show 2 "$TSMCTL" show "name$EVIL"
}

@test "reseedwatch status: a hostile vmgenid device name from sysfs is escaped" {
	hk_need_tool RESEEDWATCH
	# A fake root around the real epoch device: only the sysfs names are made up.
	mkdir -p "$T/root/dev" "$T/root/proc/sys/kernel/random" "$T/root/sys/bus/platform/drivers/vmgenid"
	: >"$T/root/dev/urandom"
	mount --bind /dev/urandom "$T/root/dev/urandom"	# /tmp is nodev: no mknod
	printf '1 rndreseedcrng\n2 vmgenid\n' >"$T/root/proc/sys/kernel/random/epoch_notifiers"
	ln -s ../../devices/x "$T/root/sys/bus/platform/drivers/vmgenid/dev$EVIL"
	HARDENKIT_SYSROOT=$T/root clean_run st 0 "$RESEEDWATCH" status
	grep -qF 'VM generation ID device dev\x1b]0;pwned\x07\x1b[2J\xc2\x9b31m\xff is bound' "$T/st.out"
	HARDENKIT_SYSROOT=$T/root clean_run json 0 "$RESEEDWATCH" status --json
	grep -qF 'device dev\u001b]0;pwned\u0007\u001b[2J\u009b31m\ufffd is bound' "$T/json.out"
}

@test "uringpolicy status and check: a hostile group name is escaped" {
	hk_need_tool UP
	cp /etc/group /etc/group.hk-saved
	printf 'grp%s:x:2999:\n' "$EVIL" >>/etc/group
	hk_uring_sysctl 1 2999
	clean_run st 0 "$UP" status
	grep -qF 'Group:        grp\x1b]0;pwned\x07\x1b[2J\xc2\x9b31m\xff (2999)' "$T/st.out"
	clean_run json 0 "$UP" status --json
	grep -qF '"group_name": "grp\u001b]0;pwned\u0007\u001b[2J\u009b31m\ufffd (2999)"' "$T/json.out"
	clean_run check 1 "$UP" check --user carol
	grep -qF 'not a member of io_uring_group grp\x1b]0;pwned' "$T/check.out"
}
