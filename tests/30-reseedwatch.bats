#!/usr/bin/env bats
# shellcheck shell=bats
# SPDX-License-Identifier: GPL-2.0-or-later
# reseedwatch on the host: option parsing, bad input, and a kernel without
# the epoch patch (the host's). Real events are tested in the VM suite.

load test_helper

setup() {
	common_setup
	chmod 0755 "$TMP"
}

teardown() {
	common_teardown
}

# Does this kernel answer RNDEPOCH (_IO('R', 0x08))? The host normally does not.
host_has_epoch() {
	python3 -c 'import fcntl, os, sys
fd = os.open("/dev/urandom", os.O_RDONLY)
try:
    fcntl.ioctl(fd, 0x5208, 0)
except OSError:
    sys.exit(1)
sys.exit(0)'
}

require_no_epoch() {
	if host_has_epoch; then
		hk_skip "this kernel has RNDEPOCH; the no-patch path needs a kernel without it"
	fi
	if [ -e /dev/vmclock0 ]; then
		hk_skip "this machine has a VMClock device; the no-source path needs one without it"
	fi
}

# After `run`: exit status, and one error line naming the program.
assert_usage() {
	[ "$status" -eq 2 ] || { echo "exit $status, want 2: $output" >&2; return 1; }
	assert_one_line_error reseedwatch "$output"
	[[ $output == *"$1"* ]] || { echo "message lacks '$1': $output" >&2; return 1; }
}

@test "bad option values are refused with exit 2 and a message naming the problem" {
	while IFS='|' read -r args want; do
		[ -n "$args" ] || continue
		read -ra argv <<<"$args"
		run t "$RESEEDWATCH" "${argv[@]}"
		assert_usage "$want" || { echo "row: $args" >&2; false; }
	done <<'ROWS'
watch --interval 0|--interval: '0' is out of range (1 to 60000 milliseconds)
watch --interval -5|--interval: '-5' is out of range
watch --interval 1e9|--interval: '1e9' is not a whole number of milliseconds
watch --interval 1000000000|--interval: '1000000000' is out of range
watch --interval 60001|out of range
watch --interval abc|not a whole number
watch --interval 0x10|not a whole number
watch --interval 1.5|not a whole number
wait --interval 0|--interval: '0' is out of range
watch --count abc|--count: 'abc' is not a whole number
watch --count 0|--count: '0' is out of range
watch --count -1|--count: '-1' is out of range
watch --count 1000000001|out of range
watch --timeout 99999999999999999999|--timeout: '99999999999999999999' is out of range (0 to 31536000 seconds)
watch --timeout 18446744073709551617|out of range
wait --timeout 31536001|out of range
wait --timeout -1|--timeout: '-1' is out of range
wait --timeout 1.5|--timeout: '1.5' is not a whole number of seconds
wait --since xyz|--since: 'xyz' is not a value (0x and up to 16 hex digits, or decimal)
wait --since 0x12345678901234567|--since: '0x12345678901234567' is not a value
wait --since 18446744073709551616|is not a value
wait --source epoch --since 0x123456789|--since: 4886718345 is not an epoch value (at most 0xffffffff)
wait --source epoch --since 4294967296|is not an epoch value
watch --interval 10 --uevent|--interval and --uevent are different sources
watch --shell|--shell needs --exec
watch --exec|--exec: missing argument
watch extra|unexpected argument 'extra'
wait extra|unexpected argument 'extra'
status extra|unexpected argument 'extra'
trigger extra|unexpected argument 'extra'
watch --no-such-option|--no-such-option: unknown option
trigger --json|--json: unknown option
ROWS
	run t "$RESEEDWATCH" watch --exec ""
	assert_usage "--exec: the command is empty"
}

@test "each subcommand's --help lists its options" {
	run t "$RESEEDWATCH" watch --help
	[ "$status" -eq 0 ]
	for o in --interval --uevent --json --count --timeout --quiet --exec --shell --help; do
		[[ $output == *"$o"* ]] || { echo "watch --help lacks $o" >&2; false; }
	done
	run t "$RESEEDWATCH" wait --help
	[ "$status" -eq 0 ]
	for o in --interval --timeout --since --json --quiet; do
		[[ $output == *"$o"* ]] || { echo "wait --help lacks $o" >&2; false; }
	done
	run t "$RESEEDWATCH" status --help
	[[ $output == *--json* ]]
	run t "$RESEEDWATCH" trigger --help
	[ "$status" -eq 0 ]
	[[ $output == *"Usage: reseedwatch trigger"* ]]
}

