#!/usr/bin/env bats
# shellcheck shell=bats
# SPDX-License-Identifier: GPL-2.0-or-later
# tsmctl verify for Arm CCA tokens (tsmctl-evidence, src/tsmctl/evidence/cca*.c):
# every check passes on a good token and fails on its own on a token broken
# in one way. The tokens and keys are made now by tests/evidence/gen-cca.py.

load test_helper

# shellcheck disable=SC2154 # top_srcdir and top_builddir: set by test_helper.bash (bats load is not followed)
GEN=$top_srcdir/tests/evidence/gen-cca.py

setup() {
	common_setup
	/usr/bin/python3 -c 'import cbor2, cryptography' 2>/dev/null ||
		hk_skip "needs python3-cbor2 and python3-cryptography"
	NONCE=$(printf '5a%.0s' $(seq 48))
}

teardown() {
	common_teardown
}

# gen [gen-cca.py options]: a token for $NONCE in $TMP.
gen() {
	t "$GEN" "$TMP" "$NONCE" "$@"
}

# vcca NONCE CPAK|- [OPTION...]: tsmctl verify $TMP/token.cbor as a CCA token;
# its text output lists each check as "  OUTCOME  ID (KIND): DETAIL".
vcca() {
	local nonce=$1 cpak=$2
	shift 2
	if [ "$cpak" = - ]; then
		t "$TSMCTL" verify --provider arm_cca_guest --nonce "$nonce" "$@" "$TMP/token.cbor"
	else
		t "$TSMCTL" verify --provider arm_cca_guest --nonce "$nonce" --cpak "$cpak" "$@" "$TMP/token.cbor"
	fi
}

# The outcome of check $1 in $output.
outcome() {
	printf '%s\n' "$output" | awk -v id="$1" '$2 == id { print $1 }'
}

# The ids of the checks that failed, space-separated.
failed() {
	printf '%s\n' "$output" | awk '$1 == "fail" { printf "%s%s", sep, $2; sep = " " }'
}

@test "verify cca: a good token with its CPAK passes every check" {
	gen
	run vcca "$NONCE" "$TMP/cpak.pem"
	[ "$status" -eq 0 ]
	for id in cca.token cca.nonce cca.realm_signature cca.rak_binding cca.platform_signature; do
		[ "$(outcome $id)" = pass ] || { echo "$id: $output"; false; }
	done
	[[ "$output" == *"realm initial measurement sha-256:"* ]]
	[[ "$output" == *"implementation ID a0a1a2a3"* ]]
}

@test "verify cca: the summary names the challenge claim and the CPAK, not REPORT_DATA or a root" {
	gen
	run vcca "$NONCE" "$TMP/cpak.pem"
	[ "$status" -eq 0 ]
	[[ "$output" == *"Signature:                valid (signed by the given CPAK)"* ]]
	[[ "$output" == *"Nonce:                    bound (the challenge claim equals the nonce, zero-padded)"* ]]
	[[ "$output" == *"Result:                   yes: the nonce is bound and the platform token is signed by the given CPAK"* ]]
	[[ "$output" != *"REPORT_DATA"* ]]
	run vcca "$(printf '6b%.0s' $(seq 48))" "$TMP/cpak.pem"
	[ "$status" -eq 1 ]
	[[ "$output" == *"Nonce:                    NOT bound (the challenge claim differs from the nonce)"* ]]
}

@test "verify cca: without a CPAK the platform signature is skipped, not passed" {
	gen
	run vcca "$NONCE" -
	[ "$status" -eq 11 ]
	[ "$(outcome cca.platform_signature)" = skip ]
	[[ "$output" == *"no --cpak FILE given"* ]]
	[ -z "$(failed)" ]
}

@test "verify cca: a raw-point RAK, a sha-512 RAK hash and a P-384 CPAK pass too" {
	gen --raw-rak --rak-hash sha-512 --platform-curve P-384
	run vcca "$NONCE" "$TMP/cpak.pem"
	[ "$status" -eq 0 ]
	[[ "$output" == *"by the realm's RAK (raw EC point)"* ]]
	[ "$(outcome cca.rak_binding)" = pass ]
	[[ "$output" == *"is the sha-512 of the realm public key"* ]]
	[[ "$output" == *"by the given CPAK: ES384 signature (P-384) verifies"* ]]
}

@test "verify cca: another nonce fails only the nonce check" {
	gen
	run vcca "$(printf 'a5%.0s' $(seq 48))" "$TMP/cpak.pem"
	[ "$status" -eq 1 ]
	[ "$(failed)" = cca.nonce ]
}

