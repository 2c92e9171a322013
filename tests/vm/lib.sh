# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
# Host-side helpers to boot, save and clone test guests under QEMU (sourced).
#
# vm_start NAME MODE [CMDLINE...]     boot a guest in the background (QMP socket, serial log)
# vm_wait_marker NAME REGEX [SECS]    wait until the serial log has a line matching REGEX
# vm_save NAME FILE                   stop the guest, save its state to FILE, end QEMU
# vm_restore_clone NAME NEW FILE [GUID]  same command line, new vmgenid GUID, -incoming FILE
# vm_stop NAME                        end a guest's QEMU
# Needs HK_VM_DIR (a scratch dir), HK_KERNEL_DIR and HK_INITRAMFS (see hk_vm_prepare).

HK_VM_LIB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
HK_TOP=$(cd "$HK_VM_LIB/../.." && pwd)

hk_vm_err() { echo "${HK_PROG:-tests/vm/lib.sh}: $*" >&2; }

# Build (cached) or find the kernel, and build the initramfs if none was given.
hk_vm_prepare() {
	if [ -z "${HK_KERNEL_DIR:-}" ]; then
		local args=() out
		[ "${HK_KERNEL_DEBUG:-0}" = 1 ] && args+=(--debug)
		out=$("$HK_TOP/kernel/build" ${args[@]+"${args[@]}"}) ||
			{ hk_vm_err "kernel/build failed"; return 1; }
		HK_KERNEL_DIR=$(tail -n 1 <<<"$out")
	fi
	[ -f "$HK_KERNEL_DIR/bzImage" ] || { hk_vm_err "no bzImage in HK_KERNEL_DIR=$HK_KERNEL_DIR"; return 1; }
	if [ -z "${HK_INITRAMFS:-}" ]; then
		HK_INITRAMFS=$HK_VM_DIR/initramfs.cpio
		"$HK_VM_LIB/mkinitramfs" -k "$HK_KERNEL_DIR" -o "$HK_INITRAMFS" ||
			{ hk_vm_err "mkinitramfs failed"; return 1; }
	fi
	export HK_KERNEL_DIR HK_INITRAMFS
}

hk_vm_guid() { cat /proc/sys/kernel/random/uuid; }

hk_vm_cmdline() {
	local mode=$1
	shift
	echo "console=ttyS0 loglevel=${HK_VM_LOGLEVEL:-4} audit=1 panic=-1 hk.mode=$mode $*"
}

# Fill HK_QEMU with the QEMU command line: kernel append string, GUID, log, QMP socket.
hk_vm_qemu_cmd() {
	local append=$1 guid=$2 log=$3 qmp=${4:-}
	HK_QEMU=(qemu-system-x86_64 -accel "${HK_VM_ACCEL:-tcg}" -cpu "${HK_VM_CPU:-max}"
		-m "${HK_VM_MEM:-1G}" -smp "${HK_VM_SMP:-2}" -nographic -no-reboot -nic none
		-kernel "$HK_KERNEL_DIR/bzImage" -initrd "$HK_INITRAMFS" -append "$append"
		-device "vmgenid,guid=$guid")
	# A log of "-" means this terminal (serial and QEMU monitor muxed, Ctrl-A x quits).
	if [ "$log" = - ]; then HK_QEMU+=(-serial mon:stdio); else HK_QEMU+=(-serial "file:$log" -monitor none); fi
	[ -z "$qmp" ] || HK_QEMU+=(-qmp "unix:$qmp,server=on,wait=off")
}

# QEMU in the background, bounded by HK_VM_TIMEOUT; fd 3 closed for bats.
hk_vm_spawn() {
	local name=$1
	shift
	timeout -k 10 "${HK_VM_TIMEOUT:-2700}" "$@" </dev/null >"$HK_VM_DIR/$name.qemu.out" 2>&1 3>&- &
	echo $! >"$HK_VM_DIR/$name.pid"
}

vm_log() { echo "$HK_VM_DIR/$1.log"; }

vm_alive() { kill -0 "$(cat "$HK_VM_DIR/$1.pid")" 2>/dev/null; }

