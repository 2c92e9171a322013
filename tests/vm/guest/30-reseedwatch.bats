#!/usr/bin/env bats
# shellcheck shell=bats
# shellcheck disable=SC2030,SC2031 # each test runs in its own subshell: BG is set and read within one test
# SPDX-License-Identifier: GPL-2.0-or-later
# reseedwatch against the patched kernel: every subcommand and option, the
# rndreseedcrng and timer notifiers (vmgenid: tests/vm/host/30-reseedwatch-clone.bats),
# poll, interval and uevent sources, --exec, bad input, the example generator.

load test_helper
load reseedwatch

@test "status takes the epoch apart and lists the notifiers and sources" {
	trigger
	run t "$RESEEDWATCH" status
	hk_status 0
	e=$(epoch)
	[[ ${lines[0]} == "Epoch:         $e (notifier 1 rndreseedcrng, counter $((e & 0xffffff)))" ]]
	[[ $output == *"Notifiers:     1 rndreseedcrng, 2 vmgenid, 3 timer"* ]]
	[[ $output == *"Wake-up:       poll(2) and read(2) on the epoch descriptor"* ]]
	[[ $output == *"Uevents:       from /sys/kernel/random/epoch"* ]]
	[[ $output == *"rndreseedcrng: ready: 'reseedwatch trigger' (RNDRESEEDCRNG) needs CAP_SYS_ADMIN; this process has it"* ]]
	# shellcheck disable=SC2010 # sysfs device names are plain
	dev=$(ls /sys/bus/platform/drivers/vmgenid | grep :)
	[[ $output == *"vmgenid:       ready: VM generation ID device $dev is bound to the vmgenid driver"* ]]
	[[ $output == *"timer:         off: kernel.random.epoch_timer_interval is 0"* ]]
	echo 600 >"$TIMER"
	run t "$RESEEDWATCH" status
	[[ $output == *"timer:         ready: every 600 s (kernel.random.epoch_timer_interval)"* ]]
	run hk_as carol "$RESEEDWATCH" status
	hk_status 0
	[[ $output == *"rndreseedcrng: needs-cap: "*"this process lacks it"* ]]
}

@test "status --json has the value, its parts, the notifiers and the sources" {
	trigger
	run t "$RESEEDWATCH" status --json
	hk_status 0
	e=$(jget epoch <<<"$output")
	[[ $e =~ ^0x[0-9a-f]{8}$ ]]
	[ "$(jget supported <<<"$output")" = true ]
	[ "$(jget notifier_id <<<"$output")" = $((e >> 24)) ]
	[ "$(jget notifier <<<"$output")" = rndreseedcrng ]
	[ "$(jget counter <<<"$output")" = $((e & 0xffffff)) ]
	[ "$(jget poll <<<"$output")" = true ]
	[ "$(jget uevents <<<"$output")" = true ]
	[ "$(jget timer_interval <<<"$output")" = 0 ]
	[ "$(tr -d ' \n' <<<"$output" | grep -o '"notifiers":\[[^]]*\]')" = \
		'"notifiers":[{"id":1,"name":"rndreseedcrng"},{"id":2,"name":"vmgenid"},{"id":3,"name":"timer"}]' ]
	states=$(tr -d ' \n' <<<"$output" | grep -o '"name":"[a-z]*","state":"[a-z-]*"' | tr '\n' ' ')
	[ "$states" = '"name":"rndreseedcrng","state":"ready" "name":"vmgenid","state":"ready" "name":"timer","state":"off" ' ]
}

@test "trigger moves the epoch with rndreseedcrng, one step" {
	before=$(epoch)
	run t "$RESEEDWATCH" trigger
	hk_status 0
	after=$(epoch)
	[ $((after & 0xffffff)) -eq $(((before + 1) & 0xffffff)) ]
	[ $((after >> 24)) -eq 1 ]
	[ "$output" = "reseeded: epoch $before -> $after rndreseedcrng counter=$((after & 0xffffff))" ]
}

