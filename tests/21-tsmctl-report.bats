#!/usr/bin/env bats
# shellcheck shell=bats
# shellcheck disable=SC2010 # ls lists entries with plain names the test made
# SPDX-License-Identifier: GPL-2.0-or-later
# tsmctl report without the kernel: the report path on a fake entry
# (outputs, atomic files, conflicts), on the tree of tsmctl.bash.

load test_helper
load tsmctl

# rule_entry NAME PROVIDER GEN...: a fake entry of another provider
rule_entry() {
	fake_entry "$1" "$TMP/r" "${@:3}"
	echo "$2" >"$RD/$1/provider"
}

# refused NAME PROVIDER HEX WORDS: the nonce HEX is outside the rule of
# PROVIDER, a usage error before any write
refused() {
	rule_entry "$1" "$2" 0
	run t "$TSMCTL" report --keep "$1" --nonce "$3" --privlevel 0
	[ "$status" -eq 2 ]
	[ "$output" = "tsmctl: report: $2 takes a nonce of $4 (--pad pads it with zeros)" ]
	[ ! -s "$RD/$1/privlevel" ]
	[ ! -s "$RD/$1/inblob" ]
	wait "$FEEDER"
}

@test "report and provider remove their private entry when the entry fails" {
	# The fake tree makes directories but no attributes: the first read fails.
	run t "$TSMCTL" report --nonce 00
	[ "$status" -eq 5 ]
	assert_one_line_error tsmctl "$output"
	[[ "$output" == *"entry 'tsmctl-"*"-"*"'"* ]]
	[ -z "$(ls "$RD")" ]
	run t "$TSMCTL" provider
	[ "$status" -eq 5 ]
	[ -z "$(ls "$RD")" ]
}

@test "report --keep: raw, hex, base64 and JSON output carry the report and the nonce" {
	craft mock "$NONCE" "$TMP/r"
	fake_entry shared "$TMP/r" 0 1 1
	run t "$TSMCTL" report --keep shared --nonce "$NONCE" --out "$TMP/raw" --verify
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	cmp "$TMP/r" "$TMP/raw"
	# exactly the nonce was written, in one piece
	[ "$(od -An -tx1 -v "$RD/shared/inblob" | tr -d ' \n')" = "$NONCE" ]
	wait "$FEEDER"

	fake_entry shared2 "$TMP/r" 0 1 1
	run t "$TSMCTL" report --keep shared2 --nonce "$NONCE" --format json --verify
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | json_get provider)" = mock_tsm ]
	[ "$(echo "$output" | json_get generation)" = 1 ]
	[ "$(echo "$output" | json_get privlevel)" = null ]
	[ "$(echo "$output" | json_get entry)" = shared2 ]
	[ "$(echo "$output" | json_get verified)" = true ]
	[ "$(echo "$output" | json_get nonce | base64 -d | od -An -tx1 -v | tr -d ' \n')" = "$NONCE" ]
	echo "$output" | json_get outblob | base64 -d | cmp - "$TMP/r"
	# the JSON file is a report verify accepts
	echo "$output" >"$TMP/r.json"
	run t "$TSMCTL" verify --provider mock_tsm --nonce "$NONCE" "$TMP/r.json"
	[ "$status" -eq 0 ]

	for f in hex base64; do
		fake_entry "s-$f" "$TMP/r" 0 1 1
		run t "$TSMCTL" report --keep "s-$f" --nonce "$NONCE" --format "$f"
		[ "$status" -eq 0 ]
		[ "${#lines[@]}" -eq 1 ]
		if [ $f = hex ]; then
			[ "$output" = "$(od -An -tx1 -v "$TMP/r" | tr -d ' \n')" ]
		else
			[ "$output" = "$(base64 -w0 "$TMP/r")" ]
		fi
	done
}

@test "report --verify writes the report but exits 1 when it lacks the nonce" {
	craft mock 00 "$TMP/r"
	fake_entry shared "$TMP/r" 0 1 1
	run t "$TSMCTL" report --keep shared --nonce "$NONCE" --out "$TMP/out" --verify
	[ "$status" -eq 1 ]
	[ "$output" = "tsmctl: the report from provider mock_tsm did not pass verification: no: mock.nonce: report data differs from the nonce (64 bytes), zero-padded to 64" ]
	cmp "$TMP/r" "$TMP/out"
}

