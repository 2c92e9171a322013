#!/usr/bin/env bats
# shellcheck shell=bats
# SPDX-License-Identifier: GPL-2.0-or-later
# tsmctl mr on a fake sysroot: registers as plain files (a write replaces
# the value, so the tests set the values a kernel would have computed with
# Python's hashlib, an implementation independent of tsmctl's).

load test_helper

setup() {
	common_setup
	R=$TMP/root
	M=$R/sys/devices/virtual/misc/mock_tsm/measurements
	mkdir -p "$M" "$R/sys/devices/virtual/misc/aaa_nomr" "$R/run"
	export HARDENKIT_SYSROOT=$R
	printf 'mock_tsm mrtd' | python3 -c 'import hashlib,sys; sys.stdout.buffer.write(hashlib.sha384(sys.stdin.buffer.read()).digest())' >"$M/mrtd:sha384"
	chmod 444 "$M/mrtd:sha384"
	head -c 48 /dev/zero >"$M/mrconfigid"
	chmod 444 "$M/mrconfigid"
	for i in 0 1 2 3; do head -c 48 /dev/zero >"$M/rtmr$i:sha384"; done
	head -c 64 /dev/zero >"$M/rtmr4:sha512"
	head -c 32 /dev/zero >"$M/nohash"
	LOG=$R/run/hardenkit/tsm-mr.cel.json
	D48=$(printf 'ab%.0s' $(seq 48))
}

teardown() {
	common_teardown
}

hex() {
	od -An -v -tx1 "$1" | tr -d ' \n'
}

# kernel_replay LOG: set every register to what extending it from zero with
# the log's digests gives (the kernel's job), independently of tsmctl.
kernel_replay() {
	python3 - "$1" "$M" <<'PY'
import hashlib, json, sys
log, d = sys.argv[1], sys.argv[2]
regs = {1: "rtmr0:sha384", 2: "rtmr1:sha384", 3: "rtmr2:sha384", 4: "rtmr3:sha384", 5: "rtmr4:sha512"}
vals = {i: bytes(hashlib.new(f.split(":")[1]).digest_size) for i, f in regs.items()}
for rec in json.load(open(log)):
    f = regs[rec["pcr"]]
    alg = f.split(":")[1]
    dig = next(x["digest"] for x in rec["digests"] if x["hashAlg"] == alg)
    vals[rec["pcr"]] = hashlib.new(alg, vals[rec["pcr"]] + bytes.fromhex(dig)).digest()
for i, f in regs.items():
    open(d + "/" + f, "wb").write(vals[i])
PY
}

@test "mr list: every register with its hash, mode, CEL index and value" {
	run t "$TSMCTL" mr list --raw --noheadings
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 8 ]
	grep -qx "mrtd sha384 ro 0 $(hex "$M/mrtd:sha384")" <<<"$output"
	grep -qx "mrconfigid - ro  $(hex "$M/mrconfigid")" <<<"$output"
	grep -qx "rtmr0 sha384 rw 1 $(printf '0%.0s' $(seq 96))" <<<"$output"
	grep -qx "rtmr3 sha384 rw 4 $(printf '0%.0s' $(seq 96))" <<<"$output"
	grep -qx "rtmr4 sha512 rw 5 $(printf '0%.0s' $(seq 128))" <<<"$output"
	run t "$TSMCTL" mr list --json
	[ "$status" -eq 0 ]
	[ "$(json_get registers 1 name <<<"$output")" = mrtd ]
	[ "$(json_get registers 1 mode <<<"$output")" = ro ]
	[ "$(json_get registers 1 index <<<"$output")" = 0 ]
	[ "$(json_get registers 1 value <<<"$output")" = "$(hex "$M/mrtd:sha384")" ]
}

