#!/usr/bin/env bats
# shellcheck shell=bats
# shellcheck disable=SC2154,SC2012 # top_builddir: set by test_helper.bash (load is not followed); ls lists entries with plain names the test made
# SPDX-License-Identifier: GPL-2.0-or-later
# tsmctl without the kernel: option parsing, bad input, and
# list/show/create/remove/prune on a fake configfs tree (tsmctl.bash).

load test_helper
load tsmctl

# A fake /proc/PID/stat whose field 22 (start time) is START.
fake_proc() {
	mkdir -p "$R/proc/$1"
	echo "$1 (tsmctl) S 1 1 1 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 $2 1000 100 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0" \
		>"$R/proc/$1/stat"
}

# A fake entry with attribute files, as configfs shows them.
mk_entry() {
	local d=$RD/$1
	mkdir -p "$d"
	echo "${2:-mock_tsm}" >"$d/provider"
	echo "${3:-0}" >"$d/generation"
	echo 0 >"$d/privlevel_floor"
	: >"$d/inblob"
	: >"$d/outblob"
	: >"$d/auxblob"
}

@test "usage errors and bad input: documented exit code, one line, nothing touched" {
	# No configfs at all: every row must fail on its input first.
	rm -rf "$R/sys"
	printf 'x%.0s' $(seq 65) >"$TMP/n65"
	: >"$TMP/empty"
	printf 'abc' >"$TMP/n3"
	long=$(printf 'a%.0s' $(seq 256))
	while IFS='|' read -r want args; do
		[ -n "$want" ] || continue
		eval "set -- $args"
		run t "$TSMCTL" "$@"
		[ "$status" -eq "$want" ] || { echo "tsmctl $args: exit $status, expected $want: $output"; false; }
		assert_one_line_error tsmctl "$output" || { echo "tsmctl $args"; false; }
	done <<EOF
2|report
2|report --nonce ''
2|report --nonce abc
2|report --nonce zz
2|report --nonce 0x00
2|report --nonce ${NONCE}41
2|report --nonce 00 --nonce-base64 AA==
2|report --nonce 00 --random-nonce
2|report --nonce-base64 A
2|report --nonce-base64 '!!!!'
2|report --nonce-base64 AB==
2|report --nonce-base64 $(head -c 65 /dev/zero | base64 -w0)
2|report --nonce-base64 ''
5|report --nonce-file $TMP/missing
2|report --nonce-file $TMP
2|report --nonce-file $TMP/empty
2|report --nonce-file $TMP/n65
2|report --nonce 00 --privlevel 4
2|report --nonce 00 --privlevel -1
2|report --nonce 00 --privlevel x
2|report --nonce 00 --service-guid 1234
2|report --nonce 00 --service-guid aabbccdd-eeff-0011-2233-44556677889g
2|report --nonce 00 --service-guid aabbccdd0eeff-0011-2233-445566778899
2|report --nonce 00 --service-guid '{aabbccdd-eeff-0011-2233-445566778899}'
2|report --nonce 00 --service-provider ''
2|report --nonce 00 --service-manifest-version -1
2|report --nonce 00 --service-manifest-version 4294967296
2|report --nonce 00 --format xml
2|report --nonce 00 --retries 101
2|report --nonce 00 --keep a/b
2|report --nonce 00 --keep ..
2|report --nonce 00 --keep a..b
2|report --nonce 00 --keep $'a\nb'
2|report --nonce 00 --keep ''
2|report --nonce 00 --keep $long
2|report --nonce 00 --keep tsmctl-1-2-3-0000abcd
2|report --nonce 00 extra
2|create
2|create a b
2|create a/b
2|create ..
2|create $'new\nline'
2|create $long
2|create tsmctl-1-2-3-0000abcd
2|show
2|show ../x
2|remove
2|remove a/b
2|remove $'x\ny'
2|list extra
2|list --output NAME,BOGUS
2|provider extra
2|prune extra
2|verify --nonce 00
2|verify $TMP/n3
2|verify --nonce 00 --provider arm_cca_guest $TMP/n3
2|verify --nonce-file - -
EOF
}