@test "report starts tsmctl-evidence only for --verify" {
	craft mock "$NONCE" "$TMP/r"
	fake_entry shared "$TMP/r" 0 1 1
	HARDENKIT_LIBEXECDIR=$TMP/nowhere run t "$TSMCTL" report --keep shared --nonce "$NONCE" --out "$TMP/out"
	[ "$status" -eq 0 ]
	cmp "$TMP/r" "$TMP/out"
	wait "$FEEDER"
	fake_entry shared2 "$TMP/r" 0 1 1
	HARDENKIT_LIBEXECDIR=$TMP/nowhere run t "$TSMCTL" report --keep shared2 --nonce "$NONCE" --out "$TMP/out2" --verify
	[ "$status" -eq 10 ]
	[ "$output" = "tsmctl: cannot run $TMP/nowhere/tsmctl-evidence: No such file or directory" ]
	cmp "$TMP/r" "$TMP/out2"
}

@test "report: options are written once each, counted, and checked against the floor" {
	craft mock "$NONCE" "$TMP/r"
	fake_entry shared "$TMP/r" 0 2 2
	echo 1 >"$RD/shared/privlevel_floor"
	run t "$TSMCTL" report --keep shared --nonce "$NONCE" --privlevel 2 --format json
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[ "$(cat "$RD/shared/privlevel")" = 2 ]
	[ "$(echo "$output" | json_get privlevel)" = 2 ]
	wait "$FEEDER"
	# below the floor: usage error, nothing written
	fake_entry low "$TMP/r" 0
	echo 2 >"$RD/low/privlevel_floor"
	run t "$TSMCTL" report --keep low --nonce "$NONCE" --privlevel 1
	[ "$status" -eq 2 ]
	[[ "$output" == *"privlevel 1 is below the privlevel_floor 2 of provider mock_tsm"* ]]
	[ ! -s "$RD/low/privlevel" ]
	[ ! -s "$RD/low/inblob" ]
	wait "$FEEDER"
	# an attribute the provider does not offer
	fake_entry nosp "$TMP/r" 0
	run t "$TSMCTL" report --keep nosp --nonce "$NONCE" --service-provider svsm
	[ "$status" -eq 4 ]
	[[ "$output" == "tsmctl: cannot write service_provider of entry 'nosp': provider mock_tsm does not offer it" ]]
}

@test "report: --service-manifest-version reaches the entry in decimal, which the kernel cannot read as octal" {
	craft mock "$NONCE" "$TMP/r"
	fake_entry smv "$TMP/r" 0 2 2
	: >"$RD/smv/service_manifest_version"
	# the kernel's kstrtouint(buf, 0, ...) reads "010" as 8
	run t "$TSMCTL" report --keep smv --nonce "$NONCE" --service-manifest-version 010 --out "$TMP/out"
	[ "$status" -eq 0 ]
	[ "$(cat "$RD/smv/service_manifest_version")" = 10 ]
	wait "$FEEDER"
}

@test "report and verify: a bad option value names the option and is refused before anything is read" {
	run t "$TSMCTL" report --nonce-file "$TMP/missing" --privlevel 9
	[ "$status" -eq 2 ]
	[ "${lines[0]}" = "tsmctl: report: --privlevel: '9' is out of range (0 to 3)" ]
	run t "$TSMCTL" report --nonce-file "$TMP/missing" --retries x
	[ "$status" -eq 2 ]
	[ "${lines[0]}" = "tsmctl: report: --retries: 'x' is not a whole number" ]
	run t "$TSMCTL" report --nonce-file "$TMP/missing" --service-manifest-version 4294967296
	[ "$status" -eq 2 ]
	[ "${lines[0]}" = "tsmctl: report: --service-manifest-version: '4294967296' is out of range (0 to 4294967295)" ]
	run t "$TSMCTL" report --nonce-file "$TMP/missing" --format xml
	[ "$status" -eq 2 ]
	[ "${lines[0]}" = "tsmctl: report: --format: 'xml' is not one of raw, hex, base64, json, veraison-json, veraison-cbor, cmw-json, cmw-cbor" ]
	run t "$TSMCTL" report --nonce-file "$TMP/missing" --service-guid 1234
	[ "$status" -eq 2 ]
	[ "${lines[0]}" = "tsmctl: report: --service-guid: '1234' is not a GUID: expected xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" ]
	run t "$TSMCTL" verify --nonce-file "$TMP/missing" --provider sevsnp_guest "$TMP/missing"
	[ "$status" -eq 2 ]
	[ "${lines[0]}" = "tsmctl: verify: --provider: 'sevsnp_guest' is unknown: expected mock_tsm, sev_guest, tdx_guest or arm_cca_guest" ]
	[ -z "$(ls -A "$RD")" ]
}