@test "mr read prints hex; an unknown register is exit 5, no registers exit 4" {
	run t "$TSMCTL" mr read mrtd
	[ "$status" -eq 0 ]
	[ "$output" = "$(hex "$M/mrtd:sha384")" ]
	run t "$TSMCTL" mr read rtmr4:sha512
	[ "$output" = "$(printf '0%.0s' $(seq 128))" ]
	run t "$TSMCTL" mr read rtmr9
	[ "$status" -eq 5 ]
	assert_one_line_error tsmctl "$output"
	[[ "$output" == *"rtmr9"*"rtmr0:sha384"* ]]
	rm -r "$R/sys/devices/virtual/misc/mock_tsm"
	run t "$TSMCTL" mr read mrtd
	[ "$status" -eq 4 ]
	assert_one_line_error tsmctl "$output"
	run t "$TSMCTL" mr list
	[ "$status" -eq 4 ]
}

@test "mr extend: clear errors, and nothing is extended or logged" {
	run t "$TSMCTL" mr extend --digest "$D48" mrtd
	[ "$status" -eq 2 ]
	[[ "$output" == *"mrtd:sha384: it is read-only"* ]]
	run t "$TSMCTL" mr extend --digest "${D48%??}" rtmr0
	[ "$status" -eq 2 ]
	[[ "$output" == *"takes a digest of 48"* ]]
	run t "$TSMCTL" mr extend --digest "${D48}ab" rtmr0
	[ "$status" -eq 2 ]
	run t "$TSMCTL" mr extend --digest "xy${D48#??}" rtmr0
	[ "$status" -eq 2 ]
	[[ "$output" == *"not hex"* ]]
	run t "$TSMCTL" mr extend rtmr0
	[ "$status" -eq 2 ]
	run t "$TSMCTL" mr extend --digest "$D48" --data /dev/null rtmr0
	[ "$status" -eq 2 ]
	run t "$TSMCTL" mr extend --digest "$D48" rtmr7
	[ "$status" -eq 5 ]
	run t "$TSMCTL" mr extend --digest "${D48:0:64}" nohash
	[ "$status" -eq 4 ]
	[[ "$output" == *"no hash algorithm"* ]]
	run t "$TSMCTL" mr extend --data "$TMP/absent" rtmr0
	[ "$status" -eq 5 ]
	assert_one_line_error tsmctl "$output"
	[ "$(hex "$M/rtmr0:sha384")" = "$(printf '0%.0s' $(seq 96))" ]
	[ ! -e "$LOG" ]
	rm -r "$R/sys/devices/virtual/misc/mock_tsm"
	run t "$TSMCTL" mr extend --digest "$D48" rtmr0
	[ "$status" -eq 4 ]
}

@test "mr extend writes the digest and appends a CEL JSON record to the default log" {
	run t "$TSMCTL" mr extend --digest "$D48" --description 'app config "v2"' rtmr2
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ "$(hex "$M/rtmr2:sha384")" = "$D48" ]
	[ "$(json_get 0 recnum <"$LOG")" = 0 ]
	[ "$(json_get 0 pcr <"$LOG")" = 3 ]
	[ "$(json_get 0 digests 0 hashAlg <"$LOG")" = sha384 ]
	[ "$(json_get 0 digests 0 digest <"$LOG")" = "$D48" ]
	[ "$(json_get 0 content_type <"$LOG")" = pcclient_std ]
	[ "$(json_get 0 content event_type <"$LOG")" = 13 ]
	data=$(json_get 0 content event_data <"$LOG" | xxd -r -p)
	[ "$data" = 'digest: app config "v2"' ]
	echo 'some file' >"$TMP/f"
	run t "$TSMCTL" mr extend --data "$TMP/f" rtmr4
	[ "$status" -eq 0 ]
	[ "$(json_get 1 recnum <"$LOG")" = 1 ]
	[ "$(json_get 1 pcr <"$LOG")" = 5 ]
	[ "$(json_get 1 digests 0 hashAlg <"$LOG")" = sha512 ]
	[ "$(json_get 1 digests 0 digest <"$LOG")" = "$(sha512sum "$TMP/f" | cut -d' ' -f1)" ]
	[ "$(json_get 1 content event_data <"$LOG" | xxd -r -p)" = "file $TMP/f" ]
	[ "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$LOG")" -eq 2 ]
	run t "$TSMCTL" mr extend --data - rtmr1 <"$TMP/f"
	[ "$status" -eq 0 ]
	[ "$(json_get 2 digests 0 digest <"$LOG")" = "$(sha384sum "$TMP/f" | cut -d' ' -f1)" ]
}

