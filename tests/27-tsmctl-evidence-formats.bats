#!/usr/bin/env bats
# shellcheck shell=bats
# shellcheck disable=SC2154 # top_srcdir: set by test_helper.bash (bats load is not followed)
# SPDX-License-Identifier: GPL-2.0-or-later
# tsmctl report --format veraison-json, veraison-cbor, cmw-json, cmw-cbor on
# a fake entry: each encoding, made by the helper tsmctl-evidence, decoded
# by Python's json and cbor2 with a decoder shaped like Veraison's
# (tests/evidence/veraison_tsm.py, through check-encoding.py) and checked
# field by field against the raw blobs; bad-encoding.py shows that decoder
# refusing what Veraison refuses.

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

# report_all FORMAT: from a fake entry a report in FORMAT into $TMP/FORMAT
# with auxblob ($TMP/aux), manifestblob ($TMP/man) and service provider svsm,
# its blobs into $TMP/aux-FORMAT and $TMP/man-FORMAT; sets $status, $output.
report_all() {
	fake_entry "b-$1" "$TMP/r" 0 2 2 2 2
	cp "$TMP/aux" "$RD/b-$1/auxblob"
	cp "$TMP/man" "$RD/b-$1/manifestblob"
	: >"$RD/b-$1/service_provider"
	run t "$TSMCTL" report --keep "b-$1" --nonce "$NONCE" --service-provider svsm --format "$1" \
		--aux "$TMP/aux-$1" --manifest "$TMP/man-$1" --out "$TMP/$1"
}

# refused KIND GOOD FORMAT TEXT: the KIND variant (tests/evidence/bad-encoding.py)
# of $TMP/GOOD, checked as FORMAT, is refused with a message holding TEXT.
refused() {
	/usr/bin/python3 "$top_srcdir/tests/evidence/bad-encoding.py" "$1" "$TMP/$2" "$TMP/bad-$1" || return 1
	run check "$3" "$TMP/bad-$1" mock_tsm "$TMP/r" auxblob="$TMP/aux" manifestblob="$TMP/man" service_provider=svsm
	[ "$status" -eq 1 ] || { echo "$1: status $status: $output"; return 1; }
	[[ "$output" == *"$4"* ]] || { echo "$1: $output"; return 1; }
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
		report_all "$f"
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
	run grep -c '[=+/]' <(tr -d '\n' <"$TMP/cmw-json" | sed 's|application/vnd.veraison.configfs-tsm+json||')
	[ "$output" = 0 ]
	[ "$(tail -c1 "$TMP/veraison-cbor" | od -An -tx1 | tr -d ' ')" != 0a ]
	# CBOR: a map of 2 (0xa2), a CMW record an array of 3 (0x83) ending in ind 4
	[ "$(head -c1 "$TMP/veraison-cbor" | od -An -tx1 | tr -d ' ')" = a2 ]
	[ "$(head -c1 "$TMP/cmw-cbor" | od -An -tx1 | tr -d ' ')" = 83 ]
	[ "$(tail -c1 "$TMP/cmw-cbor" | od -An -tx1 | tr -d ' ')" = 04 ]
	[[ $(cat "$TMP/cmw-json") == '["application/vnd.veraison.configfs-tsm+json", "'*'", 4]' ]]
}

@test "report --format: every combination of auxblob, manifestblob and service provider" {
	craft mock "$NONCE" "$TMP/r"
	head -c 100 /dev/urandom >"$TMP/aux"
	head -c 50 /dev/urandom >"$TMP/man"
	for f in $FORMATS; do
		for c in 000 100 001 101 011 111; do	# auxblob, manifestblob, service provider
			# the generation: 0, then after 1 write (2 with a service
			# provider) once per blob read and twice more
			g=$((1 + ${c:2:1}))
			gens=(0 "$g" "$g")
			[ "${c:0:1}" = 0 ] || gens+=("$g")
			[ "${c:1:1}" = 0 ] || gens+=("$g")
			want=() opts=()
			fake_entry "c$c-$f" "$TMP/r" "${gens[@]}"
			: >"$RD/c$c-$f/service_provider"
			[ "${c:0:1}" = 0 ] || { cp "$TMP/aux" "$RD/c$c-$f/auxblob"; want+=(auxblob="$TMP/aux"); opts+=(--aux "$TMP/a"); }
			[ "${c:1:1}" = 0 ] || { cp "$TMP/man" "$RD/c$c-$f/manifestblob"; want+=(manifestblob="$TMP/man"); opts+=(--manifest "$TMP/m"); }
			[ "${c:2:1}" = 0 ] || { want+=(service_provider=svsm); opts+=(--service-provider svsm); }
			run t "$TSMCTL" report --keep "c$c-$f" --nonce "$NONCE" --format "$f" "${opts[@]}" --out "$TMP/$f"
			[ "$status" -eq 0 ] || { echo "$f $c: $output"; false; }
			run check "$f" "$TMP/$f" mock_tsm "$TMP/r" "${want[@]}"
			[ "$status" -eq 0 ] || { echo "$f $c: $output"; false; }
			wait "$FEEDER"
		done
	done
}

@test "report --format: --manifest without --service-provider is refused before anything is written" {
	echo old >"$TMP/out"
	for f in $FORMATS; do
		run t "$TSMCTL" report --nonce "$NONCE" --format "$f" --manifest "$TMP/m" --out "$TMP/out"
		[ "$status" -eq 2 ] || { echo "$f: $output"; false; }
		assert_one_line_error tsmctl "$output"
		[[ "$output" == *"--format $f takes --manifest only with --service-provider"* ]]
	done
	[ "$(cat "$TMP/out")" = old ]
	[ ! -e "$TMP/m" ]
	run find "$RD" -mindepth 1
	[ -z "$output" ]
	# the helper refuses such a report too
	printf '{"provider":"mock_tsm","outblob":"AAAA","manifestblob":"AAAA"}\n' >"$TMP/doc"
	run "$HK_LIBEXECDIR/tsmctl-evidence" encode --format veraison-cbor <"$TMP/doc"
	[ "$status" -eq 2 ]
	assert_one_line_error tsmctl-evidence "$output"
	[[ "$output" == *"has a manifestblob but no service_provider"* ]]
}

@test "report --format: the Veraison-shaped check refuses what Veraison refuses" {
	craft mock "$NONCE" "$TMP/r"
	head -c 777 /dev/urandom >"$TMP/aux"
	printf 'manifest\0\377' >"$TMP/man"
	for f in veraison-json veraison-cbor; do
		report_all "$f"
		[ "$status" -eq 0 ]
		wait "$FEEDER"
	done
	refused nested veraison-json veraison-json "key 'service' is not in tsm-report.cddl"
	refused padded veraison-json veraison-json "is not base64url without padding"
	refused std-alphabet veraison-json veraison-json "is not base64url without padding"
	refused stray-manifest veraison-json veraison-json 'stray field "manifestblob"'
	refused old-cmw veraison-json cmw-json "CMW type 'application/vnd.veraison.tsm-report+json' is not the JSON evidence type Veraison takes"
	refused int-keys veraison-cbor veraison-cbor "map key 0 is not a text string"
	refused bytes-provider veraison-cbor veraison-cbor "provider is not a text string"
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
