#!/usr/bin/env bats
# shellcheck shell=bats
# shellcheck disable=SC2154,SC2010,SC2012 # top_builddir: set by test_helper.bash (load is not followed); ls lists entries with plain names the test made
# SPDX-License-Identifier: GPL-2.0-or-later
# tsmctl without the kernel: option parsing, bad input, the report decoders
# on crafted reports, list/show/create/remove/prune on a fake configfs tree,
# and the report path on a fake entry (outputs, atomic files, conflicts).

load test_helper

NONCE=$(printf '%02x' $(seq 1 64))	# 64 bytes 01..40
SHORT=c0ffee

setup() {
	common_setup
	R=$TMP/root
	RD=$R/sys/kernel/config/tsm/report
	mkdir -p "$RD" "$R/proc"
	export HARDENKIT_SYSROOT=$R
	PIDNS=$(readlink /proc/self/ns/pid | sed 's/[^0-9]//g')
	FEEDER=
}

teardown() {
	[ -z "$FEEDER" ] || kill "$FEEDER" 2>/dev/null || true
	common_teardown
}

# craft KIND NONCE_HEX OUT [SIZE]: a report in one of the formats verify knows.
craft() {
	python3 - "$@" <<'EOF'
import hashlib, struct, sys

def mock(nonce, version=1, size=1024, bad_digest=False, sp=b""):
    b = bytearray(size)
    b[0:8] = b"MOCKTSM\0"
    struct.pack_into("<IIIIII", b, 8, version, size, 2, 0, 4, len(nonce))
    struct.pack_into("<Q", b, 0x20, 42)
    b[0x30:0x40] = bytes.fromhex("ddccbbaaffee11002233445566778899")
    b[0x40:0x40 + len(nonce)] = nonce
    b[0x80:0x80 + len(sp)] = sp
    b[-32:] = hashlib.sha256(b[:-32]).digest()
    if bad_digest:
        b[0x100] ^= 1
    return bytes(b)

def sev(nonce, version=2):
    b = bytearray(0x4a0)
    struct.pack_into("<IIQ", b, 0, version, 3, 0x30000)
    struct.pack_into("<I", b, 0x30, 1)
    b[0x50:0x50 + len(nonce)] = nonce
    b[0x90:0xc0] = bytes(range(0xa0, 0xd0))
    return bytes(b)

def tdx(nonce, version=4, body_type=2, sig=b"\x01" * 16):
    body_len = 648 if body_type == 3 else 584
    hdr = struct.pack("<HHIHH16s20s", version, 2, 0x81, 7, 13,
                      bytes.fromhex("939a7233f79c4ca9940a0db3957f0607"), b"\0" * 20)
    body = bytearray(body_len)
    body[136:184] = bytes(range(0x60, 0x90))
    body[0x208:0x208 + len(nonce)] = nonce
    mid = struct.pack("<HI", body_type, body_len) if version == 5 else b""
    return hdr + mid + bytes(body) + struct.pack("<I", len(sig)) + sig

kind, nonce, out = sys.argv[1], bytes.fromhex(sys.argv[2]), sys.argv[3]
size = int(sys.argv[4]) if len(sys.argv) > 4 else 1024
data = {
    "mock": lambda: mock(nonce, size=size),
    "mock-v2": lambda: mock(nonce, version=2),
    "mock-bad-digest": lambda: mock(nonce, bad_digest=True),
    "mock-sp": lambda: mock(nonce, sp=b"svsm"),
    "sev": lambda: sev(nonce),
    "sev-v9": lambda: sev(nonce, version=9),
    "tdx4": lambda: tdx(nonce),
    "tdx4-v3": lambda: tdx(nonce, version=3),
    "tdx5": lambda: tdx(nonce, version=5),
    "tdx5-t3": lambda: tdx(nonce, version=5, body_type=3),
    "tdx5-t9": lambda: tdx(nonce, version=5, body_type=9),
}[kind]()
open(out, "wb").write(data)
EOF
}

# The provider that made a crafted report of KIND.
pv() {
	case $1 in
	mock*) echo mock_tsm ;;
	sev*) echo sev_guest ;;
	tdx*) echo tdx_guest ;;
	esac
}

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

