#!/usr/bin/env bats
# shellcheck shell=bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The provider rules tsmctl report knows, on mock_tsm: the mock's nonce rule
# (1 to 64 bytes, zero-padded) and a refused option write that still moves
# the generation (tsmctl.bash).

load test_helper
load tsmctl

@test "rules: mock_tsm takes a nonce of 1 to 64 bytes and zero-pads it" {
	run t "$TSMCTL" report --nonce 01 --out "$WORK/r1"
	hk_status 0
	run t "$TSMCTL" verify --provider mock_tsm --nonce 01 "$WORK/r1"
	hk_status 0
	[[ $output == *"Inblob length:            1"* ]]
	run t "$TSMCTL" report --nonce "$NONCE" --out "$WORK/r64"
	hk_status 0
	run t "$TSMCTL" verify --provider mock_tsm --nonce "$NONCE" "$WORK/r64"
	hk_status 0
	[[ $output == *"Inblob length:            64"* ]]
	no_entries
}

@test "rules: an invalid service GUID is refused and still moves the generation; a kept entry reads its new baseline" {
	run t "$TSMCTL" create used
	hk_status 0
	[ "$(cat "$RD/used/generation")" = 0 ]
	run bash -c "printf not-a-guid >'$RD/used/service_guid'"
	[ "$status" -ne 0 ]
	# the kernel advanced the generation before it parsed the GUID
	[ "$(cat "$RD/used/generation")" = 1 ]
	run t "$TSMCTL" report --keep used --nonce "$NONCE" --service-provider svsm --format json
	hk_status 0
	# from 1: privlevel, service_provider, service_guid, version, inblob
	[ "$(echo "$output" | jget generation)" = 6 ]
	run t "$TSMCTL" remove used
	hk_status 0
	no_entries
}