vm_start() {
	local name=$1 mode=$2 guid
	shift 2
	guid=$(hk_vm_guid)
	hk_vm_cmdline "$mode" "$@" >"$HK_VM_DIR/$name.append"
	echo "$guid" >"$HK_VM_DIR/$name.guid"
	hk_vm_qemu_cmd "$(cat "$HK_VM_DIR/$name.append")" "$guid" "$HK_VM_DIR/$name.log" "$HK_VM_DIR/$name.qmp"
	hk_vm_spawn "$name" "${HK_QEMU[@]}"
}

vm_wait_marker() {
	local name=$1 re=$2 secs=${3:-300} log
	log=$(vm_log "$name")
	local end=$((SECONDS + secs))
	while [ $SECONDS -lt $end ]; do
		grep -Eq -- "$re" "$log" 2>/dev/null && return 0
		if ! vm_alive "$name"; then
			grep -Eq -- "$re" "$log" 2>/dev/null && return 0
			hk_vm_err "guest '$name' ended before printing /$re/; last lines of $log:"
			tail -n 20 "$log" >&2
			return 1
		fi
		sleep 0.2
	done
	hk_vm_err "no /$re/ from guest '$name' within ${secs}s; last lines of $log:"
	tail -n 20 "$log" >&2
	return 1
}

hk_vm_reap() {
	local name=$1 pid
	pid=$(cat "$HK_VM_DIR/$name.pid")
	for _ in $(seq 100); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$pid" 2>/dev/null; then
		kill "$pid" 2>/dev/null || true
		sleep 1
	fi
	wait "$pid" 2>/dev/null || true
}

vm_save() {
	local name=$1 file=$2
	python3 "$HK_VM_LIB/qmp.py" --timeout "${HK_VM_SAVE_TIMEOUT:-180}" \
		"$HK_VM_DIR/$name.qmp" save "$file" >&2 || { hk_vm_err "saving guest '$name' failed"; return 1; }
	python3 "$HK_VM_LIB/qmp.py" "$HK_VM_DIR/$name.qmp" quit || true
	hk_vm_reap "$name"
	[ -s "$file" ] || { hk_vm_err "state file $file is empty"; return 1; }
}

vm_restore_clone() {
	local name=$1 new=$2 file=$3 guid=${4:-} append
	[ -n "$guid" ] || guid=$(hk_vm_guid)
	append=$(cat "$HK_VM_DIR/$name.append")
	echo "$append" >"$HK_VM_DIR/$new.append"
	echo "$guid" >"$HK_VM_DIR/$new.guid"
	hk_vm_qemu_cmd "$append" "$guid" "$HK_VM_DIR/$new.log" "$HK_VM_DIR/$new.qmp"
	hk_vm_spawn "$new" "${HK_QEMU[@]}" -incoming "exec:cat $(printf '%q' "$file")"
	python3 "$HK_VM_LIB/qmp.py" --timeout "${HK_VM_SAVE_TIMEOUT:-180}" \
		"$HK_VM_DIR/$new.qmp" resume >/dev/null || {
		hk_vm_err "restoring '$new' from $file failed; QEMU said:"
		cat "$HK_VM_DIR/$new.qemu.out" >&2
		return 1
	}
}

vm_stop() {
	local name=$1
	[ -e "$HK_VM_DIR/$name.pid" ] || return 0
	if vm_alive "$name"; then
		python3 "$HK_VM_LIB/qmp.py" --timeout 5 "$HK_VM_DIR/$name.qmp" quit 2>/dev/null ||
			kill "$(cat "$HK_VM_DIR/$name.pid")" 2>/dev/null || true
	fi
	hk_vm_reap "$name"
}

# setup_file/teardown_file of a host-driven bats file (tests/vm/host): a work
# directory named after PREFIX with the kernel and initramfs ready; at the end
# the guests NAME... stopped and the directory removed (HK_VM_KEEP=1 keeps it).
hk_vm_host_setup_file() {
	HK_VM_DIR=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")
	export HK_VM_DIR
	hk_vm_prepare
}

hk_vm_host_teardown_file() {
	local n
	for n in "$@"; do vm_stop "$n" || true; done
	if [ "${HK_VM_KEEP:-0}" = 1 ]; then
		echo "# kept $HK_VM_DIR" >&3
	else
		rm -rf "$HK_VM_DIR"
	fi
}