# fake_entry NAME OUTBLOB_FILE GEN...: a named entry whose generation answers
# GEN... in turn, the way configfs counts the writes of a report. The FIFO
# needs one writer per read. The feeder opens it, waits until the reader
# holds it too (it cannot see an end of file before the feeder closes),
# writes, closes, then waits until no process holds it (the reader saw its
# end of file; its next open blocks before it has a descriptor).
fake_entry() {
	local name=$1 outblob=$2 d=$RD/$1
	shift 2
	mkdir -p "$d"
	echo mock_tsm >"$d/provider"
	echo 0 >"$d/privlevel_floor"
	: >"$d/inblob"
	: >"$d/privlevel"
	: >"$d/auxblob"
	cp "$outblob" "$d/outblob"
	mkfifo "$d/generation"
	timeout 60 python3 - "$d/generation" "$@" 3>&- <<'EOF' &
import os, sys, time
fifo = os.stat(sys.argv[1])
me, sid = os.getpid(), os.getsid(0)
def held():
    # the reader runs in this session (bats, timeout, tsmctl)
    for p in os.listdir("/proc"):
        try:
            if not p.isdigit() or int(p) == me or os.getsid(int(p)) != sid:
                continue
            fds = os.listdir("/proc/%s/fd" % p)
        except OSError:
            continue
        for fd in fds:
            try:
                st = os.stat("/proc/%s/fd/%s" % (p, fd))
            except OSError:
                continue
            if (st.st_dev, st.st_ino) == (fifo.st_dev, fifo.st_ino):
                return True
    return False
for g in sys.argv[2:]:
    with open(sys.argv[1], "w") as f:
        while not held():
            time.sleep(0.001)
        f.write(g + "\n")
    while held():
        time.sleep(0.001)
EOF
	FEEDER=$!
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
	local list=$HARDENKIT_LIBEXECDIR/tsmctl-list
	if grep -q '^#define HK_STATIC_TSMCTL 1' "$top_builddir/config.h"; then
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
	fake_proc 100 5000		# running, same start time
	fake_proc 200 9999		# PID reused: another start time
	live=tsmctl-100-5000-$PIDNS-0000aaaa
	reused=tsmctl-200-5000-$PIDNS-0000bbbb
	dead=tsmctl-300-5000-$PIDNS-0000cccc
	otherns=tsmctl-300-5000-$((PIDNS + 1))-0000dddd
	mkdir "$RD/$live" "$RD/$reused" "$RD/$dead" "$RD/$otherns" \
		"$RD/shared" "$RD/tsmctl-300" "$RD/tsmctl-300-5000-$PIDNS-xyz" "$RD/tsmctl-300-5000-$PIDNS-0000CCCC"
	run t "$TSMCTL" prune --dry-run
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | grep -c '^would remove')" -eq 2 ]
	[[ "$output" == *"would remove $reused"* ]]
	[[ "$output" == *"would remove $dead"* ]]
	[ "$(ls "$RD" | wc -l)" -eq 8 ]
	run t "$TSMCTL" prune
	[ "$status" -eq 0 ]
	[[ "$output" == *"removed $reused"* && "$output" == *"removed $dead"* ]]
	[[ "$output" == *"1 private entry left alone: made in another PID namespace"* ]]
	[ "$(ls "$RD" | wc -l)" -eq 6 ]
	for e in shared tsmctl-300 "tsmctl-300-5000-$PIDNS-0000CCCC" "tsmctl-300-5000-$PIDNS-xyz" "$otherns" "$live"; do
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
	# a creator 100000 s ahead records its start time as the initial
	# namespace counts it: close to the uptime, not 100000 s later
	run tstrace -f -qq -o "$TMP/trace" -e trace=mkdir,mkdirat unshare -T --boottime 100000 "$TSMCTL" provider
	start=$(sed -n 's/.*"tsmctl-[0-9]*-\([0-9]*\)-.*/\1/p' "$TMP/trace" | head -n 1)
	now=$(awk -v hz="$hz" '{ printf "%d\n", $1 * hz }' /proc/uptime)
	[ -n "$start" ]
	[ $((now - start)) -ge 0 ]
	[ $((now - start)) -lt $((600 * hz)) ]
}

@test "report and provider remove their private entry when the entry fails" {
	# The fake tree makes directories but no attributes: the first read fails.
	run t "$TSMCTL" report --nonce 00
	[ "$status" -eq 5 ]
	assert_one_line_error tsmctl "$output"
	[[ "$output" == *"entry 'tsmctl-"*"-"*"'"* ]]
	[ -z "$(ls "$RD")" ]
	run t "$TSMCTL" provider
	[ "$status" -eq 5 ]
	[ -z "$(ls "$RD")" ]
}

@test "report --keep: raw, hex, base64 and JSON output carry the report and the nonce" {
	craft mock "$NONCE" "$TMP/r"
	fake_entry shared "$TMP/r" 0 1 1
	run t "$TSMCTL" report --keep shared --nonce "$NONCE" --out "$TMP/raw" --verify
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	cmp "$TMP/r" "$TMP/raw"
	# exactly the nonce was written, in one piece
	[ "$(od -An -tx1 -v "$RD/shared/inblob" | tr -d ' \n')" = "$NONCE" ]
	wait "$FEEDER"

	fake_entry shared2 "$TMP/r" 0 1 1
	run t "$TSMCTL" report --keep shared2 --nonce "$NONCE" --format json --verify
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | json_get provider)" = mock_tsm ]
	[ "$(echo "$output" | json_get generation)" = 1 ]
	[ "$(echo "$output" | json_get privlevel)" = null ]
	[ "$(echo "$output" | json_get entry)" = shared2 ]
	[ "$(echo "$output" | json_get verified)" = true ]
	[ "$(echo "$output" | json_get nonce | base64 -d | od -An -tx1 -v | tr -d ' \n')" = "$NONCE" ]
	echo "$output" | json_get outblob | base64 -d | cmp - "$TMP/r"
	# the JSON file is a report verify accepts
	echo "$output" >"$TMP/r.json"
	run t "$TSMCTL" verify --provider mock_tsm --nonce "$NONCE" "$TMP/r.json"
	[ "$status" -eq 0 ]

	for f in hex base64; do
		fake_entry "s-$f" "$TMP/r" 0 1 1
		run t "$TSMCTL" report --keep "s-$f" --nonce "$NONCE" --format "$f"
		[ "$status" -eq 0 ]
		[ "${#lines[@]}" -eq 1 ]
		if [ $f = hex ]; then
			[ "$output" = "$(od -An -tx1 -v "$TMP/r" | tr -d ' \n')" ]
		else
			[ "$output" = "$(base64 -w0 "$TMP/r")" ]
		fi
	done
}

