#!/usr/bin/env bats
# shellcheck shell=bats
# SPDX-License-Identifier: GPL-2.0-or-later
# reseedwatch against the mock VMClock device (kernel/patches/vmclock-mock),
# alone and together with the epoch: status, watch, wait, --since, --count,
# devices without notifications or without the counter, hostile pages
# through the debugfs knobs, and a counter going backwards.

load test_helper
load reseedwatch

DEV=/dev/vmclock0
KNOBS=/sys/kernel/debug/mock_vmclock
VLINE_RE='^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z vmclock 0x[0-9a-f]{16} -> 0x[0-9a-f]{16} '

setup_file() {
	modprobe mock_vmclock
}

# The next files expect no VMClock device; the last test may have removed it.
teardown_file() {
	if [ -e /sys/module/mock_vmclock ]; then
		rmmod mock_vmclock
	fi
}

# Each test starts from the device as loaded: counter 0, both flags.
fresh() {
	[ -c "$DEV" ] || hk_skip "$DEV is missing after modprobe mock_vmclock"
	echo 1 >"$KNOBS/reset"
}

gen() { cat "$KNOBS/vm_generation_counter"; }
hex16() { printf '0x%016x' "$1"; }

@test "status: VMClock present beside the epoch; both tell user space of clones" {
	fresh
	echo 1 >"$KNOBS/snapshot"
	run t "$RESEEDWATCH" status
	hk_status 0
	[[ ${lines[0]} == "Epoch:  "* ]]
	[[ $output == *"VMClock:       present: /dev/vmclock0: vm_generation_counter 1, with notifications (poll(2))"* ]]
	[[ $output == *"RNDEPOCH:      present: the epoch page of /dev/urandom (RNDEPOCH)"* ]]
	[[ $output == *"Clones:        user space is told by the epoch and VMClock"* ]]
	[[ $output == *"Kernel RNG:    reseeds itself on a clone (the vmgenid driver)"* ]]
	run t "$RESEEDWATCH" status --json
	hk_status 0
	j=$(tr -d ' \n' <<<"$output")
	[[ $j == *'"origin":"vmclock","present":true,"state":"present",'*'"vm_generation_counter":1,"disruption_marker":1,"notifications":true}'* ]]
	[[ $j == *'"kernel_rng_reseeds_on_clone":true,"user_space_told":true}' ]]
}

@test "status: a root-only device is no-permission for others; no flag and bad pages are named" {
	fresh
	run hk_as carol "$RESEEDWATCH" status
	hk_status 0
	[[ $output == *"VMClock:       no-permission: /dev/vmclock0 exists but this process may not open it (Permission denied)"* ]]
	echo 0x200 >"$KNOBS/flags"
	run t "$RESEEDWATCH" status
	[[ $output == *"VMClock:       no-flag: /dev/vmclock0 does not report snapshot loads"* ]]
	echo 1 >"$KNOBS/reset"
	echo 0x12345678 >"$KNOBS/magic"
	run t "$RESEEDWATCH" status
	[[ $output == *"VMClock:       bad-page: /dev/vmclock0: the magic is not VCLK"* ]]
	echo 1 >"$KNOBS/reset"
	echo 16 >"$KNOBS/size"
	run t "$RESEEDWATCH" status
	[[ $output == *"VMClock:       bad-page: /dev/vmclock0: the size field is smaller than struct vmclock_abi"* ]]
	echo 1 >"$KNOBS/reset"
	echo 7 >"$KNOBS/seq_count"
	run t "$RESEEDWATCH" status
	[[ $output == *"VMClock:       bad-page: /dev/vmclock0: seq_count stayed odd"* ]]
	# the epoch is still there: status is not a failure
	hk_status 0
}

