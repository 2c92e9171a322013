#!/usr/bin/env bats
# shellcheck shell=bats
# SPDX-License-Identifier: GPL-2.0-or-later
# reseedwatch status and the VMClock source on fake sysroot trees: each
# source present or why not, the vmgenid device, the kernel RNG, and watch
# and wait on a regular file that stands in for /dev/vmclock0 (a fake root
# only). The real device (the mock) is tested in the VM suite.

load test_helper

setup() {
	common_setup
	R=$TMP/root
	mkdir -p "$R/dev" "$R/proc/sys/kernel" "$R/sys/bus/platform/devices" "$R/sys/bus/acpi/devices"
	echo 6.12.0-hardenkit >"$R/proc/sys/kernel/osrelease"
}

teardown() {
	common_teardown
}

# page FILE [key=value...]: write (in place) a VMClock page of 4096 bytes;
# keys magic size seq flags disruption gen len; defaults are a good page
# with both flags (0x300). Like the hypervisor: seq_count odd first, then
# the fields, then seq_count as asked, so a watcher never sees half a page.
page() {
	python3 - "$@" <<'PY'
import struct, sys, os
f = sys.argv[1]
v = dict(magic=0x4b4c4356, size=4096, seq=2, flags=0x300, disruption=0, gen=0, len=4096)
for a in sys.argv[2:]:
    k, x = a.split('=')
    v[k] = int(x, 0)
b = bytearray(4096)
struct.pack_into('<IIHBBIQQ', b, 0, v['magic'], v['size'], 1, 0xff, 0, v['seq'], v['disruption'], v['flags'])
struct.pack_into('<Q', b, 104, v['gen'])
fd = os.open(f, os.O_RDWR | os.O_CREAT, 0o644)
odd = struct.pack('<I', v['seq'] | 1)
if os.fstat(fd).st_size >= 16:
    os.pwrite(fd, odd, 12)
body = bytes(b[:v['len']])
os.pwrite(fd, body[:12] + (odd if len(body) >= 16 else b'') + body[16:], 0)
os.ftruncate(fd, v['len'])
if v['len'] >= 16:
    os.pwrite(fd, struct.pack('<I', v['seq']), 12)
os.close(fd)
PY
}

st() { t "$RESEEDWATCH" --sysroot "$R" status "$@"; }

@test "a kernel without any source: the diagnosis says user space is not told, and what would change that (exit 4)" {
	run st
	[ "$status" -eq 4 ]
	[[ $output == *"VMClock:       kernel-too-old: no /dev/vmclock0: Linux 6.12.0-hardenkit predates VMClock's vm_generation_counter"* ]]
	[[ $output == *"RNDEPOCH:      no-device: cannot open /dev/urandom: No such file or directory"* ]]
	[[ $output == *"Clones:        user space is not told about clones here; a kernel built with CONFIG_RANDOM_EPOCH"*"Linux 7.0 on a hypervisor whose VMClock device has vm_generation_counter"* ]]
	[[ $output == *"VM gen ID:     none: the hypervisor offers no VM generation ID device"* ]]
	[[ $output == *"Kernel RNG:    is not told of clones here"* ]]
	# one error line on stderr, the diagnosis on stdout
	err=$(st 2>&1 >/dev/null) || true
	[ "$err" = "reseedwatch: no reseed source here: user space is not told about clones on this system" ]
	out=$(st --json 2>/dev/null) || [ $? -eq 4 ]
	[ "$(echo "$out" | json_get supported)" = false ]
	[ "$(echo "$out" | json_get user_space_told)" = false ]
	[ "$(echo "$out" | json_get origins 1 state)" = kernel-too-old ]
	[ "$(echo "$out" | json_get origins 0 state)" = no-device ]
	[ "$(echo "$out" | json_get kernel_rng_reseeds_on_clone)" = false ]
}

@test "Linux 7.0 without the device says no-device, not too old" {
	echo 7.0.3 >"$R/proc/sys/kernel/osrelease"
	run st
	[ "$status" -eq 4 ]
	[[ $output == *"VMClock:       no-device: no /dev/vmclock0: the hypervisor offers no VMClock device"* ]]
}