@test "verify cca: a nonce shorter than arm_cca_guest takes is not bound" {
	gen
	run vcca "$(printf '5a%.0s' $(seq 16))" "$TMP/cpak.pem"
	[ "$status" -eq 1 ]
	[ "$(failed)" = cca.nonce ]
	[[ "$output" == *"takes 32 to 64"* ]]
}

@test "verify cca: a realm challenge of 32 bytes fails the nonce check" {
	gen --mutate short-challenge
	run vcca "$NONCE" "$TMP/cpak.pem"
	[ "$status" -eq 1 ]
	[ "$(failed)" = cca.nonce ]
}

@test "verify cca: a flipped bit fails only the signature over it" {
	for row in realm-payload:cca.realm_signature realm-sig:cca.realm_signature \
		platform-payload:cca.platform_signature platform-sig:cca.platform_signature; do
		gen --mutate "${row%%:*}"
		run vcca "$NONCE" "$TMP/cpak.pem"
		[ "$status" -eq 1 ] || { echo "$row: $output"; false; }
		[ "$(failed)" = "${row#*:}" ] || { echo "$row: $output"; false; }
		[[ "$output" == *"does not verify"* ]]
	done
}

@test "verify cca: a platform challenge that does not hash the RAK fails the binding" {
	gen --mutate unbound-rak
	run vcca "$NONCE" "$TMP/cpak.pem"
	[ "$status" -eq 1 ]
	[ "$(failed)" = cca.rak_binding ]
}

@test "verify cca: another CPAK fails the platform signature" {
	gen
	run vcca "$NONCE" "$TMP/other-cpak.pem"
	[ "$status" -eq 1 ]
	[ "$(failed)" = cca.platform_signature ]
}

@test "verify cca: an alg that does not fit the RAK, or none, fails the realm signature" {
	gen --mutate wrong-alg
	run vcca "$NONCE" "$TMP/cpak.pem"
	[ "$status" -eq 1 ]
	[ "$(failed)" = cca.realm_signature ]
	[[ "$output" == *"alg ES256 needs a P-256 key, the key is P-384"* ]]
	gen --mutate no-alg
	run vcca "$NONCE" "$TMP/cpak.pem"
	[ "$status" -eq 1 ]
	[ "$(failed)" = cca.realm_signature ]
	[[ "$output" == *"names no alg"* ]]
}

@test "verify cca: malformed CBOR, a claim given twice and a file that is no CPAK are format failures" {
	for m in truncated not-cbor dup-challenge; do
		gen --mutate "$m"
		run vcca "$NONCE" "$TMP/cpak.pem"
		[ "$status" -eq 2 ] || { echo "$m: $output"; false; }
		[[ "$output" == *"as a arm_cca_guest report: cca.token: "* ]]
		assert_one_line_error tsmctl "$output"
	done
	[[ "$output" == *"realm token: claim 10 appears twice"* ]]
	gen
	printf 'not a key\n' >"$TMP/junk.pem"
	run vcca "$NONCE" "$TMP/junk.pem"
	[ "$status" -eq 2 ]
	[[ "$output" == *"cca.cpak: the --cpak file is not a PEM public key"* ]]
	run vcca "$NONCE" /dev/zero
	[ "$status" -eq 2 ]
	[[ "$output" == *"cca.cpak: the --cpak file is larger than a PEM public key"* ]]
	run vcca "$NONCE" "$TMP/absent.pem"
	[ "$status" -eq 5 ]
	assert_one_line_error tsmctl "$output"
}

@test "verify cca: JSON says the signature is unchecked without a CPAK" {
	gen
	run vcca "$NONCE" - --json
	[ "$status" -eq 11 ]
	[ "$(printf '%s' "$output" | json_get signature)" = unchecked ]
	[ "$(printf '%s' "$output" | json_get checks 4 id)" = cca.platform_signature ]
	[ "$(printf '%s' "$output" | json_get checks 4 outcome)" = skip ]
}

@test "verify cca: the static tsmctl names a CCA token's provider" {
	gen
	run t "$TSMCTL" verify --provider sev_guest --nonce "$NONCE" "$TMP/token.cbor"
	[ "$status" -eq 2 ]
	[[ "$output" == *"has the header of a arm_cca_guest report"* ]]
}

@test "verify cca: --no-signature checks the nonce alone and skips the rest" {
	gen --mutate realm-sig
	run vcca "$NONCE" "$TMP/cpak.pem" --no-signature
	[ "$status" -eq 0 ]
	[ "$(outcome cca.nonce)" = pass ]
	[ "$(outcome cca.realm_signature)" = skip ]
	[ "$(outcome cca.rak_binding)" = skip ]
	[ "$(outcome cca.platform_signature)" = skip ]
}
