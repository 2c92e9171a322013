#!/usr/bin/env bats
# shellcheck shell=bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Refusals on a private entry, against the real configfs-tsm core: EBUSY
# from a write (the entry's write counter would wrap onto its read counter,
# which takes 2^32 writes) and a refused option write. strace injects the
# error into tsmctl's write(2) calls; everything else is the kernel's. The
# first write(2) of a report without options is its inblob; with
# --service-guid it is service_guid.

load test_helper
load tsmctl

# strace around tsmctl: its own output to /dev/null, tsmctl's untouched.
# strace counts write(2) calls per process, tsmctl's messages among them:
# each refused write below is followed by one warning line.
# LeakSanitizer cannot run under ptrace (it exits 1): in a sanitizer
# build, the traced run leaves leaks to the rest of the suite.
inject() {
	local spec=$1
	shift
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
		t strace -qq -o /dev/null -e trace=write -e inject="write:$spec" "$TSMCTL" "$@"
}

@test "private entry: EBUSY from the inblob write is retried in a fresh entry, which answers" {
	run inject error=EBUSY:when=1 report --nonce "$NONCE" --format json --out "$WORK/r"
	[ "$status" -eq 0 ]
	[ "$(grep -c "refuses writes (EBUSY: its write counter would wrap): trying a fresh entry (attempt 1 of 4)" <<<"$output")" -eq 1 ]
	# one write in the entry that answered: a fresh one
	[ "$(jget generation <"$WORK/r")" = 1 ]
	# and its report carries our nonce
	run t "$TSMCTL" verify --provider mock_tsm --nonce "$NONCE" "$WORK/r"
	hk_status 0
	no_entries
}

@test "private entry: when every fresh entry refuses writes, exit 8 and nothing left" {
	# --retries 2: three entries, three refused inblob writes (write(2)
	# calls 1, 3 and 5; 2 and 4 are the warnings, 6 the last message)
	run inject error=EBUSY:when=1..5+2 report --nonce "$NONCE" --retries 2 --out "$WORK/r"
	[ "$status" -eq 8 ]
	[ "$(grep -c 'trying a fresh entry' <<<"$output")" -eq 3 ]
	[[ $output == *"tsmctl: gave up after 3 attempts: every fresh private entry refused writes (EBUSY)"* ]]
	[ ! -e "$WORK/r" ]
	no_entries
}

@test "private entry: a refused option write is one line naming the option, and the entry is removed" {
	run inject error=EINVAL:when=1 report --nonce "$NONCE" \
		--service-guid 00000000-0000-0000-0000-000000000001 --out "$WORK/r"
	[ "$status" -eq 7 ]
	[ "$(wc -l <<<"$output")" -eq 1 ]
	[[ $output == "tsmctl: cannot write service_guid of entry 'tsmctl-"*"': Invalid argument (the kernel counted the write: the entry's generation moved all the same)" ]]
	[ ! -e "$WORK/r" ]
	no_entries
}
