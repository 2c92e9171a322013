#!/usr/bin/env bats
# shellcheck shell=bats
# shellcheck disable=SC2030,SC2031 # each test runs in its own subshell: BG and output are set and read within one test
# SPDX-License-Identifier: GPL-2.0-or-later
# tsmctl against configfs-tsm and the mock provider: every subcommand, every
# bad-input row of the issue, signals, a concurrent writer, and a soak of
# runs killed at random moments.

load test_helper

RD=/sys/kernel/config/tsm/report
MP=/sys/module/mock_tsm/parameters
NONCE=$(printf '%02x' $(seq 1 64))

setup() {
	hk_need_tool TSMCTL
	mock_load
	mock_defaults
	WORK=$(mktemp -d /tmp/tsm.XXXXXX)
	BG=
}

teardown() {
	local p
	for p in $BG ${WRITER:-}; do
		kill -9 "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
	mounted /sys/kernel/config || mount -t configfs configfs /sys/kernel/config
	! mounted "$WORK/full" || umount "$WORK/full"
	rm -rf "$WORK"
	[ -d "$RD" ] || mock_load
	[ ! -d "$MP" ] || mock_defaults
	# Leave no entry behind for the next test (each test checks its own leaks).
	for e in "$RD"/*; do [ -d "$e" ] && rmdir "$e"; done
	[ -d "$MP" ] || modprobe mock_tsm 2>/dev/null || true
}

mock_load() {
	[ -d "$MP" ] || modprobe mock_tsm || hk_skip "the mock_tsm module cannot be loaded"
	[ -d "$RD" ] || hk_skip "$RD is missing"
}

mock_defaults() {
	echo 0 >"$MP/delay_ms"
	echo 0 >"$MP/fail_errno"
	echo N >"$MP/empty_outblob"
	echo 1024 >"$MP/outblob_size"
	echo Y >"$MP/auxblob"
	echo Y >"$MP/service_attrs"
	echo 0 >"$MP/privlevel_floor"
}

mounted() { awk -v d="$1" '$2 == d { f = 1 } END { exit !f }' /proc/mounts; }

entries() { ls -A "$RD"; }

# Does PID have a private entry? (no fork: the soak calls it a thousand times)
has_entry() { compgen -G "$RD/tsmctl-$1-*" >/dev/null; }

# No report entry at all (the test made only private ones).
no_entries() {
	local left
	left=$(entries)
	[ -z "$left" ] && return 0
	echo "entries left behind: $left" >&2
	return 1
}

# A report that the provider fails: exit 7 with a message matching the glob
# MSG, and neither an output file nor an entry left behind.
provider_fails() {
	local msg=$1 out=$WORK/refused
	run t "$TSMCTL" report --nonce "$NONCE" --out "$out"
	hk_status 7 || return 1
	# shellcheck disable=SC2053 # msg is a glob pattern
	[[ $output == $msg ]] || { echo "unexpected message: $output" >&2; return 1; }
	[ ! -e "$out" ] || { echo "$out was left behind" >&2; return 1; }
	no_entries
}

hexof() { od -An -tx1 -v "$1" | tr -d ' \n'; }

# Start a command in the background with SIGINT at its default: without job
# control, bash makes background jobs ignore it.
bg_start() {
	set -m
	"$@" 3>&- &
	BG=$!
	set +m
}

# Wait until tsmctl PID has made its private entry.
wait_entry() {
	local i
	for i in $(seq 200); do
		has_entry "$1" && return 0
		sleep 0.05
	done
	echo "no entry from PID $1 appeared" >&2
	return 1
}

now_ms() { awk '{ printf "%d\n", $1 * 1000 }' /proc/uptime; }

@test "provider names mock_tsm and its attributes, and leaves no entry" {
	run t "$TSMCTL" provider
	hk_status 0
	[[ $output == *"Provider:         mock_tsm"* ]]
	[[ $output == *"Privlevel floor:  0"* ]]
	[[ $output == *"Attributes:       auxblob generation inblob manifestblob outblob privlevel privlevel_floor provider service_guid service_manifest_version service_provider"* ]]
	[[ $output == *"Verify:           yes"* ]]
	run t "$TSMCTL" provider --json
	hk_status 0
	[ "$(echo "$output" | jget provider)" = mock_tsm ]
	[ "$(echo "$output" | jget privlevel_floor)" = 0 ]
	echo 2 >"$MP/privlevel_floor"
	echo N >"$MP/service_attrs"
	run t "$TSMCTL" provider
	[[ $output == *"Privlevel floor:  2"* ]]
	[[ $output != *service_provider* ]]
	no_entries
}

@test "report: a raw report carrying the nonce, in a private entry that is removed" {
	run t "$TSMCTL" report --nonce "$NONCE" --out "$WORK/r" --verify
	hk_status 0
	[ "$(stat -c %s "$WORK/r")" -eq 1024 ]
	[ "$(head -c 8 "$WORK/r" | tr -d '\0')" = MOCKTSM ]
	[ "$(od -An -tx1 -v -j 64 -N 64 "$WORK/r" | tr -d ' \n')" = "$NONCE" ]
	run t "$TSMCTL" verify --provider mock_tsm --nonce "$NONCE" "$WORK/r"
	hk_status 0
	[[ $output == *"Inblob length:            64"* ]]
	no_entries
	# raw to a pipe or file by default
	"$TSMCTL" report --nonce "$NONCE" >"$WORK/p"
	[ "$(stat -c %s "$WORK/p")" -eq 1024 ]
	no_entries
}

@test "report: hex, base64 and JSON formats; the generation counts this run's writes" {
	run t "$TSMCTL" report --nonce "$NONCE" --format hex
	hk_status 0
	[ ${#output} -eq 2048 ]
	[ "${output:128:128}" = "$NONCE" ]
	run t "$TSMCTL" report --nonce "$NONCE" --format base64
	hk_status 0
	echo "$output" | base64 -d >"$WORK/b"
	[ "$(stat -c %s "$WORK/b")" -eq 1024 ]
	run t "$TSMCTL" report --nonce "$NONCE" --format json --verify
	hk_status 0
	[ "$(echo "$output" | jget provider)" = mock_tsm ]
	[ "$(echo "$output" | jget generation)" = 1 ]
	[ "$(echo "$output" | jget privlevel)" = null ]
	[ "$(echo "$output" | jget verified)" = true ]
	echo "$output" >"$WORK/r.json"
	run t "$TSMCTL" verify --provider mock_tsm --nonce "$NONCE" "$WORK/r.json"
	hk_status 0
	no_entries
}

@test "report: privlevel, service options, auxblob and manifestblob" {
	guid=aabbccdd-eeff-0011-2233-445566778899
	run t "$TSMCTL" report --nonce "$NONCE" --privlevel 2 --service-provider svsm --service-guid "$guid" \
		--service-manifest-version 7 --aux "$WORK/aux" --manifest "$WORK/man" --out "$WORK/r" \
		--format json
	hk_status 0
	[ "$(jget generation <"$WORK/r")" = 5 ]
	[ "$(jget privlevel <"$WORK/r")" = 2 ]
	run t "$TSMCTL" verify --provider mock_tsm --json --nonce "$NONCE" "$WORK/r"
	hk_status 0
	[[ $output == *'"privlevel": 2,'* ]]
	[[ $output == *'"service_provider": "svsm",'* ]]
	[[ $output == *"\"service_guid\": \"$guid\","* ]]
	[[ $output == *'"service_manifest_version": 7,'* ]]
	# the manifest is bound to the report by its digest
	[ "$(head -c 8 "$WORK/man" | tr -d '\0')" = MOCKMFT ]
	digest=$(sha256sum "$WORK/man" | cut -d' ' -f1)
	[[ $output == *"\"manifest_digest\": \"$digest\","* ]]
	grep -q 'mock_tsm certificate: not signed' "$WORK/aux"
	no_entries
}

@test "report: every nonce input, a short nonce as given, --pad, --random-nonce" {
	printf '\xc0\xff\xee' >"$WORK/n"
	run t "$TSMCTL" report --nonce-file "$WORK/n" --out "$WORK/r1"
	hk_status 0
	run t "$TSMCTL" verify --provider mock_tsm --nonce c0ffee "$WORK/r1"
	hk_status 0
	# passed as given: the kernel records 3 bytes, the mock zero-pads
	[[ $output == *"Inblob length:            3"* ]]
	run bash -c "printf '\xc0\xff\xee' | timeout 60 '$TSMCTL' report --nonce-file - --out '$WORK/r2'"
	hk_status 0
	cmp <(od -An -tx1 -v -j 64 -N 64 "$WORK/r1") <(od -An -tx1 -v -j 64 -N 64 "$WORK/r2")
	run t "$TSMCTL" report --nonce-base64 wP/u --pad --out "$WORK/r3"
	hk_status 0
	run t "$TSMCTL" verify --provider mock_tsm --nonce c0ffee "$WORK/r3"
	hk_status 0
	[[ $output == *"Inblob length:            64"* ]]
	run t "$TSMCTL" report --random-nonce --format json --verify
	hk_status 0
	[ "$(echo "$output" | jget verified)" = true ]
	n1=$(echo "$output" | jget nonce)
	run t "$TSMCTL" report --random-nonce --format json
	[ "$(echo "$output" | jget nonce)" != "$n1" ]
	no_entries
}

@test "bad input: nonce, privlevel, GUID and names fail with one line and leave nothing" {
	printf 'x%.0s' $(seq 65) >"$WORK/n65"
	printf 'secret' >"$WORK/n"
	chmod 0600 "$WORK/n"
	chmod 0755 "$WORK"
	long=$(printf 'a%.0s' $(seq 256))
	while IFS='|' read -r want args; do
		[ -n "$want" ] || continue
		eval "set -- $args"
		run t "$@"
		[ "$status" -eq "$want" ] || { echo "$args: exit $status, expected $want: $output" >&2; false; }
		[[ ${lines[0]} == "tsmctl: "* ]] || { echo "$args: $output" >&2; false; }
		no_entries
	done <<EOF
2|$TSMCTL report --nonce ${NONCE}41
2|$TSMCTL report --nonce-file $WORK/n65
2|$TSMCTL report --nonce abc
2|$TSMCTL report --nonce xyzw
2|$TSMCTL report --nonce-base64 'AB=='
2|$TSMCTL report --nonce-base64 'A*=='
2|$TSMCTL report --nonce ''
5|$TSMCTL report --nonce-file $WORK/missing
3|setpriv --reuid 1003 --regid 1003 --clear-groups $TSMCTL report --nonce-file $WORK/n
2|$TSMCTL report --nonce 00 --privlevel 4
2|$TSMCTL report --nonce 00 --service-guid not-a-guid
2|$TSMCTL report --nonce 00 --keep a/b
2|$TSMCTL report --nonce 00 --keep ..
2|$TSMCTL report --nonce 00 --keep $'a\nb'
2|$TSMCTL report --nonce 00 --keep $long
2|$TSMCTL create a/b
2|$TSMCTL create ..
2|$TSMCTL create $'a\nb'
2|$TSMCTL create $long
EOF
}

@test "a privlevel below the floor is refused before writing; no privlevel fails under a floor" {
	echo 2 >"$MP/privlevel_floor"
	run t "$TSMCTL" report --nonce "$NONCE" --privlevel 1
	hk_status 2
	[ "${lines[0]}" = "tsmctl: report: privlevel 1 is below the privlevel_floor 2 of provider mock_tsm" ]
	no_entries
	run t "$TSMCTL" report --nonce "$NONCE" --privlevel 2 --out "$WORK/r"
	hk_status 0
	# the default privlevel 0 is below the floor: the provider refuses it
	provider_fails "tsmctl: cannot read outblob of entry 'tsmctl-*': provider mock_tsm failed: Invalid argument"
}

@test "create, list, show, report --keep and remove on a named entry" {
	# Entries without service attributes: a used one's options can all be reset.
	echo N >"$MP/service_attrs"
	run t "$TSMCTL" create shared
	hk_status 0
	run t "$TSMCTL" create shared
	hk_status 6
	[ "$output" = "tsmctl: cannot create report entry 'shared': it already exists" ]
	run t "$TSMCTL" create other
	hk_status 0
	run t "$TSMCTL" list --raw --noheadings
	hk_status 0
	[ "${lines[0]}" = "other mock_tsm 0 named -" ]
	[ "${lines[1]}" = "shared mock_tsm 0 named -" ]
	# the baseline is read, not assumed to be 0; privlevel is reset (write 3)
	printf x >"$RD/shared/inblob"
	printf y >"$RD/shared/inblob"
	run t "$TSMCTL" report --keep shared --nonce "$NONCE" --format json --verify
	hk_status 0
	[ "$(echo "$output" | jget generation)" = 4 ]
	[ "$(echo "$output" | jget entry)" = shared ]
	run t "$TSMCTL" show shared
	hk_status 0
	[[ $output == *"Generation:       4"* ]]
	[[ $output == *"Type:             named"* ]]
	run t "$TSMCTL" show shared --json
	[ "$(echo "$output" | jget generation)" = 4 ]
	run t "$TSMCTL" show nothere
	hk_status 5
	[ "$output" = "tsmctl: cannot show report entry 'nothere': no such entry" ]
	run t "$TSMCTL" remove shared
	hk_status 0
	[ "$(entries)" = other ]
	run t "$TSMCTL" remove shared
	hk_status 5
	run t "$TSMCTL" remove other
	hk_status 0
	no_entries
}

@test "configfs not mounted: exit 4 with the reason" {
	umount /sys/kernel/config
	for cmd in "report --nonce 00" provider list "create x"; do
		# shellcheck disable=SC2086 # cmd is a command line to split
		run t "$TSMCTL" $cmd
		hk_status 4
		[[ $output == *"configfs is not mounted on /sys/kernel/config (mount -t configfs configfs /sys/kernel/config)" ]]
	done
	mount -t configfs configfs /sys/kernel/config
	no_entries
}

@test "no provider (ENXIO), a leaked entry blocking registration, the tsm module absent" {
	rmmod mock_tsm
	for cmd in "report --nonce 00" provider "create x"; do
		# shellcheck disable=SC2086 # cmd is a command line to split
		run t "$TSMCTL" $cmd
		hk_status 4
		[[ $output == *"no attestation provider is registered (is tdx_guest, sev_guest, arm_cca_guest or mock_tsm loaded?)" ]]
	done
	no_entries
	# An entry that outlives its provider blocks the next one.
	modprobe mock_tsm
	run t "$TSMCTL" create leak
	hk_status 0
	rmmod mock_tsm
	run t "$TSMCTL" list --raw --noheadings --output NAME,PROVIDER
	hk_status 0
	[ "$output" = "leak -" ]
	run modprobe mock_tsm
	[ "$status" -ne 0 ]
	run t "$TSMCTL" remove leak
	hk_status 0
	modprobe mock_tsm
	# The tsm core as a module can be unloaded too (skipped when built in).
	if [ -e /sys/module/tsm/initstate ]; then
		rmmod mock_tsm
		rmmod tsm
		run t "$TSMCTL" provider
		hk_status 4
		[[ $output == *"/sys/kernel/config/tsm/report does not exist (kernel older than 6.7, or CONFIG_TSM_REPORTS not built or its module tsm not loaded)" ]]
		modprobe mock_tsm
	fi
}

@test "the provider failing (EIO) and an empty outblob are exit 7; nothing leaks" {
	echo 5 >"$MP/fail_errno"
	provider_fails "tsmctl: cannot read outblob of entry 'tsmctl-*': provider mock_tsm failed: Input/output error"
	echo 0 >"$MP/fail_errno"
	echo Y >"$MP/empty_outblob"
	provider_fails "tsmctl: provider mock_tsm returned an empty outblob for entry 'tsmctl-*': no report"
}

@test "an outblob of exactly 32 KiB works" {
	echo 32768 >"$MP/outblob_size"
	run t "$TSMCTL" report --nonce "$NONCE" --out "$WORK/r" --verify
	hk_status 0
	[ "$(stat -c %s "$WORK/r")" -eq 32768 ]
	run t "$TSMCTL" verify --provider mock_tsm --nonce "$NONCE" "$WORK/r"
	hk_status 0
	[[ $output == *"Length:                   32768"* ]]
	no_entries
}

@test "a full disk for --out leaves no file; a closed pipe is exit 10; no entry leaks" {
	mkdir "$WORK/full"
	mount -t tmpfs -o size=16k tmpfs "$WORK/full"
	echo 32768 >"$MP/outblob_size"
	echo old >"$WORK/full/r"
	run t "$TSMCTL" report --nonce "$NONCE" --out "$WORK/full/r"
	hk_status 10
	[[ $output == "tsmctl: cannot write the report to '$WORK/full/r': No space left on device (nothing was written)" ]]
	[ "$(cat "$WORK/full/r")" = old ]
	[ "$(ls -A "$WORK/full")" = r ]
	no_entries
	# the reader is gone before the (slow) report is written
	echo 300 >"$MP/delay_ms"
	run bash -c "timeout 60 '$TSMCTL' report --nonce $NONCE --format hex | true; echo \${PIPESTATUS[0]}"
	[ "${lines[-1]}" = 10 ]
	[[ ${lines[0]} == "tsmctl: cannot write the report to standard output: Broken pipe" ]]
	no_entries
}

# Wait until PID sleeps in read(2) of its outblob: the slow provider's report.
wait_outblob_read() {
	local i nr fd
	for i in $(seq 400); do
		read -r nr fd _ <"/proc/$1/syscall" || true
		[ "$nr" = 0 ] && [[ $(readlink "/proc/$1/fd/$((fd))") == */outblob ]] && return 0
		sleep 0.05
	done
	echo "PID $1 is not reading its outblob: $(cat "/proc/$1/syscall")" >&2
	return 1
}

