#!/usr/bin/env bats
# shellcheck shell=bats
# shellcheck disable=SC2154 # top_srcdir and top_builddir: set by test_helper.bash (bats load is not followed)
# SPDX-License-Identifier: GPL-2.0-or-later
# reseedwatch as a service, on the host: the unit (systemd-analyze verify,
# what make install puts where), --exec-dir refusals before watching, and
# the example hooks run by hand. Hooks run for real events in the guest
# (tests/vm/guest/33-reseedwatch-hooks.bats).

load test_helper

setup() {
	common_setup
	chmod 0755 "$TMP"
	if [ "${HK_INSTALLED:-0}" = 1 ]; then
		UNIT=$(installed_unit)
	else
		UNIT=$top_builddir/systemd/reseedwatch.service
	fi
}

teardown() {
	common_teardown
}

# systemd-analyze verify on a copy of UNIT whose ExecStart runs the built
# binary (verify checks that the program exists); all its output in $output.
verify_unit() {
	require_cmd systemd-analyze
	sed "s|^ExecStart=[^ ]*/reseedwatch |ExecStart=$(readlink -f "$RESEEDWATCH") |" "$1" >"$TMP/reseedwatch.service"
	run t systemd-analyze verify --man=no "$TMP/reseedwatch.service"
}

# The installed package's unit, wherever this release's systemd looks.
installed_unit() {
	local d
	for d in /usr/lib/systemd/system /lib/systemd/system; do
		[ -f "$d/reseedwatch.service" ] && { echo "$d/reseedwatch.service"; return; }
	done
	echo /nonexistent/reseedwatch.service
}

# Where the parts the next test checks are: make install of the unit, the
# hooks directory and the examples into $TMP/dest, or, testing the installed
# package, / itself.
install_root() {
	if [ "${HK_INSTALLED:-0}" = 1 ]; then
		ROOT=
		return
	fi
	install_parts
	ROOT=$TMP/dest
}

install_parts() {
	t env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$top_builddir" DESTDIR="$TMP/dest" \
		install-systemdsystemunitDATA install-hooksdir install-dist_examplehooksSCRIPTS \
		install-dist_exampleudevDATA >"$TMP/make.log" 2>&1 || { cat "$TMP/make.log" >&2; return 1; }
}

@test "systemd-analyze verify accepts the unit without a word" {
	[ -f "$UNIT" ]
	verify_unit "$UNIT"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
}

@test "systemd-analyze verify (as this test runs it) refuses broken units" {
	while IFS='|' read -r from to; do
		sed "s|$from|$to|" "$UNIT" >"$TMP/broken.service"
		! cmp -s "$UNIT" "$TMP/broken.service" || { echo "row did not apply: $from" >&2; false; }
		verify_unit "$TMP/broken.service"
		[ "$status" -ne 0 ] || [ -n "$output" ] || { echo "accepted: $from -> $to" >&2; false; }
	done <<'ROWS'
^ProtectSystem=strict|ProtectSystem=stricter
^DeviceAllow=/dev/vmclock0 r|DeviceAllow=/dev/vmclock0 rx
^SystemCallFilter=@system-service|SystemCallFilter=@no-such-set
^RestrictAddressFamilies=AF_UNIX AF_NETLINK|RestrictAdressFamilies=AF_UNIX AF_NETLINK
^Type=exec|Type=forking-ish
reseedwatch watch|no-such-program watch
ROWS
}

@test "the unit is hardened as documented and runs the hooks directory" {
	grep -qx 'ExecStart=.*/sbin/reseedwatch watch --exec-dir .*/reseedwatch/hooks.d' "$UNIT"
	for d in NoNewPrivileges=yes ProtectSystem=strict ProtectHome=yes PrivateTmp=yes \
		DevicePolicy=closed 'DeviceAllow=/dev/random r' 'DeviceAllow=/dev/vmclock0 r' \
		ProtectKernelTunables=yes ProtectKernelModules=yes ProtectControlGroups=yes \
		'RestrictAddressFamilies=AF_UNIX AF_NETLINK' CapabilityBoundingSet= \
		'SystemCallFilter=@system-service' \
		'ReadWritePaths=-/var/lib/systemd/random-seed -/etc/ssh'; do
		grep -qxF "$d" "$UNIT" || { echo "the unit lacks $d" >&2; false; }
	done
	[ "$(grep -c '^DeviceAllow=' "$UNIT")" -eq 3 ]
	# uevents reach only the initial network namespace
	[ "$(grep -c '^PrivateNetwork=' "$UNIT")" -eq 0 ]
}

