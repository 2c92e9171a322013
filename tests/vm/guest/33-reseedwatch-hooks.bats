#!/usr/bin/env bats
# shellcheck shell=bats
# shellcheck disable=SC2030,SC2031 # each test runs in its own subshell: BG is set and read within one test
# SPDX-License-Identifier: GPL-2.0-or-later
# reseedwatch watch --exec-dir for real events: the order, the environment,
# one failure never stopping the rest, the time limit, what is skipped and
# why, events coalesced while hooks run, and the example hooks.

load test_helper
load reseedwatch

# A hooks directory $T/h; log_hook NAME [MODE] adds a hook that appends
# "NAME" and the event's variables to $T/log.
make_dir() {
	mkdir -m 0755 "$T/h"
}

log_hook() {
	cat >"$T/h/$1" <<EOF
#!/bin/sh
echo "$1 \$RESEED_EPOCH \$RESEED_OLD_EPOCH \$RESEED_NOTIFIER \$RESEED_STEP \$RESEED_SOURCE \$RESEED_EVENT \$RESEED_TIME" >>$T/log
EOF
	chmod "${2:-0755}" "$T/h/$1"
}

names() { cut -d' ' -f1 "$T/log" | tr '\n' ' '; }

@test "--exec-dir runs every executable hook in byte order with the event in its environment" {
	make_dir
	for n in 20-b 10-a 05-first Z-upper a-lower; do log_hook "$n"; done
	log_hook 30-readme 0644
	log_hook .hidden
	log_hook '40-x~'
	log_hook 50-x.dpkg-old
	mkdir "$T/h/60-dir"
	start=$(epoch)
	bg_start w watch --count 2 --exec-dir "$T/h"
	trigger
	wait_lines "$T/log" 5
	trigger
	bg_wait w
	[ "$status" -eq 0 ]
	e1=$(printf '0x01%06x' $(((start + 1) & 0xffffff)))
	e2=$(epoch)
	t1=$(sed -n '1s/ .*//p' "$T/w.out")
	t2=$(sed -n '2s/ .*//p' "$T/w.out")
	[ "$(names)" = "05-first 10-a 20-b Z-upper a-lower 05-first 10-a 20-b Z-upper a-lower " ]
	[ "$(sed -n 1p "$T/log")" = "05-first $e1 $start rndreseedcrng 1 poll reseed $t1" ]
	[ "$(sed -n 10p "$T/log")" = "a-lower $e2 $e1 rndreseedcrng 1 poll reseed $t2" ]
	# each skipped entry reported once, before watching, with its reason
	w="reseedwatch: warning: --exec-dir: skipping '$T/h"
	[ "$(grep -c "^$w/" "$T/w.err")" -eq 5 ]
	grep -qxF "$w/.hidden': its name starts with a dot" "$T/w.err"
	grep -qxF "$w/30-readme': it is not executable" "$T/w.err"
	grep -qxF "$w/40-x~': its name is that of a backup or package manager leftover" "$T/w.err"
	grep -qxF "$w/50-x.dpkg-old': its name is that of a backup or package manager leftover" "$T/w.err"
	grep -qxF "$w/60-dir': it is not a regular file" "$T/w.err"
	last_skip=$(grep -n 'skipping' "$T/w.err" | tail -n 1 | cut -d: -f1)
	[ "$last_skip" -lt "$(grep -n 'watching for reseed events' "$T/w.err" | cut -d: -f1)" ]
}

@test "--exec-dir reads the directory for each event and reports a new skipped entry once" {
	make_dir
	log_hook 10-a
	bg_start w watch --count 3 --exec-dir "$T/h"
	trigger
	wait_lines "$T/log" 1
	log_hook 20-new
	log_hook 30-off 0644
	trigger
	wait_lines "$T/log" 3
	trigger
	bg_wait w
	[ "$status" -eq 0 ]
	[ "$(names)" = "10-a 10-a 20-new 10-a 20-new " ]
	[ "$(grep -c "skipping '$T/h/30-off': it is not executable" "$T/w.err")" -eq 1 ]
}

@test "one hook's failure is one line and the others still run" {
	make_dir
	log_hook 05-first
	printf '#!/bin/sh\nexit 3\n' >"$T/h/10-fail"
	printf '#!/bin/sh\nkill -9 $$\n' >"$T/h/20-killed"
	printf '#!/no/such/interpreter\n' >"$T/h/25-badexec"
	chmod 0755 "$T/h/10-fail" "$T/h/20-killed" "$T/h/25-badexec"
	log_hook 30-last
	bg_start w watch --count 1 --exec-dir "$T/h"
	trigger
	bg_wait w
	[ "$status" -eq 0 ]
	e=$(epoch)
	[ "$(names)" = "05-first 30-last " ]
	grep -v 'watching for reseed events' "$T/w.err" >"$T/errs"
	[ "$(grep -c . "$T/errs")" -eq 3 ]
	[ "$(sed -n 1p "$T/errs")" = "reseedwatch: hook '$T/h/10-fail' for epoch $e failed with exit status 3" ]
	[ "$(sed -n 2p "$T/errs")" = "reseedwatch: hook '$T/h/20-killed' for epoch $e was killed by signal 9 (Killed)" ]
	[ "$(sed -n 3p "$T/errs")" = "reseedwatch: cannot run hook '$T/h/25-badexec' for epoch $e: No such file or directory" ]
}

