#!/usr/bin/env bats
# shellcheck shell=bats
# shellcheck disable=SC2154 # top_srcdir: set by test_helper.bash (bats load is not followed)
# SPDX-License-Identifier: GPL-2.0-or-later
# tsmctl report --format veraison-json, veraison-cbor, cmw-json, cmw-cbor on
# a fake entry: each encoding, made by the helper tsmctl-evidence, decoded
# by Python's json and cbor2 (tests/evidence/check-encoding.py) and checked
# field by field against the raw blobs.

load test_helper
load tsmctl

FORMATS="veraison-json veraison-cbor cmw-json cmw-cbor"

setup_file() {
	/usr/bin/python3 -c 'import cbor2' 2>/dev/null ||
		hk_skip "needs python3-cbor2"
}

check() {
	/usr/bin/python3 "$top_srcdir/tests/evidence/check-encoding.py" "$@"
}

@test "report --format: each evidence encoding carries outblob and provider, nothing else" {
	craft mock "$NONCE" "$TMP/r"
	for f in $FORMATS; do
		fake_entry "e-$f" "$TMP/r" 0 1 1
		run t "$TSMCTL" report --keep "e-$f" --nonce "$NONCE" --format "$f" --out "$TMP/$f"
		[ "$status" -eq 0 ] || { echo "$f: $output"; false; }
		[ -z "$output" ]
		run check "$f" "$TMP/$f" mock_tsm "$TMP/r"
		[ "$status" -eq 0 ] || { echo "$f: $output"; false; }
		wait "$FEEDER"
	done
}

@test "report --format: auxblob, manifestblob and service provider join each encoding" {
	craft mock "$NONCE" "$TMP/r"
	head -c 777 /dev/urandom >"$TMP/aux"
	printf 'manifest\0\377' >"$TMP/man"
	for f in $FORMATS; do
		fake_entry "b-$f" "$TMP/r" 0 2 2 2 2
		cp "$TMP/aux" "$RD/b-$f/auxblob"
		cp "$TMP/man" "$RD/b-$f/manifestblob"
		: >"$RD/b-$f/service_provider"
		run t "$TSMCTL" report --keep "b-$f" --nonce "$NONCE" --service-provider svsm --format "$f" \
			--aux "$TMP/aux-$f" --manifest "$TMP/man-$f" --out "$TMP/$f"
		[ "$status" -eq 0 ] || { echo "$f: $output"; false; }
		cmp "$TMP/aux" "$TMP/aux-$f"
		cmp "$TMP/man" "$TMP/man-$f"
		run check "$f" "$TMP/$f" mock_tsm "$TMP/r" auxblob="$TMP/aux" manifestblob="$TMP/man" service_provider=svsm
		[ "$status" -eq 0 ] || { echo "$f: $output"; false; }
		wait "$FEEDER"
	done
}

@test "report --format: the JSON forms are one line in base64url without padding, CBOR has no newline" {
	craft mock "$NONCE" "$TMP/r" 1000
	for f in $FORMATS; do
		fake_entry "n-$f" "$TMP/r" 0 1 1
		run t "$TSMCTL" report --keep "n-$f" --nonce "$NONCE" --format "$f" --out "$TMP/$f"
		[ "$status" -eq 0 ]
		wait "$FEEDER"
	done
	[ "$(wc -l <"$TMP/veraison-json")" -eq 1 ]
	[ "$(wc -l <"$TMP/cmw-json")" -eq 1 ]
	run grep -c '[=+/]' <(tr -d '\n' <"$TMP/cmw-json" | sed 's|application/vnd.veraison.tsm-report+json||')
	[ "$output" = 0 ]
	[ "$(tail -c1 "$TMP/veraison-cbor" | od -An -tx1 | tr -d ' ')" != 0a ]
	# CBOR: a map of 2 (0xa2), a CMW record an array of 2 (0x82)
	[ "$(head -c1 "$TMP/veraison-cbor" | od -An -tx1 | tr -d ' ')" = a2 ]
	[ "$(head -c1 "$TMP/cmw-cbor" | od -An -tx1 | tr -d ' ')" = 82 ]
}

@test "report --format: without tsmctl-evidence nothing is written and the entry is still removed" {
	craft mock "$NONCE" "$TMP/r"
	echo old >"$TMP/out"
	fake_entry gone "$TMP/r" 0 1 1
	HARDENKIT_LIBEXECDIR=$TMP/nowhere run t "$TSMCTL" report --keep gone --nonce "$NONCE" --format cmw-cbor --out "$TMP/out"
	[ "$status" -eq 10 ]
	assert_one_line_error tsmctl "$output"
	[[ "$output" == *"cannot run $TMP/nowhere/tsmctl-evidence: "* ]]
	[ "$(cat "$TMP/out")" = old ]
}