@test "the nonce options: stdin, a file, base64 and hex reach the same bytes" {
	# verify is the observable: the same 3 bytes four ways, against one report.
	craft mock "$SHORT" "$TMP/r"
	run t "$TSMCTL" verify --provider mock_tsm --nonce C0FFEE "$TMP/r"
	[ "$status" -eq 0 ]
	run t "$TSMCTL" verify --provider mock_tsm --nonce-base64 wP/u "$TMP/r"
	[ "$status" -eq 0 ]
	printf '\xc0\xff\xee' >"$TMP/n"
	run t "$TSMCTL" verify --provider mock_tsm --nonce-file "$TMP/n" "$TMP/r"
	[ "$status" -eq 0 ]
	run bash -c "printf '\xc0\xff\xee' | timeout $HK_TIMEOUT '$TSMCTL' verify --provider mock_tsm --nonce-file - '$TMP/r'"
	[ "$status" -eq 0 ]
	# a trailing newline is part of a file's nonce
	printf '\xc0\xff\xee\n' >"$TMP/n"
	run t "$TSMCTL" verify --provider mock_tsm --nonce-file "$TMP/n" "$TMP/r"
	[ "$status" -eq 1 ]
	# 65 bytes on stdin
	run bash -c "head -c 65 /dev/zero | timeout $HK_TIMEOUT '$TSMCTL' verify --provider mock_tsm --nonce-file - '$TMP/r'"
	[ "$status" -eq 2 ]
	[[ "$output" == *"longer than 64 bytes"* ]]
}

@test "an unreadable nonce file is a permission error (exit 3)" {
	require_root
	require_cmd setpriv
	chmod 0755 "$TMP"
	printf 'secret' >"$TMP/n"
	chmod 0600 "$TMP/n"
	run t setpriv --reuid 65534 --regid 65534 --clear-groups "$TSMCTL" report --nonce-file "$TMP/n"
	[ "$status" -eq 3 ]
	assert_one_line_error tsmctl "$output"
	[[ "$output" == *"cannot read nonce file '$TMP/n': Permission denied"* ]]
}

@test "configfs not mounted, tsm absent, no /sys/kernel/config: exit 4 with the reason" {
	rm -rf "$R/sys/kernel/config/tsm"
	for cmd in "report --nonce 00" provider list "create x" "show x" "remove x" prune; do
		# shellcheck disable=SC2086 # cmd is a command line to split
		run t "$TSMCTL" $cmd
		[ "$status" -eq 4 ] || { echo "$cmd: $status $output"; false; }
		[[ "$output" == *"configfs is not mounted on /sys/kernel/config"* ]]
		assert_one_line_error tsmctl "$output"
	done
	mkdir -p "$R/sys/kernel/config/other"
	for cmd in "report --nonce 00" provider list; do
		# shellcheck disable=SC2086 # cmd is a command line to split
		run t "$TSMCTL" $cmd
		[ "$status" -eq 4 ]
		[[ "$output" == *"/sys/kernel/config/tsm/report does not exist (kernel older than 6.7"* ]]
	done
	rm -rf "$R/sys"
	run t "$TSMCTL" provider
	[ "$status" -eq 4 ]
	[[ "$output" == *"/sys/kernel/config does not exist"* ]]
}

@test "create makes exactly one entry; again is exit 6; show and remove of a missing one exit 5" {
	run t "$TSMCTL" create shared
	[ "$status" -eq 0 ]
	[ -d "$RD/shared" ]
	run t "$TSMCTL" create shared
	[ "$status" -eq 6 ]
	[[ "$output" == "tsmctl: cannot create report entry 'shared': it already exists" ]]
	run t "$TSMCTL" show nothere
	[ "$status" -eq 5 ]
	[[ "$output" == "tsmctl: cannot show report entry 'nothere': no such entry" ]]
	run t "$TSMCTL" remove nothere
	[ "$status" -eq 5 ]
	assert_one_line_error tsmctl "$output"
}

@test "remove removes only the entry named, and never recursively" {
	mkdir -p "$RD/a" "$RD/ab" "$RD/b"
	mk_entry full
	run t "$TSMCTL" remove a
	[ "$status" -eq 0 ]
	[ ! -e "$RD/a" ]
	[ -d "$RD/ab" ]
	[ -d "$RD/b" ]
	# A directory with files in it stays: rmdir(2) only.
	run t "$TSMCTL" remove full
	[ "$status" -eq 7 ]
	[ -s "$RD/full/provider" ]
	# A private entry can be removed by its name.
	mkdir "$RD/tsmctl-99999-1-$PIDNS-0000abcd"
	run t "$TSMCTL" remove "tsmctl-99999-1-$PIDNS-0000abcd"
	[ "$status" -eq 0 ]
	[ "$(ls "$RD" | wc -l)" -eq 3 ]
	[ -d "$RD/ab" ]
	[ -d "$RD/b" ]
	[ -d "$RD/full" ]
}