@test "report --verify writes the report but exits 1 when it lacks the nonce" {
	craft mock 00 "$TMP/r"
	fake_entry shared "$TMP/r" 0 1 1
	run t "$TSMCTL" report --keep shared --nonce "$NONCE" --out "$TMP/out" --verify
	[ "$status" -eq 1 ]
	[[ "$output" == "tsmctl: the report from provider mock_tsm does not carry the nonce in REPORT_DATA (offset 0x40)" ]]
	cmp "$TMP/r" "$TMP/out"
}

@test "report: options are written once each, counted, and checked against the floor" {
	craft mock "$NONCE" "$TMP/r"
	fake_entry shared "$TMP/r" 0 2 2
	echo 1 >"$RD/shared/privlevel_floor"
	run t "$TSMCTL" report --keep shared --nonce "$NONCE" --privlevel 2 --format json
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[ "$(cat "$RD/shared/privlevel")" = 2 ]
	[ "$(echo "$output" | json_get privlevel)" = 2 ]
	wait "$FEEDER"
	# below the floor: usage error, nothing written
	fake_entry low "$TMP/r" 0
	echo 2 >"$RD/low/privlevel_floor"
	run t "$TSMCTL" report --keep low --nonce "$NONCE" --privlevel 1
	[ "$status" -eq 2 ]
	[[ "$output" == *"privlevel 1 is below the privlevel_floor 2 of provider mock_tsm"* ]]
	[ ! -s "$RD/low/privlevel" ]
	[ ! -s "$RD/low/inblob" ]
	wait "$FEEDER"
	# an attribute the provider does not offer
	fake_entry nosp "$TMP/r" 0
	run t "$TSMCTL" report --keep nosp --nonce "$NONCE" --service-provider svsm
	[ "$status" -eq 4 ]
	[[ "$output" == "tsmctl: cannot write service_provider of entry 'nosp': provider mock_tsm does not offer it" ]]
}

@test "report: --service-manifest-version reaches the entry in decimal, which the kernel cannot read as octal" {
	craft mock "$NONCE" "$TMP/r"
	fake_entry smv "$TMP/r" 0 2 2
	: >"$RD/smv/service_manifest_version"
	# the kernel's kstrtouint(buf, 0, ...) reads "010" as 8
	run t "$TSMCTL" report --keep smv --nonce "$NONCE" --service-manifest-version 010 --out "$TMP/out"
	[ "$status" -eq 0 ]
	[ "$(cat "$RD/smv/service_manifest_version")" = 10 ]
	wait "$FEEDER"
}

@test "report and verify: a bad option value names the option and is refused before anything is read" {
	run t "$TSMCTL" report --nonce-file "$TMP/missing" --privlevel 9
	[ "$status" -eq 2 ]
	[ "${lines[0]}" = "tsmctl: report: --privlevel: '9' is out of range (0 to 3)" ]
	run t "$TSMCTL" report --nonce-file "$TMP/missing" --retries x
	[ "$status" -eq 2 ]
	[ "${lines[0]}" = "tsmctl: report: --retries: 'x' is not a whole number" ]
	run t "$TSMCTL" report --nonce-file "$TMP/missing" --service-manifest-version 4294967296
	[ "$status" -eq 2 ]
	[ "${lines[0]}" = "tsmctl: report: --service-manifest-version: '4294967296' is out of range (0 to 4294967295)" ]
	run t "$TSMCTL" report --nonce-file "$TMP/missing" --format xml
	[ "$status" -eq 2 ]
	[ "${lines[0]}" = "tsmctl: report: --format: 'xml' is not one of raw, hex, base64, json" ]
	run t "$TSMCTL" report --nonce-file "$TMP/missing" --service-guid 1234
	[ "$status" -eq 2 ]
	[ "${lines[0]}" = "tsmctl: report: --service-guid: '1234' is not a GUID: expected xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" ]
	run t "$TSMCTL" verify --nonce-file "$TMP/missing" --provider arm_cca_guest "$TMP/missing"
	[ "$status" -eq 2 ]
	[ "${lines[0]}" = "tsmctl: verify: --provider: 'arm_cca_guest' is unknown: expected mock_tsm, sev_guest or tdx_guest" ]
	[ -z "$(ls -A "$RD")" ]
}

