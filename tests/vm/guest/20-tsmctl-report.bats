#!/usr/bin/env bats
# shellcheck shell=bats
# SPDX-License-Identifier: GPL-2.0-or-later
# tsmctl against configfs-tsm and the mock provider: every subcommand, every
# bad-input row of the issue, outputs and verify (tsmctl.bash).

load test_helper
load tsmctl

# A report that the provider fails: exit 7 with a message matching the glob
# MSG, and neither an output file nor an entry left behind.
provider_fails() {
	local msg=$1 out=$WORK/refused
	run t "$TSMCTL" report --nonce "$NONCE" --out "$out"
	hk_status 7 || return 1
	# shellcheck disable=SC2053 # msg is a glob pattern
	[[ $output == $msg ]] || { echo "unexpected message: $output" >&2; return 1; }
	[ ! -e "$out" ] || { echo "$out was left behind" >&2; return 1; }
	no_entries
}

@test "provider names mock_tsm and its attributes, and leaves no entry" {
	run t "$TSMCTL" provider
	hk_status 0
	[[ $output == *"Provider:         mock_tsm"* ]]
	[[ $output == *"Privlevel floor:  0"* ]]
	[[ $output == *"Attributes:       auxblob generation inblob manifestblob outblob privlevel privlevel_floor provider service_guid service_manifest_version service_provider"* ]]
	[[ $output == *"Verify:           yes"* ]]
	run t "$TSMCTL" provider --json
	hk_status 0
	[ "$(echo "$output" | jget provider)" = mock_tsm ]
	[ "$(echo "$output" | jget privlevel_floor)" = 0 ]
	echo 2 >"$MP/privlevel_floor"
	echo N >"$MP/service_attrs"
	run t "$TSMCTL" provider
	[[ $output == *"Privlevel floor:  2"* ]]
	[[ $output != *service_provider* ]]
	no_entries
}

@test "report: a raw report carrying the nonce, in a private entry that is removed" {
	run t "$TSMCTL" report --nonce "$NONCE" --out "$WORK/r" --verify
	hk_status 0
	[ "$(stat -c %s "$WORK/r")" -eq 1024 ]
	[ "$(head -c 8 "$WORK/r" | tr -d '\0')" = MOCKTSM ]
	[ "$(od -An -tx1 -v -j 64 -N 64 "$WORK/r" | tr -d ' \n')" = "$NONCE" ]
	run t "$TSMCTL" verify --provider mock_tsm --nonce "$NONCE" "$WORK/r"
	hk_status 0
	[[ $output == *"Inblob length:            64"* ]]
	no_entries
	# raw to a pipe or file by default
	"$TSMCTL" report --nonce "$NONCE" >"$WORK/p"
	[ "$(stat -c %s "$WORK/p")" -eq 1024 ]
	no_entries
}

