#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Guest demo (hk.mode=demo): show each hardenkit tool in the initramfs working.
set -euo pipefail

step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; "$@" || echo "(exit status $?)"; }
note() { printf '\n# %s\n' "$*"; }
have() { [ -x "/usr/bin/$1" ]; }

note "hardenkit demo on $(uname -sr); tools in this guest: $(tr '\n' ' ' </hk/tools)"

if have uringpolicy; then
	note "uringpolicy: the io_uring restriction sysctls"
	step uringpolicy status
	step uringpolicy set --level restrict --group uring --dry-run
	step uringpolicy set --level restrict --group uring
	step uringpolicy status
	note "alice's primary group is uring, bob is a member of it, carol is not"
	for u in alice bob carol; do step uringpolicy check --user "$u"; done
	note "carol really tries (io_uring_setup(2) with --probe):"
	step setpriv --reuid 1003 --regid 1003 --clear-groups uringpolicy check --probe
	note "bob holds a ring; which holders would a full ban refuse new rings?"
	setpriv --reuid 1002 --regid 1002 --groups 2001 hk-uring-probe --hold /tmp/demo-ring >/dev/null &
	holder=$!
	for _ in $(seq 50); do [ -s /tmp/demo-ring ] && break; sleep 0.1; done
	step uringpolicy users
	step uringpolicy users --level deny
	kill "$holder"
	note "the change was audited (no auditd: the kernel logs the record):"
	dmesg | grep 'type=1111' | tail -n 2 || echo "(no audit record found)"
	step uringpolicy set --level allow --group none
else
	note "uringpolicy is not built: skipped"
fi

if have tsmctl; then
	note "tsmctl: configfs-tsm attestation reports, from the mock provider (no CoCo hardware here)"
	modprobe mock_tsm
	step tsmctl provider
	head -c 64 /dev/urandom >/tmp/nonce
	note "a one-shot report for our nonce; its private entry is always removed"
	step tsmctl report --nonce-file /tmp/nonce --out /tmp/report.bin --verify
	step tsmctl verify --nonce-file /tmp/nonce /tmp/report.bin
	note "a report that does not carry our nonce is refused (exit 1):"
	head -c 64 /dev/urandom >/tmp/other
	step tsmctl verify --quiet --nonce-file /tmp/other /tmp/report.bin
	note "JSON for scripts (each blob in base64; cut to 100 columns here):"
	step sh -c 'tsmctl report --random-nonce --privlevel 2 --format json | cut -c1-100'
	note "a long-lived named entry, kept between reports, as list shows it:"
	step tsmctl create shared
	step tsmctl report --keep shared --random-nonce --out /tmp/shared.bin
	step tsmctl list
	step tsmctl show shared
	step tsmctl remove shared
	note "bad input is one line and a documented exit code; nothing is left behind:"
	step tsmctl report --nonce 0123456789abcdefg --out /tmp/bad.bin
	step ls -A /sys/kernel/config/tsm/report
else
	note "tsmctl is not built: skipped"
fi

if have reseedwatch; then
	note "reseedwatch: the reseed-notification epoch page (RNDEPOCH on /dev/random)"
	step reseedwatch status
	note "a watcher sleeps in poll(2); each event names its notifier:"
	# shellcheck disable=SC2016 # expanded by the hook's shell
	reseedwatch watch --count 2 --quiet --exec 'echo "  hook: reseed by $RESEED_NOTIFIER, epoch $RESEED_EPOCH"' --shell &
	watcher=$!
	sleep 1
	step reseedwatch trigger
	sleep 0.5
	step reseedwatch trigger
	wait "$watcher" || echo "(watcher exit status $?)"
	note "the same events as JSON, for scripts; a VM generation change would say vmgenid:"
	reseedwatch watch --json --count 1 --quiet &
	watcher=$!
	sleep 1
	reseedwatch trigger >/dev/null
	wait "$watcher" || echo "(watcher exit status $?)"
	step cat /proc/sys/kernel/random/epoch_notifiers
else
	note "reseedwatch is not built: skipped"
fi
note "demo finished"