@test "make install puts the unit in the systemd unit dir, not enabled, and the examples in the doc dir" {
	install_root
	mapfile -t units < <(find "$ROOT"/lib "$ROOT"/usr/lib "$ROOT"/usr/local/lib -path '*/systemd/system/reseedwatch.service' 2>/dev/null)
	[ ${#units[@]} -eq 1 ]
	cmp "$UNIT" "${units[0]}"
	# installed, never enabled: no link in a .wants directory
	[ -z "$(find "$ROOT"/etc "$TMP/dest" -path '*.wants/reseedwatch.service' 2>/dev/null)" ]
	hooks=$(sed -n 's|^ExecStart=.* --exec-dir ||p' "$UNIT")
	[ -d "$ROOT$hooks" ]
	[ -z "$(ls -A "$ROOT$hooks")" ]
	[ "$(stat -c %a "$ROOT$hooks")" = 755 ]
	docdir=$(sed -n 's|^# (\(.*\)/examples/hooks).*|\1|p' "$UNIT")
	[ -n "$docdir" ]
	for f in hooks/10-random-seed hooks/50-ssh-host-keys; do
		[ -x "$ROOT$docdir/examples/$f" ] || { echo "$f not installed executable in $ROOT$docdir" >&2; false; }
	done
	[ -f "$ROOT$docdir/examples/udev/90-reseedwatch.rules" ]
}

@test "--exec-dir refuses a directory that is missing, not a directory or unsafe, before watching" {
	run t "$RESEEDWATCH" watch --exec-dir "$TMP/none"
	[ "$status" -eq 5 ]
	[ "$output" = "reseedwatch: --exec-dir: cannot open hooks directory '$TMP/none': No such file or directory" ]
	touch "$TMP/file"
	run t "$RESEEDWATCH" watch --exec-dir "$TMP/file"
	[ "$status" -eq 2 ]
	[ "$output" = "reseedwatch: --exec-dir: cannot use '$TMP/file' as hooks directory: it is not a directory" ]
	for mode in 0775 0757 1777; do
		mkdir -m "$mode" "$TMP/d$mode"
		run t "$RESEEDWATCH" watch --exec-dir "$TMP/d$mode"
		[ "$status" -eq 2 ]
		[ "$output" = "reseedwatch: --exec-dir: refusing hooks directory '$TMP/d$mode': it is owned by uid $(id -u) with mode $mode; it must be owned by root or the user reseedwatch runs as and not writable by group or others" ]
	done
}

@test "--exec-dir option errors (exit 2)" {
	mkdir "$TMP/h"
	while IFS='|' read -r args want; do
		read -ra argv <<<"${args//@/$TMP/h}"
		run t "$RESEEDWATCH" "${argv[@]}"
		[ "$status" -eq 2 ] || { echo "$args: exit $status: $output" >&2; false; }
		[[ $output == *"$want"* ]] || { echo "$args: $output" >&2; false; }
	done <<'ROWS'
watch --exec true --exec-dir @|--exec and --exec-dir are two ways to run hooks: give one
watch --exec-dir|--exec-dir: missing argument
watch --exec-dir @ --shell|--shell needs --exec
watch --exec-dir @ extra|unexpected argument 'extra'
watch --hook-timeout -1|--hook-timeout: '-1' is out of range (0 to 86400 seconds)
watch --hook-timeout 86401|out of range
watch --hook-timeout 1.5|not a whole number
wait --exec-dir @|--exec-dir: unknown option
ROWS
	run t "$RESEEDWATCH" watch --exec-dir ""
	[ "$status" -eq 2 ]
	[[ $output == *"--exec-dir: the directory name is empty"* ]]
}

@test "--exec-dir reports each entry it will skip once, with the reason, before watching" {
	mkdir -m 0755 "$TMP/h" "$TMP/h/sub"
	printf '#!/bin/sh\n' >"$TMP/h/10-ok"
	cp "$TMP/h/10-ok" "$TMP/h/.hidden"
	cp "$TMP/h/10-ok" "$TMP/h/20-old~"
	cp "$TMP/h/10-ok" "$TMP/h/20-x.dpkg-dist"
	cp "$TMP/h/10-ok" "$TMP/h/30-readme"
	cp "$TMP/h/10-ok" "$TMP/h/40-gw"
	chmod 0755 "$TMP/h/10-ok" "$TMP/h/.hidden" "$TMP/h/20-old~" "$TMP/h/20-x.dpkg-dist"
	chmod 0775 "$TMP/h/40-gw"
	chmod 0644 "$TMP/h/30-readme"
	ln -s nowhere "$TMP/h/50-dangling"
	run t "$RESEEDWATCH" watch --count 1 --timeout 0 --exec-dir "$TMP/h"
	w="reseedwatch: warning: --exec-dir: skipping '$TMP/h"
	[ "${lines[0]}" = "$w/.hidden': its name starts with a dot" ]
	[ "${lines[1]}" = "$w/20-old~': its name is that of a backup or package manager leftover" ]
	[ "${lines[2]}" = "$w/20-x.dpkg-dist': its name is that of a backup or package manager leftover" ]
	[ "${lines[3]}" = "$w/30-readme': it is not executable" ]
	[ "${lines[4]}" = "$w/40-gw': it is writable by group or others" ]
	[ "${lines[5]}" = "$w/50-dangling': it cannot be looked at (stat failed)" ]
	[ "${lines[6]}" = "$w/sub': it is not a regular file" ]
	[ "$(grep -c 10-ok <<<"$output")" -eq 0 ]
}

@test "the random seed hook rewrites the file in place with fresh bytes, keeping its size and mode" {
	hook=$HK_EXAMPLES/hooks/10-random-seed
	head -c 512 /dev/zero >"$TMP/seed"
	chmod 0600 "$TMP/seed"
	run t env RANDOM_SEED_FILE="$TMP/seed" RESEED_EPOCH=0x01000002 "$hook"
	[ "$status" -eq 0 ]
	[ "$output" = "10-random-seed: refreshed $TMP/seed (512 bytes) for epoch 0x01000002" ]
	[ "$(stat -c %s.%a "$TMP/seed")" = 512.600 ]
	run cmp -s "$TMP/seed" <(head -c 512 /dev/zero)
	[ "$status" -eq 1 ]
	# no file: nothing to refresh, no error
	run t env RANDOM_SEED_FILE="$TMP/none" "$hook"
	[ "$status" -eq 0 ]
	[ ! -e "$TMP/none" ]
}

@test "the SSH host key hook makes new keys of the same types on a clone only" {
	require_cmd ssh-keygen
	hook=$HK_EXAMPLES/hooks/50-ssh-host-keys
	mkdir -m 0755 "$TMP/ssh"
	for type in ed25519 ecdsa; do
		ssh-keygen -q -t $type -N '' -f "$TMP/ssh/ssh_host_${type}_key" </dev/null
	done
	sums() { cat "$TMP/ssh/"* | sha256sum; }
	before=$(sums)
	for n in rndreseedcrng timer; do
		run t env SSH_HOST_KEY_DIR="$TMP/ssh" RESEED_NOTIFIER=$n "$hook"
		[ "$status" -eq 0 ]
		[ "$(sums)" = "$before" ]
	done
	run t env SSH_HOST_KEY_DIR="$TMP/ssh" RESEED_NOTIFIER=vmgenid RESEED_EPOCH=0x02000001 "$hook"
	[ "$status" -eq 0 ]
	[[ $output == "50-ssh-host-keys: new SSH host keys in $TMP/ssh ("*") for the clone at epoch 0x02000001" ]]
	[ "$(sums)" != "$before" ]
	[ "$(cd "$TMP/ssh" && printf "%s " *)" = "ssh_host_ecdsa_key ssh_host_ecdsa_key.pub ssh_host_ed25519_key ssh_host_ed25519_key.pub " ]
	[ -z "$(find "$TMP/ssh" -mindepth 1 -name ".*")" ]
	[ "$(stat -c %a "$TMP/ssh/ssh_host_ed25519_key")" = 600 ]
	ssh-keygen -l -f "$TMP/ssh/ssh_host_ecdsa_key.pub" | grep -q ECDSA
	before=$(sums)
	run t env SSH_HOST_KEY_DIR="$TMP/ssh" RESEED_EVENT=clone "$hook"
	[ "$status" -eq 0 ]
	[ "$(sums)" != "$before" ]
}
