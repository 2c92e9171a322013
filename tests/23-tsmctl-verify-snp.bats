#!/usr/bin/env bats
# shellcheck shell=bats
# SPDX-License-Identifier: GPL-2.0-or-later
# tsmctl verify on SEV-SNP reports signed with a test PKI (evidence.bash):
# every check passes on good material and each fails on its own.

load test_helper
load evidence

setup_file() {
	snp_pki_setup
}

setup() {
	common_setup
	PKI=$BATS_FILE_TMPDIR/pki
	python3 "$GEN_SNP" report "$PKI" "$TMP/r" "$NONCE"
	python3 "$GEN_SNP" table "$TMP/t" vcek="$PKI/vcek.der" ask="$PKI/ask-milan.der" ark="$PKI/ark-milan.der"
	TA=(--trust-anchor "$PKI/ark-milan.pem")
}

teardown() {
	common_teardown
}

# v ARGS...: verify the report with --json against the test Milan root.
v() {
	run t "$TSMCTL" verify --provider sev_guest --nonce "$NONCE" --json "$@"
}

@test "snp: a good report verifies from a table, PEM, and the auxblob of a JSON report" {
	v --certs "$TMP/t" "${TA[@]}" "$TMP/r"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[ "$(echo "$output" | json_str signature)" = valid ]
	[ -z "$(echo "$output" | checks fail)" ]
	[ "$(echo "$output" | checks skip)" = snp.revocation ]
	[ "$(echo "$output" | checks pass)" = "snp.format snp.nonce snp.signing_key snp.certs snp.report_signature snp.ark_trusted snp.vcek_signed snp.ask_signed snp.validity snp.product snp.chip_id snp.tcb" ]
	cat "$PKI/vcek.pem" "$PKI/ask-milan.pem" >"$TMP/chain.pem"
	v --certs "$TMP/chain.pem" "${TA[@]}" "$TMP/r"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	printf '{"provider": "sev_guest", "outblob": "%s", "auxblob": "%s"}\n' "$(base64 -w0 "$TMP/r")" \
		"$(base64 -w0 "$TMP/t")" >"$TMP/r.json"
	v "${TA[@]}" "$TMP/r.json"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	run t "$TSMCTL" verify --provider sev_guest --nonce "$NONCE" "${TA[@]}" "$TMP/r.json"
	[[ "$output" == *"Signature:                valid (chains to a pinned or given root)"* ]]
	[[ "$output" == *"  pass  snp.report_signature (signature): ECDSA P-384"* ]]
}

@test "snp: without certificates exit 11, never 0; --no-signature answers the binding alone" {
	v "$TMP/r"
	[ "$status" -eq 11 ]
	[ "$(echo "$output" | json_str signature)" = unchecked ]
	[ "$(echo "$output" | checks skip)" = snp.certs ]
	v --no-signature "$TMP/r"
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | json_str signature)" = not_requested ]
	run t "$TSMCTL" verify --provider sev_guest --nonce "$NONCE" --no-signature "$TMP/r"
	[[ "$output" == *"Signature:                not checked (--no-signature)"* ]]
	# a table without the VCEK: unchecked too
	python3 "$GEN_SNP" table "$TMP/t2" ask="$PKI/ask-milan.der"
	v --certs "$TMP/t2" "${TA[@]}" "$TMP/r"
	[ "$status" -eq 11 ]
	# not bound beats unchecked
	v --nonce-file /dev/null "$TMP/r"
	[ "$status" -eq 2 ]
	run t "$TSMCTL" verify --provider sev_guest --nonce 00 --quiet --certs "$TMP/t" "${TA[@]}" "$TMP/r"
	[ "$status" -eq 1 ]
}

@test "snp: the test root is not one of the pinned AMD roots" {
	v --certs "$TMP/t" "$TMP/r"
	[ "$status" -eq 1 ]
	[ "$(echo "$output" | checks fail)" = snp.ark_trusted ]
	[[ "$(echo "$output" | json_str result)" == *"is not a pinned AMD root (Milan, Genoa, Turin)"* ]]
	python3 "$GEN_SNP" table "$TMP/t2" vcek="$PKI/vcek.der" ask="$PKI/ask-milan.der"
	v --certs "$TMP/t2" "$TMP/r"
	[ "$status" -eq 1 ]
	[ "$(echo "$output" | checks fail)" = snp.ark_trusted ]
}

@test "snp: a flipped bit in the body or the signature fails the signature alone" {
	for off in 0x90 0x1f0 0x29f 0x2a0 0x2e8 0x2e7; do
		python3 "$GEN_SNP" report "$PKI" "$TMP/f" "$NONCE"
		flip "$TMP/f" "$off"
		v --certs "$TMP/t" "${TA[@]}" "$TMP/f"
		[ "$status" -eq 1 ] || { echo "$off: $output"; false; }
		[ "$(echo "$output" | checks fail)" = snp.report_signature ] || { echo "$off: $output"; false; }
	done
}