@test "report: hex, base64 and JSON formats; the generation counts this run's writes" {
	run t "$TSMCTL" report --nonce "$NONCE" --format hex
	hk_status 0
	[ ${#output} -eq 2048 ]
	[ "${output:128:128}" = "$NONCE" ]
	run t "$TSMCTL" report --nonce "$NONCE" --format base64
	hk_status 0
	echo "$output" | base64 -d >"$WORK/b"
	[ "$(stat -c %s "$WORK/b")" -eq 1024 ]
	run t "$TSMCTL" report --nonce "$NONCE" --format json --verify
	hk_status 0
	[ "$(echo "$output" | jget provider)" = mock_tsm ]
	[ "$(echo "$output" | jget generation)" = 1 ]
	[ "$(echo "$output" | jget privlevel)" = null ]
	[ "$(echo "$output" | jget verified)" = true ]
	echo "$output" >"$WORK/r.json"
	run t "$TSMCTL" verify --provider mock_tsm --nonce "$NONCE" "$WORK/r.json"
	hk_status 0
	no_entries
}

@test "report: privlevel, service options, auxblob and manifestblob" {
	guid=aabbccdd-eeff-0011-2233-445566778899
	run t "$TSMCTL" report --nonce "$NONCE" --privlevel 2 --service-provider svsm --service-guid "$guid" \
		--service-manifest-version 7 --aux "$WORK/aux" --manifest "$WORK/man" --out "$WORK/r" \
		--format json
	hk_status 0
	[ "$(jget generation <"$WORK/r")" = 5 ]
	[ "$(jget privlevel <"$WORK/r")" = 2 ]
	run t "$TSMCTL" verify --provider mock_tsm --json --nonce "$NONCE" "$WORK/r"
	hk_status 0
	[[ $output == *'"privlevel": 2,'* ]]
	[[ $output == *'"service_provider": "svsm",'* ]]
	[[ $output == *"\"service_guid\": \"$guid\","* ]]
	[[ $output == *'"service_manifest_version": 7,'* ]]
	# the manifest is bound to the report by its digest
	[ "$(head -c 8 "$WORK/man" | tr -d '\0')" = MOCKMFT ]
	digest=$(sha256sum "$WORK/man" | cut -d' ' -f1)
	[[ $output == *"\"manifest_digest\": \"$digest\","* ]]
	grep -q 'mock_tsm certificate: not signed' "$WORK/aux"
	no_entries
}

@test "report: every nonce input, a short nonce as given, --pad, --random-nonce" {
	printf '\xc0\xff\xee' >"$WORK/n"
	run t "$TSMCTL" report --nonce-file "$WORK/n" --out "$WORK/r1"
	hk_status 0
	run t "$TSMCTL" verify --provider mock_tsm --nonce c0ffee "$WORK/r1"
	hk_status 0
	# passed as given: the kernel records 3 bytes, the mock zero-pads
	[[ $output == *"Inblob length:            3"* ]]
	run bash -c "printf '\xc0\xff\xee' | timeout 60 '$TSMCTL' report --nonce-file - --out '$WORK/r2'"
	hk_status 0
	cmp <(od -An -tx1 -v -j 64 -N 64 "$WORK/r1") <(od -An -tx1 -v -j 64 -N 64 "$WORK/r2")
	run t "$TSMCTL" report --nonce-base64 wP/u --pad --out "$WORK/r3"
	hk_status 0
	run t "$TSMCTL" verify --provider mock_tsm --nonce c0ffee "$WORK/r3"
	hk_status 0
	[[ $output == *"Inblob length:            64"* ]]
	run t "$TSMCTL" report --random-nonce --format json --verify
	hk_status 0
	[ "$(echo "$output" | jget verified)" = true ]
	n1=$(echo "$output" | jget nonce)
	run t "$TSMCTL" report --random-nonce --format json
	[ "$(echo "$output" | jget nonce)" != "$n1" ]
	no_entries
}

@test "bad input: nonce, privlevel, GUID and names fail with one line and leave nothing" {
	printf 'x%.0s' $(seq 65) >"$WORK/n65"
	printf 'secret' >"$WORK/n"
	chmod 0600 "$WORK/n"
	chmod 0755 "$WORK"
	long=$(printf 'a%.0s' $(seq 256))
	while IFS='|' read -r want args; do
		[ -n "$want" ] || continue
		eval "set -- $args"
		run t "$@"
		[ "$status" -eq "$want" ] || { echo "$args: exit $status, expected $want: $output" >&2; false; }
		[[ ${lines[0]} == "tsmctl: "* ]] || { echo "$args: $output" >&2; false; }
		no_entries
	done <<EOF
2|$TSMCTL report --nonce ${NONCE}41
2|$TSMCTL report --nonce-file $WORK/n65
2|$TSMCTL report --nonce abc
2|$TSMCTL report --nonce xyzw
2|$TSMCTL report --nonce-base64 'AB=='
2|$TSMCTL report --nonce-base64 'A*=='
2|$TSMCTL report --nonce ''
5|$TSMCTL report --nonce-file $WORK/missing
3|setpriv --reuid 1003 --regid 1003 --clear-groups $TSMCTL report --nonce-file $WORK/n
2|$TSMCTL report --nonce 00 --privlevel 4
2|$TSMCTL report --nonce 00 --service-guid not-a-guid
2|$TSMCTL report --nonce 00 --keep a/b
2|$TSMCTL report --nonce 00 --keep ..
2|$TSMCTL report --nonce 00 --keep $'a\nb'
2|$TSMCTL report --nonce 00 --keep $long
2|$TSMCTL create a/b
2|$TSMCTL create ..
2|$TSMCTL create $'a\nb'
2|$TSMCTL create $long
EOF
}

@test "a privlevel below the floor is refused before writing; no privlevel fails under a floor" {
	echo 2 >"$MP/privlevel_floor"
	run t "$TSMCTL" report --nonce "$NONCE" --privlevel 1
	hk_status 2
	[ "${lines[0]}" = "tsmctl: report: privlevel 1 is below the privlevel_floor 2 of provider mock_tsm" ]
	no_entries
	run t "$TSMCTL" report --nonce "$NONCE" --privlevel 2 --out "$WORK/r"
	hk_status 0
	# the default privlevel 0 is below the floor: the provider refuses it
	provider_fails "tsmctl: cannot read outblob of entry 'tsmctl-*': provider mock_tsm failed: Invalid argument"
}

@test "create, list, show, report --keep and remove on a named entry" {
	# Entries without service attributes: a used one's options can all be reset.
	echo N >"$MP/service_attrs"
	run t "$TSMCTL" create shared
	hk_status 0
	run t "$TSMCTL" create shared
	hk_status 6
	[ "$output" = "tsmctl: cannot create report entry 'shared': it already exists" ]
	run t "$TSMCTL" create other
	hk_status 0
	run t "$TSMCTL" list --raw --noheadings
	hk_status 0
	[ "${lines[0]}" = "other mock_tsm 0 named -" ]
	[ "${lines[1]}" = "shared mock_tsm 0 named -" ]
	# the baseline is read, not assumed to be 0; privlevel is reset (write 3)
	printf x >"$RD/shared/inblob"
	printf y >"$RD/shared/inblob"
	run t "$TSMCTL" report --keep shared --nonce "$NONCE" --format json --verify
	hk_status 0
	[ "$(echo "$output" | jget generation)" = 4 ]
	[ "$(echo "$output" | jget entry)" = shared ]
	run t "$TSMCTL" show shared
	hk_status 0
	[[ $output == *"Generation:       4"* ]]
	[[ $output == *"Type:             named"* ]]
	run t "$TSMCTL" show shared --json
	[ "$(echo "$output" | jget generation)" = 4 ]
	run t "$TSMCTL" show nothere
	hk_status 5
	[ "$output" = "tsmctl: cannot show report entry 'nothere': no such entry" ]
	run t "$TSMCTL" remove shared
	hk_status 0
	[ "$(entries)" = other ]
	run t "$TSMCTL" remove shared
	hk_status 5
	run t "$TSMCTL" remove other
	hk_status 0
	no_entries
}

@test "configfs not mounted: exit 4 with the reason" {
	umount /sys/kernel/config
	for cmd in "report --nonce 00" provider list "create x"; do
		# shellcheck disable=SC2086 # cmd is a command line to split
		run t "$TSMCTL" $cmd
		hk_status 4
		[[ $output == *"configfs is not mounted on /sys/kernel/config (mount -t configfs configfs /sys/kernel/config)" ]]
	done
	mount -t configfs configfs /sys/kernel/config
	no_entries
}

@test "no provider (ENXIO), a leaked entry blocking registration, the tsm module absent" {
	rmmod mock_tsm
	for cmd in "report --nonce 00" provider "create x"; do
		# shellcheck disable=SC2086 # cmd is a command line to split
		run t "$TSMCTL" $cmd
		hk_status 4
		[[ $output == *"no attestation provider is registered (is tdx_guest, sev_guest, arm_cca_guest or mock_tsm loaded?)" ]]
	done
	no_entries
	# An entry that outlives its provider blocks the next one.
	modprobe mock_tsm
	run t "$TSMCTL" create leak
	hk_status 0
	rmmod mock_tsm
	run t "$TSMCTL" list --raw --noheadings --output NAME,PROVIDER
	hk_status 0
	[ "$output" = "leak -" ]
	run modprobe mock_tsm
	[ "$status" -ne 0 ]
	run t "$TSMCTL" remove leak
	hk_status 0
	modprobe mock_tsm
	# The tsm core as a module can be unloaded too (skipped when built in).
	if [ -e /sys/module/tsm/initstate ]; then
		rmmod mock_tsm
		rmmod tsm
		run t "$TSMCTL" provider
		hk_status 4
		[[ $output == *"/sys/kernel/config/tsm/report does not exist (kernel older than 6.7, or CONFIG_TSM_REPORTS not built or its module tsm not loaded)" ]]
		modprobe mock_tsm
	fi
}

@test "the provider failing (EIO) and an empty outblob are exit 7; nothing leaks" {
	echo 5 >"$MP/fail_errno"
	provider_fails "tsmctl: cannot read outblob of entry 'tsmctl-*': provider mock_tsm failed: Input/output error"
	echo 0 >"$MP/fail_errno"
	echo Y >"$MP/empty_outblob"
	provider_fails "tsmctl: provider mock_tsm returned an empty outblob for entry 'tsmctl-*': no report"
}

@test "an outblob of exactly 32 KiB works" {
	echo 32768 >"$MP/outblob_size"
	run t "$TSMCTL" report --nonce "$NONCE" --out "$WORK/r" --verify
	hk_status 0
	[ "$(stat -c %s "$WORK/r")" -eq 32768 ]
	run t "$TSMCTL" verify --provider mock_tsm --nonce "$NONCE" "$WORK/r"
	hk_status 0
	[[ $output == *"Length:                   32768"* ]]
	no_entries
}

@test "a full disk for --out leaves no file; a closed pipe is exit 10; no entry leaks" {
	mkdir "$WORK/full"
	mount -t tmpfs -o size=16k tmpfs "$WORK/full"
	echo 32768 >"$MP/outblob_size"
	echo old >"$WORK/full/r"
	run t "$TSMCTL" report --nonce "$NONCE" --out "$WORK/full/r"
	hk_status 10
	[[ $output == "tsmctl: cannot write the report to '$WORK/full/r': No space left on device (nothing was written)" ]]
	[ "$(cat "$WORK/full/r")" = old ]
	[ "$(ls -A "$WORK/full")" = r ]
	no_entries
	# the reader is gone before the (slow) report is written
	echo 300 >"$MP/delay_ms"
	run bash -c "timeout 60 '$TSMCTL' report --nonce $NONCE --format hex | true; echo \${PIPESTATUS[0]}"
	[ "${lines[-1]}" = 10 ]
	[[ ${lines[0]} == "tsmctl: cannot write the report to standard output: Broken pipe" ]]
	no_entries
}

# A 0x4a0-byte SEV-SNP report (version 2) carrying the nonce: a forgery.
forge_sev() {
	{
		printf '\002\000\000\000'
		head -c $((0x50 - 4)) /dev/zero
		# shellcheck disable=SC2059,SC2001 # the format is the nonce as \x escapes
		printf "$(echo "$NONCE" | sed 's/../\\x&/g')"
		head -c $((0x4a0 - 0x90)) /dev/zero
	} >"$1"
}

@test "verify: the running kernel's provider is expected; mock reports only by name; a forged claim is refused" {
	run t "$TSMCTL" report --nonce "$NONCE" --out "$WORK/r"
	hk_status 0
	run t "$TSMCTL" verify --nonce "$NONCE" "$WORK/r"
	hk_status 2
	[ "${lines[0]}" = "tsmctl: verify: the running kernel's provider is mock_tsm, whose reports are unsigned test data: they are accepted only with --provider mock_tsm" ]
	run t "$TSMCTL" verify --provider mock_tsm --nonce "$NONCE" "$WORK/r"
	hk_status 0
	# a JSON document claiming another provider does not choose the decoder
	forge_sev "$WORK/sev"
	[ "$(stat -c %s "$WORK/sev")" -eq 1184 ]
	printf '{"provider": "sev_guest", "outblob": "%s"}\n' "$(base64 <"$WORK/sev" | tr -d '\n')" >"$WORK/forged.json"
	run t "$TSMCTL" verify --nonce "$NONCE" "$WORK/forged.json"
	hk_status 2
	run t "$TSMCTL" verify --provider mock_tsm --nonce "$NONCE" "$WORK/forged.json"
	hk_status 2
	[ "${lines[0]}" = "tsmctl: verify: report file '$WORK/forged.json' says provider 'sev_guest', but the expected provider is mock_tsm" ]
	no_entries
}

@test "report --out: /dev/full and /dev/null are written through, /dev/stdout (a symlink) is refused; none is replaced" {
	run t "$TSMCTL" report --nonce "$NONCE" --out /dev/full
	hk_status 10
	[ "$output" = "tsmctl: cannot write the report to '/dev/full': No space left on device" ]
	[ -c /dev/full ]
	run t "$TSMCTL" report --nonce "$NONCE" --out /dev/null
	hk_status 0
	[ -c /dev/null ]
	run t "$TSMCTL" report --nonce "$NONCE" --out /dev/stdout
	hk_status 2
	[ -L /dev/stdout ]
	[ "$(readlink /dev/stdout)" = /proc/self/fd/1 ]
	no_entries
}

@test "report --keep never inherits the options an earlier run wrote" {
	guid=aabbccdd-eeff-0011-2233-445566778899
	run t "$TSMCTL" create shared
	hk_status 0
	run t "$TSMCTL" report --keep shared --nonce "$NONCE" --privlevel 2 --service-provider svsm \
		--service-guid "$guid" --service-manifest-version 7 --out "$WORK/r1"
	hk_status 0
	# no service provider asked for, but the entry may carry one: refused
	run t "$TSMCTL" report --keep shared --nonce "$NONCE" --out "$WORK/r2"
	hk_status 8
	[[ ${lines[0]} == "tsmctl: cannot use report entry 'shared': it was written before (generation 5) and provider mock_tsm offers service_provider, which cannot be unset"* ]]
	[ ! -e "$WORK/r2" ]
	# its own service provider: the report carries exactly this run's options
	run t "$TSMCTL" report --keep shared --nonce "$NONCE" --service-provider other --format json --out "$WORK/r3"
	hk_status 0
	[ "$(jget privlevel <"$WORK/r3")" = 0 ]
	run t "$TSMCTL" verify --provider mock_tsm --json --nonce "$NONCE" "$WORK/r3"
	hk_status 0
	[[ $output == *'"privlevel": 0,'* ]]
	[[ $output == *'"service_provider": "other",'* ]]
	[[ $output == *'"service_guid": "00000000-0000-0000-0000-000000000000",'* ]]
	[[ $output == *'"service_manifest_version": 0,'* ]]
	rmdir "$RD/shared"
	# without service attributes: privlevel goes back to the floor
	echo N >"$MP/service_attrs"
	echo 1 >"$MP/privlevel_floor"
	run t "$TSMCTL" create plain
	run t "$TSMCTL" report --keep plain --nonce "$NONCE" --privlevel 3 --out "$WORK/r4"
	hk_status 0
	run t "$TSMCTL" report --keep plain --nonce "$NONCE" --format json --out "$WORK/r5"
	hk_status 0
	[ "$(jget privlevel <"$WORK/r5")" = 1 ]
	run t "$TSMCTL" verify --provider mock_tsm --json --nonce "$NONCE" "$WORK/r5"
	[[ $output == *'"privlevel": 1,'* ]]
	rmdir "$RD/plain"
	no_entries
}