@test "watch --source vmclock: poll(2) on the device; a snapshot is a clone, a migration is not" {
	fresh
	bg_start w watch --source vmclock --count 3
	[[ $(cat "$T/w.err") == "reseedwatch: watching for reseed events with poll(2) on /dev/vmclock0; VMClock vm_generation_counter now 0, disruption_marker 0" ]]
	echo 1 >"$KNOBS/snapshot"
	wait_lines "$T/w.out" 1
	echo 1 >"$KNOBS/migrate"
	wait_lines "$T/w.out" 2
	echo 1 >"$KNOBS/snapshot"
	bg_wait w
	hk_status 0
	mapfile -t L <"$T/w.out"
	[ ${#L[@]} -eq 3 ]
	[[ ${L[0]} =~ $VLINE_RE ]]
	[[ ${L[0]} == *" vmclock $(hex16 0) -> $(hex16 1) clone vm_generation_counter=1" ]]
	[[ ${L[1]} == *" vmclock $(hex16 1) -> $(hex16 2) migration disruption_marker=2" ]]
	[[ ${L[2]} == *" vmclock $(hex16 1) -> $(hex16 2) clone vm_generation_counter=2" ]]
}

@test "watch --json: origin vmclock, kind clone, source poll" {
	fresh
	bg_start w watch --source vmclock --json --count 1
	echo 1 >"$KNOBS/snapshot"
	bg_wait w
	hk_status 0
	out=$(cat "$T/w.out")
	[ "$(jget origin <<<"$out")" = vmclock ]
	[ "$(jget kind <<<"$out")" = clone ]
	[ "$(jget source <<<"$out")" = poll ]
	[ "$(jget notifier <<<"$out")" = vm_generation_counter ]
	[ "$(jget counter <<<"$out")" = 1 ]
	[ "$(jget new <<<"$out")" = "$(hex16 1)" ]
}

@test "flags 0x100 (no notifications): the page is looked at every --interval, or 100 ms" {
	fresh
	echo 0x100 >"$KNOBS/flags"
	bg_start w watch --source vmclock --count 1
	grep -q "the VMClock device sends no notifications (flag NOTIFICATION_PRESENT clear); looking at its page every 100 ms" "$T/w.err"
	echo 1 >"$KNOBS/snapshot"
	bg_wait w
	hk_status 0
	[[ $(cat "$T/w.out") == *" clone vm_generation_counter=1" ]]
	BG_OUT=$T/j.out bg_start j watch --source vmclock --interval 20 --json --count 1
	grep -q "a look at the mapped VMClock page every 20 ms" "$T/j.err"
	echo 1 >"$KNOBS/snapshot"
	bg_wait j
	hk_status 0
	[ "$(jget source <"$T/j.out")" = interval ]
	[ "$(jget counter <"$T/j.out")" = 2 ]
}

@test "notifications taken away while watched: POLLHUP, then the page every 100 ms" {
	fresh
	bg_start w watch --source vmclock --count 1
	echo 0x100 >"$KNOBS/flags"
	wait_grep "$T/w.err" "sends no notifications any more; looking at its page every 100 ms"
	echo 1 >"$KNOBS/snapshot"
	bg_wait w
	hk_status 0
	[[ $(cat "$T/w.out") == *" clone vm_generation_counter=1" ]]
}

@test "flags 0x200 (no counter): --source vmclock is exit 4; any watches the epoch only" {
	fresh
	echo 0x200 >"$KNOBS/flags"
	run t "$RESEEDWATCH" watch --source vmclock
	hk_status 4
	[ "$output" = "reseedwatch: the VMClock device /dev/vmclock0 does not report snapshot loads: the device has no VM generation counter (flag VM_GEN_COUNTER_PRESENT, bit 8, is clear)" ]
	bg_start w watch --count 1
	[[ $(cat "$T/w.err") == "reseedwatch: watching for reseed events with poll(2) on the epoch descriptor; epoch now "* ]]
	trigger
	bg_wait w
	hk_status 0
	[[ $(cat "$T/w.out") =~ $EVENT_RE ]]
}

@test "both sources together: one line per source's change, each naming its origin; --count counts them" {
	fresh
	bg_start w watch --count 2
	[[ $(cat "$T/w.err") == "reseedwatch: watching for reseed events with poll(2) on the epoch descriptor; epoch now "*"; and with poll(2) on /dev/vmclock0; VMClock vm_generation_counter now 0, disruption_marker 0" ]]
	trigger
	wait_lines "$T/w.out" 1
	echo 1 >"$KNOBS/snapshot"
	bg_wait w
	hk_status 0
	mapfile -t L <"$T/w.out"
	[ ${#L[@]} -eq 2 ]
	[[ ${L[0]} =~ $EVENT_RE ]]
	[[ ${L[1]} == *" vmclock $(hex16 0) -> $(hex16 1) clone vm_generation_counter=1" ]]
}

@test "both sources with --interval: the epoch page and the VMClock page are both looked at" {
	fresh
	BG_OUT=$T/w.out bg_start w watch --interval 20 --json --count 2
	echo 1 >"$KNOBS/snapshot"
	wait_lines "$T/w.out" 1
	trigger
	bg_wait w
	hk_status 0
	[ "$(sed -n 1p "$T/w.out" | jget origin)" = vmclock ]
	[ "$(sed -n 2p "$T/w.out" | jget origin)" = epoch ]
	[ "$(sed -n 2p "$T/w.out" | jget kind)" = reseed ]
	[ "$(sed -n 2p "$T/w.out" | jget source)" = interval ]
}

@test "wait returns on the first event of either source" {
	fresh
	bg_start w wait --timeout 30
	echo 1 >"$KNOBS/snapshot"
	bg_wait w
	hk_status 0
	[ "$(grep -c . "$T/w.out")" -eq 1 ]
	[[ $(cat "$T/w.out") == *" vmclock $(hex16 0) -> $(hex16 1) clone vm_generation_counter=1" ]]
	bg_start e wait --source epoch --timeout 30
	echo 1 >"$KNOBS/snapshot"
	trigger
	bg_wait e
	hk_status 0
	[[ $(cat "$T/e.out") =~ $EVENT_RE ]]
}

@test "wait --since takes VMClock's 64-bit counter and needs --source when both are watched" {
	fresh
	echo $((0x123456789a)) >"$KNOBS/vm_generation_counter"
	g=$(gen)
	echo 1 >"$KNOBS/snapshot"
	run t "$RESEEDWATCH" wait --source vmclock --since "$(hex16 "$g")" --timeout 5
	hk_status 0
	[[ $output == *" vmclock $(hex16 "$g") -> $(hex16 $((g + 1))) clone vm_generation_counter=$((g + 1))" ]]
	run t "$RESEEDWATCH" wait --source vmclock --since "$(gen)" --timeout 1 --quiet
	hk_status 9
	run t "$RESEEDWATCH" wait --since "$g" --timeout 1
	hk_status 2
	[[ $output == *"--since: both the epoch and VMClock are watched here: say which value it is with --source epoch or --source vmclock"* ]]
	run t "$RESEEDWATCH" wait --source epoch --since "$(epoch)" --timeout 1 --quiet
	hk_status 9
}

@test "a counter going backwards is its own kind of event, told plainly" {
	fresh
	bg_start w watch --source vmclock --count 2
	echo 5 >"$KNOBS/vm_generation_counter"
	wait_lines "$T/w.out" 1
	echo 2 >"$KNOBS/vm_generation_counter"
	bg_wait w
	hk_status 0
	mapfile -t L <"$T/w.out"
	[[ ${L[0]} == *" vmclock $(hex16 0) -> $(hex16 5) clone vm_generation_counter=5" ]]
	[[ ${L[1]} == *" vmclock $(hex16 5) -> $(hex16 2) backwards vm_generation_counter=2 (the counter went backwards: treat it as a clone)" ]]
}

@test "bad pages at the start: wrong magic, short size, seq_count stuck odd are exit 7 with the reason" {
	fresh
	echo 0x12345678 >"$KNOBS/magic"
	run t "$RESEEDWATCH" wait --source vmclock
	hk_status 7
	[ "$output" = "reseedwatch: cannot read the VMClock page of /dev/vmclock0: the magic is not VCLK (0x4b4c4356): not a VMClock page" ]
	echo 1 >"$KNOBS/reset"
	echo 16 >"$KNOBS/size"
	run t "$RESEEDWATCH" watch --source vmclock
	hk_status 7
	[ "$output" = "reseedwatch: cannot read the VMClock page of /dev/vmclock0: the size field is smaller than struct vmclock_abi (112 bytes)" ]
	echo 1 >"$KNOBS/reset"
	echo 7 >"$KNOBS/seq_count"
	run t "$RESEEDWATCH" wait --source vmclock --interval 10
	hk_status 7
	[ "$output" = "reseedwatch: cannot read the VMClock page of /dev/vmclock0: seq_count stayed odd (an update in progress that never ended)" ]
}

@test "a page that goes bad while watched ends the watch with exit 7, no event" {
	fresh
	bg_start w watch --source vmclock
	echo 0x12345678 >"$KNOBS/magic"
	# the raw knob notifies nothing: the next update wakes the watcher
	echo 1 >"$KNOBS/migrate"
	bg_wait w
	hk_status 7
	[ ! -s "$T/w.out" ]
	grep -q "reseedwatch: cannot read the VMClock page of /dev/vmclock0: the magic is not VCLK" "$T/w.err"
	echo 1 >"$KNOBS/reset"
	bg_start s watch --source vmclock --interval 10
	echo 7 >"$KNOBS/seq_count"
	bg_wait s
	hk_status 7
	grep -q "seq_count stayed odd" "$T/s.err"
}

@test "--exec-dir: hooks get a VMClock event's kind, origin and 64-bit values" {
	fresh
	mkdir -m 0755 "$T/h"
	# shellcheck disable=SC2016 # the hook expands the variables, not this shell
	printf '#!/bin/sh\necho "$RESEED_EVENT $RESEED_ORIGIN $RESEED_VALUE $RESEED_OLD_VALUE $RESEED_STEP" >>%s/log\n' "$T" >"$T/h/10-log"
	chmod 0755 "$T/h/10-log"
	bg_start w watch --source vmclock --count 3 --exec-dir "$T/h"
	echo 1 >"$KNOBS/snapshot"
	wait_lines "$T/log" 1
	echo 1 >"$KNOBS/migrate"
	wait_lines "$T/log" 2
	echo 0 >"$KNOBS/vm_generation_counter"
	bg_wait w
	hk_status 0
	mapfile -t L <"$T/log"
	[ ${#L[@]} -eq 3 ]
	[ "${L[0]}" = "clone vmclock 1 0 1" ]
	[ "${L[1]}" = "migration vmclock 2 1 1" ]
	[ "${L[2]}" = "backwards vmclock 0 1 1" ]
}

@test "without the device (rmmod) status says the 6.12 kernel is too old for VMClock" {
	[ -e /sys/module/mock_vmclock ] || hk_skip "mock_vmclock is not loaded"
	rmmod mock_vmclock
	[ ! -e "$DEV" ]
	run t "$RESEEDWATCH" status
	hk_status 0
	[[ $output == *"VMClock:       kernel-too-old: no /dev/vmclock0: Linux 6.12."*" predates VMClock's vm_generation_counter"* ]]
	[[ $output == *"Clones:        user space is told by the epoch"* ]]
}
