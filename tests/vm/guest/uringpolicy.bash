# shellcheck shell=bash
# shellcheck disable=SC2034 # PREFIX is read by the files that load this
# SPDX-License-Identifier: GPL-2.0-or-later
# What the uringpolicy guest files share (load after test_helper): the test
# identities, as setpriv prefixes for processes run under them.

# setpriv prefix for a background process of an identity (no timeout
# wrapper), in PREFIX.
prefix() {
	case $1 in
	root) PREFIX=() ;;
	alice) PREFIX=(setpriv --reuid 1001 --regid 2001 --clear-groups) ;;
	bob) PREFIX=(setpriv --reuid 1002 --regid 1002 --groups "$URING_GID") ;;
	carol) PREFIX=(setpriv --reuid 1003 --regid 1003 --clear-groups) ;;
	carol+cap) PREFIX=(setpriv --reuid 1003 --regid 1003 --clear-groups
		--inh-caps +sys_admin --ambient-caps +sys_admin) ;;
	esac
}
