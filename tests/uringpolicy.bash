# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
# Shared by the host uringpolicy files (10-uringpolicy-status-set,
# 11-uringpolicy-check-users): a fake sysroot (sysroot.bash) with the
# sysctls at 0 and -1, and readers of what the tool left there.

setup() {
	common_setup
	chmod 0755 "$TMP"	# tests run some commands as nobody
	R=$TMP/root
	mk_sysroot "$R" 0 -1
	export HARDENKIT_SYSROOT=$R
}

teardown() {
	common_teardown
}

level() { cat "$R/proc/sys/kernel/io_uring_disabled"; }
group() { cat "$R/proc/sys/kernel/io_uring_group"; }
