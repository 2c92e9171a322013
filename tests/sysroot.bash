# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck disable=SC2034 # the constants at the end are for the bats files that load this one
# A fake /proc and /etc for uringpolicy: sysctls and processes.

# mk_sysroot DIR LEVEL GROUP
mk_sysroot() {
	local root=$1
	mkdir -p "$root/proc/sys/kernel" "$root/etc/sysctl.d" "$root/run"
	echo "$2" >"$root/proc/sys/kernel/io_uring_disabled"
	echo "$3" >"$root/proc/sys/kernel/io_uring_group"
}

# mk_proc DIR PID NAME EUID FSGID "GROUPS" CAPEFF_HEX USERNS_INO RINGS OTHERFDS
mk_proc() {
	local root=$1 pid=$2 name=$3 euid=$4 fsgid=$5 groups=$6 capeff=$7 ns=$8 rings=$9 other=${10}
	local d=$root/proc/$pid i n=3
	mkdir -p "$d/fd" "$d/ns"
	cat >"$d/status" <<EOS
Name:	$name
Umask:	0022
State:	S (sleeping)
Tgid:	$pid
Pid:	$pid
Uid:	$euid	$euid	$euid	$euid
Gid:	$fsgid	$fsgid	$fsgid	$fsgid
FDSize:	64
Groups:	$groups
CapInh:	0000000000000000
CapPrm:	$capeff
CapEff:	$capeff
CapBnd:	000001ffffffffff
Seccomp:	0
EOS
	ln -sf "user:[$ns]" "$d/ns/user"
	for ((i = 0; i < rings; i++)); do
		ln -sf "anon_inode:[io_uring]" "$d/fd/$n"
		n=$((n + 1))
	done
	for ((i = 0; i < other; i++)); do
		ln -sf "/dev/null" "$d/fd/$n"
		n=$((n + 1))
	done
}

INIT_NS=4026531837
CHILD_NS=4026532999
CAP_ALL=000001ffffffffff
CAP_NONE=0000000000000000
CAP_SYSADMIN=0000000000200000
