#!/usr/bin/env bats
# shellcheck shell=bats
# SPDX-License-Identifier: GPL-2.0-or-later
# tsmctl verify on TDX quotes v4 and v5 that tests/evidence/gen-tdx.py makes
# with its own test roots: each check passes, and fails on its own.

load test_helper

setup_file() {
	export TDX="$BATS_FILE_TMPDIR/tdx"
	mkdir -p "$TDX"
	python3 "$BATS_TEST_DIRNAME/evidence/gen-tdx.py" "$TDX"
}

setup() {
	common_setup
	NONCE=$(cat "$TDX/nonce.hex")
}

teardown() {
	common_teardown
}

# verify FILE [OPTION...] against the test root, as JSON
v() {
	local f=$1
	shift
	run t "$TSMCTL" verify --provider tdx_guest --nonce "$NONCE" --trust-anchor "$TDX/root.pem" \
		--json "$@" "$f"
}

# The outcome of check $1 in the JSON in $output ("" if not recorded).
outcome() {
	printf '%s' "$output" | python3 -c '
import json, sys
doc = json.load(sys.stdin)
print(next((c["outcome"] for c in doc["checks"] if c["id"] == sys.argv[1]), ""))' "$1"
}

# Every signature, binding and chain check but $1 passed; $1 failed.
only_fails() {
	local id want got
	for id in tdx.format tdx.nonce tdx.quote tdx.quote_signature tdx.qe_report_binding \
		tdx.qe_report_signature tdx.pck_chain; do
		want=pass
		[ "$id" != "$1" ] || want=fail
		got=$(outcome "$id")
		[ "$got" = "$want" ] || { echo "$id: $got, not $want: $output"; return 1; }
	done
}

# A copy of $TDX/$1 with bit 4 of byte $2 flipped, in $TMP/flipped.
flip() {
	python3 -c '
import sys
b = bytearray(open(sys.argv[1], "rb").read())
b[int(sys.argv[2])] ^= 0x10
open(sys.argv[3], "wb").write(b)' "$TDX/$1" "$2" "$TMP/flipped"
}

off() {
	sed -n "s/^$1 //p" "$TDX/offsets"
}

@test "tdx: v4, v5 with a TDX 1.5 body and v5 with a TDX 1.0 body verify to the test root" {
	for q in v4 v5 v5-td10; do
		v "$TDX/$q.quote"
		[ "$status" -eq 0 ] || { echo "$q: $output"; false; }
		only_fails none
	done
	run t "$TSMCTL" verify --provider tdx_guest --nonce "$NONCE" --trust-anchor "$TDX/root.pem" "$TDX/v5.quote"
	[ "$status" -eq 0 ]
	[[ "$output" == *"Signature:                valid"* ]]
}

@test "tdx: a flipped bit in the body, the quote signature, the QE report or its signature fails that check alone" {
	for row in "body 100 tdx.quote_signature" "sig 40 tdx.quote_signature" \
		"qe_report 1 tdx.qe_report_signature" "qe_report_sig 3 tdx.qe_report_signature"; do
		# shellcheck disable=SC2086 # split the row into its fields
		set -- $row
		flip v4.quote $(($(off "$1") + $2))
		v "$TMP/flipped"
		[ "$status" -eq 1 ] || { echo "$row: $output"; false; }
		only_fails "$3"
	done
	flip v5.quote $((48 + 6 + 600)) # in the TDX 1.5 part of the body
	v "$TMP/flipped"
	[ "$status" -eq 1 ]
	only_fails tdx.quote_signature
}

@test "tdx: a QE report that does not bind the attestation key fails" {
	v "$TDX/nobind.quote"
	[ "$status" -eq 1 ]
	only_fails tdx.qe_report_binding
	[[ "$output" == *"the QE did not vouch for this key"* ]]
}

@test "tdx: a flipped bit in each certificate of the PCK chain fails the chain alone" {
	for n in 0 1 2; do
		v "$TDX/cert$n.quote"
		[ "$status" -eq 1 ] || { echo "cert$n: $output"; false; }
		only_fails tdx.pck_chain
	done
}

@test "tdx: an expired PCK certificate, a later --at and another root fail the chain" {
	v "$TDX/expired.quote"
	[ "$status" -eq 1 ]
	only_fails tdx.pck_chain
	[[ "$output" == *"certificate has expired"* ]]
	v "$TDX/v4.quote" --at "@$(($(date +%s) + 3651 * 86400))"
	[ "$status" -eq 1 ]
	only_fails tdx.pck_chain
	run t "$TSMCTL" verify --provider tdx_guest --nonce "$NONCE" --trust-anchor "$TDX/other-root.pem" \
		--json "$TDX/v4.quote"
	[ "$status" -eq 1 ]
	only_fails tdx.pck_chain
}