@test "mr extend --log: another log; a log that is not CEL JSON or is a link is refused untouched" {
	run t "$TSMCTL" mr extend --digest "$D48" --log "$TMP/my.json" rtmr0
	[ "$status" -eq 0 ]
	[ "$(json_get 0 pcr <"$TMP/my.json")" = 1 ]
	[ ! -e "$LOG" ]
	echo '[{"recnum": 1, "pcr": 1, "digests": [], "content_type": "x"}]' >"$TMP/bad.json"
	cp "$TMP/bad.json" "$TMP/bad.orig"
	run t "$TSMCTL" mr extend --digest "$(printf 'cd%.0s' $(seq 48))" --log "$TMP/bad.json" rtmr0
	[ "$status" -eq 2 ]
	[[ "$output" == *"nothing was extended"* ]]
	[ "$(hex "$M/rtmr0:sha384")" = "$D48" ]
	cmp "$TMP/bad.json" "$TMP/bad.orig"
	ln -s my.json "$TMP/link.json"
	run t "$TSMCTL" mr extend --digest "$D48" --log "$TMP/link.json" rtmr0
	[ "$status" -eq 2 ]
	[ -L "$TMP/link.json" ]
}

@test "mr replay: matches the registers, names the record where a tampered log parts" {
	for i in 1 2 3; do
		printf 'event %s' "$i" >"$TMP/e$i"
		run t "$TSMCTL" mr extend --data "$TMP/e$i" rtmr0
		[ "$status" -eq 0 ]
	done
	run t "$TSMCTL" mr extend --data "$TMP/e1" rtmr4
	[ "$status" -eq 0 ]
	kernel_replay "$LOG"
	run t "$TSMCTL" mr replay "$LOG"
	[ "$status" -eq 0 ]
	grep -q '^rtmr0:sha384 *ok *3 records$' <<<"$output"
	grep -q '^rtmr4:sha512 *ok *1 record$' <<<"$output"
	# a record of an extend the register never saw: the log parts there
	python3 - "$LOG" <<'PY'
import copy, json, sys
log = json.load(open(sys.argv[1]))
log.append(copy.deepcopy(log[1]))
log[4]["recnum"] = 4
open(sys.argv[1], "w").write(json.dumps(log))
PY
	run t "$TSMCTL" mr replay "$LOG"
	[ "$status" -eq 1 ]
	grep -q '^rtmr0:sha384 *differs.*record 4$' <<<"$output"
	grep -q '^rtmr4:sha512 *ok' <<<"$output"
	grep -q '^the log and the registers part at record 4$' <<<"$output"
	# a tampered digest: no running value is the register's any more, so
	# the log parts at the register's first record
	python3 - "$LOG" <<'PY'
import json, sys
log = json.load(open(sys.argv[1]))
del log[4]
log[2]["digests"][0]["digest"] = "00" * 48
open(sys.argv[1], "w").write(json.dumps(log))
PY
	run t "$TSMCTL" mr replay "$LOG"
	[ "$status" -eq 1 ]
	grep -q '^rtmr0:sha384 *differs.*record 0 (its first)' <<<"$output"
	run t "$TSMCTL" mr replay --json "$LOG"
	[ "$status" -eq 1 ]
	[ "$(json_get match <<<"$output")" = false ]
	[ "$(json_get first_mismatch <<<"$output")" = 0 ]
	[ "$(json_get registers 0 parts_at <<<"$output")" = 0 ]
	# a record removed: recnum no longer counts from 0 without gaps
	python3 - "$LOG" <<'PY'
import json, sys
log = json.load(open(sys.argv[1]))
del log[1]
open(sys.argv[1], "w").write(json.dumps(log))
PY
	run t "$TSMCTL" mr replay "$LOG"
	[ "$status" -eq 2 ]
	[[ "$output" == *"recnum 2"* ]]
	run t "$TSMCTL" mr replay "$TMP/absent.json"
	[ "$status" -eq 5 ]
}

