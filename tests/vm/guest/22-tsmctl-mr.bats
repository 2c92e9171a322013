#!/usr/bin/env bats
# shellcheck shell=bats
# SPDX-License-Identifier: GPL-2.0-or-later
# tsmctl mr on the mock_tsm measurement registers: the tsm-mr layout, extend
# semantics checked against sha384sum/sha512sum, the registers in the
# report, replay, concurrent extends, and the fail_times knob.

load test_helper
load tsmctl

MRD=/sys/devices/virtual/misc/mock_tsm/measurements

setup() {
	hk_need_tool TSMCTL
	# A fresh module: every runtime register back at zero.
	for e in "$RD"/*; do [ -d "$e" ] && rmdir "$e"; done
	[ ! -d "$MP" ] || modprobe -r mock_tsm || hk_skip "mock_tsm cannot be unloaded"
	mock_load
	mock_defaults
	WORK=$(mktemp -d /tmp/mr.XXXXXX)
	LOG=$WORK/log.json
	D48=$(printf 'ab%.0s' $(seq 48))
}

teardown() {
	! mounted "$WORK/full" || umount "$WORK/full"
	rm -rf "$WORK"
	for e in "$RD"/*; do [ -d "$e" ] && rmdir "$e"; done
	[ ! -d "$MP" ] || mock_defaults
}

hex() {
	od -An -v -tx1 "$@" | tr -d ' \n'
}

# extended SUM OLD_HEX DIGEST_HEX: the value a register of that hash (sha384sum,
# sha512sum) gets, computed apart from tsmctl and the kernel.
extended() {
	printf '%s%s' "$2" "$3" | xxd -r -p | "$1" | cut -d' ' -f1
}

@test "mock_tsm has the tsm-mr layout: names, modes, sizes, the fixed mrtd" {
	run ls "$MRD"
	[ "$output" = "$(printf '%s\n' mrconfigid mrtd:sha384 rtmr0:sha384 rtmr1:sha384 rtmr2:sha384 rtmr3:sha384 rtmr4:sha512)" ]
	[ "$(stat -c %a "$MRD/mrtd:sha384")" = 444 ]
	[ "$(stat -c %a "$MRD/mrconfigid")" = 444 ]
	[ "$(stat -c %a "$MRD/rtmr0:sha384")" = 644 ]
	[ "$(stat -c %s "$MRD/rtmr4:sha512")" = 64 ]
	[ "$(hex "$MRD/mrtd:sha384")" = "$(printf 'mock_tsm mrtd' | sha384sum | cut -d' ' -f1)" ]
	[ "$(hex "$MRD/rtmr0:sha384")" = "$(printf '0%.0s' $(seq 96))" ]
	# a write of another size is refused and changes nothing
	run dd if=/dev/zero of="$MRD/rtmr0:sha384" bs=47 count=1 conv=notrunc
	[ "$status" -ne 0 ]
	[ "$(hex "$MRD/rtmr0:sha384")" = "$(printf '0%.0s' $(seq 96))" ]
	run dd if=/dev/zero of="$MRD/mrtd:sha384" bs=48 count=1 conv=notrunc
	[ "$status" -ne 0 ]
	# one write of the register's size extends it
	run dd if=/dev/zero of="$MRD/rtmr0:sha384" bs=48 count=1 conv=notrunc
	[ "$status" -eq 0 ]
	[ "$(hex "$MRD/rtmr0:sha384")" = "$(head -c 96 /dev/zero | sha384sum | cut -d' ' -f1)" ]
}

@test "mr extend: the register becomes H(old || digest), in its own algorithm" {
	zero96=$(printf '0%.0s' $(seq 96))
	run t "$TSMCTL" mr extend --digest "$D48" --log "$LOG" rtmr0
	[ "$status" -eq 0 ]
	want=$(extended sha384sum "$zero96" "$D48")
	[ "$(hex "$MRD/rtmr0:sha384")" = "$want" ]
	run t "$TSMCTL" mr read rtmr0
	[ "$output" = "$want" ]
	echo payload >"$WORK/p"
	run t "$TSMCTL" mr extend --data "$WORK/p" --log "$LOG" rtmr4
	[ "$status" -eq 0 ]
	d=$(sha512sum "$WORK/p" | cut -d' ' -f1)
	[ "$(hex "$MRD/rtmr4:sha512")" = "$(extended sha512sum "$(printf '0%.0s' $(seq 128))" "$d")" ]
	run t "$TSMCTL" mr extend --digest "$D48" --log "$LOG" mrtd
	[ "$status" -eq 2 ]
	run t "$TSMCTL" mr list --raw --noheadings --output NAME,MODE,INDEX
	[ "$status" -eq 0 ]
	grep -qx 'rtmr3 rw 4' <<<"$output"
	grep -qx 'mrtd ro 0' <<<"$output"
}

@test "the report carries the registers; replay matches the live values and the report's" {
	for i in 1 2 3; do
		run t "$TSMCTL" mr extend --digest "$(printf "0$i%.0s" $(seq 48))" --description "step $i" --log "$LOG" rtmr1
		[ "$status" -eq 0 ]
	done
	run t "$TSMCTL" report --nonce "$NONCE" --out "$WORK/r"
	[ "$status" -eq 0 ]
	run t "$TSMCTL" verify --provider mock_tsm --nonce "$NONCE" "$WORK/r"
	[ "$status" -eq 0 ]
	# the block at 0xe0: magic, 7 entries of 104 bytes; rtmr1 is the 4th
	[ "$(dd if="$WORK/r" bs=1 skip=$((0xe0)) count=7 2>/dev/null)" = MOCKMRS ]
	[ "$(hex -j $((0xf0 + 3 * 104 + 40)) -N 48 "$WORK/r")" = "$(hex "$MRD/rtmr1:sha384")" ]
	run t "$TSMCTL" mr replay "$LOG"
	[ "$status" -eq 0 ]
	grep -q '^rtmr1:sha384 *ok *3 records$' <<<"$output"
	run t "$TSMCTL" mr replay --report "$WORK/r" "$LOG"
	[ "$status" -eq 0 ]
	# an extend the log does not know: live values part, the old report still matches
	printf '\x11%.0s' $(seq 48) >"$WORK/d"
	dd if="$WORK/d" of="$MRD/rtmr1:sha384" bs=48 count=1 conv=notrunc
	run t "$TSMCTL" mr replay "$LOG"
	[ "$status" -eq 1 ]
	grep -q '^rtmr1:sha384 *differs.*without a record' <<<"$output"
	run t "$TSMCTL" mr replay --report "$WORK/r" "$LOG"
	[ "$status" -eq 0 ]
}

@test "concurrent extends: every record logged, in the order the register saw them" {
	local n=8 i pids=()
	for i in $(seq 1 $n); do
		timeout 120 "$TSMCTL" mr extend --digest "$(printf '%02x' $(seq "$i" $((i + 47))))" \
			--log "$LOG" rtmr2 2>"$WORK/err$i" &
		pids+=("$!")
	done
	for i in "${!pids[@]}"; do
		wait "${pids[$i]}"
	done
	[ "$(grep -c '"recnum"' "$LOG")" -eq "$n" ]
	for i in $(seq 0 $((n - 1))); do
		grep -q "\"recnum\": $i, \"pcr\": 3," "$LOG"
	done
	# every digest once
	for i in $(seq 1 $n); do
		[ "$(grep -c "$(printf '%02x' $(seq "$i" $((i + 47))))" "$LOG")" -eq 1 ]
	done
	# replay folds the log in its order: it matches only if that is the register's
	run t "$TSMCTL" mr replay "$LOG"
	[ "$status" -eq 0 ]
	grep -q "^rtmr2:sha384 *ok *$n records$" <<<"$output"
}

@test "a record that cannot be written: the register moved without one, and replay says so" {
	mkdir "$WORK/full"
	mount -t tmpfs -o size=8k hk-full "$WORK/full"
	run t "$TSMCTL" mr extend --digest "$D48" --log "$WORK/full/log.json" rtmr3
	[ "$status" -eq 0 ]
	dd if=/dev/zero of="$WORK/full/fill" bs=1k 2>/dev/null || true
	before=$(hex "$MRD/rtmr3:sha384")
	run t "$TSMCTL" mr extend --digest "$D48" --log "$WORK/full/log.json" rtmr3
	[ "$status" -eq 10 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == "tsmctl: "* ]]
	[[ "$output" == *"moved without a record"* ]]
	[ "$(hex "$MRD/rtmr3:sha384")" != "$before" ]
	[ "$(grep -c '"recnum"' "$WORK/full/log.json")" -eq 1 ]
	run t "$TSMCTL" mr replay "$WORK/full/log.json"
	[ "$status" -eq 1 ]
	grep -q '^rtmr3:sha384 *differs' <<<"$output"
}

@test "fail_times: fail_errno fails only the next N reports" {
	echo 16 >"$MP/fail_errno"
	echo 2 >"$MP/fail_times"
	mkdir "$RD/ft"
	printf 'x' >"$RD/ft/inblob"
	run cat "$RD/ft/outblob"
	[ "$status" -ne 0 ]
	[[ "$output" == *"busy"* ]]
	[ "$(cat "$MP/fail_times")" = 1 ]
	run cat "$RD/ft/outblob"
	[ "$status" -ne 0 ]
	[ "$(cat "$MP/fail_errno")" = 0 ]
	[ "$(cat "$MP/fail_times")" = 0 ]
	run cat "$RD/ft/outblob"
	[ "$status" -eq 0 ]
	rmdir "$RD/ft"
}