@test "list shows entries sorted with provider, generation, type and creator" {
	fake_proc 4242 5000
	mk_entry zeta mock_tsm 7
	mk_entry alpha sev_guest 3
	mk_entry "tsmctl-4242-5000-$PIDNS-0000beef" mock_tsm 2
	mk_entry "tsmctl-4343-1-$PIDNS-0000dead" mock_tsm 1
	run t "$TSMCTL" list --raw --noheadings
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "alpha sev_guest 3 named -" ]
	[ "${lines[1]}" = "tsmctl-4242-5000-$PIDNS-0000beef mock_tsm 2 private running" ]
	[ "${lines[2]}" = "tsmctl-4343-1-$PIDNS-0000dead mock_tsm 1 private gone" ]
	[ "${lines[3]}" = "zeta mock_tsm 7 named -" ]
	run t "$TSMCTL" list --json --output NAME,GENERATION,PID
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | json_get entries 0 name)" = alpha ]
	[ "$(echo "$output" | json_get entries 0 generation)" = 3 ]
	[ "$(echo "$output" | json_get entries 0 pid)" = null ]
	[ "$(echo "$output" | json_get entries 1 pid)" = 4242 ]
	# an entry whose provider is gone (rmmod) still lists
	rm "$RD/zeta/provider"
	run t "$TSMCTL" list --raw --noheadings --output NAME,PROVIDER
	[ "${lines[3]}" = "zeta -" ]
	# no entries: nothing (as in lsblk), an empty array in JSON
	rm -rf "${RD:?}"/*
	run t "$TSMCTL" list
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	run t "$TSMCTL" list --json
	[ "$(echo "$output" | json_get entries)" = "[]" ]
}

@test "list runs in the helper tsmctl-list: same command line, --sysroot passed on, a missing helper is exit 10" {
	mk_entry alpha mock_tsm 3
	# --sysroot instead of the environment: tsmctl must hand it to the helper
	run env -u HARDENKIT_SYSROOT timeout "$HK_TIMEOUT" "$TSMCTL" --sysroot "$R" list --raw --noheadings --output NAME,GENERATION
	[ "$status" -eq 0 ]
	[ "$output" = "alpha 3" ]
	# the helper's messages and usage carry tsmctl's name
	run t "$TSMCTL" list --output BOGUS
	[ "$status" -eq 2 ]
	assert_one_line_error tsmctl "$output"
	run t "$TSMCTL" list --help
	[ "$status" -eq 0 ]
	[[ "$output" == *"Usage: tsmctl list"* ]]
	mkdir "$TMP/empty"
	run env HARDENKIT_LIBEXECDIR="$TMP/empty" timeout "$HK_TIMEOUT" "$TSMCTL" list
	[ "$status" -eq 10 ]
	[ "$output" = "tsmctl: cannot run $TMP/empty/tsmctl-list: No such file or directory" ]
}

@test "tsmctl is linked to neither libsmartcols nor, when built static, anything; tsmctl-list is" {
	local list=$HK_LIBEXECDIR/tsmctl-list
	if [ "$HK_STATIC_TSMCTL" = 1 ]; then
		run readelf -lW "$TSMCTL"
		[ "$status" -eq 0 ]
		[[ "$output" != *"INTERP"* ]]
		[[ "$output" == *"DYN (Position-Independent Executable file)"* || "$output" == *"EXEC (Executable file)"* ]]
		run readelf -dW "$TSMCTL"
		[[ "$output" != *"(NEEDED)"* ]]
	else
		run readelf -dW "$TSMCTL"
		[ "$status" -eq 0 ]
		[[ "$output" == *"(NEEDED)"*"libpopt"* ]]
		[[ "$output" != *"libsmartcols"* ]]
	fi
	run readelf -dW "$list"
	[ "$status" -eq 0 ]
	[[ "$output" == *"(NEEDED)"*"[libsmartcols.so.1]"* ]]
}

@test "show prints one entry, in words and as JSON" {
	mk_entry shared mock_tsm 5
	run t "$TSMCTL" show shared
	[ "$status" -eq 0 ]
	[[ "$output" == *"Type:             named"* ]]
	[[ "$output" == *"Provider:         mock_tsm"* ]]
	[[ "$output" == *"Generation:       5"* ]]
	[[ "$output" == *"Attributes:       auxblob generation inblob outblob privlevel_floor provider"* ]]
	run t "$TSMCTL" show shared --json
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | json_get generation)" = 5 ]
	[ "$(echo "$output" | json_get attributes 0)" = auxblob ]
	[ "$(echo "$output" | json_get type)" = named ]
	mk_entry "tsmctl-77777-12-$PIDNS-00000001"
	run t "$TSMCTL" show "tsmctl-77777-12-$PIDNS-00000001"
	[[ "$output" == *"Type:             private (tsmctl PID 77777, gone)"* ]]
}

@test "prune removes exactly the private entries whose creator is gone" {
	# The name records when the entry was made (5000): the process with
	# its PID that started no later, give or take a tick, made it.
	fake_proc 100 5000		# running, started as it made the entry
	fake_proc 200 9999		# PID reused: started after
	fake_proc 400 1234		# running, started long before
	fake_proc 500 5001		# within a tick: taken for the creator
	fake_proc 600 5002		# two ticks after: PID reused
	live=tsmctl-100-5000-$PIDNS-0000aaaa
	reused=tsmctl-200-5000-$PIDNS-0000bbbb
	dead=tsmctl-300-5000-$PIDNS-0000cccc
	otherns=tsmctl-300-5000-$((PIDNS + 1))-0000dddd
	older=tsmctl-400-5000-$PIDNS-0000eeee
	tick=tsmctl-500-5000-$PIDNS-0000ffff
	later=tsmctl-600-5000-$PIDNS-00001111
	mkdir "$RD/$live" "$RD/$reused" "$RD/$dead" "$RD/$otherns" "$RD/$older" "$RD/$tick" "$RD/$later" \
		"$RD/shared" "$RD/tsmctl-300" "$RD/tsmctl-300-5000-$PIDNS-xyz" "$RD/tsmctl-300-5000-$PIDNS-0000CCCC"
	run t "$TSMCTL" prune --dry-run
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | grep -c '^would remove')" -eq 3 ]
	[[ "$output" == *"would remove $reused"* ]]
	[[ "$output" == *"would remove $dead"* ]]
	[[ "$output" == *"would remove $later"* ]]
	[ "$(ls "$RD" | wc -l)" -eq 11 ]
	run t "$TSMCTL" prune
	[ "$status" -eq 0 ]
	[[ "$output" == *"removed $reused"* && "$output" == *"removed $dead"* ]]
	[[ "$output" == *"removed $later"* ]]
	[[ "$output" == *"1 private entry left alone: made in another PID namespace"* ]]
	[ "$(ls "$RD" | wc -l)" -eq 8 ]
	for e in shared tsmctl-300 "tsmctl-300-5000-$PIDNS-0000CCCC" "tsmctl-300-5000-$PIDNS-xyz" "$otherns" "$live" \
		"$older" "$tick"; do
		[ -d "$RD/$e" ] || { echo "prune removed $e"; false; }
	done
	# Nothing left to do is not an error.
	run t "$TSMCTL" prune
	[ "$status" -eq 0 ]
}

@test "prune, list and private names use start times of the initial time namespace" {
	require_root
	require_cmd unshare
	require_cmd strace
	unshare -T true || hk_skip "no time namespaces in this kernel"
	hz=$(getconf CLK_TCK)
	# /proc/PID/stat shows a start time shifted by the reader's boottime
	# offset: the fake /proc shows what a reader 1000 s ahead sees.
	fake_proc 100 $((5000 + 1000 * hz))
	live=tsmctl-100-5000-$PIDNS-0000aaaa
	mkdir "$RD/$live"
	run t unshare -T --boottime 1000 "$TSMCTL" prune
	[ "$status" -eq 0 ]
	[ -d "$RD/$live" ]
	run t unshare -T --boottime 1000 "$TSMCTL" list --raw --noheadings --output NAME,CREATOR
	[ "$output" = "$live running" ]
	# outside that namespace the same numbers mean another process
	run t "$TSMCTL" prune --dry-run
	[ "$output" = "would remove $live" ]
	# a creator 100000 s ahead records when it made its entry as the
	# initial namespace counts it: close to the uptime, not 100000 s later
	run tstrace -f -qq -o "$TMP/trace" -e trace=mkdir,mkdirat unshare -T --boottime 100000 "$TSMCTL" provider
	start=$(sed -n 's/.*"tsmctl-[0-9]*-\([0-9]*\)-.*/\1/p' "$TMP/trace" | head -n 1)
	now=$(awk -v hz="$hz" '{ printf "%d\n", $1 * hz }' /proc/uptime)
	[ -n "$start" ]
	[ $((now - start)) -ge 0 ]
	[ $((now - start)) -lt $((600 * hz)) ]
}

@test "show and verify to a full standard output are exit 10, a predicate's answer too" {
	mk_entry shared mock_tsm 5
	craft mock "$SHORT" "$TMP/r"
	for cmd in "show shared" "show shared --json" "verify --provider mock_tsm --nonce $SHORT $TMP/r" \
		"verify --provider mock_tsm --nonce 00 $TMP/r"; do
		run bash -c "timeout $HK_TIMEOUT '$TSMCTL' $cmd >/dev/full"
		[ "$status" -eq 10 ] || { echo "$cmd: exit $status: $output" >&2; false; }
		[[ "$output" == "tsmctl: cannot write to standard output"* ]] || { echo "$cmd: $output" >&2; false; }
		assert_one_line_error tsmctl "$output"
	done
}
