#!/usr/bin/env bats
# shellcheck shell=bats
# SPDX-License-Identifier: GPL-2.0-or-later
# tsmctl verify without the kernel: the report decoders on crafted reports
# (tsmctl.bash).

load test_helper
load tsmctl

# The provider that made a crafted report of KIND.
pv() {
	case $1 in
	mock*) echo mock_tsm ;;
	sev*) echo sev_guest ;;
	tdx*) echo tdx_guest ;;
	esac
}

@test "verify: bound, not bound, truncated and wrong version for every format" {
	other=$(printf 'ff%.0s' $(seq 64))
	for kind in mock sev tdx4 tdx5 tdx5-t3; do
		craft "$kind" "$NONCE" "$TMP/$kind"
		run t "$TSMCTL" verify --no-signature --provider "$(pv "$kind")" --nonce "$NONCE" "$TMP/$kind"
		[ "$status" -eq 0 ] || { echo "$kind: $output"; false; }
		[[ "$output" == *"Nonce:                    bound"* ]]
		run t "$TSMCTL" verify --no-signature --provider "$(pv "$kind")" --nonce "$other" "$TMP/$kind"
		[ "$status" -eq 1 ] || { echo "$kind not bound: $output"; false; }
		[[ "$output" == *"NOT bound"* ]]
		# one byte short, with the format named
		head -c $(($(stat -c %s "$TMP/$kind") - 1)) "$TMP/$kind" >"$TMP/$kind.cut"
		p=$(case $kind in mock) echo mock_tsm ;; sev) echo sev_guest ;; *) echo tdx_guest ;; esac)
		run t "$TSMCTL" verify --no-signature --provider "$p" --nonce "$NONCE" "$TMP/$kind.cut"
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
		run t "$TSMCTL" verify --no-signature --provider "$p" --nonce "$NONCE" "$TMP/$kind"
		[ "$status" -eq 2 ] || { echo "$kind: $output"; false; }
		[[ "$output" == *"$*"* ]] || { echo "$kind: $output"; false; }
		assert_one_line_error tsmctl "$output"
	done
	# the expected provider comes from --provider or the kernel, never the file
	run t "$TSMCTL" verify --no-signature --nonce "$NONCE" "$TMP/sev"
	[ "$status" -eq 2 ]
	[[ "$output" == *"cannot tell which provider's reports to expect ("*"): give --provider NAME"* ]]
}

@test "verify: the file never chooses its decoder; unsigned mock reports only by name" {
	craft mock "$NONCE" "$TMP/mock"
	printf '{"provider": "mock_tsm", "outblob": "%s"}\n' "$(base64 -w0 "$TMP/mock")" >"$TMP/forged.json"
	# a verifier without configfs-tsm and without --provider: no answer
	rm -rf "$R/sys"
	for f in forged.json mock; do
		run t "$TSMCTL" verify --no-signature --nonce "$NONCE" "$TMP/$f"
		[ "$status" -eq 2 ]
		[ "${lines[0]}" = "tsmctl: verify: cannot tell which provider's reports to expect (this system has no configfs-tsm): give --provider NAME" ]
		assert_one_line_error tsmctl "$output"
	done
	# a TDX or SEV-SNP verifier: the document's claim does not match
	for p in tdx_guest sev_guest; do
		run t "$TSMCTL" verify --no-signature --provider "$p" --nonce "$NONCE" "$TMP/forged.json"
		[ "$status" -eq 2 ]
		[ "${lines[0]}" = "tsmctl: verify: report file '$TMP/forged.json' says provider 'mock_tsm', but the expected provider is $p" ]
		run t "$TSMCTL" verify --no-signature --provider "$p" --nonce "$NONCE" "$TMP/mock"
		[ "$status" -eq 2 ]
		[ "${lines[0]}" = "tsmctl: verify: report file '$TMP/mock' has the header of a mock_tsm report, but the expected provider is $p" ]
	done
	# asked for by name, the mock format is decoded
	run t "$TSMCTL" verify --no-signature --provider mock_tsm --nonce "$NONCE" "$TMP/forged.json"
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
		run t "$TSMCTL" verify --no-signature --provider "$(pv "$1")" --json --nonce "$NONCE" "$TMP/$1"
		[ "$(echo "$output" | json_get report_data_offset)" = "$2" ]
		run t "$TSMCTL" verify --no-signature --provider "$(pv "$1")" --nonce "$NONCE" "$TMP/$1"
		[[ "$output" == *"Report data offset:       $3"* ]]
	done
	run t "$TSMCTL" verify --no-signature --provider sev_guest --json --nonce "$NONCE" "$TMP/sev"
	[ "$(echo "$output" | json_get fields measurement)" = "$(printf '%02x' $(seq 160 207))" ]
	[ "$(echo "$output" | json_get fields version)" = 2 ]
	[ "$(echo "$output" | json_get signature_checked)" = false ]
	run t "$TSMCTL" verify --no-signature --provider tdx_guest --json --nonce "$NONCE" "$TMP/tdx5"
	[ "$(echo "$output" | json_get fields version)" = 5 ]
	[ "$(echo "$output" | json_get fields tee_type)" = 0x81 ]
	[ "$(echo "$output" | json_get fields qe_vendor_id)" = 939a7233f79c4ca9940a0db3957f0607 ]
	[ "$(echo "$output" | json_get fields body_type)" = 2 ]
}