@test "trigger without CAP_SYS_ADMIN is refused first, with the reason (exit 3)" {
	before=$(epoch)
	run hk_as carol "$RESEEDWATCH" trigger
	hk_status 3
	[ "$output" = "reseedwatch: cannot trigger a reseed: RNDRESEEDCRNG needs CAP_SYS_ADMIN, which is not in this process's effective capability set (run it as root)" ]
	# root with the capability dropped from its bounding set
	run t setpriv --bounding-set -sys_admin --inh-caps -sys_admin "$RESEEDWATCH" trigger
	hk_status 3
	[[ $output == *"needs CAP_SYS_ADMIN"* ]]
	# root of a user namespace has the capability there, not where the kernel looks
	run t unshare -U -r "$RESEEDWATCH" trigger
	hk_status 3
	[[ $output == *"the kernel refused RNDRESEEDCRNG (Operation not permitted); it needs CAP_SYS_ADMIN in the initial user namespace"* ]]
	[ "$(epoch)" = "$before" ]
	# a non-root user holding the capability may
	run hk_as carol+cap "$RESEEDWATCH" trigger
	hk_status 0
	[ "$(epoch)" != "$before" ]
}

@test "watch (poll mode) prints one line per event, each old value the previous new one" {
	start=$(epoch)
	bg_start w watch --count 3
	[[ $(cat "$T/w.err") == "reseedwatch: watching for reseed events with poll(2) on the epoch descriptor; epoch now $start "* ]]
	for i in 1 2 3; do
		trigger
		wait_lines "$T/w.out" "$i"
	done
	bg_wait w
	[ "$status" -eq 0 ]
	mapfile -t L <"$T/w.out"
	[ ${#L[@]} -eq 3 ]
	prev=$start
	for l in "${L[@]}"; do
		[[ $l =~ $EVENT_RE ]] || { echo "bad line: $l" >&2; false; }
		read -r _ origin old _ new name counter step <<<"$l"
		[ "$origin" = epoch ]
		[ "$old" = "$prev" ]
		[ "$name" = rndreseedcrng ]
		[ "$step" = step=1 ]
		[ "$new" = "$(printf '0x01%06x' $(((prev + 1) & 0xffffff)))" ]
		[ "$counter" = "counter=$((new & 0xffffff))" ]
		prev=$new
	done
	[ "$prev" = "$(epoch)" ]
}

@test "watch --interval looks at the mapped page and notes events missed between two looks" {
	bg_start w watch --interval 1 --count 1
	grep -q 'with a look at the mapped page every 1 ms' "$T/w.err"
	trigger
	bg_wait w
	[ "$status" -eq 0 ]
	[[ $(cat "$T/w.out") =~ $EVENT_RE ]]
	grep -q ' rndreseedcrng counter=[0-9]* step=1$' "$T/w.out"

	start=$(epoch)
	bg_start w watch --interval 4000 --count 1
	trigger; trigger; trigger
	bg_wait w
	[ "$status" -eq 0 ]
	[[ $(cat "$T/w.out") == *" $start -> $(epoch) rndreseedcrng counter=$(($(epoch) & 0xffffff)) step=3 (missed 2 events between two looks)" ]]
}

@test "watch --json prints one object per line with the fixed keys" {
	for mode in "" "--interval 5" "--uevent"; do
		start=$(epoch)
		# shellcheck disable=SC2086 # mode is zero or one option
		bg_start w watch --json --count 2 $mode
		trigger
		wait_lines "$T/w.out" 1
		trigger
		bg_wait w
		[ "$status" -eq 0 ]
		[ "$(grep -c . "$T/w.out")" -eq 2 ]
		l=$(tail -n 1 "$T/w.out")
		keys=$(grep -o '"[a-z_]*": ' <<<"$l" | tr -d '": ' | tr '\n' ' ')
		[ "$keys" = "time old new notifier notifier_id counter step missed source origin kind " ]
		[ "$(jget origin <<<"$l")" = epoch ]
		[ "$(jget kind <<<"$l")" = reseed ]
		[ "$(head -n 1 "$T/w.out" | jget old)" = "$start" ]
		[ "$(jget new <<<"$l")" = "$(epoch)" ]
		[ "$(jget notifier <<<"$l")" = rndreseedcrng ]
		[ "$(jget notifier_id <<<"$l")" = 1 ]
		[ "$(jget counter <<<"$l")" = $(($(epoch) & 0xffffff)) ]
		[ "$(jget step <<<"$l")" = 1 ]
		[ "$(jget missed <<<"$l")" = 0 ]
		want=poll
		[ -z "$mode" ] || want=${mode%% *}; want=${want#--}
		[ "$(jget source <<<"$l")" = "$want" ]
	done
}

@test "the timer notifier fires at its sysctl period and stops at 0" {
	echo 1 >"$TIMER"
	run t "$RESEEDWATCH" watch --quiet --count 2 --timeout 10
	hk_status 0
	[ "${#lines[@]}" -eq 2 ]
	[[ ${lines[0]} =~ $EVENT_RE ]]
	[[ ${lines[0]} == *" timer counter="*" step=1" ]]
	[[ ${lines[1]} == *" timer counter="*" step=1" ]]
	echo 0 >"$TIMER"
	run t "$RESEEDWATCH" watch --timeout 2 --quiet
	hk_status 9
	[ -z "$output" ]
}

@test "--uevent prints the same lines as the poll watcher, and ignores other uevents" {
	bg_start p watch --count 3
	bg_start u watch --uevent --count 3
	grep -q 'with kernel uevents' "$T/u.err"
	trigger
	# uevents of another device, and the epoch kobject's own events, are not reseeds
	echo change >/sys/devices/virtual/mem/null/uevent
	echo add >/sys/devices/virtual/mem/zero/uevent
	trigger
	trigger
	bg_wait p
	bg_wait u
	[ "$status" -eq 0 ]
	[ "$(cut -d' ' -f2- "$T/p.out")" = "$(cut -d' ' -f2- "$T/u.out")" ]
	[ "$(grep -c . "$T/u.out")" -eq 3 ]
}

@test "--uevent ignores a well-formed reseed uevent forged from user space, sent directly or rebroadcast by the kernel" {
	printf '#!/bin/sh\nenv | grep "^EPOCH=" >>%s/seen\n' "$T" >"$T/dump"
	chmod +x "$T/dump"
	busybox uevent "$T/dump" &
	BG+=($!)
	bg_start u watch --uevent --count 1
	wait_until listening "${BG[-2]}"
	forged=$(printf '0x01%06x' $((($(epoch) + 5) & 0xffffff)))
	run t hk-uevent-forge "$forged" rndreseedcrng
	hk_status 0
	# the forgery reached the group's listeners, but not the watcher's output
	for i in $(seq 100); do grep -qs "EPOCH=$forged" "$T/seen" && break; sleep 0.05; done
	grep -q "EPOCH=$forged" "$T/seen"
	# root can have the kernel send any text as its own uevent (port 0):
	# the value comes from the epoch page, and the watcher says so
	run t hk-uevent-forge --via-kernel "$forged" rndreseedcrng
	hk_status 0
	# shellcheck disable=SC2016 # expanded by eval
	wait_until eval '[ -s "$T/u.out" ] || grep -q "ignored a reseed uevent" "$T/u.err"'
	[ ! -s "$T/u.out" ] || { echo "forged event printed: $(cat "$T/u.out")" >&2; false; }
	grep -qxF "reseedwatch: ignored a reseed uevent for epoch $forged, which the epoch page ($(epoch)) does not show: it was not sent for a reseed" "$T/u.err"
	trigger
	bg_wait u
	[ "$status" -eq 0 ]
	[[ $(cat "$T/u.out") == *" -> $(epoch) rndreseedcrng counter="*" step=1" ]]
	# shellcheck disable=SC2143 # a negated pipeline (! grep -q) would not fail a bats test
	[ -z "$(grep "$forged" "$T/u.out")" ]
}

@test "the kernel's uevent has the variables the parser checks (busybox uevent)" {
	printf '#!/bin/sh\nenv | grep -E "^(ACTION|DEVPATH|SUBSYSTEM|EPOCH|NOTIFIER|NOTIFIER_ID|COUNTER)=" | sort >%s/ev.$$\n' "$T" >"$T/dump"
	chmod +x "$T/dump"
	busybox uevent "$T/dump" &
	BG+=($!)
	wait_until listening "$!"
	trigger
	for i in $(seq 100); do grep -qs 'SUBSYSTEM=random' "$T"/ev.* && break; sleep 0.05; done
	e=$(epoch)
	run cat "$(grep -l 'SUBSYSTEM=random' "$T"/ev.* | head -n 1)"
	[ "$output" = "ACTION=change
COUNTER=$((e & 0xffffff))
DEVPATH=/kernel/random/epoch
EPOCH=$e
NOTIFIER=rndreseedcrng
NOTIFIER_ID=1
SUBSYSTEM=random" ]
}

@test "wait returns 0 on the next event, prints it, and 9 on --timeout" {
	bg_start w wait
	trigger
	bg_wait w
	[ "$status" -eq 0 ]
	[[ $(cat "$T/w.out") =~ $EVENT_RE ]]
	run t "$RESEEDWATCH" wait --timeout 1
	hk_status 9
	[ "$output" = "reseedwatch: watching for reseed events with poll(2) on the epoch descriptor; epoch now $(epoch) (notifier 1 rndreseedcrng, counter $(($(epoch) & 0xffffff)))
reseedwatch: no reseed event within 1 s" ]
	run t "$RESEEDWATCH" wait --timeout 0 --quiet
	hk_status 9
	[ -z "$output" ]
}

@test "wait --interval, --json and --quiet" {
	bg_start w wait --interval 10 --json
	trigger
	bg_wait w
	[ "$status" -eq 0 ]
	[ "$(jget new <"$T/w.out")" = "$(epoch)" ]
	[ "$(jget source <"$T/w.out")" = interval ]
	"$RESEEDWATCH" wait --quiet >"$T/q.out" 2>"$T/q.err" &
	BG+=($!)
	wait_syscall "$!" 7
	trigger
	wait $! || { echo "wait --quiet failed" >&2; false; }
	[ ! -s "$T/q.out" ]
	[ ! -s "$T/q.err" ]
}

@test "wait --since returns at once for an event before it started, not for the same epoch" {
	old=$(epoch)
	trigger
	run t "$RESEEDWATCH" wait --since "$old" --timeout 5 --quiet
	hk_status 0
	run t "$RESEEDWATCH" wait --since "$old" --timeout 5 --json
	hk_status 0
	[ "$(jget old <<<"${lines[-1]}")" = "$old" ]
	[ "$(jget new <<<"${lines[-1]}")" = "$(epoch)" ]
	run t "$RESEEDWATCH" wait --since "$(epoch)" --timeout 1 --quiet
	hk_status 9
	run t "$RESEEDWATCH" wait --since "$(($(epoch)))" --timeout 1 --quiet
	hk_status 9
}

@test "watch --timeout: 9 without events or with fewer than --count, 0 otherwise" {
	run t "$RESEEDWATCH" watch --timeout 1
	hk_status 9
	[[ $output == *"reseedwatch: no reseed event within 1 s" ]]
	# The trigger must land inside the timeout, counted from the watcher's
	# ready notice: 10 s leaves room for a loaded machine under TCG.
	bg_start w watch --count 2 --timeout 10
	trigger
	bg_wait w
	[ "$status" -eq 9 ]
	grep -q 'no reseed event within 10 s (fewer events than --count)' "$T/w.err"
	[ "$(grep -c . "$T/w.out")" -eq 1 ]
	bg_start w watch --timeout 10
	trigger
	bg_wait w
	[ "$status" -eq 0 ]
	[ "$(grep -c . "$T/w.out")" -eq 1 ]
}

@test "watch --quiet prints events but no notice; SIGTERM ends the watch with 0" {
	"$RESEEDWATCH" watch --quiet >"$T/w.out" 2>"$T/w.err" &
	pid=$!
	BG+=("$pid")
	wait_syscall "$pid" 7
	trigger
	wait_lines "$T/w.out" 1
	kill -TERM "$pid"
	wait "$pid"
	[ ! -s "$T/w.err" ]
	[[ $(cat "$T/w.out") =~ $EVENT_RE ]]
}

@test "a reader that goes away ends watch with exit 10 and no message" {
	( "$RESEEDWATCH" watch 2>"$T/w.err" && echo 0 >"$T/rc" || echo "$?" >"$T/rc" ) | head -n 1 >"$T/w.out" &
	BG+=($!)
	wait_grep "$T/w.err" 'watching for reseed events'
	# one event: head takes its line and goes; no second event is needed
	trigger
	wait_grep "$T/rc" .
	[ "$(cat "$T/rc")" = 10 ]
	[ "$(grep -c . "$T/w.out")" -eq 1 ]
	# shellcheck disable=SC2143 # a negated pipeline (! grep -q) would not fail a bats test
	[ -z "$(grep -v 'watching for reseed events' "$T/w.err")" ]
}

@test "--exec runs the command with the event in its environment, arguments after --, no shell" {
	cat >"$T/hook" <<EOF
#!/bin/sh
{ printf 'args:'; printf ' [%s]' "\$@"; echo; env | grep '^RESEED_' | sort; } >>$T/hook.log
read -r x && echo "stdin: \$x" >>$T/hook.log
echo "hook stdout"
EOF
	chmod +x "$T/hook"
	start=$(epoch)
	export RESEED_EPOCH=stale
	bg_start w watch --count 1 --exec "$T/hook" -- one "two words"
	unset RESEED_EPOCH
	trigger
	bg_wait w
	[ "$status" -eq 0 ]
	new=$(epoch)
	when=$(sed -n '1s/ .*//p' "$T/w.out")
	[ "$(cat "$T/hook.log")" = "args: [one] [two words]
RESEED_COUNTER=$((new & 0xffffff))
RESEED_EPOCH=$new
RESEED_EVENT=reseed
RESEED_NOTIFIER=rndreseedcrng
RESEED_NOTIFIER_ID=1
RESEED_OLD_EPOCH=$start
RESEED_OLD_VALUE=$((start & 0xffffff))
RESEED_ORIGIN=epoch
RESEED_SOURCE=poll
RESEED_STEP=1
RESEED_TIME=$when
RESEED_VALUE=$((new & 0xffffff))" ]
	# standard output carries only event lines; the command's goes to stderr
	[ "$(grep -c . "$T/w.out")" -eq 1 ]
	grep -qx 'hook stdout' "$T/w.err"

	# CMD is a program, not shell code, unless --shell
	bg_start w watch --count 1 --exec "echo hi > $T/nope"
	trigger
	bg_wait w
	[ "$status" -eq 0 ]
	grep -q "reseedwatch: cannot run 'echo hi > $T/nope' for epoch 0x[0-9a-f]*: No such file or directory" "$T/w.err"
	[ ! -e "$T/nope" ]
	bg_start w watch --count 1 --shell --exec "echo \"\$RESEED_NOTIFIER \$1 \$2\" >$T/shell.out" -- a b
	trigger
	bg_wait w
	[ "$(cat "$T/shell.out")" = "rndreseedcrng a b" ]
}

@test "--exec reports a failing command with its status and keeps watching" {
	printf '#!/bin/sh\nexit 3\n' >"$T/fail"
	printf '#!/bin/sh\nkill -9 $$\n' >"$T/killed"
	chmod +x "$T/fail" "$T/killed"
	bg_start w watch --count 2 --exec "$T/fail"
	trigger
	wait_lines "$T/w.out" 1
	wait_grep "$T/w.err" "command '$T/fail' for epoch 0x[0-9a-f]* failed with exit status 3"
	trigger
	bg_wait w
	[ "$status" -eq 0 ]
	[ "$(grep -c . "$T/w.out")" -eq 2 ]
	[ "$(grep -c "reseedwatch: command '$T/fail' for epoch 0x[0-9a-f]* failed with exit status 3" "$T/w.err")" -eq 2 ]
	bg_start w watch --count 1 --exec "$T/killed"
	trigger
	bg_wait w
	[ "$status" -eq 0 ]
	grep -q "reseedwatch: command '$T/killed' for epoch $(epoch) was killed by signal 9 (Killed)" "$T/w.err"
}

@test "--exec never runs two at once: events meanwhile are printed at once and coalesced into one more run" {
	# Each run blocks until the test opens the FIFO: the events below come
	# while the first run holds, however slow the machine.
	mkfifo "$T/release"
	cat >"$T/slow" <<EOF
#!/bin/sh
[ -e $T/busy ] && echo OVERLAP >>$T/runs
touch $T/busy
echo "\$RESEED_OLD_EPOCH \$RESEED_EPOCH \$RESEED_STEP" >>$T/runs
read -r _ <$T/release
rm -f $T/busy
EOF
	chmod +x "$T/slow"
	start=$(epoch)
	bg_start w watch --count 4 --exec "$T/slow"
	trigger
	wait_lines "$T/runs" 1
	trigger; trigger; trigger
	# all four lines come while the first run is held
	wait_lines "$T/w.out" 4
	[ -e "$T/busy" ]
	[ "$(grep -c . "$T/runs")" -eq 1 ]
	echo go | t tee "$T/release" >/dev/null
	# the three events that came meanwhile make one more run
	wait_lines "$T/runs" 2
	echo go | t tee "$T/release" >/dev/null
	bg_wait w
	[ "$status" -eq 0 ]
	e1=$(printf '0x01%06x' $(((start + 1) & 0xffffff)))
	[ "$(cat "$T/runs")" = "$start $e1 1
$e1 $(epoch) 3" ]
}

@test "bad input is refused in the guest too (exit 2)" {
	for args in "watch --interval 0" "watch --interval -5" "watch --interval 1e9" \
		"watch --count abc" "watch --timeout 99999999999999999999" "wait --timeout 18446744073709551616" \
		"watch --no-such-option" "wait --bogus" "status --count 1" "trigger --json" "watch --interval 5 --uevent"; do
		read -ra argv <<<"$args"
		run t "$RESEEDWATCH" "${argv[@]}"
		[ "$status" -eq 2 ] || { echo "$args: exit $status: $output" >&2; false; }
		[[ ${lines[0]} == "reseedwatch: "* ]]
		[[ ${lines[1]} == "Try 'reseedwatch "* ]]
	done
}

@test "the example generator reseeds after an event, and only then" {
	run t hk-epoch-prng -n 3 -c "$RESEEDWATCH trigger"
	hk_status 0
	[ "${#lines[@]}" -eq 8 ]
	e=$(epoch)
	for i in 0 1 2; do [[ ${lines[i]} == "output $((i + 1)): "*" reseeds 1" ]]; done
	[[ ${lines[3]} == "running: $RESEEDWATCH trigger" ]]
	[[ ${lines[4]} == "reseeded: epoch "*" -> $e rndreseedcrng counter="* ]]
	for i in 5 6 7; do [[ ${lines[i]} == "output $((i - 1)): "*" epoch $e reseeds 2" ]]; done
	[[ ${lines[0]} != *" epoch $e "* ]]
	# all outputs differ
	[ "$(printf '%s\n' "${lines[@]}" | grep '^output' | cut -d' ' -f3 | sort -u | wc -l)" -eq 6 ]
}
