# SPDX-License-Identifier: GPL-2.0-or-later
# Shared by the reseedwatch guest files: setup, background watchers, handshakes.

TIMER=/proc/sys/kernel/random/epoch_timer_interval
# shellcheck disable=SC2034 # EVENT_RE is for the bats files that load this one
EVENT_RE='^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}Z epoch 0x[0-9a-f]{8} -> 0x[0-9a-f]{8} [a-z0-9_-]+ counter=[0-9]+ step=[0-9]+'

setup() {
	# Per-test timing in the serial log, to keep the suite's TCG time in view.
	echo "HK-RW-TIME $(cut -d' ' -f1 /proc/uptime) start $BATS_TEST_NUMBER" >/dev/console
	hk_need_tool RESEEDWATCH
	T=$(mktemp -d /tmp/rw.XXXXXX)
	chmod 0755 "$T"
	BG=()
	echo 0 >"$TIMER"
}

teardown() {
	local p
	for p in ${BG[@]+"${BG[@]}"}; do
		kill "$p" 2>/dev/null || true
	done
	echo 0 >"$TIMER"
	rm -rf "$T"
}

# The current epoch, from status --json (hex).
epoch() { "$RESEEDWATCH" status --json | sed -n 's/^ *"epoch": "\(0x[0-9a-f]*\)",$/\1/p'; }

# Start `reseedwatch ARGS` in the background (stdout $T/NAME.out or $BG_OUT,
# stderr $T/NAME.err); return once it has said it is watching.
bg_start() {
	local name=$1
	shift
	bg_cmd "$name" "$RESEEDWATCH" "$@"
}

# The same for CMD ARGS, a launcher that ends in reseedwatch.
bg_cmd() {
	local name=$1
	shift
	"$@" >"${BG_OUT:-$T/$name.out}" 2>"$T/$name.err" &
	BG+=($!)
	eval "PID_$name=$!"
	for _ in $(seq 200); do
		grep -q 'watching for reseed events' "$T/$name.err" 2>/dev/null && return 0
		kill -0 "$!" 2>/dev/null || break
		sleep 0.05
	done
	echo "watcher '$name' did not start: $(cat "$T/$name.err")" >&2
	return 1
}

# Run CMD ARGS every 50 ms until it succeeds, for at most $WAIT_S seconds (20).
wait_until() {
	for _ in $(seq $((${WAIT_S:-20} * 20))); do
		"$@" && return 0
		sleep 0.05
	done
	return 1
}

# Wait until FILE has a line matching the extended regex RE.
wait_grep() {
	wait_until grep -qE "$2" "$1" 2>/dev/null && return 0
	echo "no line matching '$2' in $1: $(cat "$1")" >&2
	return 1
}

in_syscall() {
	local nr
	read -r nr _ <"/proc/$1/syscall" && [ "$nr" = "$2" ]
}

# Wait until process PID sleeps in system call NR (/proc/PID/syscall).
wait_syscall() {
	wait_until in_syscall "$1" "$2" && return 0
	echo "process $1 is not in system call $2: $(cat "/proc/$1/syscall")" >&2
	return 1
}

# PID (busybox uevent) has its socket and sleeps in a system call: listening.
listening() {
	local nr
	read -r nr _ <"/proc/$1/syscall" || return 1
	[ "$nr" != running ] || return 1
	local fd
	for fd in "/proc/$1/fd/"*; do
		[[ $(readlink "$fd") != socket:* ]] || return 0
	done
	return 1
}

# Wait until process PID is gone, zombie included (reaped).
wait_reaped() {
	wait_until test ! -e "/proc/$1" && return 0
	echo "process $1 was not reaped: $(grep State "/proc/$1/status")" >&2
	return 1
}

# Wait for a background watcher to end; its exit status in $status.
# shellcheck disable=SC2034 # status is read by the caller, as after bats' run
bg_wait() {
	local pid
	eval "pid=\$PID_$1"
	# shellcheck disable=SC2016 # expanded by eval
	WAIT_S=${2:-30} wait_until eval '! kill -0 "$pid" 2>/dev/null' ||
		{ echo "watcher '$1' still running" >&2; return 1; }
	status=0
	wait "$pid" || status=$?
}

has_lines() { [ "$(grep -c . "$1" 2>/dev/null)" -ge "$2" ]; }

# Wait until FILE has N lines (in SEC seconds, default 20).
wait_lines() {
	WAIT_S=${3:-20} wait_until has_lines "$1" "$2" && return 0
	echo "$1 has $(grep -c . "$1") lines, want $2: $(cat "$1")" >&2
	return 1
}

trigger() { "$RESEEDWATCH" trigger >/dev/null; }

hexadd() { printf '0x%08x' $(($1 + $2)); }