@test "a VMClock device with the counter is a source: status exits 0 and shows it" {
	page "$R/dev/vmclock0" gen=7 disruption=3
	run st
	[ "$status" -eq 0 ]
	[[ $output == *"VMClock:       present: /dev/vmclock0: vm_generation_counter 7, with notifications (poll(2))"* ]]
	[[ $output == *"Clones:        user space is told by VMClock"* ]]
	out=$(st --json)
	[ "$(echo "$out" | json_get supported)" = true ]
	[ "$(echo "$out" | json_get origins 1 present)" = true ]
	[ "$(echo "$out" | json_get origins 1 vm_generation_counter)" = 7 ]
	[ "$(echo "$out" | json_get origins 1 disruption_marker)" = 3 ]
	[ "$(echo "$out" | json_get origins 1 notifications)" = true ]
	page "$R/dev/vmclock0" flags=0x100
	run st
	[[ $output == *"VMClock:       present: /dev/vmclock0: vm_generation_counter 0, without notifications"* ]]
}

@test "a device without the generation counter flag, and bad pages, are diagnosed one by one" {
	while IFS='|' read -r args state code want; do
		[ -n "$args" ] || continue
		rm -f "$R/dev/vmclock0"
		read -ra kv <<<"$args"
		page "$R/dev/vmclock0" "${kv[@]}"
		run st
		[ "$status" -eq "$code" ] || { echo "$args: exit $status: $output" >&2; false; }
		[[ $output == *"VMClock:       $state: /dev/vmclock0"*"$want"* ]] || { echo "$args: $output" >&2; false; }
	done <<'ROWS'
flags=0x200|no-flag|4|does not report snapshot loads (flag VM_GEN_COUNTER_PRESENT, bit 8, is clear)
flags=0|no-flag|4|it tells of migrations only
magic=0x4b4c4357|bad-page|7|the magic is not VCLK
size=111|bad-page|7|the size field is smaller than struct vmclock_abi
seq=3|bad-page|7|seq_count stayed odd
len=100|bad-page|7|the page is shorter than struct vmclock_abi
ROWS
}

@test "a device this process may not open is no-permission (exit 3), not absent" {
	require_root
	require_cmd setpriv
	page "$R/dev/vmclock0"
	chmod 0600 "$R/dev/vmclock0"
	chmod 0755 "$TMP" "$R" "$R/dev"
	run t setpriv --reuid 65534 --regid 65534 --clear-groups "$RESEEDWATCH" --sysroot "$R" status
	[ "$status" -eq 3 ]
	[[ $output == *"VMClock:       no-permission: /dev/vmclock0 exists but this process may not open it (Permission denied): it is often root-only"* ]]
	run t setpriv --reuid 65534 --regid 65534 --clear-groups "$RESEEDWATCH" --sysroot "$R" wait --source vmclock
	[ "$status" -eq 3 ]
	assert_one_line_error reseedwatch "$output"
	[[ $output == *"cannot open /dev/vmclock0: Permission denied (the device is often root-only"* ]]
}

@test "a vmgenid device bound to its driver means the kernel RNG reseeds on a clone; unbound, it does not" {
	mkdir -p "$R/sys/bus/acpi/devices/QEMUVGID:00"
	echo "acpi:QEMUVGID:VM_GEN_COUNTER:" >"$R/sys/bus/acpi/devices/QEMUVGID:00/modalias"
	run st
	[[ $output == *"VM gen ID:     QEMUVGID:00, no driver bound (is the vmgenid module loaded?)"* ]]
	[[ $output == *"Kernel RNG:    is not told of clones here"* ]]
	mkdir -p "$R/sys/bus/platform/drivers/vmgenid"
	ln -s ../../devices/QEMUVGID:00 "$R/sys/bus/platform/drivers/vmgenid/QEMUVGID:00"
	run st
	[ "$status" -eq 4 ]
	[[ $output == *"VM gen ID:     QEMUVGID:00, bound to the vmgenid driver"* ]]
	[[ $output == *"Kernel RNG:    reseeds itself on a clone (the vmgenid driver)"* ]]
	# the kernel's own reseed tells user space nothing
	[[ $output == *"Clones:        user space is not told about clones here"* ]]
	out=$(st --json 2>/dev/null) || [ $? -eq 4 ]
	[ "$(echo "$out" | json_get kernel_rng_reseeds_on_clone)" = true ]
	[ "$(echo "$out" | json_get vmgenid_device)" = "QEMUVGID:00" ]
}