@test "report --keep on a used entry: its options are a new entry's, or it is refused" {
	craft mock "$NONCE" "$TMP/r"
	# written before (generation 3) and offering service_provider, which
	# cannot be unset: refused, nothing written
	fake_entry used "$TMP/r" 3
	: >"$RD/used/service_provider"
	run t "$TSMCTL" report --keep used --nonce "$NONCE" --out "$TMP/out"
	[ "$status" -eq 8 ]
	[ "$output" = "tsmctl: cannot use report entry 'used': it was written before (generation 3) and provider mock_tsm offers service_provider, which cannot be unset, so a report could carry a service provider this run did not ask for (use a new entry, or give --service-provider)" ]
	[ ! -s "$RD/used/inblob" ]
	[ ! -s "$RD/used/privlevel" ]
	[ ! -e "$TMP/out" ]
	# its one value was read: the feeder has ended, or ends now
	wait "$FEEDER"
	# no service_provider: privlevel back to the floor, the GUID and the
	# version to a new entry's (3 writes and the nonce)
	fake_entry used2 "$TMP/r" 3 7 7
	echo 1 >"$RD/used2/privlevel_floor"
	echo 2 >"$RD/used2/privlevel"
	echo "$(printf '1%.0s' $(seq 8))-1111-1111-1111-111111111111" >"$RD/used2/service_guid"
	echo 7 >"$RD/used2/service_manifest_version"
	run t "$TSMCTL" report --keep used2 --nonce "$NONCE" --format json
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | json_get privlevel)" = 1 ]
	[ "$(cat "$RD/used2/privlevel")" = 1 ]
	[ "$(cat "$RD/used2/service_guid")" = 00000000-0000-0000-0000-000000000000 ]
	[ "$(cat "$RD/used2/service_manifest_version")" = 0 ]
	wait "$FEEDER"
	# a service provider asked for: written, the rest reset or as asked
	fake_entry used3 "$TMP/r" 3 7 7
	: >"$RD/used3/service_provider"
	: >"$RD/used3/service_guid"
	run t "$TSMCTL" report --keep used3 --nonce "$NONCE" --privlevel 2 --service-provider svsm --out "$TMP/out"
	[ "$status" -eq 0 ]
	[ "$(cat "$RD/used3/service_provider")" = svsm ]
	[ "$(cat "$RD/used3/privlevel")" = 2 ]
	[ "$(cat "$RD/used3/service_guid")" = 00000000-0000-0000-0000-000000000000 ]
}

@test "report: a concurrent change is retried, then exit 8" {
	craft mock "$NONCE" "$TMP/r"
	# attempt 1: another write after ours; attempt 2 (privlevel reset to
	# the floor on the used entry, then the nonce): clean.
	fake_entry shared "$TMP/r" 0 2 2 4 4
	run t "$TSMCTL" report --keep shared --nonce "$NONCE" --out "$TMP/out"
	[ "$status" -eq 0 ]
	[[ "$output" == *"warning: entry 'shared' is at generation 2 after 1 writes from 0: another writer changed it (attempt 1 of 4)"* ]]
	cmp "$TMP/r" "$TMP/out"
	wait "$FEEDER"
	# a change between reading outblob and the check, every time
	rm -f "$TMP/out"
	fake_entry shared3 "$TMP/r" 0 1 2 5 7 8
	run t "$TSMCTL" report --keep shared3 --nonce "$NONCE" --retries 1 --out "$TMP/out"
	[ "$status" -eq 8 ]
	[[ "$output" == *"attempt 2 of 2"* ]]
	[[ "$output" == *"tsmctl: gave up after 2 attempts: another writer kept changing report entry 'shared3'"* ]]
	[ ! -e "$TMP/out" ]
}

@test "report: an empty outblob is a provider failure, not a report" {
	: >"$TMP/empty"
	fake_entry shared "$TMP/empty" 0 1 1
	run t "$TSMCTL" report --keep shared --nonce "$NONCE" --out "$TMP/out"
	[ "$status" -eq 7 ]
	[[ "$output" == "tsmctl: provider mock_tsm returned an empty outblob for entry 'shared': no report" ]]
	[ ! -e "$TMP/out" ]
}

