# SPDX-License-Identifier: GPL-2.0-or-later
# Shared setup for the host bats suite: tool paths, temp dirs, skips
# (common.bash holds what the guest suite shares).

# HK_INSTALLED=1 (debian/tests/host-suite): test the installed package,
# not a build tree: the tools in /usr/sbin, their helpers where the installed
# tsmctl looks (HK_LIBEXECDIR), and the installed man pages, completions,
# unit and examples. top_srcdir is still the source tree (test data).
: "${top_builddir:=$BATS_TEST_DIRNAME/..}"
: "${top_srcdir:=$BATS_TEST_DIRNAME/..}"
if [ "${HK_INSTALLED:-0}" = 1 ]; then
	: "${UP:=/usr/sbin/uringpolicy}"
	: "${TSMCTL:=/usr/sbin/tsmctl}"
	: "${RESEEDWATCH:=/usr/sbin/reseedwatch}"
	: "${HK_LIBEXECDIR:=/usr/libexec/hardenkit}"
	: "${HK_COMPLETIONSDIR:=/usr/share/bash-completion/completions}"
	: "${HK_EXAMPLES:=/usr/share/doc/hardenkit/examples}"
	# debian/rules links tsmctl statically (--enable-static-tsmctl)
	: "${HK_STATIC_TSMCTL:=1}"
else
	: "${UP:=$top_builddir/src/uringpolicy/uringpolicy}"
	: "${TSMCTL:=$top_builddir/src/tsmctl/tsmctl}"
	: "${RESEEDWATCH:=$top_builddir/src/reseedwatch/reseedwatch}"
	: "${HK_LIBEXECDIR:=$(dirname "$TSMCTL")}"
	: "${HK_COMPLETIONSDIR:=$top_srcdir/completions}"
	: "${HK_EXAMPLES:=$top_srcdir/examples}"
	if grep -q '^#define HK_STATIC_TSMCTL 1' "$top_builddir/config.h" 2>/dev/null; then
		HK_STATIC_TSMCTL=1
	else
		HK_STATIC_TSMCTL=0
	fi
	# tsmctl list, verify and mr run their helpers (tsmctl-list, ...) from
	# here, not from their install path.
	export HARDENKIT_LIBEXECDIR="${HARDENKIT_LIBEXECDIR:-$HK_LIBEXECDIR}"
fi
: "${HK_HELPERS:=$top_builddir/tests/helpers}"
: "${HK_TIMEOUT:=20}"
# t, hk_skip, jget
load common

common_setup() {
	TMP=$(mktemp -d "${BATS_TMPDIR:-/tmp}/hk.XXXXXX")
	unset HARDENKIT_SYSROOT
	hk_man_pages
}

common_teardown() {
	[ "${HK_INSTALLED:-0}" != 1 ] || rm -rf "$HK_MANDIR"
	[ -n "${TMP:-}" ] && rm -rf "$TMP"
}

# HK_MANDIR: the tools' man pages as troff source, man/ in the source tree,
# or the installed (compressed) pages unpacked into a directory of their own
# (not in $TMP, whose names the tests choose).
hk_man_pages() {
	local page
	if [ "${HK_INSTALLED:-0}" != 1 ]; then
		HK_MANDIR=$top_srcdir/man
		return
	fi
	HK_MANDIR=$(mktemp -d "${BATS_TMPDIR:-/tmp}/hk-man.XXXXXX")
	for page in /usr/share/man/man8/{uringpolicy,tsmctl,reseedwatch}*.8*; do
		[ -e "$page" ] || continue
		case $page in
		*.gz) gzip -dc "$page" >"$HK_MANDIR/$(basename "$page" .gz)" ;;
		*) cp "$page" "$HK_MANDIR/" ;;
		esac
	done
}

require_root() {
	[ "$(id -u)" -eq 0 ] || hk_skip "needs root"
}

require_cmd() {
	command -v "$1" >/dev/null 2>&1 || hk_skip "needs $1"
}

# One line on stderr, naming the program: the error-message contract.
assert_one_line_error() {
	local prog=$1 text=$2 first
	first=$(printf '%s\n' "$text" | head -n 1)
	case "$first" in
	"$prog: "*) ;;
	*) echo "error does not start with '$prog: ': $first" >&2; return 1 ;;
	esac
	# A second line may only be the usage hint.
	if [ "$(printf '%s\n' "$text" | grep -vc "^Try '$prog")" -ne 1 ]; then
		echo "more than one error line: $text" >&2
		return 1
	fi
}

# JSON validity and field extraction without jq.
json_get() {
	python3 -c 'import json,sys
v=json.load(sys.stdin)
for k in sys.argv[1:]:
    v=v[int(k)] if isinstance(v,list) else v[k]
print(json.dumps(v) if isinstance(v,(dict,list,bool)) or v is None else v)' "$@"
}

# strace with a timeout. LeakSanitizer cannot run under ptrace, so leak
# checking is off for the traced command only (ASan and UBSan stay on).
tstrace() {
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" timeout "$HK_TIMEOUT" strace "$@"
}