# Wait until PID sleeps in read(2) or write(2) of an attribute of its entry.
wait_entry_io() {
	local i nr fd
	for i in $(seq 400); do
		read -r nr fd _ <"/proc/$1/syscall" || true
		[[ $nr == [01] ]] && [[ $(readlink "/proc/$1/fd/$((fd))") == */tsmctl-"$1"-*/* ]] && return 0
		sleep 0.05
	done
	echo "PID $1 does not wait on its entry: $(cat "/proc/$1/syscall")" >&2
	return 1
}

# killed_report SIG [slow]: a report killed with SIG once its entry exists
# (with slow: once it sleeps in the outblob read) ends with 128+SIG, no output
# and no entry.
killed_report() {
	local sig=$1 st want
	bg_start "$TSMCTL" report --nonce "$NONCE" --out "$WORK/r"
	wait_entry "$BG"
	[ -z "${2:-}" ] || wait_outblob_read "$BG"
	kill -s "$sig" "$BG"
	set +e
	wait "$BG"
	st=$?
	set -e
	BG=
	want=$((128 + $(kill -l "$sig")))
	[ "$st" -eq "$want" ] || { echo "SIG$sig: exit $st, expected $want" >&2; return 1; }
	[ ! -e "$WORK/r" ] || { echo "SIG$sig: $WORK/r was written" >&2; return 1; }
	no_entries || { echo "SIG$sig left the entry" >&2; return 1; }
}

@test "SIGINT, SIGTERM and SIGHUP while the provider is slow: entry removed, exit 128+N" {
	echo 10000 >"$MP/delay_ms"
	for sig in INT TERM HUP; do
		t0=$(now_ms)
		killed_report "$sig" slow
		[ $(($(now_ms) - t0)) -lt 8000 ]
	done
}

@test "a signal while waiting behind another slow report still removes the entry" {
	echo 3000 >"$MP/delay_ms"
	bg_start "$TSMCTL" report --nonce "$NONCE" --out "$WORK/a"
	first=$BG
	wait_entry "$first"
	wait_outblob_read "$first"
	# The second waits for the core's lock; its signal is handled afterwards.
	bg_start "$TSMCTL" report --nonce "$NONCE" --out "$WORK/b"
	second=$BG
	wait_entry "$second"
	wait_entry_io "$second"
	kill -TERM "$second"
	set +e
	wait "$second"
	st2=$?
	wait "$first"
	st1=$?
	set -e
	BG=
	[ "$st2" -eq 143 ]
	[ "$st1" -eq 0 ]
	[ ! -e "$WORK/b" ]
	no_entries
}

@test "list and prune: a running creator is kept, a SIGKILLed one's entry is pruned" {
	run t "$TSMCTL" create keepme
	# A report that has its entry but does not hold the core's lock (which a
	# report being generated does, blocking every reader): stopped mid-read.
	echo 20000 >"$MP/delay_ms"
	bg_start "$TSMCTL" report --nonce "$NONCE" --out "$WORK/r"
	victim=$BG
	wait_entry "$victim"
	wait_outblob_read "$victim"
	stop_proc "$victim"
	run t "$TSMCTL" list --raw --noheadings --output NAME,TYPE,PID,CREATOR
	hk_status 0
	[[ $output == *"tsmctl-$victim-"*" private $victim running"* ]]
	run t "$TSMCTL" prune
	hk_status 0
	has_entry "$victim"
	kill -9 "$victim"
	wait "$victim" || true
	BG=
	echo 0 >"$MP/delay_ms"
	run t "$TSMCTL" list --raw --noheadings --output NAME,CREATOR
	[[ $output == *"tsmctl-$victim-"*" gone"* ]]
	run t "$TSMCTL" show "$(entries | grep "^tsmctl-$victim-")"
	[[ $output == *"Type:             private (tsmctl PID $victim, gone)"* ]]
	run t "$TSMCTL" prune --dry-run
	hk_status 0
	[[ $output == "would remove tsmctl-$victim-"* ]]
	run t "$TSMCTL" prune
	hk_status 0
	[[ $output == "removed tsmctl-$victim-"* ]]
	[ "$(entries)" = keepme ]
	rmdir "$RD/keepme"
}

@test "concurrency: a writer on a kept entry is detected, never a report for the wrong nonce" {
	echo N >"$MP/service_attrs"
	run t "$TSMCTL" create shared
	# A slow provider widens the window between our inblob and the outblob.
	echo 20 >"$MP/delay_ms"
	( while :; do printf 'intruder' >"$RD/shared/inblob"; done ) 3>&- 2>/dev/null &
	WRITER=$!
	ok=0 conflict=0 detected=0
	for i in $(seq 1 30); do
		n=$(printf '%064x' "$i")
		set +e
		"$TSMCTL" report --keep shared --nonce "$n" --retries 2 --out "$WORK/r$i" 2>"$WORK/e$i"
		st=$?
		set -e
		case $st in
		0)
			ok=$((ok + 1))
			t "$TSMCTL" verify --provider mock_tsm --quiet --nonce "$n" "$WORK/r$i" ||
				{ echo "run $i returned a report without its nonce" >&2; false; } ;;
		8)
			conflict=$((conflict + 1))
			[ ! -e "$WORK/r$i" ]
			grep -q 'another writer changed it' "$WORK/e$i" ;;
		*) echo "run $i: exit $st: $(cat "$WORK/e$i")" >&2; false ;;
		esac
		detected=$((detected + $(grep -c 'another writer changed it' "$WORK/e$i" || true)))
	done
	kill -9 "$WRITER"
	wait "$WRITER" 2>/dev/null || true
	WRITER=
	echo "# $ok reports, $conflict runs out of retries, $detected concurrent writes detected" >&3
	[ "$detected" -gt 0 ]
	rmdir "$RD/shared"
	no_entries
}

@test "concurrency: tsmctl processes sharing a kept entry take turns (flock)" {
	echo N >"$MP/service_attrs"
	run t "$TSMCTL" create shared
	echo 200 >"$MP/delay_ms"
	pids=()
	for i in 1 2 3 4; do
		n=$(printf '%064x' "$((i + 100))")
		"$TSMCTL" report --keep shared --nonce "$n" --retries 0 --out "$WORK/r$i" 3>&- &
		pids+=($!)
	done
	for i in 1 2 3 4; do
		wait "${pids[$((i - 1))]}"
		t "$TSMCTL" verify --provider mock_tsm --quiet --nonce "$(printf '%064x' "$((i + 100))")" "$WORK/r$i"
	done
	rmdir "$RD/shared"
	no_entries
}

# Stop PID and wait until it is stopped (its slow read is aborted, so it
# holds no lock of the tsm core).
stop_proc() {
	local i
	kill -STOP "$1"
	for i in $(seq 400); do
		[ "$(cut -d' ' -f3 "/proc/$1/stat")" = T ] && return 0
		sleep 0.05
	done
	echo "PID $1 did not stop" >&2
	return 1
}

# A 0x4a0-byte SEV-SNP report (version 2) carrying the nonce: a forgery.
forge_sev() {
	{
		printf '\002\000\000\000'
		head -c $((0x50 - 4)) /dev/zero
		# shellcheck disable=SC2059,SC2001 # the format is the nonce as \x escapes
		printf "$(echo "$NONCE" | sed 's/../\\x&/g')"
		head -c $((0x4a0 - 0x90)) /dev/zero
	} >"$1"
}

@test "verify: the running kernel's provider is expected; mock reports only by name; a forged claim is refused" {
	run t "$TSMCTL" report --nonce "$NONCE" --out "$WORK/r"
	hk_status 0
	run t "$TSMCTL" verify --nonce "$NONCE" "$WORK/r"
	hk_status 2
	[ "${lines[0]}" = "tsmctl: verify: the running kernel's provider is mock_tsm, whose reports are unsigned test data: they are accepted only with --provider mock_tsm" ]
	run t "$TSMCTL" verify --provider mock_tsm --nonce "$NONCE" "$WORK/r"
	hk_status 0
	# a JSON document claiming another provider does not choose the decoder
	forge_sev "$WORK/sev"
	[ "$(stat -c %s "$WORK/sev")" -eq 1184 ]
	printf '{"provider": "sev_guest", "outblob": "%s"}\n' "$(base64 <"$WORK/sev" | tr -d '\n')" >"$WORK/forged.json"
	run t "$TSMCTL" verify --nonce "$NONCE" "$WORK/forged.json"
	hk_status 2
	run t "$TSMCTL" verify --provider mock_tsm --nonce "$NONCE" "$WORK/forged.json"
	hk_status 2
	[ "${lines[0]}" = "tsmctl: verify: report file '$WORK/forged.json' says provider 'sev_guest', but the expected provider is mock_tsm" ]
	no_entries
}

@test "report --out: /dev/full and /dev/null are written through, /dev/stdout (a symlink) is refused; none is replaced" {
	run t "$TSMCTL" report --nonce "$NONCE" --out /dev/full
	hk_status 10
	[ "$output" = "tsmctl: cannot write the report to '/dev/full': No space left on device" ]
	[ -c /dev/full ]
	run t "$TSMCTL" report --nonce "$NONCE" --out /dev/null
	hk_status 0
	[ -c /dev/null ]
	run t "$TSMCTL" report --nonce "$NONCE" --out /dev/stdout
	hk_status 2
	[ -L /dev/stdout ]
	[ "$(readlink /dev/stdout)" = /proc/self/fd/1 ]
	no_entries
}

@test "every terminating signal removes the private entry; one ignored at start stays ignored" {
	echo 20000 >"$MP/delay_ms"
	ulimit -c 0
	for sig in QUIT USR1 USR2 ALRM XCPU XFSZ VTALRM PROF IO PWR STKFLT RTMIN RTMAX \
		SEGV BUS ABRT FPE ILL TRAP SYS; do
		killed_report "$sig"
	done
	# ignored by the parent (nohup-style): tsmctl keeps it ignored and finishes
	echo 1000 >"$MP/delay_ms"
	# shellcheck disable=SC2016 # expanded by the inner bash
	bg_start bash -c 'trap "" USR1; exec "$0" report --nonce "$1" --out "$2"' "$TSMCTL" "$NONCE" "$WORK/r"
	wait_entry "$BG"
	kill -s USR1 "$BG"
	wait "$BG"
	BG=
	[ "$(stat -c %s "$WORK/r")" -eq 1024 ]
	no_entries
}

@test "prune across time namespaces: a live creator is kept, a dead one removed, from either side" {
	unshare -T true || hk_skip "unshare -T fails: a kernel without CONFIG_TIME_NS?"
	echo 20000 >"$MP/delay_ms"
	# a creator whose boottime is 100000 s ahead, judged from outside
	bg_start unshare -T --boottime 100000 "$TSMCTL" report --nonce "$NONCE" --out "$WORK/a"
	inside=$BG
	wait_entry "$inside"
	stop_proc "$inside"
	run t "$TSMCTL" list --raw --noheadings --output NAME,CREATOR
	hk_status 0
	[[ $output == *"tsmctl-$inside-"*" running"* ]]
	run t "$TSMCTL" prune
	hk_status 0
	has_entry "$inside"
	# a creator outside, judged from a namespace 50000 s ahead
	bg_start "$TSMCTL" report --nonce "$NONCE" --out "$WORK/b"
	outside=$BG
	wait_entry "$outside"
	stop_proc "$outside"
	run t unshare -T --boottime 50000 "$TSMCTL" prune
	hk_status 0
	has_entry "$outside"
	has_entry "$inside"
	# the namespaced creator dies: pruned from outside, the other kept
	kill -9 "$inside"
	wait "$inside" || true
	run t "$TSMCTL" prune
	hk_status 0
	[[ $output == "removed tsmctl-$inside-"* ]]
	has_entry "$outside"
	# the outside creator dies: pruned from inside a namespace
	kill -9 "$outside"
	wait "$outside" || true
	BG=
	run t unshare -T --boottime 50000 "$TSMCTL" prune
	hk_status 0
	[[ $output == "removed tsmctl-$outside-"* ]]
	no_entries
}

@test "report --keep never inherits the options an earlier run wrote" {
	guid=aabbccdd-eeff-0011-2233-445566778899
	run t "$TSMCTL" create shared
	hk_status 0
	run t "$TSMCTL" report --keep shared --nonce "$NONCE" --privlevel 2 --service-provider svsm \
		--service-guid "$guid" --service-manifest-version 7 --out "$WORK/r1"
	hk_status 0
	# no service provider asked for, but the entry may carry one: refused
	run t "$TSMCTL" report --keep shared --nonce "$NONCE" --out "$WORK/r2"
	hk_status 8
	[[ ${lines[0]} == "tsmctl: cannot use report entry 'shared': it was written before (generation 5) and provider mock_tsm offers service_provider, which cannot be unset"* ]]
	[ ! -e "$WORK/r2" ]
	# its own service provider: the report carries exactly this run's options
	run t "$TSMCTL" report --keep shared --nonce "$NONCE" --service-provider other --format json --out "$WORK/r3"
	hk_status 0
	[ "$(jget privlevel <"$WORK/r3")" = 0 ]
	run t "$TSMCTL" verify --provider mock_tsm --json --nonce "$NONCE" "$WORK/r3"
	hk_status 0
	[[ $output == *'"privlevel": 0,'* ]]
	[[ $output == *'"service_provider": "other",'* ]]
	[[ $output == *'"service_guid": "00000000-0000-0000-0000-000000000000",'* ]]
	[[ $output == *'"service_manifest_version": 0,'* ]]
	rmdir "$RD/shared"
	# without service attributes: privlevel goes back to the floor
	echo N >"$MP/service_attrs"
	echo 1 >"$MP/privlevel_floor"
	run t "$TSMCTL" create plain
	run t "$TSMCTL" report --keep plain --nonce "$NONCE" --privlevel 3 --out "$WORK/r4"
	hk_status 0
	run t "$TSMCTL" report --keep plain --nonce "$NONCE" --format json --out "$WORK/r5"
	hk_status 0
	[ "$(jget privlevel <"$WORK/r5")" = 1 ]
	run t "$TSMCTL" verify --provider mock_tsm --json --nonce "$NONCE" "$WORK/r5"
	[[ $output == *'"privlevel": 1,'* ]]
	rmdir "$RD/plain"
	no_entries
}

# Microseconds, without a fork.
now_us() { local t=${EPOCHREALTIME/./}; echo $((10#$t)); }

# The soak: report runs killed at random moments with SIGINT, SIGTERM or
# SIGKILL. Caught signals must leave no entry; SIGKILL's leftovers must be
# exactly what prune removes. 1000 runs in four parts (each under the
# per-test timeout); hk.tsm_soak=N on the kernel command line or HK_TSM_SOAK
# sets the total (10000 for the stress run, with a larger HK_TEST_TIMEOUT).
soak() {
	local runs i j sig st t0 leaked per_run
	runs=${HK_TSM_SOAK:-$(sed -n 's/.*hk\.tsm_soak=\([0-9]*\).*/\1/p' /proc/cmdline)}
	runs=$(((${runs:-1000} + 3) / 4))
	# 1 ms sleeps one tick (10 ms): kills land before, during and after the read.
	echo 1 >"$MP/delay_ms"
	# The kill moments spread over a whole run (exec, entry made, report read,
	# entry removed) and a little after it, whatever the speed of this guest:
	# measure an unkilled run first.
	t0=$(now_us)
	for i in 1 2 3 4 5; do
		bg_start "$TSMCTL" report --random-nonce --out "$WORK/out"
		wait "$BG"
	done
	BG=
	per_run=$((($(now_us) - t0) / 5))
	local sigs=(INT TERM KILL)
	declare -A seen=()
	t0=$(now_us)
	for ((i = 0; i < runs; i++)); do
		sig=${sigs[RANDOM % 3]}
		bg_start "$TSMCTL" report --random-nonce --out "$WORK/out"
		# Half the runs: a random moment of the whole run. The other half: a
		# random moment up to 20 ms after the entry appears, so that signals
		# land on the entry's short life (under ASan a run is ~10x longer
		# than its entry) however slow the start. Spin: no fork, no sleep.
		if ((RANDOM % 2)); then
			j=$((${EPOCHREALTIME/./} + (RANDOM * 32768 + RANDOM) % (per_run * 12 / 10 + 1)))
		else
			j=$((${EPOCHREALTIME/./} + 2 * per_run))
			while ((${EPOCHREALTIME/./} < j)) && ! has_entry "$BG"; do :; done
			j=$((${EPOCHREALTIME/./} + RANDOM % 20000))
		fi
		while ((${EPOCHREALTIME/./} < j)); do :; done
		kill -s "$sig" "$BG" 2>/dev/null || true
		set +e
		wait "$BG"
		st=$?
		set -e
		case "$sig:$st" in
		*:0 | INT:130 | TERM:143 | KILL:137) ;;
		*) echo "run $i (SIG$sig): unexpected exit $st" >&2; return 1 ;;
		esac
		seen[$sig:$st]=$((${seen[$sig:$st]:-0} + 1))
		# a caught signal (or a normal end) leaves no entry of this PID
		if [ "$sig" != KILL ] && has_entry "$BG"; then
			echo "run $i: SIG$sig (exit $st) left $(entries | grep "^tsmctl-$BG-")" >&2
			return 1
		fi
		BG=
	done
	echo 0 >"$MP/delay_ms"
	leaked=$(entries | wc -l)
	echo "# $runs runs in $((($(now_us) - t0) / 1000)) ms (an unkilled run: $((per_run / 1000)) ms); $leaked left by SIGKILL and pruned; $(for k in "${!seen[@]}"; do printf '%s=%s ' "$k" "${seen[$k]}"; done)" >&3
	run t "$TSMCTL" prune
	hk_status 0
	[ "$(echo "$output" | grep -c '^removed ')" -eq "$leaked" ]
	no_entries
	# The soak must have hit every phase: runs that ended, caught signals that
	# cleaned up after themselves, and SIGKILLs that left an entry to prune.
	[ $((${seen[INT:0]:-0} + ${seen[TERM:0]:-0} + ${seen[KILL:0]:-0})) -gt 0 ] ||
		{ echo "no run ended before its signal" >&2; false; }
	[ $((${seen[INT:130]:-0} + ${seen[TERM:143]:-0})) -gt 0 ] || { echo "no caught signal" >&2; false; }
	[ "$leaked" -gt 0 ] || { echo "no SIGKILL landed while an entry existed" >&2; false; }
}

@test "soak 1/4: report runs killed at random moments leave nothing once pruned" {
	soak
}

@test "soak 2/4: report runs killed at random moments leave nothing once pruned" {
	soak
}

@test "soak 3/4: report runs killed at random moments leave nothing once pruned" {
	soak
}

@test "soak 4/4: report runs killed at random moments leave nothing once pruned" {
	soak
}