@test "report --out is atomic: a full disk leaves no file and the old one intact" {
	require_cmd strace
	craft mock "$NONCE" "$TMP/r"
	echo old >"$TMP/out"
	fake_entry shared "$TMP/r" 0 1 1
	# write 1 is the inblob, write 2 the temporary output file
	run tstrace -qq -o /dev/null -e trace=write -e inject=write:error=ENOSPC:when=2 \
		"$TSMCTL" report --keep shared --nonce "$NONCE" --out "$TMP/out"
	[ "$status" -eq 10 ]
	[[ "$output" == *"tsmctl: cannot write the report to '$TMP/out': No space left on device (nothing was written)"* ]]
	[ "$(cat "$TMP/out")" = old ]
	[ "$(ls -A "$TMP" | grep -c '\.tmp$')" -eq 0 ]
}

# out_report NAME ARGS...: a report of $TMP/r from the fake entry NAME, run
# with ARGS (bats `run`); the entry's feeder is gone afterwards.
out_report() {
	local name=$1
	shift
	rm -rf "${RD:?}/$name"
	fake_entry "$name" "$TMP/r" 0 1 1
	run t "$TSMCTL" report --keep "$name" --nonce "$NONCE" "$@"
	kill "$FEEDER" 2>/dev/null || true
	FEEDER=
}

@test "report --out writes through a character device and never replaces it" {
	require_root
	craft mock "$NONCE" "$TMP/r"
	# copies of /dev/full and /dev/null: the old code replaced the node
	mknod "$TMP/full" c 1 7
	mknod "$TMP/null" c 1 3
	out_report s1 --out "$TMP/full"
	[ "$status" -eq 10 ]
	[ "$output" = "tsmctl: cannot write the report to '$TMP/full': No space left on device" ]
	[ -c "$TMP/full" ]
	out_report s2 --out "$TMP/null"
	[ "$status" -eq 0 ]
	[ -c "$TMP/null" ]
	[ "$(ls -A "$TMP" | grep -c 'tmp$')" -eq 0 ]
}

@test "report --out writes through a FIFO with a reader, refuses one without, and never replaces it" {
	craft mock "$NONCE" "$TMP/r"
	mkfifo "$TMP/fifo"
	# Open for reading and writing: a reader exists, and this open never blocks.
	exec 5<>"$TMP/fifo"
	out_report s1 --out "$TMP/fifo"
	[ "$status" -eq 0 ]
	[ -p "$TMP/fifo" ]
	head -c 1024 <&5 >"$TMP/got"
	exec 5>&-
	cmp "$TMP/r" "$TMP/got"
	# nobody reads: refused at once, no hang, nothing replaced
	out_report s2 --out "$TMP/fifo"
	[ "$status" -eq 10 ]
	[ "$output" = "tsmctl: cannot write the report to '$TMP/fifo': no process has the FIFO open for reading (nothing was written)" ]
	[ -p "$TMP/fifo" ]
}

@test "report --out refuses symbolic links, directories and block devices, and leaves them as they are" {
	require_root
	craft mock "$NONCE" "$TMP/r"
	mknod "$TMP/null" c 1 3
	mknod "$TMP/blk" b 7 0
	echo old >"$TMP/file"
	mkdir "$TMP/dir"
	ln -s "$TMP/null" "$TMP/to-dev"
	ln -s "$TMP/file" "$TMP/to-file"
	ln -s "$TMP/nowhere" "$TMP/dangling"
	ln -s "$TMP/dir" "$TMP/to-dir"
	for p in to-dev to-file dangling to-dir/x; do
		out_report s --out "$TMP/$p"
		[ "$status" -eq 2 ] || { echo "$p: $status $output"; false; }
		[ "$output" = "tsmctl: cannot write the report to '$TMP/$p': it or its directory is a symbolic link, which is never followed (nothing was written)" ]
	done
	[ -L "$TMP/to-dev" ]
	[ -L "$TMP/to-file" ]
	[ -L "$TMP/dangling" ]
	[ "$(cat "$TMP/file")" = old ]
	[ ! -e "$TMP/nowhere" ]
	[ -z "$(ls -A "$TMP/dir")" ]
	out_report s --out "$TMP/blk"
	[ "$status" -eq 2 ]
	[ "$output" = "tsmctl: cannot write the report to '$TMP/blk': it is a block device (only a regular file, a character device or a FIFO is written) (nothing was written)" ]
	[ -b "$TMP/blk" ]
	out_report s --out "$TMP/dir"
	[ "$status" -eq 2 ]
	[ "$output" = "tsmctl: cannot write the report to '$TMP/dir': it is a directory (nothing was written)" ]
}