@test "report --keep on a used entry: its options are a new entry's, or it is refused" {
	craft mock "$NONCE" "$TMP/r"
	# written before (generation 3) and offering service_provider, which
	# cannot be unset: refused, nothing written
	fake_entry used "$TMP/r" 3
	: >"$RD/used/service_provider"
	run t "$TSMCTL" report --keep used --nonce "$NONCE" --out "$TMP/out"
	[ "$status" -eq 8 ]
	[ "$output" = "tsmctl: cannot use report entry 'used': it was written before (generation 3) and provider mock_tsm offers service_provider, which cannot be unset, so a report could carry a service provider this run did not ask for (use a new entry, or give --service-provider)" ]
	[ ! -s "$RD/used/inblob" ]
	[ ! -s "$RD/used/privlevel" ]
	[ ! -e "$TMP/out" ]
	# its one value was read: the feeder has ended, or ends now
	wait "$FEEDER"
	# no service_provider: privlevel back to the floor, the GUID and the
	# version to a new entry's (3 writes and the nonce)
	fake_entry used2 "$TMP/r" 3 7 7
	echo 1 >"$RD/used2/privlevel_floor"
	echo 2 >"$RD/used2/privlevel"
	echo "$(printf '1%.0s' $(seq 8))-1111-1111-1111-111111111111" >"$RD/used2/service_guid"
	echo 7 >"$RD/used2/service_manifest_version"
	run t "$TSMCTL" report --keep used2 --nonce "$NONCE" --format json
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | json_get privlevel)" = 1 ]
	[ "$(cat "$RD/used2/privlevel")" = 1 ]
	[ "$(cat "$RD/used2/service_guid")" = 00000000-0000-0000-0000-000000000000 ]
	[ "$(cat "$RD/used2/service_manifest_version")" = 0 ]
	wait "$FEEDER"
	# a service provider asked for: written, the rest reset or as asked
	fake_entry used3 "$TMP/r" 3 7 7
	: >"$RD/used3/service_provider"
	: >"$RD/used3/service_guid"
	run t "$TSMCTL" report --keep used3 --nonce "$NONCE" --privlevel 2 --service-provider svsm --out "$TMP/out"
	[ "$status" -eq 0 ]
	[ "$(cat "$RD/used3/service_provider")" = svsm ]
	[ "$(cat "$RD/used3/privlevel")" = 2 ]
	[ "$(cat "$RD/used3/service_guid")" = 00000000-0000-0000-0000-000000000000 ]
}

@test "report: a concurrent change is retried, then exit 8" {
	craft mock "$NONCE" "$TMP/r"
	# attempt 1: another write after ours; attempt 2 (privlevel reset to
	# the floor on the used entry, then the nonce): clean.
	fake_entry shared "$TMP/r" 0 2 2 4 4
	run t "$TSMCTL" report --keep shared --nonce "$NONCE" --out "$TMP/out"
	[ "$status" -eq 0 ]
	[[ "$output" == *"warning: entry 'shared' is at generation 2 after 1 writes from 0: another writer changed it (attempt 1 of 4)"* ]]
	cmp "$TMP/r" "$TMP/out"
	wait "$FEEDER"
	# a change between reading outblob and the check, every time
	rm -f "$TMP/out"
	fake_entry shared3 "$TMP/r" 0 1 2 5 7 8
	run t "$TSMCTL" report --keep shared3 --nonce "$NONCE" --retries 1 --out "$TMP/out"
	[ "$status" -eq 8 ]
	[[ "$output" == *"attempt 2 of 2"* ]]
	[[ "$output" == *"tsmctl: gave up after 2 attempts: another writer kept changing report entry 'shared3'"* ]]
	[ ! -e "$TMP/out" ]
}

@test "report: an empty outblob is a provider failure, not a report" {
	: >"$TMP/empty"
	fake_entry shared "$TMP/empty" 0 1 1
	run t "$TSMCTL" report --keep shared --nonce "$NONCE" --out "$TMP/out"
	[ "$status" -eq 7 ]
	[[ "$output" == "tsmctl: provider mock_tsm returned an empty outblob for entry 'shared': no report" ]]
	[ ! -e "$TMP/out" ]
}

@test "report --out is atomic: a full disk leaves no file and the old one intact" {
	require_cmd strace
	craft mock "$NONCE" "$TMP/r"
	echo old >"$TMP/out"
	fake_entry shared "$TMP/r" 0 1 1
	# write 1 is the inblob, write 2 the temporary output file
	run tstrace -qq -o /dev/null -e trace=write -e inject=write:error=ENOSPC:when=2 \
		"$TSMCTL" report --keep shared --nonce "$NONCE" --out "$TMP/out"
	[ "$status" -eq 10 ]
	[[ "$output" == *"tsmctl: cannot write the report to '$TMP/out': No space left on device (nothing was written)"* ]]
	[ "$(cat "$TMP/out")" = old ]
	[ "$(ls -A "$TMP" | grep -c '\.tmp$')" -eq 0 ]
}