@test "a hook past --hook-timeout gets SIGTERM, then SIGKILL, with what it started; the next hook runs" {
	make_dir
	# 10-hang leaves a child in its process group and waits for it (a hook
	# script's wait, by PID); 20-stubborn ignores SIGTERM (and so does its
	# child).
	cat >"$T/h/10-hang" <<EOF
#!/bin/sh
sleep 1000 &
child=\$!
echo \$child >$T/hang.child
wait \$child
EOF
	cat >"$T/h/20-stubborn" <<EOF
#!/bin/sh
trap '' TERM
sleep 1000 &
child=\$!
echo \$child >$T/stubborn.child
while :; do wait \$child; done
EOF
	chmod 0755 "$T/h/10-hang" "$T/h/20-stubborn"
	log_hook 30-after
	bg_start w watch --count 1 --hook-timeout 1 --exec-dir "$T/h"
	trigger
	bg_wait w 90
	[ "$status" -eq 0 ]
	e=$(epoch)
	grep -qxF "reseedwatch: hook '$T/h/10-hang' for epoch $e was killed by signal 15 (Terminated) after its time limit of 1 s (SIGTERM)" "$T/w.err"
	grep -qxF "reseedwatch: hook '$T/h/20-stubborn' for epoch $e was killed by signal 9 (Killed) after its time limit of 1 s (SIGTERM, then SIGKILL)" "$T/w.err"
	[ "$(names)" = "30-after " ]
	# nothing they started is left
	wait_reaped "$(cat "$T/hang.child")"
	wait_reaped "$(cat "$T/stubborn.child")"
}

@test "hooks another user could change are skipped; a non-root watcher may run its own" {
	make_dir
	log_hook 10-root
	log_hook 20-carol
	chown 1003 "$T/h/20-carol"
	log_hook 30-gw 0775
	bg_start w watch --count 1 --exec-dir "$T/h"
	trigger
	bg_wait w
	[ "$status" -eq 0 ]
	[ "$(names)" = "10-root " ]
	grep -qxF "reseedwatch: warning: --exec-dir: skipping '$T/h/20-carol': it is owned by neither root nor the user reseedwatch runs as" "$T/w.err"
	grep -qxF "reseedwatch: warning: --exec-dir: skipping '$T/h/30-gw': it is writable by group or others" "$T/w.err"
	# as carol: root's hooks and hers run
	: >"$T/log"
	chmod 0666 "$T/log"
	bg_cmd c hk_as carol "$RESEEDWATCH" watch --count 1 --exec-dir "$T/h"
	trigger
	bg_wait c
	[ "$status" -eq 0 ]
	[ "$(names)" = "10-root 20-carol " ]
	# a directory carol's group may write is refused before watching
	chown 1003 "$T/h"
	chmod 0775 "$T/h"
	run hk_as carol "$RESEEDWATCH" watch --count 1 --exec-dir "$T/h"
	[ "$status" -eq 2 ]
	[[ $output == *"refusing hooks directory '$T/h': it is owned by uid 1003 with mode 0775"* ]]
}

@test "events while the hooks run are coalesced into one more run of all of them" {
	make_dir
	mkfifo "$T/release"
	cat >"$T/h/10-hold" <<EOF
#!/bin/sh
echo "10-hold \$RESEED_OLD_EPOCH \$RESEED_EPOCH \$RESEED_STEP" >>$T/log
read -r _ <$T/release
EOF
	chmod 0755 "$T/h/10-hold"
	log_hook 20-next
	start=$(epoch)
	bg_start w watch --count 4 --exec-dir "$T/h"
	trigger
	wait_lines "$T/log" 1
	trigger; trigger; trigger
	wait_lines "$T/w.out" 4
	[ "$(grep -c . "$T/log")" -eq 1 ]
	echo go | t tee "$T/release" >/dev/null
	wait_lines "$T/log" 3
	echo go | t tee "$T/release" >/dev/null
	bg_wait w
	[ "$status" -eq 0 ]
	e1=$(printf '0x01%06x' $(((start + 1) & 0xffffff)))
	e4=$(epoch)
	[ "$(cut -d' ' -f1-4 "$T/log")" = "10-hold $start $e1 1
20-next $e1 $start rndreseedcrng
10-hold $e1 $e4 3
20-next $e4 $e1 rndreseedcrng" ]
}

@test "the example random seed hook refreshes the seed file when reseedwatch runs it" {
	make_dir
	ln -s /hk/examples-hooks/10-random-seed "$T/h/10-random-seed"
	head -c 512 /dev/zero >"$T/seed"
	export RANDOM_SEED_FILE=$T/seed
	bg_start w watch --count 1 --exec-dir "$T/h"
	unset RANDOM_SEED_FILE
	trigger
	bg_wait w
	[ "$status" -eq 0 ]
	grep -qxF "10-random-seed: refreshed $T/seed (512 bytes) for epoch $(epoch)" "$T/w.err"
	[ "$(stat -c %s "$T/seed")" -eq 512 ]
	run cmp -s "$T/seed" <(head -c 512 /dev/zero)
	[ "$status" -eq 1 ]
}
