#!/usr/bin/env bats
# shellcheck shell=bats
# SPDX-License-Identifier: GPL-2.0-or-later
# reseedwatch across a snapshot: `watch --json --exec` and the example generator
# run in a guest that is saved to a file and restored in two new QEMU
# processes with different vmgenid GUIDs. Each clone must print exactly one
# vmgenid event, run the hook once for it, and reseed the generator, and the
# clones' generators must then differ.

HK_PROG=tests/vm/host/30-reseedwatch-clone.bats
source "$BATS_TEST_DIRNAME/../lib.sh"
# jget: a JSON member of one event line
load ../../common

setup_file() { hk_vm_host_setup_file hk-rwclone; }
teardown_file() { hk_vm_host_teardown_file orig c1 c2; }

# Console lines of a guest with PREFIX, the prefix and CRs removed.
lines_of() { sed -n "s/\r\$//; s/^$2 //p" "$(vm_log "$1")"; }

@test "a snapshot restored twice: each clone sees exactly one vmgenid event, runs the hook, reseeds its generator" {
	vm_start orig script:reseedwatch-clone.sh
	vm_wait_marker orig '^HK-RW-STARTED 0x' 300
	vm_wait_marker orig '^HK-PRNG output 3:' 60
	# booting is not an event
	[ -z "$(lines_of orig HK-RW)" ]
	[ -z "$(lines_of orig HK-RW-HOOK)" ]
	e0=$(lines_of orig HK-RW-STARTED | tr -d '\r')
	vm_save orig "$HK_VM_DIR/state.mig"
	[ -z "$(lines_of orig HK-RW)" ]
	last=$(lines_of orig HK-PRNG | tail -n 1)
	[[ $last == *" epoch $e0 reseeds 1" ]]

	g1=$(hk_vm_guid)
	g2=$(hk_vm_guid)
	[ "$g1" != "$g2" ]
	[ "$g1" != "$(cat "$HK_VM_DIR/orig.guid")" ]
	vm_restore_clone orig c1 "$HK_VM_DIR/state.mig" "$g1"
	vm_restore_clone orig c2 "$HK_VM_DIR/state.mig" "$g2"

	want=$(printf '0x02%06x' $(((e0 + 1) & 0xffffff)))
	for c in c1 c2; do
		vm_wait_marker "$c" '^HK-RW \{.*"notifier": "vmgenid"' 120
		vm_wait_marker "$c" '^HK-RW-HOOK .*notifier=vmgenid' 60
		# let the generator go on for a while: no second event may come
		n=$(lines_of "$c" HK-PRNG | tail -n 1 | cut -d' ' -f2 | tr -d :)
		vm_wait_marker "$c" "^HK-PRNG output $((n + 5)):" 60
		run lines_of "$c" HK-RW
		[ "${#lines[@]}" -eq 1 ] || { echo "$c: ${#lines[@]} event lines: $output" >&2; false; }
		ev=${lines[0]}
		[ "$(jget notifier <<<"$ev")" = vmgenid ]
		[ "$(jget notifier_id <<<"$ev")" = 2 ]
		[ "$(jget old <<<"$ev")" = "$e0" ]
		[ "$(jget new <<<"$ev")" = "$want" ]
		[ "$(jget step <<<"$ev")" = 1 ]
		[ "$(jget source <<<"$ev")" = poll ]
		run lines_of "$c" HK-RW-HOOK
		[ "$output" = "epoch=$want old=$e0 notifier=vmgenid step=1" ]
		# the generator reseeded once, for this event
		after=$(lines_of "$c" HK-PRNG | grep " epoch $want reseeds 2\$" | head -n 1)
		[ -n "$after" ] || { echo "$c: the generator never reseeded: $(lines_of "$c" HK-PRNG | tail -n 3)" >&2; false; }
		# shellcheck disable=SC2143 # a negated pipeline (! grep -q) would not fail a bats test
		[ -z "$(lines_of "$c" HK-PRNG | grep -v -e " epoch $e0 reseeds 1\$" -e " epoch $want reseeds 2\$")" ]
		eval "first_$c=\$after"
	done
	# Both clones continued the same saved state, but their outputs after
	# the event differ: each reseeded from its own kernel.
	# shellcheck disable=SC2154 # first_c1 and first_c2 are set by the eval in the loop
	[ "${first_c1%% epoch*}" != "${first_c2%% epoch*}" ]
	n1=$(cut -d' ' -f2 <<<"$first_c1")
	n2=$(cut -d' ' -f2 <<<"$first_c2")
	o1=$(lines_of c1 HK-PRNG | grep " epoch $want " | cut -d' ' -f3 | head -n 5)
	o2=$(lines_of c2 HK-PRNG | grep " epoch $want " | cut -d' ' -f3 | head -n 5)
	[ -z "$(comm -12 <(sort <<<"$o1") <(sort <<<"$o2"))" ] ||
		{ echo "clones share outputs after the event (first outputs $n1, $n2)" >&2; false; }
	vm_stop c1
	vm_stop c2
}