@test "verify: a short nonce is compared zero-padded to 64 bytes" {
	for kind in mock sev tdx4; do
		craft "$kind" "$SHORT" "$TMP/$kind"
		run t "$TSMCTL" verify --no-signature --provider "$(pv "$kind")" --nonce "$SHORT" "$TMP/$kind"
		[ "$status" -eq 0 ]
		run t "$TSMCTL" verify --no-signature --provider "$(pv "$kind")" --nonce "${SHORT}00" "$TMP/$kind"
		[ "$status" -eq 0 ]
		run t "$TSMCTL" verify --no-signature --provider "$(pv "$kind")" --nonce "${SHORT}01" "$TMP/$kind"
		[ "$status" -eq 1 ]
		run t "$TSMCTL" verify --no-signature --provider "$(pv "$kind")" --nonce c0ff "$TMP/$kind"
		[ "$status" -eq 1 ]
	done
}

@test "verify checks the mock digest at every length, up to exactly 32 KiB" {
	# 280 and 295 put the SHA-256 padding in a second block.
	for size in 256 280 295 296 1024 32768; do
		craft mock "$NONCE" "$TMP/m" "$size"
		run t "$TSMCTL" verify --no-signature --provider mock_tsm --nonce "$NONCE" "$TMP/m"
		[ "$status" -eq 0 ] || { echo "size $size: $output"; false; }
		[[ "$output" == *"Length:                   $size"* ]]
	done
	cat "$TMP/m" /dev/null >"$TMP/m2"
	printf 'x' >>"$TMP/m2"
	run t "$TSMCTL" verify --no-signature --provider mock_tsm --nonce "$NONCE" "$TMP/m2"
	[ "$status" -eq 2 ]
	[[ "$output" == *"trailing data"* ]]
}

@test "verify: a JSON report, stdin, --quiet, the wrong provider, bad files" {
	craft sev "$NONCE" "$TMP/sev"
	printf '{"provider": "sev_guest", "outblob": "%s", "x": [1, {"y": null}]}\n' "$(base64 -w0 "$TMP/sev")" >"$TMP/sev.json"
	run t "$TSMCTL" verify --no-signature --provider sev_guest --nonce "$NONCE" "$TMP/sev.json"
	[ "$status" -eq 0 ]
	[[ "$output" == "Provider:                 sev_guest"* ]]
	run bash -c "timeout $HK_TIMEOUT '$TSMCTL' verify --no-signature --provider sev_guest --nonce $NONCE - <'$TMP/sev'"
	[ "$status" -eq 0 ]
	run t "$TSMCTL" verify --no-signature --provider sev_guest --quiet --nonce "$NONCE" "$TMP/sev"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	run t "$TSMCTL" verify --no-signature --provider sev_guest --quiet --nonce 00 "$TMP/sev"
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	# the wrong --provider: refused by the header, or by the decoder
	craft tdx4 "$NONCE" "$TMP/tdx"
	run t "$TSMCTL" verify --no-signature --provider mock_tsm --nonce "$NONCE" "$TMP/tdx"
	[ "$status" -eq 2 ]
	[[ "$output" == *"has the header of a tdx_guest report, but the expected provider is mock_tsm"* ]]
	head -c 2000 /dev/zero >"$TMP/zero"
	run t "$TSMCTL" verify --no-signature --provider mock_tsm --nonce "$NONCE" "$TMP/zero"
	[ "$status" -eq 2 ]
	[[ "$output" == *"no mock_tsm magic"* ]]
	# bad JSON reports
	for doc in '{"outblob": 1}' '{"provider": "sev_guest"}' '{"outblob": "AA==", "outblob": "AA=="}' \
		'{"outblob": "!!"}' '{"outblob": "AA==" x' '{"outblob": "AA=="} {}'; do
		echo "$doc" >"$TMP/bad.json"
		run t "$TSMCTL" verify --no-signature --provider sev_guest --nonce 00 "$TMP/bad.json"
		[ "$status" -eq 2 ] || { echo "$doc: $status $output"; false; }
		assert_one_line_error tsmctl "$output"
	done
	head -c 2000 /dev/urandom >"$TMP/noise"
	printf 'X' | dd of="$TMP/noise" conv=notrunc status=none
	run t "$TSMCTL" verify --no-signature --provider sev_guest --nonce 00 "$TMP/noise"
	[ "$status" -eq 2 ]
	run t "$TSMCTL" verify --no-signature --provider sev_guest --nonce 00 "$TMP/missing"
	[ "$status" -eq 5 ]
	: >"$TMP/empty"
	run t "$TSMCTL" verify --no-signature --provider sev_guest --nonce 00 "$TMP/empty"
	[ "$status" -eq 2 ]
}