# out_report NAME ARGS...: a report of $TMP/r from the fake entry NAME, run
# with ARGS (bats `run`); the entry's feeder is gone afterwards.
out_report() {
	local name=$1
	shift
	rm -rf "${RD:?}/$name"
	fake_entry "$name" "$TMP/r" 0 1 1
	run t "$TSMCTL" report --keep "$name" --nonce "$NONCE" "$@"
	kill "$FEEDER" 2>/dev/null || true
	FEEDER=
}

@test "report --out writes through a character device and never replaces it" {
	require_root
	craft mock "$NONCE" "$TMP/r"
	# copies of /dev/full and /dev/null: the old code replaced the node
	mknod "$TMP/full" c 1 7
	mknod "$TMP/null" c 1 3
	out_report s1 --out "$TMP/full"
	[ "$status" -eq 10 ]
	[ "$output" = "tsmctl: cannot write the report to '$TMP/full': No space left on device" ]
	[ -c "$TMP/full" ]
	out_report s2 --out "$TMP/null"
	[ "$status" -eq 0 ]
	[ -c "$TMP/null" ]
	[ "$(ls -A "$TMP" | grep -c 'tmp$')" -eq 0 ]
}

@test "report --out writes through a FIFO with a reader, refuses one without, and never replaces it" {
	craft mock "$NONCE" "$TMP/r"
	mkfifo "$TMP/fifo"
	# Open for reading and writing: a reader exists, and this open never blocks.
	exec 5<>"$TMP/fifo"
	out_report s1 --out "$TMP/fifo"
	[ "$status" -eq 0 ]
	[ -p "$TMP/fifo" ]
	head -c 1024 <&5 >"$TMP/got"
	exec 5>&-
	cmp "$TMP/r" "$TMP/got"
	# nobody reads: refused at once, no hang, nothing replaced
	out_report s2 --out "$TMP/fifo"
	[ "$status" -eq 10 ]
	[ "$output" = "tsmctl: cannot write the report to '$TMP/fifo': no process has the FIFO open for reading (nothing was written)" ]
	[ -p "$TMP/fifo" ]
}

@test "report --out refuses symbolic links, directories and block devices, and leaves them as they are" {
	require_root
	craft mock "$NONCE" "$TMP/r"
	mknod "$TMP/null" c 1 3
	mknod "$TMP/blk" b 7 0
	echo old >"$TMP/file"
	mkdir "$TMP/dir"
	ln -s "$TMP/null" "$TMP/to-dev"
	ln -s "$TMP/file" "$TMP/to-file"
	ln -s "$TMP/nowhere" "$TMP/dangling"
	ln -s "$TMP/dir" "$TMP/to-dir"
	for p in to-dev to-file dangling to-dir/x; do
		out_report s --out "$TMP/$p"
		[ "$status" -eq 2 ] || { echo "$p: $status $output"; false; }
		[ "$output" = "tsmctl: cannot write the report to '$TMP/$p': it or its directory is a symbolic link, which is never followed (nothing was written)" ]
	done
	[ -L "$TMP/to-dev" ]
	[ -L "$TMP/to-file" ]
	[ -L "$TMP/dangling" ]
	[ "$(cat "$TMP/file")" = old ]
	[ ! -e "$TMP/nowhere" ]
	[ -z "$(ls -A "$TMP/dir")" ]
	out_report s --out "$TMP/blk"
	[ "$status" -eq 2 ]
	[ "$output" = "tsmctl: cannot write the report to '$TMP/blk': it is a block device (only a regular file, a character device or a FIFO is written) (nothing was written)" ]
	[ -b "$TMP/blk" ]
	out_report s --out "$TMP/dir"
	[ "$status" -eq 2 ]
	[ "$output" = "tsmctl: cannot write the report to '$TMP/dir': it is a directory (nothing was written)" ]
}

@test "report --out: temporary names cannot be guessed and taken in advance" {
	craft mock "$NONCE" "$TMP/r"
	fake_entry s "$TMP/r" 0 1 1
	# The old names were .out.PID.N.tmp: take 102 of them for tsmctl's PID
	# (bash execs it, so it keeps $$).
	# shellcheck disable=SC2016 # expanded by the inner bash
	run t bash -c 'for i in $(seq 0 101); do mkdir "$2/.out.$$.$i.tmp"; done
		exec "$1" report --keep s --nonce "$3" --out "$2/out"' sh "$TSMCTL" "$TMP" "$NONCE"
	[ "$status" -eq 0 ]
	cmp "$TMP/r" "$TMP/out"
}