@test "without the patch every subcommand says in one line that there are no reseed notifications (exit 4)" {
	require_no_epoch
	for args in watch "watch --interval 10" "watch --uevent" \
		"watch --json --count 1 --timeout 1" wait "wait --timeout 1" "wait --interval 5 --quiet"; do
		read -ra argv <<<"$args"
		run t "$RESEEDWATCH" "${argv[@]}" 2>&1
		[ "$status" -eq 4 ] || { echo "$args: exit $status: $output" >&2; false; }
		err=$(t "$RESEEDWATCH" "${argv[@]}" 2>&1 >/dev/null) || true
		[ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] || { echo "$args: not one line: $err" >&2; false; }
		[[ $err == "reseedwatch: this kernel has no reseed notifications: the RNDEPOCH ioctl on /dev/urandom failed ("*"); it needs a kernel built with CONFIG_RANDOM_EPOCH; and no VMClock device: cannot open /dev/vmclock0: No such file or directory (it needs Linux 7.0 on a hypervisor that offers VMClock, or the mock_vmclock test module)" ]] ||
			{ echo "$args: $err" >&2; false; }
	done
}

@test "without the patch nothing pretends to work: no event lines; status diagnoses this kernel (exit 4)" {
	require_no_epoch
	run t "$RESEEDWATCH" watch --count 1 --timeout 1
	[ "$status" -eq 4 ]
	[ -z "$(t "$RESEEDWATCH" watch --count 1 --timeout 1 2>/dev/null)" ]
	out=$(t "$RESEEDWATCH" status --json 2>/dev/null) || [ $? -eq 4 ]
	[ "$(echo "$out" | json_get supported)" = false ]
	[ "$(echo "$out" | json_get origins 0 state)" = absent ]
	run t "$RESEEDWATCH" status
	[ "$status" -eq 4 ]
	[[ $output == *"RNDEPOCH:      absent: this kernel has no reseed notifications: the RNDEPOCH ioctl on /dev/urandom failed"* ]]
	[[ $output == *"Clones:        user space is not told about clones here; "* ]]
	[[ $output == *"reseedwatch: no reseed source here: user space is not told about clones on this system"* ]]
}

@test "trigger checks CAP_SYS_ADMIN first and explains the refusal (exit 3)" {
	require_root
	require_cmd setpriv
	run t setpriv --reuid 65534 --regid 65534 --clear-groups "$RESEEDWATCH" trigger
	[ "$status" -eq 3 ]
	assert_one_line_error reseedwatch "$output"
	[[ $output == *"cannot trigger a reseed: RNDRESEEDCRNG needs CAP_SYS_ADMIN"* ]]
	# root without the capability in its effective set is refused the same way
	run t setpriv --inh-caps=-sys_admin --bounding-set=-sys_admin "$RESEEDWATCH" trigger
	[ "$status" -eq 3 ]
	[[ $output == *"needs CAP_SYS_ADMIN"* ]]
}

@test "trigger as root without the patch refuses to reseed silently (exit 4)" {
	require_root
	require_no_epoch
	run t "$RESEEDWATCH" trigger
	[ "$status" -eq 4 ]
	[[ $output == *"this kernel has no reseed notifications"* ]]
}

@test "a missing or fake /dev/urandom is a source unavailable (exit 4)" {
	R=$TMP/root
	mkdir -p "$R/dev" "$R/proc/sys/kernel/random"
	run t "$RESEEDWATCH" --sysroot "$R" status
	[ "$status" -eq 4 ]
	[[ $output == *"RNDEPOCH:      no-device: cannot open /dev/urandom: No such file or directory"* ]]
	run t "$RESEEDWATCH" --sysroot "$R" watch --source epoch
	[ "$status" -eq 4 ]
	assert_one_line_error reseedwatch "$output"
	[ "$output" = "reseedwatch: cannot open /dev/urandom: No such file or directory" ]
	echo not-a-device >"$R/dev/urandom"
	HARDENKIT_SYSROOT=$R run t "$RESEEDWATCH" watch
	[ "$status" -eq 4 ]
	[[ $output == *"cannot use /dev/urandom: not a character device"* ]]
	# a planted symlink is not followed
	rm "$R/dev/urandom"
	ln -s /dev/urandom "$R/dev/urandom"
	run t "$RESEEDWATCH" --sysroot "$R" wait --timeout 1
	[ "$status" -eq 7 ]
	[[ $output == *"cannot open /dev/urandom"* ]]
}