@test "verify: the answer comes from the checks; mock is unsigned, never signature-valid" {
	craft mock "$NONCE" "$TMP/mock"
	run t "$TSMCTL" verify --provider mock_tsm --nonce "$NONCE" "$TMP/mock"
	[ "$status" -eq 0 ]
	[[ "$output" == *"Signature:                unsigned (mock): this format carries no signature"* ]]
	[[ "$output" == *"  pass  mock.digest (format): the SHA-256 of bytes 0 to 991 matches the digest at the end"* ]]
	[[ "$output" == *"  skip  mock.signature (signature): unsigned (mock): mock_tsm reports carry no signature"* ]]
	[[ "$output" == *"Result:                   yes: the nonce is bound; the report is unsigned test data"* ]]
	run t "$TSMCTL" verify --provider mock_tsm --nonce "$NONCE" --json "$TMP/mock"
	[ "$(echo "$output" | jget signature)" = unsigned ]
	[ "$(echo "$output" | jget signature_checked)" = false ]
	[ "$(echo "$output" | jget exit)" = 0 ]
	run t "$TSMCTL" verify --provider mock_tsm --nonce 00 --json "$TMP/mock"
	[ "$status" -eq 1 ]
	[ "$(echo "$output" | jget result)" = "no: mock.nonce: report data differs from the nonce (1 bytes), zero-padded to 64" ]
	# a signature that cannot be checked: bound but unchecked, exit 11
	craft tdx4 "$NONCE" "$TMP/tdx4"
	run t "$TSMCTL" verify --provider tdx_guest --nonce "$NONCE" "$TMP/tdx4"
	[ "$status" -eq 11 ] || { echo "$output"; false; }
	[[ "$output" == *"Signature:                NOT checked (see the skipped checks)"* ]]
	run t "$TSMCTL" verify --provider tdx_guest --nonce "$NONCE" --quiet "$TMP/tdx4"
	[ "$status" -eq 11 ]
	[ -z "$output" ]
	# the crafted SEV-SNP report says SIGNATURE_ALGO 0: a failed check, exit 1
	craft sev "$NONCE" "$TMP/sev"
	run t "$TSMCTL" verify --provider sev_guest --nonce "$NONCE" "$TMP/sev"
	[ "$status" -eq 1 ]
	[[ "$output" == *"Signature:                INVALID (a signature, certificate or claim check failed)"* ]]
}

@test "verify runs in tsmctl-evidence: a missing helper is exit 10 with its path" {
	craft mock "$NONCE" "$TMP/mock"
	HARDENKIT_LIBEXECDIR=$TMP/nowhere run t "$TSMCTL" verify --provider mock_tsm --nonce "$NONCE" "$TMP/mock"
	[ "$status" -eq 10 ]
	[ "$output" = "tsmctl: cannot run $TMP/nowhere/tsmctl-evidence: No such file or directory" ]
	# the static tsmctl links no libcrypto
	run ldd "$TSMCTL"
	[[ "$output" != *libcrypto* ]]
}