@test "report --out, --aux and --manifest are written all or nothing" {
	craft mock "$NONCE" "$TMP/r"
	ln -s "$TMP/nowhere" "$TMP/link"
	# a refused manifest target: neither the auxblob nor the report is written
	fake_entry s "$TMP/r" 0 1 1 1 1
	printf certs >"$RD/s/auxblob"
	printf manifest >"$RD/s/manifestblob"
	run t "$TSMCTL" report --keep s --nonce "$NONCE" --aux "$TMP/aux" --manifest "$TMP/link" --out "$TMP/out"
	[ "$status" -eq 2 ]
	[ "$output" = "tsmctl: cannot write the manifestblob to '$TMP/link': it or its directory is a symbolic link, which is never followed (nothing was written)" ]
	[ ! -e "$TMP/aux" ]
	[ ! -e "$TMP/out" ]
	[ "$(ls -A "$TMP" | grep -c 'tmp$')" -eq 0 ]
}

@test "report outputs: a failed rename undoes the set; a failed directory fsync is reported truthfully" {
	require_cmd strace
	craft mock "$NONCE" "$TMP/r"
	# the second rename fails: the auxblob this run created is removed again
	fake_entry s1 "$TMP/r" 0 1 1 1
	run tstrace -f -qq -o /dev/null -e trace=rename,renameat,renameat2 \
		-e inject=rename,renameat,renameat2:error=EIO:when=2 \
		"$TSMCTL" report --keep s1 --nonce "$NONCE" --aux "$TMP/aux" --out "$TMP/out"
	[ "$status" -eq 10 ]
	[ "$output" = "tsmctl: cannot write the report to '$TMP/out': Input/output error (nothing was written)" ]
	[ ! -e "$TMP/aux" ]
	[ ! -e "$TMP/out" ]
	[ "$(ls -A "$TMP" | grep -c 'tmp$')" -eq 0 ]
	# an auxblob that replaced an old file cannot be undone: the message says so
	echo old >"$TMP/aux"
	# (an existing file is renamed over with renameat, a new one with renameat2)
	fake_entry s2 "$TMP/r" 0 1 1 1
	run tstrace -f -qq -o /dev/null -e trace=renameat2 -e inject=renameat2:error=EIO:when=1 \
		"$TSMCTL" report --keep s2 --nonce "$NONCE" --aux "$TMP/aux" --out "$TMP/out"
	[ "$status" -eq 10 ]
	[ "$output" = "tsmctl: cannot write the report to '$TMP/out': Input/output error (already replaced: '$TMP/aux' holds the new auxblob; nothing else was changed)" ]
	[ "$(cat "$TMP/aux")" != old ]
	[ ! -e "$TMP/out" ]
	# fsync 1 is the file's, 2 its directory's, after the rename
	fake_entry s3 "$TMP/r" 0 1 1
	run tstrace -f -qq -o /dev/null -e trace=fsync -e inject=fsync:error=EIO:when=2 \
		"$TSMCTL" report --keep s3 --nonce "$NONCE" --out "$TMP/out"
	[ "$status" -eq 10 ]
	[ "$output" = "tsmctl: the report was written to '$TMP/out', but syncing its directory failed: Input/output error (it may not survive a crash)" ]
	cmp "$TMP/r" "$TMP/out"
}

@test "report to a full standard output is exit 10" {
	craft mock "$NONCE" "$TMP/r"
	fake_entry shared "$TMP/r" 0 1 1
	run bash -c "timeout $HK_TIMEOUT '$TSMCTL' report --keep shared --nonce $NONCE >/dev/full"
	[ "$status" -eq 10 ]
	[[ "$output" == "tsmctl: cannot write the report to standard output: No space left on device" ]]
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

@test "report --aux writes the auxblob; a missing manifestblob is exit 4" {
	craft mock "$NONCE" "$TMP/r"
	fake_entry shared "$TMP/r" 0 1 1 1
	printf 'certs' >"$RD/shared/auxblob"
	run t "$TSMCTL" report --keep shared --nonce "$NONCE" --out "$TMP/out" --aux "$TMP/aux"
	[ "$status" -eq 0 ]
	[ "$(cat "$TMP/aux")" = certs ]
	wait "$FEEDER"
	fake_entry s2 "$TMP/r" 0 1 1
	run t "$TSMCTL" report --keep s2 --nonce "$NONCE" --manifest "$TMP/man"
	[ "$status" -eq 4 ]
	[[ "$output" == "tsmctl: cannot read manifestblob of entry 's2': provider mock_tsm does not offer it" ]]
	[ ! -e "$TMP/man" ]
}

@test "verify: bound, not bound, truncated and wrong version for every format" {
	other=$(printf 'ff%.0s' $(seq 64))
	for kind in mock sev tdx4 tdx5 tdx5-t3; do
		craft "$kind" "$NONCE" "$TMP/$kind"
		run t "$TSMCTL" verify --provider "$(pv "$kind")" --nonce "$NONCE" "$TMP/$kind"
		[ "$status" -eq 0 ] || { echo "$kind: $output"; false; }
		[[ "$output" == *"Nonce:                    bound"* ]]
		run t "$TSMCTL" verify --provider "$(pv "$kind")" --nonce "$other" "$TMP/$kind"
		[ "$status" -eq 1 ] || { echo "$kind not bound: $output"; false; }
		[[ "$output" == *"NOT bound"* ]]
		# one byte short, with the format named
		head -c $(($(stat -c %s "$TMP/$kind") - 1)) "$TMP/$kind" >"$TMP/$kind.cut"
		p=$(case $kind in mock) echo mock_tsm ;; sev) echo sev_guest ;; *) echo tdx_guest ;; esac)
		run t "$TSMCTL" verify --provider "$p" --nonce "$NONCE" "$TMP/$kind.cut"
		[ "$status" -eq 2 ] || { echo "$kind truncated: $output"; false; }
		[[ "$output" == *"truncated"* ]]
		assert_one_line_error tsmctl "$output"
	done
	for row in "mock-v2 mock_tsm unsupported mock_tsm report version 2" \
		"sev-v9 sev_guest unsupported SEV-SNP report version 9" \
		"tdx4-v3 tdx_guest unsupported TDX quote version 3" \
		"tdx5-t9 tdx_guest unsupported TDX quote body type 9" \
		"mock-bad-digest mock_tsm the SHA-256 digest at the end does not match"; do
		# shellcheck disable=SC2086 # split the row into its fields
		set -- $row
		kind=$1 p=$2
		shift 2
		craft "$kind" "$NONCE" "$TMP/$kind"
		run t "$TSMCTL" verify --provider "$p" --nonce "$NONCE" "$TMP/$kind"
		[ "$status" -eq 2 ] || { echo "$kind: $output"; false; }
		[[ "$output" == *"$*"* ]] || { echo "$kind: $output"; false; }
		assert_one_line_error tsmctl "$output"
	done
	# the expected provider comes from --provider or the kernel, never the file
	run t "$TSMCTL" verify --nonce "$NONCE" "$TMP/sev"
	[ "$status" -eq 2 ]
	[[ "$output" == *"cannot tell which provider's reports to expect ("*"): give --provider NAME"* ]]
}

