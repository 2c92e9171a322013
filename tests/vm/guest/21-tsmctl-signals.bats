#!/usr/bin/env bats
# shellcheck shell=bats
# shellcheck disable=SC2030,SC2031 # each test runs in its own subshell: BG and output are set and read within one test
# SPDX-License-Identifier: GPL-2.0-or-later
# tsmctl against configfs-tsm and the mock provider: signals, a concurrent
# writer, prune of killed creators, and a soak of runs killed at random
# moments (tsmctl.bash).

load test_helper
load tsmctl

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

# Wait until PID sleeps in read(2) of its outblob: the slow provider's report.
wait_outblob_read() {
	local i nr fd
	for i in $(seq 400); do
		read -r nr fd _ <"/proc/$1/syscall" || true
		if [ "$nr" = 0 ] && [[ $(readlink "/proc/$1/fd/$((fd))") == */outblob ]]; then
			return 0
		fi
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
		if [[ $nr == [01] ]] && [[ $(readlink "/proc/$1/fd/$((fd))") == */tsmctl-"$1"-*/* ]]; then
			return 0
		fi
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