@test "mr replay: a register extended without a record differs" {
	run t "$TSMCTL" mr extend --digest "$D48" rtmr0
	[ "$status" -eq 0 ]
	kernel_replay "$LOG"
	printf '\1%.0s' $(seq 48) >"$M/rtmr1:sha384"
	run t "$TSMCTL" mr replay "$LOG"
	[ "$status" -eq 1 ]
	grep -q '^rtmr0:sha384 *ok' <<<"$output"
	grep -q '^rtmr1:sha384 *differs.*without a record' <<<"$output"
}

# mock_report OUT: a mock_tsm outblob whose measurement block holds the
# registers' current values (Documentation/virt/coco/mock-tsm.rst).
mock_report() {
	python3 - "$M" "$1" <<'PY'
import hashlib, os, struct, sys
d, out = sys.argv[1], sys.argv[2]
b = bytearray(1024)
b[0:8] = b"MOCKTSM\0"
struct.pack_into("<IIIIII", b, 8, 1, 1024, 0, 0, 4 | 8, 1)
names = sorted(f for f in os.listdir(d) if ":" in f)
struct.pack_into("<8sII", b, 0xe0, b"MOCKMRS\0", len(names), 104)
for i, f in enumerate(names):
    n, h = f.split(":")
    v = open(os.path.join(d, f), "rb").read()
    struct.pack_into("<16s16sII", b, 0xf0 + i * 104, n.encode(), h.encode(), len(v), 0 if n == "mrtd" else 1)
    b[0xf0 + i * 104 + 40:0xf0 + i * 104 + 40 + len(v)] = v
b[-32:] = hashlib.sha256(b[:-32]).digest()
open(out, "wb").write(b)
PY
}

@test "mr replay --report: compares with the registers a mock report carries" {
	run t "$TSMCTL" mr extend --digest "$D48" rtmr3
	[ "$status" -eq 0 ]
	kernel_replay "$LOG"
	mock_report "$TMP/report.bin"
	rm -r "$R/sys/devices/virtual/misc/mock_tsm"
	run t "$TSMCTL" mr replay --report "$TMP/report.bin" "$LOG"
	[ "$status" -eq 0 ]
	grep -q '^rtmr3:sha384 *ok *1 record$' <<<"$output"
	python3 -c 'import sys; b=bytearray(open(sys.argv[1],"rb").read()); b[0x100]^=1; open(sys.argv[1],"wb").write(b)' "$TMP/report.bin"
	run t "$TSMCTL" mr replay --report "$TMP/report.bin" "$LOG"
	[ "$status" -eq 2 ]
	[[ "$output" == *"digest"* ]]
}

@test "mr runs in tsmctl-evidence, the one helper for CBOR and crypto: a missing helper is exit 10 with its path" {
	HARDENKIT_LIBEXECDIR=$TMP/nowhere run t "$TSMCTL" mr read mrtd
	[ "$status" -eq 10 ]
	[ "$output" = "tsmctl: cannot run $TMP/nowhere/tsmctl-evidence: No such file or directory" ]
	# the helper itself takes mr beside verify and encode
	run t "$HK_LIBEXECDIR/tsmctl-evidence" --sysroot "$R" mr read mrtd
	[ "$status" -eq 0 ]
	[ "$output" = "$(hex "$M/mrtd:sha384")" ]
}