@test "verify: the file never chooses its decoder; unsigned mock reports only by name" {
	craft mock "$NONCE" "$TMP/mock"
	printf '{"provider": "mock_tsm", "outblob": "%s"}\n' "$(base64 -w0 "$TMP/mock")" >"$TMP/forged.json"
	# a verifier without configfs-tsm and without --provider: no answer
	rm -rf "$R/sys"
	for f in forged.json mock; do
		run t "$TSMCTL" verify --nonce "$NONCE" "$TMP/$f"
		[ "$status" -eq 2 ]
		[ "${lines[0]}" = "tsmctl: verify: cannot tell which provider's reports to expect (this system has no configfs-tsm): give --provider NAME" ]
		assert_one_line_error tsmctl "$output"
	done
	# a TDX or SEV-SNP verifier: the document's claim does not match
	for p in tdx_guest sev_guest; do
		run t "$TSMCTL" verify --provider "$p" --nonce "$NONCE" "$TMP/forged.json"
		[ "$status" -eq 2 ]
		[ "${lines[0]}" = "tsmctl: verify: report file '$TMP/forged.json' says provider 'mock_tsm', but the expected provider is $p" ]
		run t "$TSMCTL" verify --provider "$p" --nonce "$NONCE" "$TMP/mock"
		[ "$status" -eq 2 ]
		[ "${lines[0]}" = "tsmctl: verify: report file '$TMP/mock' has the header of a mock_tsm report, but the expected provider is $p" ]
	done
	# asked for by name, the mock format is decoded
	run t "$TSMCTL" verify --provider mock_tsm --nonce "$NONCE" "$TMP/forged.json"
	[ "$status" -eq 0 ]
}

@test "verify reads REPORT_DATA at the documented offsets" {
	craft sev "$NONCE" "$TMP/sev"
	craft tdx4 "$NONCE" "$TMP/tdx4"
	craft tdx5 "$NONCE" "$TMP/tdx5"
	craft mock "$NONCE" "$TMP/mock"
	for row in "sev 80 0x50" "tdx4 568 0x238" "tdx5 574 0x23e" "mock 64 0x40"; do
		# shellcheck disable=SC2086 # split the row into its fields
		set -- $row
		[ "$(od -An -tx1 -v -j "$2" -N 64 "$TMP/$1" | tr -d ' \n')" = "$NONCE" ]
		run t "$TSMCTL" verify --provider "$(pv "$1")" --json --nonce "$NONCE" "$TMP/$1"
		[ "$(echo "$output" | json_get report_data_offset)" = "$2" ]
		run t "$TSMCTL" verify --provider "$(pv "$1")" --nonce "$NONCE" "$TMP/$1"
		[[ "$output" == *"Report data offset:       $3"* ]]
	done
	run t "$TSMCTL" verify --provider sev_guest --json --nonce "$NONCE" "$TMP/sev"
	[ "$(echo "$output" | json_get fields measurement)" = "$(printf '%02x' $(seq 160 207))" ]
	[ "$(echo "$output" | json_get fields version)" = 2 ]
	[ "$(echo "$output" | json_get signature_checked)" = false ]
	run t "$TSMCTL" verify --provider tdx_guest --json --nonce "$NONCE" "$TMP/tdx5"
	[ "$(echo "$output" | json_get fields version)" = 5 ]
	[ "$(echo "$output" | json_get fields tee_type)" = 0x81 ]
	[ "$(echo "$output" | json_get fields qe_vendor_id)" = 939a7233f79c4ca9940a0db3957f0607 ]
	[ "$(echo "$output" | json_get fields body_type)" = 2 ]
}

