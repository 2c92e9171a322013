#!/usr/bin/env bats
# shellcheck shell=bats
# shellcheck disable=SC2154 # PID_<name> is assigned by bg_cmd (reseedwatch.bash) through eval
# SPDX-License-Identifier: GPL-2.0-or-later
# reseedwatch against the patched kernel, under what a hostile or careless
# caller hands it: inherited signal dispositions and masks, a reader that
# goes away, a full disk, closed descriptors, huge timeouts (forged uevents:
# 30-reseedwatch.bats).

load test_helper
load reseedwatch

@test "a reader that goes away while no event comes ends watch and wait at once (exit 10)" {
	for args in watch "watch --json --count 5" "watch --uevent" "watch --interval 10" wait "wait --timeout 600"; do
		read -ra argv <<<"$args"
		# shellcheck disable=SC2016 # expanded by the inner bash
		run timeout 10 bash -c '"$@" 2>"$0" | true; echo "${PIPESTATUS[0]}"' "$T/err" "$RESEEDWATCH" "${argv[@]}"
		[ "$output" = 10 ] || { echo "$args: $output" >&2; false; }
		# shellcheck disable=SC2143 # a negated pipeline (! grep -q) would not fail a bats test
		[ -z "$(grep -v 'watching for reseed events' "$T/err")" ]
	done
}

@test "--exec runs its command for every event whatever SIGCHLD disposition and mask it inherits" {
	# shellcheck disable=SC2016 # expanded by the hook's sh
	printf '#!/bin/sh\necho "$$ $RESEED_STEP" >>%s/runs\n' "$T" >"$T/hook"
	chmod +x "$T/hook"
	for how in "-i CHLD" "-b CHLD" "-i CHLD -b CHLD"; do
		rm -f "$T/runs"
		# shellcheck disable=SC2086 # how is a list of hk-sigexec options
		bg_cmd w hk-sigexec $how "$RESEEDWATCH" watch --count 3 --exec "$T/hook"
		for i in 1 2 3; do
			trigger
			wait_lines "$T/runs" "$i"
			# the run has ended and been collected before the next event
			wait_reaped "$(sed -n "${i}s/ .*//p" "$T/runs")"
		done
		bg_wait w
		[ "$status" -eq 0 ] || { echo "$how: exit $status: $(cat "$T/w.err")" >&2; false; }
		[ "$(cut -d' ' -f2 "$T/runs" | tr '\n' ' ')" = "1 1 1 " ]
		[ "$(grep -c . "$T/w.out")" -eq 3 ]
	done
}

@test "watch --count ends with the command's end though SIGCHLD is inherited ignored" {
	mkfifo "$T/go"
	printf '#!/bin/sh\necho started >%s/started\nread x <%s/go\n' "$T" "$T" >"$T/hook"
	chmod +x "$T/hook"
	bg_cmd w hk-sigexec -i CHLD "$RESEEDWATCH" watch --count 1 --exec "$T/hook"
	trigger
	# the count is reached while the command runs; then it ends
	wait_grep "$T/started" started
	echo go >"$T/go"
	bg_wait w
	[ "$status" -eq 0 ]
	[ "$(grep -c . "$T/w.out")" -eq 1 ]
}

@test "a failed write to standard output does not skip the command of that event (exit 10)" {
	# shellcheck disable=SC2016 # expanded by the hook's sh
	printf '#!/bin/sh\necho "$RESEED_EPOCH" >%s/ran\n' "$T" >"$T/hook"
	chmod +x "$T/hook"
	BG_OUT=/dev/full bg_start w watch --exec "$T/hook"
	trigger
	bg_wait w
	[ "$status" -eq 10 ]
	[ "$(grep -v 'watching for' "$T/w.err")" = "reseedwatch: cannot write to standard output: No space left on device" ]
	[ "$(cat "$T/ran")" = "$(epoch)" ]
}

@test "wait ended by SIGINT, SIGTERM or SIGHUP exits 128+N, never 0; so does watch --count" {
	for sig in INT TERM HUP; do
		bg_cmd w hk-sigexec -d "$sig" "$RESEEDWATCH" wait
		kill -s "$sig" "$PID_w"
		bg_wait w
		[ "$status" -eq $((128 + $(kill -l "$sig"))) ] || { echo "$sig: exit $status" >&2; false; }
		[ ! -s "$T/w.out" ]
	done
	bg_cmd w hk-sigexec -d INT "$RESEEDWATCH" watch --count 2
	trigger
	wait_lines "$T/w.out" 1
	kill -s INT "$PID_w"
	bg_wait w
	[ "$status" -eq 130 ]
	# without --count a signal is how a watch ends: 0
	bg_start w watch
	kill -s TERM "$PID_w"
	bg_wait w
	[ "$status" -eq 0 ]
}

@test "a termination signal inherited as ignored (nohup, a background job) stays ignored" {
	for sig in HUP INT; do
		bg_cmd w hk-sigexec -i "$sig" "$RESEEDWATCH" wait
		kill -s "$sig" "$PID_w"
		trigger
		bg_wait w
		[ "$status" -eq 0 ] || { echo "$sig: exit $status" >&2; false; }
		[[ $(cat "$T/w.out") =~ $EVENT_RE ]]
	done
}

@test "--exec gives the command /dev/null, not our descriptors, when fd 2 is closed" {
	cat >"$T/hook" <<EOF
#!/bin/sh
a=\$(readlink /proc/\$\$/fd/0) b=\$(readlink /proc/\$\$/fd/1) c=\$(readlink /proc/\$\$/fd/2)
printf "%s\\n" "\$a" "\$b" "\$c" >$T/fds
echo "hook stdout"
echo "hook stderr" >&2
EOF
	chmod +x "$T/hook"
	"$RESEEDWATCH" watch --count 1 --exec "$T/hook" >"$T/w.out" 2>&- &
	pid=$!
	BG+=("$pid")
	wait_syscall "$pid" 7
	trigger
	wait "$pid"
	[ "$(cat "$T/fds")" = "/dev/null
/dev/null
/dev/null" ]
	[ "$(grep -c . "$T/w.out")" -eq 1 ]
	[[ $(cat "$T/w.out") =~ $EVENT_RE ]]
}

@test "--timeout above 24.8 days sleeps for a finite time (no int overflow in poll)" {
	bg_start w wait --timeout 2200000
	wait_syscall "$PID_w" 7
	read -r _ _ _ tmo _ <"/proc/$PID_w/syscall"
	# poll(fds, nfds, timeout): a positive int of milliseconds, capped
	[ $((tmo & 0xffffffff)) -eq $((0x7fffffff)) ]
	kill "$PID_w"
	bg_wait w
	[ "$status" -eq 143 ]
}