@test "snp: a flipped bit in each certificate fails that certificate's check" {
	for row in "vcek ask-milan ark-milan snp.vcek_signed" "vcek ask-milan ark-milan snp.ask_signed" \
		"vcek ask-milan ark-milan snp.ark_trusted"; do
		# shellcheck disable=SC2086 # split the row into its fields
		set -- $row
		cp "$PKI/$1.der" "$TMP/leaf.der"
		cp "$PKI/$2.der" "$TMP/ask.der"
		cp "$PKI/$3.der" "$TMP/ark.der"
		case $4 in
		snp.vcek_signed) f=leaf ;;
		snp.ask_signed) f=ask ;;
		*) f=ark ;;
		esac
		flip "$TMP/$f.der" $(($(stat -c %s "$TMP/$f.der") - 2))	# inside the signature value
		python3 "$GEN_SNP" table "$TMP/tf" vcek="$TMP/leaf.der" ask="$TMP/ask.der" ark="$TMP/ark.der"
		v --certs "$TMP/tf" "${TA[@]}" "$TMP/r"
		[ "$status" -eq 1 ] || { echo "$4: $output"; false; }
		[ "$(echo "$output" | checks fail)" = "$4" ] || { echo "$4: $output"; false; }
	done
}

@test "snp: the wrong ARK product: another product's root, or a VCEK for another product" {
	python3 "$GEN_SNP" table "$TMP/t2" vcek="$PKI/vcek.der" ask="$PKI/ask-milan.der" ark="$PKI/ark-genoa.der"
	v --certs "$TMP/t2" "${TA[@]}" --trust-anchor "$PKI/ark-genoa.pem" "$TMP/r"
	[ "$status" -eq 1 ]
	[ "$(echo "$output" | checks fail)" = "snp.ask_signed snp.product" ]
	# a chain to the Genoa root whose VCEK says Milan
	python3 "$GEN_SNP" table "$TMP/t3" vcek="$PKI/vcek-milan-by-genoa.der" ask="$PKI/ask-genoa.der"
	v --certs "$TMP/t3" --trust-anchor "$PKI/ark-genoa.pem" "$TMP/r"
	[ "$status" -eq 1 ]
	[ "$(echo "$output" | checks fail)" = snp.product ]
	[[ "$(echo "$output" | json_str result)" == *"the VCEK is for Milan, but its root is the ARK for Genoa"* ]]
}

@test "snp: VLEK and VCEK: the key the report names is the key that must have signed" {
	python3 "$GEN_SNP" report "$PKI" "$TMP/rl" "$NONCE" --key vlek
	python3 "$GEN_SNP" table "$TMP/tl" vlek="$PKI/vlek.der" ask="$PKI/asvk-milan.der" ark="$PKI/ark-milan.der"
	v --certs "$TMP/tl" "${TA[@]}" "$TMP/rl"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[ "$(echo "$output" | checks pass | grep -c snp.chip_id)" -eq 0 ]
	# the report names the VLEK, the table holds only a VCEK
	v --certs "$TMP/t" "${TA[@]}" "$TMP/rl"
	[ "$status" -eq 1 ]
	[ "$(echo "$output" | checks fail)" = snp.certs ]
	# the report names the VCEK but the VLEK signed it
	python3 "$GEN_SNP" report "$PKI" "$TMP/rx" "$NONCE" --key vcek --signer vlek
	python3 "$GEN_SNP" table "$TMP/tb" vcek="$PKI/vcek.der" vlek="$PKI/vlek.der" ask="$PKI/ask-milan.der"
	v --certs "$TMP/tb" "${TA[@]}" "$TMP/rx"
	[ "$status" -eq 1 ]
	[ "$(echo "$output" | checks fail)" = snp.report_signature ]
	# SIGNING_KEY 7: not signed at all
	python3 "$GEN_SNP" report "$PKI" "$TMP/r7" "$NONCE" --bits 7
	v --certs "$TMP/t" "${TA[@]}" "$TMP/r7"
	[ "$status" -eq 1 ]
	[ "$(echo "$output" | checks fail)" = snp.signing_key ]
}

@test "snp: an expired or not yet valid certificate" {
	python3 "$GEN_SNP" table "$TMP/ts" vcek="$PKI/vcek-short.der" ask="$PKI/ask-milan.der" ark="$PKI/ark-milan.der"
	v --certs "$TMP/ts" "${TA[@]}" "$TMP/r"
	[ "$status" -eq 0 ]
	v --certs "$TMP/ts" "${TA[@]}" --at "@$(($(date +%s) + 3 * 86400))" "$TMP/r"
	[ "$status" -eq 1 ]
	[ "$(echo "$output" | checks fail)" = snp.validity ]
	[[ "$(echo "$output" | json_str result)" == *"the VCEK certificate has expired"* ]]
	v --certs "$TMP/t" "${TA[@]}" --at 2001-01-01T00:00:00Z "$TMP/r"
	[ "$status" -eq 1 ]
	[ "$(echo "$output" | checks fail)" = snp.validity ]
	run t "$TSMCTL" verify --provider sev_guest --nonce "$NONCE" --at yesterday "$TMP/r"
	[ "$status" -eq 2 ]
	[ "${lines[0]}" = "tsmctl: verify: --at: 'yesterday' is not a time: expected YYYY-MM-DDTHH:MM:SSZ or @SECONDS" ]
}

