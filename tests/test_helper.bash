# SPDX-License-Identifier: GPL-2.0-or-later
# Shared setup for the host bats suite: tool paths, temp dirs, skips
# (common.bash holds what the guest suite shares).

: "${top_builddir:=$BATS_TEST_DIRNAME/..}"
: "${top_srcdir:=$BATS_TEST_DIRNAME/..}"
: "${UP:=$top_builddir/src/uringpolicy/uringpolicy}"
: "${TSMCTL:=$top_builddir/src/tsmctl/tsmctl}"
: "${RESEEDWATCH:=$top_builddir/src/reseedwatch/reseedwatch}"
: "${HK_HELPERS:=$top_builddir/tests/helpers}"
# tsmctl list and verify run their helpers (tsmctl-list, tsmctl-evidence) from
# here, not from their install path.
export HARDENKIT_LIBEXECDIR="${HARDENKIT_LIBEXECDIR:-$(dirname "$TSMCTL")}"
: "${HK_TIMEOUT:=20}"
# t, hk_skip, jget
load common

common_setup() {
	TMP=$(mktemp -d "${BATS_TMPDIR:-/tmp}/hk.XXXXXX")
	unset HARDENKIT_SYSROOT
}

common_teardown() {
	[ -n "${TMP:-}" ] && rm -rf "$TMP"
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
