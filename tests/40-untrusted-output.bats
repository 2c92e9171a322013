#!/usr/bin/env bats
# shellcheck shell=bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Strings the tools did not write (entry names, provider strings, report
# fields, process names) carrying escape sequences, C1 controls and bytes
# that are not UTF-8: no control byte reaches stdout or stderr raw, human
# output is valid UTF-8, and every --json document passes a strict parser.

load test_helper
load sysroot

NONCE=$(printf '%02x' $(seq 1 64))
# An OSC title change, a screen clear, CSI as a C1 control, and bytes that
# are no UTF-8: a stray 0xff, a surrogate and a cut 3-byte sequence.
EVIL=$'\e]0;pwned\a\e[2J\xc2\x9b31m\xff\xed\xa0\x80\xe2\x82'

setup() {
	common_setup
	R=$TMP/root
	RD=$R/sys/kernel/config/tsm/report
	mkdir -p "$RD"
	mk_sysroot "$R" 0 -1
	export HARDENKIT_SYSROOT=$R
}

teardown() {
	common_teardown
}

# capture NAME CMD...: stdout and stderr to $TMP/NAME.out and .err (bytes
# exactly, which $output cannot hold), the exit status in $status.
capture() {
	local name=$1
	shift
	status=0
	t "$@" >"$TMP/$name.out" 2>"$TMP/$name.err" || status=$?
}

# FILE...: no control byte but newline (ESC first of all), strict UTF-8,
# and no C1 control character.
clean() {
	python3 - "$@" <<'EOF'
import re, sys
for path in sys.argv[1:]:
    data = open(path, "rb").read()
    bad = re.search(rb"[\x00-\x09\x0b-\x1f\x7f]", data)
    if bad:
        sys.exit("%s: raw control byte 0x%02x at %d: %r" % (path, bad.group()[0], bad.start(), data))
    text = data.decode("utf-8")
    bad = re.search("[\x80-\x9f]", text)
    if bad:
        sys.exit("%s: C1 control U+%04X at %d: %r" % (path, ord(bad.group()), bad.start(), text))
EOF
}

# FILE: one JSON document a strict parser accepts (valid UTF-8, no raw control).
strict_json() {
	python3 -m json.tool "$1" >/dev/null
}

# json_is FILE PYTHON_LITERAL KEY...: the member at KEY... equals the literal.
json_is() {
	python3 - "$@" <<'EOF'
import ast, json, sys
v = json.load(open(sys.argv[1], encoding="utf-8"))
for k in sys.argv[3:]:
    v = v[int(k)] if isinstance(v, list) else v[k]
want = ast.literal_eval(sys.argv[2])
if v != want:
    sys.exit("got %r, want %r" % (v, want))
EOF
}

# grep for a fixed string in a file.
has() {
	grep -qF -- "$2" "$1" || { echo "'$2' not in $1: $(cat -v "$1")" >&2; return 1; }
}

# A configfs entry made by another client: hostile name, provider and attribute name.
mk_hostile_entry() {
	local d=$RD/$1
	mkdir -p "$d"
	printf '%s\n' "$2" >"$d/provider"
	echo 3 >"$d/generation"
	echo 0 >"$d/privlevel_floor"
	: >"$d/outblob"
	: >"$d/attr$EVIL"
}

# A mock_tsm report for NONCE whose service_provider field (64 bytes at 0x80) is SP.
mock_report() {
	python3 - "$1" "$2" "$3" <<'EOF'
import hashlib, struct, sys
nonce, sp, out = bytes.fromhex(sys.argv[1]), sys.argv[2].encode("utf-8", "surrogateescape"), sys.argv[3]
b = bytearray(1024)
b[0:8] = b"MOCKTSM\0"
struct.pack_into("<IIIIII", b, 8, 1, len(b), 2, 0, 4, len(nonce))
b[0x40:0x40 + len(nonce)] = nonce
b[0x80:0x80 + min(len(sp), 63)] = sp[:63]
b[-32:] = hashlib.sha256(b[:-32]).digest()
open(out, "wb").write(b)
EOF
}

@test "tsmctl list: a hostile entry name and provider are escaped in every format" {
	mk_hostile_entry "name$EVIL" "prov$EVIL"
	capture list "$TSMCTL" list
	[ "$status" -eq 0 ]
	clean "$TMP/list.out" "$TMP/list.err"
	has "$TMP/list.out" 'name\x1b]0;pwned\x07\x1b[2J\xc2\x9b31m\xff\xed\xa0\x80\xe2\x82'
	capture raw "$TSMCTL" list --raw
	[ "$status" -eq 0 ]
	clean "$TMP/raw.out" "$TMP/raw.err"
	capture json "$TSMCTL" list --json
	[ "$status" -eq 0 ]
	clean "$TMP/json.err"
	strict_json "$TMP/json.out"
	json_is "$TMP/json.out" "'name\x1b]0;pwned\x07\x1b[2J\ufffd31m\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd'" entries 0 name
	json_is "$TMP/json.out" "'prov\x1b]0;pwned\x07\x1b[2J\ufffd31m\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd'" entries 0 provider
}

