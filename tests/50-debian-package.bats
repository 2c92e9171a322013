#!/usr/bin/env bats
# shellcheck shell=bats
# shellcheck disable=SC2154 # top_srcdir and top_builddir: set by test_helper.bash (bats load is not followed)
# SPDX-License-Identifier: GPL-2.0-or-later
# debian/ against the install layout, without building the package: every
# file make install installs is one debian/hardenkit.install (or .dirs)
# takes, by a pattern that names no helper; with HK_INSTALLED=1 (autopkgtest)
# the same against what the package installed. The package build itself:
# scripts/build-deb, scripts/check-deb.

load test_helper

setup() {
	common_setup
	[ -d "$top_srcdir/debian" ] || hk_skip "no debian/ in $top_srcdir (a dist tarball carries no packaging)"
	INSTALL=$top_srcdir/debian/hardenkit.install
	DIRS=$top_srcdir/debian/hardenkit.dirs
}

teardown() {
	common_teardown
}

# The files under ROOT (relative, no leading /) that make install or the
# package put there: ROOT=$TMP/dest after make install, or / with the
# package's own file list.
installed_files() {
	if [ "${HK_INSTALLED:-0}" = 1 ]; then
		dpkg-query -L hardenkit | while read -r f; do
			[ -d "$f" ] || echo "${f#/}"
		done
	else
		(cd "$TMP/dest" && find . \( -type f -o -type l \) -printf '%P\n')
	fi
}

# hardenkit.install's patterns, ${env:HK_UNITDIR} as debian/rules sets it:
# the unit's directory in this layout.
patterns() {
	local unitdir
	unitdir=$(installed_files | sed -n 's|/reseedwatch\.service$||p' | head -n 1)
	sed -e '/^#/d' -e '/^$/d' -e "s|\${env:HK_UNITDIR}|$unitdir|" "$INSTALL"
}

make_install() {
	t env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$top_builddir" DESTDIR="$TMP/dest" \
		prefix=/usr sysconfdir=/etc install >"$TMP/make.log" 2>&1 || { cat "$TMP/make.log" >&2; return 1; }
}

@test "debian/changelog's upstream version is configure.ac's AC_INIT version" {
	want=$(sed -n 's/^AC_INIT(\[hardenkit\], \[\([^]]*\)\].*/\1/p' "$top_srcdir/configure.ac")
	[ -n "$want" ]
	got=$(sed -n '1s/^hardenkit (\([^)]*\)-[0-9][^)]*).*/\1/p' "$top_srcdir/debian/changelog")
	[ "$got" = "$want" ]
}

@test "hardenkit.install takes every installed file, the helpers by a pattern, no name" {
	[ "${HK_INSTALLED:-0}" = 1 ] || make_install
	mapfile -t pats < <(patterns)
	[ ${#pats[@]} -gt 0 ]
	# no helper by name: a new or renamed helper needs no change here
	run grep -E 'libexec.*tsmctl-' "$INSTALL"
	[ "$status" -eq 1 ]
	n=0
	while read -r f; do
		# what debhelper adds from debian/ itself
		case $f in
		usr/share/doc/hardenkit/changelog* | usr/share/doc/hardenkit/copyright) continue ;;
		usr/share/lintian/overrides/hardenkit) continue ;;
		esac
		ok=0
		for p in "${pats[@]}"; do
			# shellcheck disable=SC2053 # $p is a glob on purpose
			[[ $f == $p ]] && { ok=1; break; }
		done
		[ $ok = 1 ] || { echo "no hardenkit.install line takes $f" >&2; false; }
		n=$((n + 1))
	done < <(installed_files)
	# the three tools, at least one helper, man pages, completions, the unit
	[ "$n" -ge 10 ]
	installed_files | grep -qx 'usr/libexec/hardenkit/tsmctl-list'
	installed_files | grep -qx 'usr/share/bash-completion/completions/tsmctl'
	installed_files | grep -qx 'usr/share/man/man8/tsmctl.8.*'
}

@test "hardenkit.dirs holds the unit's hooks directory, which make install creates" {
	[ "${HK_INSTALLED:-0}" = 1 ] || make_install
	root=$TMP/dest
	[ "${HK_INSTALLED:-0}" != 1 ] || root=
	while read -r d; do
		[ -d "$root/$d" ] || { echo "hardenkit.dirs: $d is not installed" >&2; false; }
	done < <(sed -e '/^#/d' -e '/^$/d' "$DIRS")
	grep -qx 'etc/reseedwatch/hooks.d' "$DIRS"
}

@test "debian/rules installs reseedwatch.service without enabling or starting it" {
	grep -qE '^[[:space:]]dh_installsystemd .*--no-enable' "$top_srcdir/debian/rules"
	grep -qE '^[[:space:]]dh_installsystemd .*--no-start' "$top_srcdir/debian/rules"
	grep -qx 'export DEB_BUILD_MAINT_OPTIONS = hardening=+all' "$top_srcdir/debian/rules"
}