@test "mr --provider: two providers with registers need one named; each is used as named" {
	local Z=$R/sys/devices/virtual/misc/zz_tsm/measurements zero96
	zero96=$(printf '0%.0s' $(seq 96))
	mkdir -p "$Z"
	head -c 48 /dev/zero >"$Z/rtmr0:sha384"
	printf 'zz' | python3 -c 'import hashlib,sys; sys.stdout.buffer.write(hashlib.sha384(sys.stdin.buffer.read()).digest())' >"$Z/mrtd:sha384"
	chmod 444 "$Z/mrtd:sha384"
	# no option: refused, naming both; nothing extended or logged
	local -a cmd
	for sub in "list" "read mrtd" "extend --digest $D48 rtmr0"; do
		read -ra cmd <<<"$sub"
		run t "$TSMCTL" mr "${cmd[@]}"
		[ "$status" -eq 2 ]
		assert_one_line_error tsmctl "$output"
		[[ "$output" == *"(mock_tsm, zz_tsm have them): give --provider NAME"* ]]
	done
	echo '[]' >"$TMP/empty.json"
	run t "$TSMCTL" mr replay "$TMP/empty.json"
	[ "$status" -eq 2 ]
	[ "$(hex "$Z/rtmr0:sha384")" = "$zero96" ]
	[ "$(hex "$M/rtmr0:sha384")" = "$zero96" ]
	[ ! -e "$LOG" ]
	# named: that provider's registers, read and extended
	run t "$TSMCTL" mr list --provider zz_tsm --raw --noheadings --output NAME
	[ "$status" -eq 0 ]
	[ "$output" = $'mrtd\nrtmr0' ]
	run t "$TSMCTL" mr read -p zz_tsm mrtd
	[ "$output" = "$(hex "$Z/mrtd:sha384")" ]
	run t "$TSMCTL" mr read --provider mock_tsm mrtd
	[ "$output" = "$(hex "$M/mrtd:sha384")" ]
	run t "$TSMCTL" mr extend --provider zz_tsm --digest "$D48" rtmr0
	[ "$status" -eq 0 ]
	[ "$(hex "$Z/rtmr0:sha384")" = "$D48" ]
	[ "$(hex "$M/rtmr0:sha384")" = "$zero96" ]
	[ "$(json_get 0 pcr <"$LOG")" = 1 ]
	# what the kernel would have made of it (a fake register only takes the write)
	python3 -c 'import hashlib,sys; sys.stdout.buffer.write(hashlib.sha384(bytes(48) + bytes.fromhex(sys.argv[1])).digest())' "$D48" >"$Z/rtmr0:sha384"
	run t "$TSMCTL" mr replay --provider zz_tsm "$LOG"
	[ "$status" -eq 0 ]
	run t "$TSMCTL" mr replay --provider mock_tsm "$LOG"
	[ "$status" -eq 1 ]
}

@test "mr --provider: a device without registers is exit 4, no such device 5, a path 2" {
	run t "$TSMCTL" mr list --provider aaa_nomr
	[ "$status" -eq 4 ]
	assert_one_line_error tsmctl "$output"
	[[ "$output" == *"provider 'aaa_nomr' has no measurement registers"*"(providers with them: mock_tsm)"* ]]
	run t "$TSMCTL" mr read --provider nosuch mrtd
	[ "$status" -eq 5 ]
	assert_one_line_error tsmctl "$output"
	[[ "$output" == *"no provider 'nosuch'"*"(providers with measurement registers: mock_tsm)"* ]]
	for bad in ../mock_tsm mock_tsm/measurements . ''; do
		run t "$TSMCTL" mr read --provider "$bad" mrtd
		[ "$status" -eq 2 ]
		assert_one_line_error tsmctl "$output"
	done
	run t "$TSMCTL" mr replay --provider mock_tsm --report /dev/null "$TMP/x"
	[ "$status" -eq 2 ]
	[[ "$output" == *"not both"* ]]
}
