#!/usr/bin/env bats
# shellcheck shell=bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The example udev rule (examples/udev/90-reseedwatch.rules) under Debian's
# real systemd-udevd: it runs on the kernel's reseed uevent with the event's
# EPOCH, NOTIFIER and COUNTER, and not on another subsystem's change event.
# Only its RUN+= program is replaced, by one that logs the environment.

load test_helper
load reseedwatch

RULES=/run/udev/rules.d

# The file's state, shared by the tests: the rules, the logs, udevd's PID.
D=$BATS_FILE_TMPDIR
EV=$D/events
WIT=$D/witness

count() { grep -c . "$1" || true; }

# udevd PID is gone, or a zombie that init has not reaped yet.
gone() { [ ! -e "/proc/$1" ] || grep -q '^State:.*Z' "/proc/$1/status" 2>/dev/null; }

setup_file() {
	[ ! -e "$RULES" ] || { echo "$RULES exists: another udevd ran here" >&2; return 1; }
	mkdir -p "$RULES"
	# shellcheck disable=SC2016 # the programs expand the event's variables, not this shell
	printf '#!/bin/sh\necho "$ACTION $SUBSYSTEM $DEVPATH $EPOCH $NOTIFIER $NOTIFIER_ID $COUNTER" >>%s\n' \
		"$EV" >"$D/on-reseed"
	# shellcheck disable=SC2016 # the same
	printf '#!/bin/sh\necho "$ACTION $SUBSYSTEM $DEVPATH" >>%s\n' "$WIT" >"$D/on-witness"
	chmod 0755 "$D/on-reseed" "$D/on-witness"
	: >"$EV"
	: >"$WIT"
	sed 's|RUN+="[^"]*"|RUN+="'"$D"'/on-reseed"|' /hk/examples-udev/90-reseedwatch.rules \
		>"$RULES/90-reseedwatch.rules"
	# The witness shows that udevd handled an event the example must ignore.
	echo 'ACTION=="change", SUBSYSTEM=="mem", KERNEL=="null", RUN+="'"$D"'/on-witness"' \
		>"$RULES/80-hk-witness.rules"
	/usr/lib/systemd/systemd-udevd --daemon
	WAIT_S=30 wait_until udevadm control --ping ||
		{ echo "systemd-udevd does not answer on /run/udev/control" >&2; return 1; }
	local pids
	pids=$(pidof systemd-udevd)
	[[ $pids =~ ^[0-9]+$ ]] || { echo "want one systemd-udevd, found '$pids'" >&2; return 1; }
	echo "$pids" >"$D/udevd.pid"
}

teardown_file() {
	local pid
	if [ -s "$D/udevd.pid" ]; then
		pid=$(cat "$D/udevd.pid")
		kill "$pid"
		WAIT_S=30 wait_until gone "$pid" ||
			{ echo "systemd-udevd $pid did not exit" >&2; return 1; }
	fi
	rm -rf /run/udev
}

@test "the example rule's copy differs from it only in the RUN+= program" {
	ex=/hk/examples-udev/90-reseedwatch.rules
	[ "$(grep -c '^ACTION=="change", SUBSYSTEM=="random", KERNEL=="epoch", ' "$RULES/90-reseedwatch.rules")" -eq 1 ]
	[ "$(grep -c 'RUN+="'"$D"'/on-reseed"$' "$RULES/90-reseedwatch.rules")" -eq 2 ]
	[ "$(grep -c 'RUN+="' "$ex")" -eq 2 ]
	[ "$(sed 's|RUN+="[^"]*"|RUN|' "$ex")" = "$(sed 's|RUN+="[^"]*"|RUN|' "$RULES/90-reseedwatch.rules")" ]
}

@test "udevd runs the example rule on the reseed uevent, with its EPOCH, NOTIFIER and COUNTER" {
	before=$(count "$EV")
	trigger
	wait_lines "$EV" $((before + 1))
	run t udevadm settle --timeout=30
	hk_status 0
	e=$(epoch)
	[ "$(count "$EV")" -eq $((before + 1)) ]
	[ "$(tail -n 1 "$EV")" = "change random /kernel/random/epoch $e rndreseedcrng 1 $((e & 0xffffff))" ]
}

@test "udevd does not run the example rule on another subsystem's change event" {
	before=$(count "$EV")
	wbefore=$(count "$WIT")
	run t udevadm trigger --settle --action=change /sys/devices/virtual/mem/null
	hk_status 0
	run t udevadm settle --timeout=30
	hk_status 0
	[ "$(count "$WIT")" -eq $((wbefore + 1)) ]
	[ "$(tail -n 1 "$WIT")" = "change mem /devices/virtual/mem/null" ]
	[ "$(count "$EV")" -eq "$before" ]
}
