#!/usr/bin/env bats
# shellcheck shell=bats
# SPDX-License-Identifier: GPL-2.0-or-later
# tsmctl report retries EBUSY and ETIMEDOUT from generating a report
# (--busy-retries, --busy-backoff), driven by mock_tsm's fail_errno and
# fail_times: the next N reports fail, then the provider answers again.
# Each retry is in a fresh private entry; the busy one is removed first.

load test_helper
load tsmctl

EBUSY=16
ETIMEDOUT=110

@test "EBUSY twice: two busy retries, each in a new entry, then the report" {
	echo "$EBUSY" >"$MP/fail_errno"
	echo 2 >"$MP/fail_times"
	run t "$TSMCTL" report --nonce "$NONCE" --busy-retries 3 --busy-backoff 1 --out "$WORK/r" --verify
	[ "$status" -eq 0 ]
	[ "$(grep -c 'is busy generating a report' <<<"$output")" -eq 2 ]
	grep -q 'busy retry 2 of 3' <<<"$output"
	[ "$(cat "$MP/fail_times")" = 0 ]
	[ -s "$WORK/r" ]
	no_entries
}

@test "EBUSY past --busy-retries: exit 7, one message, no entry left" {
	echo "$EBUSY" >"$MP/fail_errno"
	echo 3 >"$MP/fail_times"
	run t "$TSMCTL" report --nonce "$NONCE" --busy-retries 2 --busy-backoff 1 --out "$WORK/r"
	[ "$status" -eq 7 ]
	grep -q 'after 2 busy retries' <<<"$output"
	[ "$(cat "$MP/fail_times")" = 0 ]
	[ ! -e "$WORK/r" ]
	no_entries
}

@test "ETIMEDOUT past --busy-retries is exit 9; --busy-retries 0 does not retry" {
	echo "$ETIMEDOUT" >"$MP/fail_errno"
	echo 5 >"$MP/fail_times"
	run t "$TSMCTL" report --nonce "$NONCE" --busy-retries 1 --busy-backoff 1 --out "$WORK/r"
	[ "$status" -eq 9 ]
	[ "$(cat "$MP/fail_times")" = 3 ]
	run t "$TSMCTL" report --nonce "$NONCE" --busy-retries 0 --out "$WORK/r"
	[ "$status" -eq 9 ]
	[ "$(cat "$MP/fail_times")" = 2 ]
	no_entries
}

@test "another errno is not retried" {
	echo 5 >"$MP/fail_errno"
	echo 3 >"$MP/fail_times"
	run t "$TSMCTL" report --nonce "$NONCE" --busy-retries 5 --busy-backoff 1 --out "$WORK/r"
	[ "$status" -eq 7 ]
	[ "$(cat "$MP/fail_times")" = 2 ]
	no_entries
}

@test "EBUSY on a private entry: the retry is a fresh entry, the busy one gone" {
	echo "$EBUSY" >"$MP/fail_errno"
	echo 1 >"$MP/fail_times"
	run t "$TSMCTL" report --nonce "$NONCE" --busy-retries 1 --busy-backoff 1 --format json --out "$WORK/r"
	[ "$status" -eq 0 ]
	[ "$(grep -c 'is busy generating a report' <<<"$output")" -eq 1 ]
	# one inblob write in the entry that answered: a fresh one, not the busy one again
	[ "$(jget generation <"$WORK/r")" = 1 ]
	[ "$(jget provider <"$WORK/r")" = mock_tsm ]
	no_entries
}

# Wait until PID sleeps in nanosleep(2) or clock_nanosleep(2): the busy backoff.
wait_backoff() {
	local nr
	for _ in $(seq 400); do
		read -r nr _ <"/proc/$1/syscall" || true
		[[ $nr == 35 || $nr == 230 ]] && return 0
		sleep 0.05
	done
	echo "PID $1 does not back off: $(cat "/proc/$1/syscall")" >&2
	return 1
}

@test "EBUSY on a private entry: no entry while backing off; a signal then ends it, nothing left" {
	local pid st
	echo "$EBUSY" >"$MP/fail_errno"
	echo 5 >"$MP/fail_times"
	"$TSMCTL" report --nonce "$NONCE" --busy-retries 3 --busy-backoff 10000 --out "$WORK/r" 2>"$WORK/err" 3>&- &
	pid=$!
	# shellcheck disable=SC2034 # BG: killed by teardown (tsmctl.bash) if the test fails
	BG=$pid
	wait_backoff "$pid"
	# one attempt made and failed, and its private entry is already removed
	[ "$(cat "$MP/fail_times")" = 4 ]
	no_entries
	kill -TERM "$pid"
	set +e
	wait "$pid"
	st=$?
	set -e
	# shellcheck disable=SC2034 # BG: see above
	BG=
	[ "$st" -eq 143 ]
	grep -q 'busy retry 1 of 3' "$WORK/err"
	[ ! -e "$WORK/r" ]
	no_entries
}