@test "report --out: temporary names cannot be guessed and taken in advance" {
	craft mock "$NONCE" "$TMP/r"
	fake_entry s "$TMP/r" 0 1 1
	# The old names were .out.PID.N.tmp: take 102 of them for tsmctl's PID
	# (bash execs it, so it keeps $$).
	# shellcheck disable=SC2016 # expanded by the inner bash
	run t bash -c 'for i in $(seq 0 101); do mkdir "$2/.out.$$.$i.tmp"; done
		exec "$1" report --keep s --nonce "$3" --out "$2/out"' sh "$TSMCTL" "$TMP" "$NONCE"
	[ "$status" -eq 0 ]
	cmp "$TMP/r" "$TMP/out"
}

@test "report --out, --aux and --manifest are written all or nothing" {
	craft mock "$NONCE" "$TMP/r"
	ln -s "$TMP/nowhere" "$TMP/link"
	# a refused manifest target: neither the auxblob nor the report is written
	fake_entry s "$TMP/r" 0 1 1 1 1
	printf certs >"$RD/s/auxblob"
	printf manifest >"$RD/s/manifestblob"
	run t "$TSMCTL" report --keep s --nonce "$NONCE" --aux "$TMP/aux" --manifest "$TMP/link" --out "$TMP/out"
	[ "$status" -eq 2 ]
	[ "$output" = "tsmctl: cannot write the manifestblob to '$TMP/link': it or its directory is a symbolic link, which is never followed (nothing was written)" ]
	[ ! -e "$TMP/aux" ]
	[ ! -e "$TMP/out" ]
	[ "$(ls -A "$TMP" | grep -c 'tmp$')" -eq 0 ]
}

@test "report outputs: a failed rename undoes the set; a failed directory fsync is reported truthfully" {
	require_cmd strace
	craft mock "$NONCE" "$TMP/r"
	# the second rename fails: the auxblob this run created is removed again
	fake_entry s1 "$TMP/r" 0 1 1 1
	run tstrace -f -qq -o /dev/null -e trace=rename,renameat,renameat2 \
		-e inject=rename,renameat,renameat2:error=EIO:when=2 \
		"$TSMCTL" report --keep s1 --nonce "$NONCE" --aux "$TMP/aux" --out "$TMP/out"
	[ "$status" -eq 10 ]
	[ "$output" = "tsmctl: cannot write the report to '$TMP/out': Input/output error (nothing was written)" ]
	[ ! -e "$TMP/aux" ]
	[ ! -e "$TMP/out" ]
	[ "$(ls -A "$TMP" | grep -c 'tmp$')" -eq 0 ]
	# an auxblob that replaced an old file cannot be undone: the message says so
	echo old >"$TMP/aux"
	# (an existing file is renamed over with renameat, a new one with renameat2)
	fake_entry s2 "$TMP/r" 0 1 1 1
	run tstrace -f -qq -o /dev/null -e trace=renameat2 -e inject=renameat2:error=EIO:when=1 \
		"$TSMCTL" report --keep s2 --nonce "$NONCE" --aux "$TMP/aux" --out "$TMP/out"
	[ "$status" -eq 10 ]
	[ "$output" = "tsmctl: cannot write the report to '$TMP/out': Input/output error (already replaced: '$TMP/aux' holds the new auxblob; nothing else was changed)" ]
	[ "$(cat "$TMP/aux")" != old ]
	[ ! -e "$TMP/out" ]
	# fsync 1 is the file's, 2 its directory's, after the rename
	fake_entry s3 "$TMP/r" 0 1 1
	run tstrace -f -qq -o /dev/null -e trace=fsync -e inject=fsync:error=EIO:when=2 \
		"$TSMCTL" report --keep s3 --nonce "$NONCE" --out "$TMP/out"
	[ "$status" -eq 10 ]
	[ "$output" = "tsmctl: the report was written to '$TMP/out', but syncing its directory failed: Input/output error (it may not survive a crash)" ]
	cmp "$TMP/r" "$TMP/out"
}

