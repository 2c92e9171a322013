#!/usr/bin/env bats
# shellcheck shell=bats
# SPDX-License-Identifier: GPL-2.0-or-later
# tsmctl report --format veraison-json, veraison-cbor, cmw-json, cmw-cbor end
# to end on the mock provider: each encoding's fields are taken apart with
# busybox tools (the host suite decodes them with Python's json and cbor2,
# tests/27-tsmctl-evidence-formats.bats) and compared with the raw blobs the
# same run wrote; the outblob must pass tsmctl verify.

load test_helper
load tsmctl

MT_JSON=application/vnd.veraison.configfs-tsm+json
MT_CBOR=application/vnd.veraison.tsm-report+cbor

hexof() {
	od -An -tx1 -v | tr -d ' \n'
}

unhex() {
	printf '%b' "$(sed 's/../\\x&/g')"
}

# base64url without padding, decoded; refuses padding and the other alphabet.
b64url_d() {
	local s
	s=$(cat)
	[[ $s != *[=+/]* ]] || { echo "not unpadded base64url: $s" >&2; return 1; }
	while [ $((${#s} % 4)) -ne 0 ]; do s+="="; done
	printf '%s' "$s" | tr '_-' '/+' | base64 -d
}

# The CBOR head of major type MAJOR with argument N, in hex.
head_hex() {
	local major=$1 n=$2
	if [ "$n" -lt 24 ]; then printf '%02x' $((major * 32 + n))
	elif [ "$n" -lt 256 ]; then printf '%02x%02x' $((major * 32 + 24)) "$n"
	else printf '%02x%04x' $((major * 32 + 25)) "$n"; fi
}

# A text string in CBOR, in hex.
text_hex() {
	head_hex 3 ${#1}
	printf '%s' "$1" | hexof
}

# In the CBOR map (hex) on stdin, the byte string under KEY, as bytes.
cbor_bytes() {
	local doc key len rest
	doc=$(cat)
	key=$(text_hex "$1")
	rest=${doc#*"$key"}
	[ "$rest" != "$doc" ] || { echo "no key $1" >&2; return 1; }
	case ${rest:0:2} in
	58) len=$((16#${rest:2:2})); rest=${rest:4} ;;
	59) len=$((16#${rest:2:4})); rest=${rest:6} ;;
	4? | 5[0-7]) len=$((16#${rest:0:2} - 64)); rest=${rest:2} ;;
	*) echo "key $1 holds no byte string" >&2; return 1 ;;
	esac
	printf '%s' "${rest:0:$((2 * len))}" | unhex
}

# report in FORMAT with auxblob, manifestblob and service provider, into $WORK/FORMAT.
report_in() {
	run t "$TSMCTL" report --nonce "$NONCE" --service-provider svsm --aux "$WORK/aux-$1" \
		--manifest "$WORK/man-$1" --format "$1" --out "$WORK/$1"
	hk_status 0
	[ -z "$output" ]
}

# The fields of the Veraison JSON form in $WORK/FORMAT.json against the raw blobs.
check_json() {
	local f=$1 doc=$WORK/$1.json
	[ "$(jget provider <"$doc")" = mock_tsm ]
	[ "$(jget service_provider <"$doc")" = svsm ]
	jget auxblob <"$doc" | b64url_d | cmp - "$WORK/aux-$f"
	jget manifestblob <"$doc" | b64url_d | cmp - "$WORK/man-$f"
	jget outblob <"$doc" | b64url_d >"$WORK/out-$f"
	t "$TSMCTL" verify --provider mock_tsm --nonce "$NONCE" "$WORK/out-$f"
}

# The same for the CBOR form (hex) in $WORK/FORMAT.hex.
check_cbor() {
	local f=$1 doc=$WORK/$1.hex
	[ "$(head -c 2 "$doc")" = a5 ]
	grep -q "$(text_hex provider)$(text_hex mock_tsm)" "$doc"
	grep -q "$(text_hex service_provider)$(text_hex svsm)" "$doc"
	cbor_bytes auxblob <"$doc" | cmp - "$WORK/aux-$f"
	cbor_bytes manifestblob <"$doc" | cmp - "$WORK/man-$f"
	cbor_bytes outblob <"$doc" >"$WORK/out-$f"
	t "$TSMCTL" verify --provider mock_tsm --nonce "$NONCE" "$WORK/out-$f"
}

@test "report --format veraison-json and cmw-json: every field, base64url without padding" {
	report_in veraison-json
	[ "$(wc -l <"$WORK/veraison-json")" -eq 1 ]
	cp "$WORK/veraison-json" "$WORK/veraison-json.json"
	check_json veraison-json
	report_in cmw-json
	[[ $(cat "$WORK/cmw-json") == "[\"$MT_JSON\", \""*'", 4]' ]]
	sed 's/^\[[^,]*, "\(.*\)", 4\]$/\1/' "$WORK/cmw-json" | b64url_d >"$WORK/cmw-json.json"
	check_json cmw-json
	no_entries
}

@test "report --format veraison-cbor and cmw-cbor: every field, and the CMW record's type and ind" {
	report_in veraison-cbor
	hexof <"$WORK/veraison-cbor" >"$WORK/veraison-cbor.hex"
	check_cbor veraison-cbor
	report_in cmw-cbor
	hexof <"$WORK/cmw-cbor" >"$WORK/cmw.hex"
	rec="83$(text_hex "$MT_CBOR")"
	[ "$(head -c ${#rec} "$WORK/cmw.hex")" = "$rec" ]
	# the value: a byte string that holds the whole CBOR form, then ind 4 (evidence)
	[ "$(tail -c 2 "$WORK/cmw.hex")" = 04 ]
	val=$(cut -c $((${#rec} + 1))- "$WORK/cmw.hex")
	val=${val%04}
	case ${val:0:2} in
	59) len=$((16#${val:2:4})); val=${val:6} ;;
	5a) len=$((16#${val:2:8})); val=${val:10} ;;
	*) len=-1 ;;
	esac
	[ $((2 * len)) -eq ${#val} ]
	printf '%s' "$val" >"$WORK/cmw-cbor.hex"
	check_cbor cmw-cbor
	no_entries
}
