# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
# shellcheck disable=SC2034 # NONCE is for the bats files that load this one
# Shared by the guest tsmctl files (20-tsmctl-report, 21-tsmctl-signals):
# the mock_tsm provider at its defaults, and no entry left behind.

RD=/sys/kernel/config/tsm/report
MP=/sys/module/mock_tsm/parameters
NONCE=$(printf '%02x' $(seq 1 64))

setup() {
	hk_need_tool TSMCTL
	mock_load
	mock_defaults
	WORK=$(mktemp -d /tmp/tsm.XXXXXX)
	BG=
}

teardown() {
	local p
	for p in $BG ${WRITER:-}; do
		kill -9 "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
	mounted /sys/kernel/config || mount -t configfs configfs /sys/kernel/config
	! mounted "$WORK/full" || umount "$WORK/full"
	rm -rf "$WORK"
	[ -d "$RD" ] || mock_load
	[ ! -d "$MP" ] || mock_defaults
	# Leave no entry behind for the next test (each test checks its own leaks).
	for e in "$RD"/*; do [ -d "$e" ] && rmdir "$e"; done
	[ -d "$MP" ] || modprobe mock_tsm 2>/dev/null || true
}

mock_load() {
	[ -d "$MP" ] || modprobe mock_tsm || hk_skip "the mock_tsm module cannot be loaded"
	[ -d "$RD" ] || hk_skip "$RD is missing"
}

mock_defaults() {
	echo 0 >"$MP/delay_ms"
	echo 0 >"$MP/fail_errno"
	[ ! -e "$MP/fail_times" ] || echo 0 >"$MP/fail_times"
	echo N >"$MP/empty_outblob"
	echo 1024 >"$MP/outblob_size"
	echo Y >"$MP/auxblob"
	echo Y >"$MP/service_attrs"
	echo 0 >"$MP/privlevel_floor"
}

mounted() { awk -v d="$1" '$2 == d { f = 1 } END { exit !f }' /proc/mounts; }

entries() { ls -A "$RD"; }

# Does PID have a private entry? (no fork: the soak calls it a thousand times)
has_entry() { compgen -G "$RD/tsmctl-$1-*" >/dev/null; }

# No report entry at all (the test made only private ones).
no_entries() {
	local left
	left=$(entries)
	[ -z "$left" ] && return 0
	echo "entries left behind: $left" >&2
	return 1
}