@test "verify: a short nonce is compared zero-padded to 64 bytes" {
	for kind in mock sev tdx4; do
		craft "$kind" "$SHORT" "$TMP/$kind"
		run t "$TSMCTL" verify --provider "$(pv "$kind")" --nonce "$SHORT" "$TMP/$kind"
		[ "$status" -eq 0 ]
		run t "$TSMCTL" verify --provider "$(pv "$kind")" --nonce "${SHORT}00" "$TMP/$kind"
		[ "$status" -eq 0 ]
		run t "$TSMCTL" verify --provider "$(pv "$kind")" --nonce "${SHORT}01" "$TMP/$kind"
		[ "$status" -eq 1 ]
		run t "$TSMCTL" verify --provider "$(pv "$kind")" --nonce c0ff "$TMP/$kind"
		[ "$status" -eq 1 ]
	done
}

@test "verify checks the mock digest at every length, up to exactly 32 KiB" {
	# 280 and 295 put the SHA-256 padding in a second block.
	for size in 256 280 295 296 1024 32768; do
		craft mock "$NONCE" "$TMP/m" "$size"
		run t "$TSMCTL" verify --provider mock_tsm --nonce "$NONCE" "$TMP/m"
		[ "$status" -eq 0 ] || { echo "size $size: $output"; false; }
		[[ "$output" == *"Length:                   $size"* ]]
	done
	cat "$TMP/m" /dev/null >"$TMP/m2"
	printf 'x' >>"$TMP/m2"
	run t "$TSMCTL" verify --provider mock_tsm --nonce "$NONCE" "$TMP/m2"
	[ "$status" -eq 2 ]
	[[ "$output" == *"trailing data"* ]]
}

@test "verify: a JSON report, stdin, --quiet, the wrong provider, bad files" {
	craft sev "$NONCE" "$TMP/sev"
	printf '{"provider": "sev_guest", "outblob": "%s", "x": [1, {"y": null}]}\n' "$(base64 -w0 "$TMP/sev")" >"$TMP/sev.json"
	run t "$TSMCTL" verify --provider sev_guest --nonce "$NONCE" "$TMP/sev.json"
	[ "$status" -eq 0 ]
	[[ "$output" == "Provider:                 sev_guest"* ]]
	run bash -c "timeout $HK_TIMEOUT '$TSMCTL' verify --provider sev_guest --nonce $NONCE - <'$TMP/sev'"
	[ "$status" -eq 0 ]
	run t "$TSMCTL" verify --provider sev_guest --quiet --nonce "$NONCE" "$TMP/sev"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	run t "$TSMCTL" verify --provider sev_guest --quiet --nonce 00 "$TMP/sev"
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	# the wrong --provider: refused by the header, or by the decoder
	craft tdx4 "$NONCE" "$TMP/tdx"
	run t "$TSMCTL" verify --provider mock_tsm --nonce "$NONCE" "$TMP/tdx"
	[ "$status" -eq 2 ]
	[[ "$output" == *"has the header of a tdx_guest report, but the expected provider is mock_tsm"* ]]
	head -c 2000 /dev/zero >"$TMP/zero"
	run t "$TSMCTL" verify --provider mock_tsm --nonce "$NONCE" "$TMP/zero"
	[ "$status" -eq 2 ]
	[[ "$output" == *"no mock_tsm magic"* ]]
	# bad JSON reports
	for doc in '{"outblob": 1}' '{"provider": "sev_guest"}' '{"outblob": "AA==", "outblob": "AA=="}' \
		'{"outblob": "!!"}' '{"outblob": "AA==" x' '{"outblob": "AA=="} {}'; do
		echo "$doc" >"$TMP/bad.json"
		run t "$TSMCTL" verify --provider sev_guest --nonce 00 "$TMP/bad.json"
		[ "$status" -eq 2 ] || { echo "$doc: $status $output"; false; }
		assert_one_line_error tsmctl "$output"
	done
	head -c 2000 /dev/urandom >"$TMP/noise"
	printf 'X' | dd of="$TMP/noise" conv=notrunc status=none
	run t "$TSMCTL" verify --provider sev_guest --nonce 00 "$TMP/noise"
	[ "$status" -eq 2 ]
	run t "$TSMCTL" verify --provider sev_guest --nonce 00 "$TMP/missing"
	[ "$status" -eq 5 ]
	: >"$TMP/empty"
	run t "$TSMCTL" verify --provider sev_guest --nonce 00 "$TMP/empty"
	[ "$status" -eq 2 ]
}
