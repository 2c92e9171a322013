#!/usr/bin/env bats
# shellcheck shell=bats
# SPDX-License-Identifier: GPL-2.0-or-later
# uringpolicy record against the real kernel's trace events: bursts of
# short-lived callers under several identities, refusals after tightening,
# a killed run cleaned up by the next, two runs side by side.

load test_helper
load uringpolicy

T=/sys/kernel/tracing

setup() {
	hk_need_tool UP
	hk_uring_reset
	[ -d "$T/instances" ] || hk_skip "tracefs is not mounted at $T"
	REC_PIDS=() HOLD_PIDS=()
}

teardown() {
	local p
	for p in ${HOLD_PIDS[@]+"${HOLD_PIDS[@]}"} ${REC_PIDS[@]+"${REC_PIDS[@]}"}; do
		kill -KILL "$p" 2>/dev/null || true
	done
	for p in ${HOLD_PIDS[@]+"${HOLD_PIDS[@]}"} ${REC_PIDS[@]+"${REC_PIDS[@]}"}; do
		wait "$p" 2>/dev/null || true
	done
	rmdir "$T"/instances/hardenkit-record.* 2>/dev/null || true
	rm -f /tmp/hk-rec.* /tmp/hk-linger
	hk_uring_reset
}

# uid of an identity
uid_of() {
	case $1 in root) echo 0 ;; alice) echo 1001 ;; bob) echo 1002 ;; carol) echo 1003 ;; esac
}