@test "snp: revocation by CRL: the ASK, the VCEK, a clean CRL, a foreign CRL" {
	v --certs "$TMP/t" "${TA[@]}" --crl "$PKI/crl-ark-empty.pem" "$TMP/r"
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | checks skip)" = "" ]
	for crl in crl-ark-ask.pem crl-ask-vcek.pem crl-genoa.pem; do
		v --certs "$TMP/t" "${TA[@]}" --crl "$PKI/crl-ark-empty.pem" --crl "$PKI/$crl" "$TMP/r"
		[ "$status" -eq 1 ] || { echo "$crl: $output"; false; }
		[ "$(echo "$output" | checks fail)" = snp.revocation ]
	done
	[[ "$(echo "$output" | json_str result)" == *"issued by neither the chain's ARK nor its ASK"* ]]
	openssl crl -in "$PKI/crl-ask-vcek.pem" -outform DER -out "$TMP/crl.der"
	v --certs "$TMP/t" "${TA[@]}" --crl "$TMP/crl.der" "$TMP/r"
	[ "$status" -eq 1 ]
	[[ "$(echo "$output" | json_str result)" == *"the VCEK certificate is revoked by the CRL of SEV-Milan"* ]]
	v --certs "$TMP/t" "${TA[@]}" --crl "$TMP/missing" "$TMP/r"
	[ "$status" -eq 5 ]
}

@test "snp: the VCEK of another chip, or of another TCB" {
	for row in "vcek-chip snp.chip_id" "vcek-tcb snp.tcb"; do
		# shellcheck disable=SC2086 # split the row into its fields
		set -- $row
		python3 "$GEN_SNP" table "$TMP/tv" vcek="$PKI/$1.der" ask="$PKI/ask-milan.der" ark="$PKI/ark-milan.der"
		v --certs "$TMP/tv" "${TA[@]}" "$TMP/r"
		[ "$status" -eq 1 ] || { echo "$1: $output"; false; }
		[ "$(echo "$output" | checks fail)" = "$2" ]
	done
	[[ "$(echo "$output" | json_str result)" == *"snpSPL is 9, the report's REPORTED_TCB says 8 (byte 6 of the Milan layout)"* ]]
}

@test "snp: Turin's TCB layout and 8-byte chip ID" {
	python3 "$GEN_SNP" report "$PKI" "$TMP/rt" "$NONCE" --product Turin
	python3 "$GEN_SNP" table "$TMP/tt" vcek="$PKI/vcek-turin.der" ask="$PKI/ask-turin.der" ark="$PKI/ark-turin.der"
	v --certs "$TMP/tt" --trust-anchor "$PKI/ark-turin.pem" "$TMP/rt"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[[ "$output" == *"(Turin layout): fmcSPL=2 blSPL=3 teeSPL=0 snpSPL=8 ucodeSPL=115"* ]]
	# read with Milan's layout, the same bytes would not agree
	flip "$TMP/rt" 0x183
	v --certs "$TMP/tt" --trust-anchor "$PKI/ark-turin.pem" "$TMP/rt"
	[ "$status" -eq 1 ]
}

@test "snp: hostile certificate tables are refused with a reason" {
	for hex in "" "00" "$(printf 'ff%.0s' $(seq 24))" ; do
		printf '%s' "$hex" | xxd -r -p >"$TMP/bad"
		[ -s "$TMP/bad" ] || printf 'x' >"$TMP/bad"
		v --certs "$TMP/bad" "${TA[@]}" "$TMP/r"
		[ "$status" -eq 1 ] || { echo "$hex: $output"; false; }
		[ "$(echo "$output" | checks fail)" = snp.certs ]
	done
	[[ "$(echo "$output" | json_str result)" == *"malformed: it ends before the all-zero entry"* ]]
	# a PEM file without certificates
	printf -- '-----BEGIN CERTIFICATE-----\nxx\n-----END CERTIFICATE-----\n' >"$TMP/bad.pem"
	v --certs "$TMP/bad.pem" "${TA[@]}" "$TMP/r"
	[ "$status" -eq 11 ]
	# an unreadable trust anchor is an error, not an answer
	run t "$TSMCTL" verify --provider sev_guest --nonce "$NONCE" --certs "$TMP/t" --trust-anchor "$TMP/bad" "$TMP/r"
	[ "$status" -eq 2 ]
	[ "$output" = "tsmctl: cannot verify '$TMP/r': --trust-anchor '$TMP/bad': it holds no PEM certificate" ]
}