# Start a watcher on the fake page in the background; wait for its notice.
bg_watch() {
	"$RESEEDWATCH" --sysroot "$R" "$@" >"$TMP/w.out" 2>"$TMP/w.err" &
	WPID=$!
	for _ in $(seq 400); do
		grep -q 'watching for reseed events' "$TMP/w.err" 2>/dev/null && return 0
		kill -0 "$WPID" 2>/dev/null || break
		sleep 0.05
	done
	echo "watcher did not start: $(cat "$TMP/w.err")" >&2
	return 1
}

# Wait until FILE has N lines.
lines_in() {
	for _ in $(seq 400); do
		[ "$(grep -c . "$1" 2>/dev/null)" -ge "$2" ] && return 0
		sleep 0.05
	done
	echo "$1 has not $2 lines: $(cat "$1")" >&2
	return 1
}

@test "watch on VMClock: a clone, a migration and a counter going backwards are three kinds of event" {
	page "$R/dev/vmclock0" gen=5 disruption=1
	bg_watch watch --source vmclock --interval 10 --count 3
	[[ $(cat "$TMP/w.err") == *"a look at the mapped VMClock page every 10 ms; VMClock vm_generation_counter now 5, disruption_marker 1"* ]]
	page "$R/dev/vmclock0" gen=6 disruption=2 seq=4
	lines_in "$TMP/w.out" 1
	page "$R/dev/vmclock0" gen=6 disruption=3 seq=6
	lines_in "$TMP/w.out" 2
	page "$R/dev/vmclock0" gen=4 disruption=4 seq=8
	lines_in "$TMP/w.out" 3
	wait "$WPID"
	mapfile -t L <"$TMP/w.out"
	[ ${#L[@]} -eq 3 ]
	[[ ${L[0]} == *"Z vmclock 0x0000000000000005 -> 0x0000000000000006 clone vm_generation_counter=6" ]]
	[[ ${L[1]} == *"Z vmclock 0x0000000000000002 -> 0x0000000000000003 migration disruption_marker=3" ]]
	[[ ${L[2]} == *"Z vmclock 0x0000000000000006 -> 0x0000000000000004 backwards vm_generation_counter=4 (the counter went backwards: treat it as a clone)" ]]
}

@test "watch --json on VMClock: origin and kind keys, the old keys keep their meaning" {
	page "$R/dev/vmclock0" gen=1
	bg_watch watch --json --interval 10 --count 1
	page "$R/dev/vmclock0" gen=2 disruption=1 seq=4
	wait "$WPID"
	out=$(cat "$TMP/w.out")
	[ "$(echo "$out" | json_get origin)" = vmclock ]
	[ "$(echo "$out" | json_get kind)" = clone ]
	[ "$(echo "$out" | json_get source)" = interval ]
	[ "$(echo "$out" | json_get old)" = 0x0000000000000001 ]
	[ "$(echo "$out" | json_get new)" = 0x0000000000000002 ]
	[ "$(echo "$out" | json_get counter)" = 2 ]
	[ "$(echo "$out" | json_get notifier)" = vm_generation_counter ]
	[ "$(echo "$out" | json_get notifier_id)" = null ]
	[ "$(echo "$out" | json_get missed)" = null ]
}

@test "wait --since takes VMClock's 64-bit counter; the same value waits, another returns at once" {
	page "$R/dev/vmclock0" gen=0x123456789a
	run t "$RESEEDWATCH" --sysroot "$R" wait --source vmclock --since 0x1234567899
	[ "$status" -eq 0 ]
	[[ $output == *" vmclock 0x0000001234567899 -> 0x000000123456789a clone vm_generation_counter=78187493530" ]]
	run t "$RESEEDWATCH" --sysroot "$R" wait --since 78187493531 --quiet
	[ "$status" -eq 0 ]
	run t "$RESEEDWATCH" --sysroot "$R" wait --since 0x123456789a --timeout 1 --interval 10
	[ "$status" -eq 9 ]
	# the epoch is 32-bit
	run t "$RESEEDWATCH" --sysroot "$R" wait --since 0x1ffffffff --source epoch
	[ "$status" -eq 2 ]
	[[ $output == *"--since: 8589934591 is not an epoch value (at most 0xffffffff)"* ]]
}

@test "a page that goes bad while watched is a clear error (exit 7), not an event" {
	page "$R/dev/vmclock0"
	bg_watch watch --interval 10
	page "$R/dev/vmclock0" seq=5
	status=0
	wait "$WPID" || status=$?
	[ "$status" -eq 7 ]
	[ ! -s "$TMP/w.out" ]
	[ "$(grep -v 'watching' "$TMP/w.err")" = "reseedwatch: cannot read the VMClock page of /dev/vmclock0: seq_count stayed odd (an update in progress that never ended)" ]
}

@test "--source picks one source; a missing chosen source says why in one line" {
	run t "$RESEEDWATCH" --sysroot "$R" watch --source vmclock
	[ "$status" -eq 4 ]
	assert_one_line_error reseedwatch "$output"
	[[ $output == "reseedwatch: no VMClock device: cannot open /dev/vmclock0: No such file or directory (it needs Linux 7.0"* ]]
	page "$R/dev/vmclock0"
	run t "$RESEEDWATCH" --sysroot "$R" wait --source epoch
	[ "$status" -eq 4 ]
	[[ $output == "reseedwatch: cannot open /dev/urandom: No such file or directory" ]]
	run t "$RESEEDWATCH" --sysroot "$R" watch --source vmclock --uevent
	[ "$status" -eq 2 ]
	[[ $output == *"--uevent is a way to watch the epoch, not VMClock"* ]]
	run t "$RESEEDWATCH" watch --source clock
	[ "$status" -eq 2 ]
}

# The machine the host suite runs on: a stock kernel, no fake root. What
# status says must agree with what this test sees for itself.
@test "status on this machine's own kernel: each source's state agrees with the system, and the exit code with the verdict" {
	rc=0
	out=$(t "$RESEEDWATCH" status --json 2>/dev/null) || rc=$?
	[ "$rc" -eq 0 ] || [ "$rc" -eq 4 ] || [ "$rc" -eq 3 ]
	told=$(echo "$out" | json_get user_space_told)
	if [ "$rc" -eq 0 ]; then
		[ "$told" = true ]
	else
		[ "$told" = false ]
	fi
	# no /dev/vmclock0 here: VMClock is absent, and why names this kernel
	if [ ! -e /dev/vmclock0 ]; then
		[ "$(echo "$out" | json_get origins 1 present)" = false ]
		[[ $(echo "$out" | json_get origins 1 detail) == *"no /dev/vmclock0"* ]]
	fi
	if [ "$(echo "$out" | json_get origins 1 state)" = kernel-too-old ]; then
		[[ $(echo "$out" | json_get origins 1 detail) == *"Linux $(uname -r) predates"* ]]
	fi
	# a vmgenid device bound to its driver is exactly when the kernel RNG reseeds itself
	bound=false
	for d in /sys/bus/acpi/devices/*/driver /sys/bus/platform/devices/*/driver; do
		[[ $(readlink -f "$d") == */vmgenid ]] && bound=true
	done
	[ "$(echo "$out" | json_get vmgenid_bound)" = "$bound" ]
	[ "$(echo "$out" | json_get kernel_rng_reseeds_on_clone)" = "$bound" ]
	run t "$RESEEDWATCH" status
	if [ "$told" = false ]; then
		[[ $output == *"Clones:        user space is not told about clones here;"* ]]
	fi
}
