#!/usr/bin/env bats
# shellcheck shell=bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Save a running guest and restore it in two new QEMU processes with new vmgenid GUIDs.

HK_PROG=tests/vm/host/10-vmgenid-clone.bats
source "$BATS_TEST_DIRNAME/../lib.sh"

setup_file() { hk_vm_host_setup_file hk-vmhost; }
teardown_file() { hk_vm_host_teardown_file orig c1 c2; }

counters() { grep -Eo '^HK-COUNTER [0-9]+' "$(vm_log "$1")" | cut -d' ' -f2; }

@test "a saved guest restored twice keeps its tmpfs state and each clone sees a VM generation change" {
	vm_start orig script:vmfork-counter.sh
	vm_wait_marker orig '^HK-COUNTER 3[^0-9]' 300
	# The reseed must come from the restore, not from booting.
	run grep -c 'HK-VMFORK' "$(vm_log orig)"
	[ "$output" = 0 ]

	vm_save orig "$HK_VM_DIR/state.mig"
	last=$(counters orig | tail -n 1)
	[ "$last" -ge 3 ]

	g0=$(cat "$HK_VM_DIR/orig.guid")
	g1=$(hk_vm_guid)
	g2=$(hk_vm_guid)
	[ "$g1" != "$g0" ]
	[ "$g2" != "$g0" ]
	[ "$g1" != "$g2" ]
	vm_restore_clone orig c1 "$HK_VM_DIR/state.mig" "$g1"
	vm_restore_clone orig c2 "$HK_VM_DIR/state.mig" "$g2"

	for c in c1 c2; do
		vm_wait_marker "$c" '^HK-VMFORK ' 120
		vm_wait_marker "$c" "^HK-COUNTER $((last + 3))[^0-9]" 120
		log=$(vm_log "$c")
		grep -q 'crng reseeded due to virtual machine fork' "$log"
		# A clone continues the saved run: it never boots, and its counter goes on
		# from the saved tmpfs value (one line may have been in flight at the save).
		run grep -c 'HK-BOOTED' "$log"
		[ "$output" = 0 ]
		first=$(counters "$c" | head -n 1)
		[ "$first" -gt "$last" ] || { echo "$c: first counter $first after the save, the saved guest had reached $last" >&2; false; }
		[ "$first" -le $((last + 2)) ] || { echo "$c: first counter $first after the save, the saved guest had reached $last" >&2; false; }
		[ "$(counters "$c" | sed -n 2p)" -eq $((first + 1)) ]
	done
	vm_stop c1
	vm_stop c2
}
