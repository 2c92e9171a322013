# SPDX-License-Identifier: GPL-2.0-or-later
# Shared by the guest tests: tool paths, test identities, io_uring sysctls
# (common.bash holds what the host suite shares: timeouts, skip policy).

UP=${UP:-/usr/bin/uringpolicy}
TSMCTL=${TSMCTL:-/usr/bin/tsmctl}
RESEEDWATCH=${RESEEDWATCH:-/usr/bin/reseedwatch}
: "${HK_TIMEOUT:=60}"
URING_GID=2001
# t, hk_skip, jget: tests/common.bash, which tests/vm/mkinitramfs puts here.
load common

# The identities of the io_uring matrix, as setpriv prefixes (root: none).
hk_as() {
	local who=$1
	shift
	case $who in
	root) ;;
	alice) set -- setpriv --reuid 1001 --regid 2001 --clear-groups "$@" ;;
	bob) set -- setpriv --reuid 1002 --regid 1002 --groups "$URING_GID" "$@" ;;
	carol) set -- setpriv --reuid 1003 --regid 1003 --clear-groups "$@" ;;
	carol+cap)
		set -- setpriv --reuid 1003 --regid 1003 --clear-groups \
			--inh-caps +sys_admin --ambient-caps +sys_admin "$@" ;;
	*) echo "hk_as: unknown identity '$who'" >&2; return 99 ;;
	esac
	t "$@"
}

hk_need_tool() {
	local var=$1
	[ -x "${!var}" ] || hk_skip "${!var} is not in this initramfs (binary not built)"
}

# Set the io_uring sysctls directly, independently of the tool under test.
hk_uring_sysctl() {
	echo "$1" >/proc/sys/kernel/io_uring_disabled
	echo "$2" >/proc/sys/kernel/io_uring_group
	[ "$(cat /proc/sys/kernel/io_uring_disabled)" = "$1" ]
	[ "$(cat /proc/sys/kernel/io_uring_group)" = "$2" ]
}

hk_uring_reset() {
	echo 0 >/proc/sys/kernel/io_uring_disabled
	echo -1 >/proc/sys/kernel/io_uring_group
}

# After `run`: require exit status $1, else show what the command said.
# shellcheck disable=SC2154 # status and output are set by bats' run before this is called
hk_status() {
	[ "$status" -eq "$1" ] && return 0
	echo "expected exit status $1, got $status; output:" >&2
	printf '%s\n' "$output" >&2
	return 1
}
