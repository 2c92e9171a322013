#!/usr/bin/env bats
# shellcheck shell=bats
# SPDX-License-Identifier: GPL-2.0-or-later
# tsmctl report retries EBUSY and ETIMEDOUT from generating a report
# (--busy-retries, --busy-backoff), driven by mock_tsm's fail_errno and
# fail_times: the next N reports fail, then the provider answers again.

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