@test "report to a full standard output is exit 10" {
	craft mock "$NONCE" "$TMP/r"
	fake_entry shared "$TMP/r" 0 1 1
	run bash -c "timeout $HK_TIMEOUT '$TSMCTL' report --keep shared --nonce $NONCE >/dev/full"
	[ "$status" -eq 10 ]
	[[ "$output" == "tsmctl: cannot write the report to standard output: No space left on device" ]]
}

@test "report --aux writes the auxblob; a missing manifestblob is exit 4" {
	craft mock "$NONCE" "$TMP/r"
	fake_entry shared "$TMP/r" 0 1 1 1
	printf 'certs' >"$RD/shared/auxblob"
	run t "$TSMCTL" report --keep shared --nonce "$NONCE" --out "$TMP/out" --aux "$TMP/aux"
	[ "$status" -eq 0 ]
	[ "$(cat "$TMP/aux")" = certs ]
	wait "$FEEDER"
	fake_entry s2 "$TMP/r" 0 1 1
	run t "$TSMCTL" report --keep s2 --nonce "$NONCE" --manifest "$TMP/man"
	[ "$status" -eq 4 ]
	[[ "$output" == "tsmctl: cannot read manifestblob of entry 's2': provider mock_tsm does not offer it" ]]
	[ ! -e "$TMP/man" ]
}

@test "report: each provider's inblob rule is enforced before anything is written" {
	craft mock "$NONCE" "$TMP/r"
	refused sev sev_guest "${NONCE:0:64}" "exactly 64 bytes, not 32"
	refused tdx tdx_guest "${NONCE:0:126}" "exactly 64 bytes, not 63"
	refused cca arm_cca_guest "${NONCE:0:62}" "32 to 64 bytes, not 31"
}

@test "report: EBUSY from a write (a wrapped write counter) refuses a kept entry: it needs a new one" {
	require_cmd strace
	craft mock "$NONCE" "$TMP/r"
	fake_entry wrap "$TMP/r" 0
	run tstrace -qq -o /dev/null -f -P "$RD/wrap/inblob" -e trace=write -e inject=write:error=EBUSY \
		"$TSMCTL" report --keep wrap --nonce "$NONCE" --out "$TMP/out"
	[ "$status" -eq 8 ]
	[ "$output" = "tsmctl: cannot write report entry 'wrap': it refuses writes (EBUSY) until its report is read, as its write counter would wrap onto its read counter: use a new entry" ]
	[ ! -e "$TMP/out" ]
	wait "$FEEDER"
}

@test "report: a nonce within the provider's rule, or padded by --pad, is written as it is" {
	craft mock "$NONCE" "$TMP/r"
	rule_entry cca arm_cca_guest 0 1 1
	run t "$TSMCTL" report --keep cca --nonce "${NONCE:0:64}" --out "$TMP/out"
	[ "$status" -eq 0 ]
	[ "$(od -An -tx1 "$RD/cca/inblob" | tr -d " \n")" = "${NONCE:0:64}" ]
	wait "$FEEDER"
	rule_entry sev sev_guest 0 1 1
	run t "$TSMCTL" report --keep sev --nonce "${NONCE:0:64}" --pad --out "$TMP/out"
	[ "$status" -eq 0 ]
	[ "$(stat -c %s "$RD/sev/inblob")" -eq 64 ]
	wait "$FEEDER"
	rule_entry one mock_tsm 0 1 1	# 1 to 64 bytes, padded
	run t "$TSMCTL" report --keep one --nonce 01 --out "$TMP/out"
	[ "$status" -eq 0 ]
	[ "$(od -An -tx1 "$RD/one/inblob" | tr -d " \n")" = 01 ]
	wait "$FEEDER"
}

@test "report: a refused option write is counted, said so, and nothing after it is written" {
	require_cmd strace
	craft mock "$NONCE" "$TMP/r"
	fake_entry guid "$TMP/r" 0
	: >"$RD/guid/service_guid"
	run tstrace -qq -o /dev/null -f -P "$RD/guid/service_guid" -e trace=write -e inject=write:error=EINVAL \
		"$TSMCTL" report --keep guid --nonce "$NONCE" --service-guid 11111111-1111-1111-1111-111111111111 --out "$TMP/out"
	[ "$status" -eq 7 ]
	[ "$output" = "tsmctl: cannot write service_guid of entry 'guid': Invalid argument (the kernel counted the write: the entry's generation moved all the same)" ]
	[ ! -s "$RD/guid/inblob" ]
	[ ! -e "$TMP/out" ]
	wait "$FEEDER"
}