# rec_start TAG ARGS...: record in the background, its stdout in
# /tmp/hk-rec.TAG.out (a FIFO read on fd OUT_FD[TAG] with --follow), its
# stderr through a FIFO on ERR_FD[TAG]; returns once it said it records.
declare -gA REC_PID ERR_FD OUT_FD INSTANCE
rec_start() {
	local tag=$1 line fd ofd follow=0 a
	shift
	for a in "$@"; do [ "$a" != --follow ] || follow=1; done
	rm -f "/tmp/hk-rec.$tag.err" "/tmp/hk-rec.$tag.out"
	mkfifo "/tmp/hk-rec.$tag.err"
	[ $follow = 0 ] || mkfifo "/tmp/hk-rec.$tag.out"
	"$UP" record "$@" >"/tmp/hk-rec.$tag.out" 2>"/tmp/hk-rec.$tag.err" &
	REC_PID[$tag]=$!
	REC_PIDS+=("$!")
	# The shell opens its stdout, then its stderr: open them in that order.
	if [ $follow = 1 ]; then
		exec {ofd}<"/tmp/hk-rec.$tag.out"
		OUT_FD[$tag]=$ofd
	fi
	exec {fd}<"/tmp/hk-rec.$tag.err"
	ERR_FD[$tag]=$fd
	# Lines before the ready line (a stale instance removed) go to PRE_ERR.
	PRE_ERR=
	while read -r -t 120 -u "$fd" line; do
		echo "record $tag: $line"
		[[ $line != *"recording in tracefs instance "* ]] || break
		PRE_ERR+="$line"$'\n'
	done
	[[ $line == *"recording in tracefs instance hardenkit-record."* ]]
	line=${line##*instance }
	INSTANCE[$tag]=${line%% *}
	[ -d "$T/instances/${INSTANCE[$tag]}" ]
}

# rec_stop TAG: SIGTERM, its exit status in REC_STATUS, stdout (without
# --follow) in REC_OUT, stderr in REC_ERR.
rec_stop() {
	local tag=$1
	kill -TERM "${REC_PID[$tag]}"
	REC_STATUS=0
	wait "${REC_PID[$tag]}" || REC_STATUS=$?
	REC_ERR=$(cat <&"${ERR_FD[$tag]}")
	if [ -n "${OUT_FD[$tag]:-}" ]; then
		REC_OUT=$(cat <&"${OUT_FD[$tag]}")
	else
		REC_OUT=$(cat "/tmp/hk-rec.$tag.out")
	fi
	printf 'record %s: exit %s\nstdout:\n%s\nstderr:\n%s\n' "$tag" "$REC_STATUS" "$REC_OUT" "$REC_ERR"
}

# Nothing of ours is left in tracefs, and no event is enabled anywhere.
assert_clean() {
	run ls "$T/instances"
	[[ $output != *hardenkit-record.* ]]
	[ "$(cat "$T/events/io_uring/io_uring_create/enable")" = 0 ]
	[ "$(cat "$T/events/syscalls/sys_exit_io_uring_setup/enable")" = 0 ]
	[ -z "$(cat "$T/set_event")" ]
}

# linger WHO: a caller of io_uring_setup that stays until killed; its PID
# and result ("ok", "EPERM") in LPID and LRES.
linger() {
	local line
	prefix "$1"
	[ -p /tmp/hk-linger ] || mkfifo -m 0666 /tmp/hk-linger
	[ -n "${LINGER_FD:-}" ] || exec {LINGER_FD}<>/tmp/hk-linger
	"${PREFIX[@]}" hk-uring-linger /tmp/hk-linger &
	HOLD_PIDS+=("$!")
	read -r -t 60 -u "$LINGER_FD" line
	LPID=${line% *} LRES=${line#* }
	[ "$LPID" = "$!" ]
}

# Read --follow lines of TAG until one about pid $2 (text form).
follow_until_pid() {
	local tag=$1 pid=$2 line
	while read -r -t 60 -u "${OUT_FD[$tag]}" line; do
		FOLLOWED+=("$line")
		[[ " $line " == *" pid=$pid "* ]] && { EVENT=$line; return 0; }
	done
	echo "no event of pid $pid in the --follow output" >&2
	return 1
}

@test "a burst under four identities: every ring seen, each attributed or marked" {
	local who pid ev uid n=0 errors=()
	declare -A whose
	rec_start burst --follow
	FOLLOWED=()
	# Callers that live until the end: their credentials must be read.
	for who in root alice bob carol; do
		linger "$who"
		[ "$LRES" = ok ]
		whose[$LPID]=$who
	done
	# Short-lived ones: attributed correctly or marked as gone.
	for _ in 1 2 3 4 5 6; do
		for who in root alice bob carol; do
			prefix "$who"
			"${PREFIX[@]}" hk-uring-probe >/dev/null &
			whose[$!]=$who
		done
	done
	for pid in "${!whose[@]}"; do
		case " ${HOLD_PIDS[*]} " in *" $pid "*) continue ;; esac
		wait "$pid"
	done
	# fio under two identities: its rings are counted and attributed too.
	prefix alice
	run "${PREFIX[@]}" timeout 60 fio --name=hk --ioengine=io_uring --filename=/tmp/hk-rec.fio \
		--size=256k --rw=randread --bs=4k --iodepth=4 --output-format=terse
	hk_status 0
	run timeout 60 fio --name=hk --ioengine=io_uring --filename=/tmp/hk-rec.fio \
		--size=256k --rw=randread --bs=4k --iodepth=4 --output-format=terse
	hk_status 0
	rec_stop burst
	[ "$REC_STATUS" = 0 ]
	for pid in "${!whose[@]}"; do
		who=${whose[$pid]}
		mapfile -t ev < <(printf '%s\n' "${FOLLOWED[@]}" "$REC_OUT" | grep -E " created fd=[0-9]+ pid=$pid ")
		n=$((n + ${#ev[@]}))
		[ ${#ev[@]} = 1 ] || { errors+=("pid $pid ($who): ${#ev[@]} events"); continue; }
		uid=$(uid_of "$who")
		case ${ev[0]} in
		*" uid=$uid "*) ;;
		*"(exited before its credentials were read)")
			case " ${HOLD_PIDS[*]} " in *" $pid "*) errors+=("pid $pid ($who) lived, not read: ${ev[0]}") ;; esac ;;
		*) errors+=("pid $pid ($who) misattributed: ${ev[0]}") ;;
		esac
	done
	[ ${#errors[@]} = 0 ] || { printf '%s\n' "${errors[@]}" >&2; false; }
	[ "$n" = 28 ]
	# fio: as many rings as it made, alice's attributed to alice.
	printf '%s\n' "$REC_OUT" | grep -E "^alice +fio +[1-9][0-9]* +0 " ||
		printf '%s\n' "$REC_OUT" | grep -E "^\? +fio +[1-9]"
	printf '%s\n' "$REC_OUT" | grep -E "^root +fio +[1-9]|^\? +fio +[1-9]"
	assert_clean
}

@test "after tightening, refusals are recorded with EPERM and judged" {
	local who
	hk_uring_sysctl 1 "$URING_GID"
	rec_start tight --follow --output USER,COMMAND,CREATED,REFUSED,ERRORS,CREDENTIALS,NEW-RINGS --raw
	FOLLOWED=()
	for who in carol carol alice bob; do
		linger "$who"
		follow_until_pid tight "$LPID"
		case $who in
		carol) [ "$LRES" = EPERM ]; [[ $EVENT == *" refused errno=EPERM pid=$LPID command=hk-uring-linger user=carol uid=1003 "* ]] ;;
		*) [ "$LRES" = ok ]; [[ $EVENT == *" created fd="*" pid=$LPID command=hk-uring-linger user=$who "* ]] ;;
		esac
	done
	hk_uring_sysctl 2 -1
	linger alice
	[ "$LRES" = EPERM ]
	follow_until_pid tight "$LPID"
	rec_stop tight
	[ "$REC_STATUS" = 0 ]
	# Judged under the policy at the end: level 2, nobody may.
	printf '%s\n' "$REC_OUT" | grep -x "carol hk-uring-linger 0 2 EPERM read denied"
	printf '%s\n' "$REC_OUT" | grep -x "alice hk-uring-linger 1 1 EPERM read denied"
	printf '%s\n' "$REC_OUT" | grep -x "bob hk-uring-linger 1 0 - read denied"
	assert_clean
}

@test "--level and --group judge against a proposed policy; --json" {
	rec_start prop --level 1 --group "$URING_GID" --json
	linger carol
	linger bob
	rec_stop prop
	[ "$REC_STATUS" = 0 ]
	printf '%s\n' "$REC_OUT" | grep -q '"record"'
	printf '%s\n' "$REC_OUT" | tr -d ' \n' | grep -q '"user":"carol","command":"hk-uring-linger","created":1,"refused":0,"errors":"-","credentials":"read","new-rings":"denied"'
	printf '%s\n' "$REC_OUT" | tr -d ' \n' | grep -q '"user":"bob","command":"hk-uring-linger","created":1,"refused":0,"errors":"-","credentials":"read","new-rings":"allowed"'
	assert_clean
}

@test "SIGKILL leaves a stale instance; the next run removes it and leaves nothing enabled" {
	rec_start killed
	local stale=${INSTANCE[killed]}
	[ "$(cat "$T/instances/$stale/events/io_uring/io_uring_create/enable")" = 1 ]
	kill -KILL "${REC_PID[killed]}"
	wait "${REC_PID[killed]}" || true
	[ -d "$T/instances/$stale" ]
	rec_start next
	[ ! -e "$T/instances/$stale" ]
	[[ $PRE_ERR == *"removed the tracefs instance $stale of a record run that ended without removing it"* ]]
	rec_stop next
	[ "$REC_STATUS" = 0 ]
	assert_clean
}

@test "two runs at once: neither touches the other's instance" {
	rec_start one --follow
	rec_start two --follow
	[[ $PRE_ERR != *removed* ]]
	[ -d "$T/instances/${INSTANCE[one]}" ]
	[ "${INSTANCE[one]}" != "${INSTANCE[two]}" ]
	FOLLOWED=()
	linger bob
	follow_until_pid one "$LPID"
	follow_until_pid two "$LPID"
	rec_stop two
	[ "$REC_STATUS" = 0 ]
	[[ $REC_ERR != *removed* ]]
	[ "$(cat "$T/instances/${INSTANCE[one]}/events/io_uring/io_uring_create/enable")" = 1 ]
	linger carol
	follow_until_pid one "$LPID"
	rec_stop one
	[ "$REC_STATUS" = 0 ]
	assert_clean
}

@test "--duration ends the run by itself, and the system is as it was" {
	run t "$UP" record --duration 1
	hk_status 0
	[[ $output == *"0 rings created, 0 io_uring_setup calls refused"* ]]
	assert_clean
}

@test "refuses cleanly: not root, tracefs not mounted" {
	run hk_as carol "$UP" record --duration 1
	hk_status 3
	[ "${#lines[@]}" = 1 ]
	[[ $output == "uringpolicy: cannot open /sys/kernel/tracing: Permission denied (run as root)" ]]
	# shellcheck disable=SC2016 # $0 is for the inner shell
	run t unshare -m sh -c 'umount /sys/kernel/tracing && exec "$0" record --duration 1' "$UP"
	hk_status 4
	[[ $output == *"tracefs is not mounted there"* ]]
	assert_clean
}

@test "a ring made by a second thread is the process's: pid is its Tgid, tid the thread" {
	local line pid tid res
	rec_start thr --follow
	FOLLOWED=()
	prefix alice
	[ -p /tmp/hk-linger ] || mkfifo -m 0666 /tmp/hk-linger
	[ -n "${LINGER_FD:-}" ] || exec {LINGER_FD}<>/tmp/hk-linger
	"${PREFIX[@]}" hk-uring-linger /tmp/hk-linger thread &
	HOLD_PIDS+=("$!")
	read -r -t 60 -u "$LINGER_FD" line
	read -r pid tid res <<<"$line"
	[ "$pid" = "$!" ]
	[ "$tid" != "$pid" ]
	[ "$res" = ok ]
	follow_until_pid thr "$pid"
	[[ $EVENT == *" created fd="*" pid=$pid tid=$tid command=hk-uring-linger user=alice "* ]]
	rec_stop thr
	[ "$REC_STATUS" = 0 ]
	assert_clean
}