@test "tdx: without --trust-anchor the pinned Intel SGX Root CA does not trust the test root" {
	run t "$TSMCTL" verify --provider tdx_guest --nonce "$NONCE" --json "$TDX/v4.quote"
	[ "$status" -eq 1 ]
	only_fails tdx.pck_chain
	[[ "$output" == *"the pinned Intel SGX Root CA"* ]]
}

@test "tdx: the wrong nonce fails the binding alone" {
	other=$(printf '%s' "$NONCE" | tr 0-9a-f 1-9a-f0)
	run t "$TSMCTL" verify --provider tdx_guest --nonce "$other" --trust-anchor "$TDX/root.pem" \
		--json "$TDX/v4.quote"
	[ "$status" -eq 1 ]
	only_fails tdx.nonce
}

@test "tdx: no PCK chain in the quote: bound but unchecked (11), or the chain from --certs" {
	v "$TDX/nochain.quote"
	[ "$status" -eq 11 ]
	[ "$(outcome tdx.pck_chain)" = skip ]
	run t "$TSMCTL" verify --provider tdx_guest --nonce "$NONCE" "$TDX/nochain.quote"
	[ "$status" -eq 11 ]
	[[ "$output" == *"Signature:                NOT checked (see the skipped checks)"* ]]
	run t "$TSMCTL" verify --provider tdx_guest --nonce "$NONCE" --quiet "$TDX/nochain.quote"
	[ "$status" -eq 11 ]
	[ -z "$output" ]
	v "$TDX/nochain.quote" --certs "$TDX/chain.pem"
	[ "$status" -eq 0 ]
	only_fails none
	flip v4.quote $(($(off sig) + 40))
	run t "$TSMCTL" verify --provider tdx_guest --nonce "$NONCE" --no-signature "$TMP/flipped"
	[ "$status" -eq 0 ]
	[[ "$output" == *"not checked (--no-signature)"* ]]
}

@test "tdx: CRLs: current ones pass, a revoked PCK certificate fails, a missing root CA CRL fails" {
	v "$TDX/v4.quote"
	[ "$(outcome tdx.revocation)" = skip ]
	v "$TDX/v4.quote" --crl "$TDX/pck.crl" --crl "$TDX/root.crl"
	[ "$status" -eq 0 ]
	[ "$(outcome tdx.revocation)" = pass ]
	v "$TDX/v4.quote" --crl "$TDX/pck-revoked.crl" --crl "$TDX/root.crl"
	[ "$status" -eq 1 ]
	[ "$(outcome tdx.revocation)" = fail ]
	[[ "$output" == *"certificate revoked"* ]]
	v "$TDX/v4.quote" --crl "$TDX/pck.crl"
	[ "$status" -eq 1 ]
	[ "$(outcome tdx.revocation)" = fail ]
}

@test "tdx: TCB info and QE identity, each against its own signing chain, then the TCB status" {
	v "$TDX/v4.quote" --tcb-info "$TDX/tcbinfo.json" --qe-identity "$TDX/qeidentity.json"
	[ "$status" -eq 0 ]
	for id in tdx.tcb_info_chain tdx.tcb_info_signature tdx.tcb_status tdx.qe_identity_chain \
		tdx.qe_identity_signature tdx.qe_identity; do
		[ "$(outcome "$id")" = pass ] || { echo "$id: $output"; false; }
	done
	[[ "$output" == *"TCB level 1, SWHardeningNeeded"* ]]
	for row in "tcbinfo-tampered tdx.tcb_info_signature" "tcbinfo-otherroot tdx.tcb_info_chain" \
		"tcbinfo-revoked tdx.tcb_status" "tcbinfo-fmspc tdx.tcb_status"; do
		# shellcheck disable=SC2086 # split the row into its fields
		set -- $row
		v "$TDX/v4.quote" --tcb-info "$TDX/$1.json"
		[ "$status" -eq 1 ] || { echo "$1: $output"; false; }
		[ "$(outcome "$2")" = fail ] || { echo "$1: $output"; false; }
		only_fails none
	done
	v "$TDX/v4.quote" --qe-identity "$TDX/qeidentity-outofdate.json"
	[ "$status" -eq 1 ]
	[ "$(outcome tdx.qe_identity)" = fail ]
	[ "$(outcome tdx.tcb_status)" = skip ]
	v "$TDX/v4.quote" --qe-identity "$TDX/qeidentity-other.json"
	[ "$status" -eq 1 ]
	[ "$(outcome tdx.qe_identity)" = fail ]
	[[ "$output" == *"MRSIGNER or ISVPRODID is not the identity's"* ]]
}

@test "tdx: an unreadable --trust-anchor is an error, not an answer" {
	run t "$TSMCTL" verify --provider tdx_guest --nonce "$NONCE" --trust-anchor "$TMP/none.pem" \
		"$TDX/v4.quote"
	[ "$status" -ne 0 ]
	[ "$status" -ne 1 ]
	assert_one_line_error tsmctl "$output"
}