@test "tsmctl show: name, provider and attribute names are escaped; --json is strict UTF-8" {
	# Names the caller types cannot hold C0 controls, but C1 and non-UTF-8 bytes pass.
	name=$'c1\xc2\x9b[2J\xff'
	mk_hostile_entry "$name" "prov$EVIL"
	capture show "$TSMCTL" show "$name"
	[ "$status" -eq 0 ]
	clean "$TMP/show.out" "$TMP/show.err"
	has "$TMP/show.out" 'Name:             c1\xc2\x9b[2J\xff'
	has "$TMP/show.out" 'Provider:         prov\x1b]0;pwned\x07\x1b[2J\xc2\x9b31m\xff\xed\xa0\x80\xe2\x82'
	has "$TMP/show.out" 'attr\x1b]0;pwned'
	capture json "$TSMCTL" show "$name" --json
	[ "$status" -eq 0 ]
	strict_json "$TMP/json.out"
	clean "$TMP/json.out" "$TMP/json.err"
	json_is "$TMP/json.out" "'c1\x9b[2J\ufffd'" name
	json_is "$TMP/json.out" "'prov\x1b]0;pwned\x07\x1b[2J\x9b31m\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd'" provider
}

@test "tsmctl show and remove: an error quoting a hostile name escapes it" {
	capture show "$TSMCTL" show $'gone\xc2\x9b[2J\xff'
	[ "$status" -eq 5 ]
	clean "$TMP/show.out" "$TMP/show.err"
	has "$TMP/show.err" "tsmctl: cannot show report entry 'gone\\xc2\\x9b[2J\\xff': no such entry"
	capture rm "$TSMCTL" remove $'gone\xc2\x9b[2J'
	[ "$status" -eq 5 ]
	clean "$TMP/rm.err"
	has "$TMP/rm.err" "'gone\\xc2\\x9b[2J'"
}

@test "tsmctl verify: a report field from the blob is escaped; --json is strict UTF-8" {
	mock_report "$NONCE" "svsm$EVIL" "$TMP/report"
	capture v "$TSMCTL" verify --provider mock_tsm --nonce "$NONCE" "$TMP/report"
	[ "$status" -eq 0 ]
	clean "$TMP/v.out" "$TMP/v.err"
	has "$TMP/v.out" 'Service provider:         svsm\x1b]0;pwned\x07\x1b[2J\xc2\x9b31m\xff\xed\xa0\x80\xe2\x82'
	capture json "$TSMCTL" verify --provider mock_tsm --nonce "$NONCE" --json "$TMP/report"
	[ "$status" -eq 0 ]
	strict_json "$TMP/json.out"
	clean "$TMP/json.out"
	json_is "$TMP/json.out" "'svsm\x1b]0;pwned\x07\x1b[2J\x9b31m\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd'" fields service_provider
}

@test "tsmctl verify: a hostile provider string in a JSON report is escaped in the error" {
	mock_report "$NONCE" svsm "$TMP/report"
	# \u001b and raw bytes that are not UTF-8 inside the provider member.
	printf '{"provider": "\\u001b]0;pwned\\u0007\\u001b[2J\xc2\x9b\xff", "outblob": "%s"}\n' \
		"$(base64 -w0 "$TMP/report")" >"$TMP/report.json"
	capture v "$TSMCTL" verify --nonce "$NONCE" "$TMP/report.json"
	[ "$status" -eq 2 ]
	clean "$TMP/v.out" "$TMP/v.err"
	[ ! -s "$TMP/v.out" ]
}

@test "uringpolicy users: a hostile process name is escaped in every format" {
	mk_proc "$R" 300 "$EVIL" 1000 1000 "1000" "$CAP_NONE" "$INIT_NS" 1 0
	capture users "$UP" users
	[ "$status" -eq 0 ]
	clean "$TMP/users.out" "$TMP/users.err"
	has "$TMP/users.out" '\x1b]0;pwned\x07\x1b[2J\xc2\x9b31m\xff\xed\xa0\x80\xe2\x82'
	capture raw "$UP" users --raw
	[ "$status" -eq 0 ]
	clean "$TMP/raw.out" "$TMP/raw.err"
	capture json "$UP" users --json
	[ "$status" -eq 0 ]
	strict_json "$TMP/json.out"
	clean "$TMP/json.err"
	json_is "$TMP/json.out" "'\x1b]0;pwned\x07\x1b[2J\ufffd31m\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd'" users 0 command
}

@test "uringpolicy check --pid: a hostile process name is escaped; --json is strict UTF-8" {
	mk_proc "$R" 300 "$EVIL" 1000 1000 "1000" "$CAP_NONE" "$INIT_NS" 1 0
	capture check "$UP" check --pid 300
	[ "$status" -eq 0 ]
	clean "$TMP/check.out" "$TMP/check.err"
	has "$TMP/check.out" 'PID 300 (\x1b]0;pwned\x07\x1b[2J\xc2\x9b31m\xff\xed\xa0\x80\xe2\x82): allowed'
	capture json "$UP" check --pid 300 --json
	[ "$status" -eq 0 ]
	strict_json "$TMP/json.out"
	clean "$TMP/json.out" "$TMP/json.err"
	json_is "$TMP/json.out" "'PID 300 (\x1b]0;pwned\x07\x1b[2J\x9b31m\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd)'" subject
}

@test "every tool: a message quoting what the caller typed escapes it" {
	capture up "$UP" check --user "nobody$EVIL"
	[ "$status" -eq 5 ]
	clean "$TMP/up.out" "$TMP/up.err"
	has "$TMP/up.err" "uringpolicy: unknown user 'nobody\\x1b]0;pwned"
	capture tsm "$TSMCTL" "--x$EVIL"
	[ "$status" -eq 2 ]
	clean "$TMP/tsm.out" "$TMP/tsm.err"
	capture rw "$RESEEDWATCH" wait --timeout "1$EVIL"
	[ "$status" -eq 2 ]
	clean "$TMP/rw.out" "$TMP/rw.err"
	has "$TMP/rw.err" '\x1b]0;pwned'
}
