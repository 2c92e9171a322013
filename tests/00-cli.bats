#!/usr/bin/env bats
# shellcheck shell=bats
# shellcheck disable=SC2154 # top_srcdir and top_builddir: set by test_helper.bash (bats load is not followed)
# SPDX-License-Identifier: GPL-2.0-or-later
# Every built tool: --help, --version, a man page with an exit-code table,
# and a bash completion that knows every subcommand and option.

load test_helper

setup() {
	common_setup
}

teardown() {
	common_teardown
}

# The path of a tool under test (a build tree's or the installed one).
tool_path() {
	case $1 in
	uringpolicy) echo "$UP" ;;
	tsmctl) echo "$TSMCTL" ;;
	reseedwatch) echo "$RESEEDWATCH" ;;
	esac
}

tools() {
	local t
	for t in uringpolicy tsmctl reseedwatch; do
		[ -x "$(tool_path "$t")" ] && echo "$t"
	done
}

# Subcommands, as the tool's own --help lists them.
subcommands() {
	"$(tool_path "$1")" --help | sed -n '/^Commands:/,/^$/p' | awk 'NF && !/^Commands:/ { print $1 }'
}

# Long options a subcommand's --help lists.
options_of() {
	"$(tool_path "$1")" "$2" --help | grep -oE -- '--[a-z][a-z0-9-]+' | sort -u
}

# The man page that documents a subcommand's options: its own page
# (man/TOOL-CMD.8, as git's) where it has one, else the tool's.
man_page_of() {
	local page=$HK_MANDIR/$1-$2.8
	[ -e "$page" ] || page=$HK_MANDIR/$1.8
	echo "$page"
}

# What the completion offers for the words given.
complete_words() {
	local tool=$1
	shift
	bash -c '
		source "$1"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
		fn=$(complete -p "${COMP_WORDS[0]}" | sed -E "s/.*-F ([^ ]+).*/\1/")
		"$fn"
		printf "%s\n" "${COMPREPLY[@]}"' _ "$HK_COMPLETIONSDIR/$tool" "$tool" "$@"
}

@test "at least uringpolicy is built" {
	[ -n "$(tools)" ]
	tools | grep -qx uringpolicy
	# the package installs all three
	[ "${HK_INSTALLED:-0}" != 1 ] || [ "$(tools | wc -l)" -eq 3 ]
}

@test "--help goes to stdout, exits 0 and points at the man page" {
	for tool in $(tools); do
		run t "$(tool_path "$tool")" --help
		[ "$status" -eq 0 ]
		[[ "${lines[0]}" == "Usage: $tool "* ]]
		[[ "$output" == *"$tool(8)"* ]]
		for cmd in $(subcommands "$tool"); do
			run t "$(tool_path "$tool")" "$cmd" --help
			[ "$status" -eq 0 ]
			[[ "$output" == *"Usage: $tool $cmd"* ]]
		done
	done
}

@test "--version names the tool and its features" {
	for tool in $(tools); do
		run t "$(tool_path "$tool")" --version
		[ "$status" -eq 0 ]
		[[ "$output" == "$tool "*"(hardenkit)"*"+popt"* ]]
	done
}

@test "misuse goes to stderr with exit 2" {
	for tool in $(tools); do
		run t "$(tool_path "$tool")"
		[ "$status" -eq 2 ]
		run t "$(tool_path "$tool")" --no-such-option
		[ "$status" -eq 2 ]
		assert_one_line_error "$tool" "$output"
		run t "$(tool_path "$tool")" no-such-command
		[ "$status" -eq 2 ]
		assert_one_line_error "$tool" "$output"
		for cmd in $(subcommands "$tool"); do
			run t "$(tool_path "$tool")" "$cmd" --no-such-option
			[ "$status" -eq 2 ]
			assert_one_line_error "$tool" "$output"
		done
	done
}

@test "every tool has a man page in section 8 with an exit-code table" {
	for tool in $(tools); do
		page=$HK_MANDIR/$tool.8
		[ -s "$page" ]
		grep -q '^\.TH "\?'"${tool^^}"'"\? "\?8"\?' "$page"
		grep -q '^\.SH "\?EXIT STATUS"\?' "$page"
		section=$(sed -n '/^\.SH "\?EXIT STATUS"\?/,/^\.SH/p' "$page")
		for code in 0 2; do
			grep -qx "\.B $code" <<<"$section" || { echo "$tool(8) exit table lacks $code"; false; }
		done
		warnings=$(man --warnings -l -Tutf8 "$page" 2>&1 >/dev/null)
		[ -z "$warnings" ] || { echo "$warnings"; false; }
		# every subcommand is documented
		for cmd in $(subcommands "$tool"); do
			grep -qE "^\.(SS|TP|B).*\b$cmd\b" "$page" || { echo "man page lacks $cmd"; false; }
		done
		# a subcommand's own page: named for it, clean, installed, linked both ways
		for sub in "$HK_MANDIR/$tool"-*.8; do
			[ -e "$sub" ] || continue
			name=$(basename "$sub" .8)
			subcommands "$tool" | grep -qx "${name#"$tool"-}" || { echo "$name(8) names no subcommand"; false; }
			grep -q '^\.TH "\?'"${name^^}"'"\? "\?8"\?' <<<"$(sed 's/\\-/-/g' "$sub")"
			warnings=$(man --warnings -l -Tutf8 "$sub" 2>&1 >/dev/null)
			[ -z "$warnings" ] || { echo "$warnings"; false; }
			grep -qF ".BR ${tool} (8)" "$sub" || { echo "$name(8) does not refer to $tool(8)"; false; }
			grep -qF ".BR ${name//-/\\-} (8)" "$page" || { echo "$tool(8) does not refer to $name(8)"; false; }
			# (installed pages are those the package installs)
			[ "${HK_INSTALLED:-0}" = 1 ] ||
				sed -n '/^dist_man_MANS = /,/[^\\]$/p' "$top_builddir/Makefile" | grep -qwF "man/$name.8" ||
				{ echo "make install leaves out $name(8)"; false; }
		done
	done
}

@test "every man page documents every option" {
	for tool in $(tools); do
		for cmd in $(subcommands "$tool"); do
			page=$(man_page_of "$tool" "$cmd")
			for opt in $(options_of "$tool" "$cmd"); do
				grep -qF -- "${opt//-/\\-}" "$page" ||
					{ echo "man/${page##*/} lacks $opt of $cmd"; false; }
			done
		done
	done
}

@test "the completion offers every subcommand" {
	for tool in $(tools); do
		offered=$(complete_words "$tool" "")
		for cmd in $(subcommands "$tool"); do
			grep -qx "$cmd" <<<"$offered" || { echo "$tool completion lacks $cmd"; false; }
		done
	done
}

@test "the completion offers every option of every subcommand" {
	for tool in $(tools); do
		for cmd in $(subcommands "$tool"); do
			offered=$(complete_words "$tool" "$cmd" "--")
			for opt in $(options_of "$tool" "$cmd"); do
				grep -qx -- "$opt" <<<"$offered" || { echo "$tool $cmd completion lacks $opt"; false; }
			done
			# and nothing the tool does not know
			while read -r o; do
				[ -z "$o" ] || grep -qx -- "$o" <<<"$(options_of "$tool" "$cmd")" ||
					{ echo "$tool $cmd completion offers unknown $o"; false; }
			done <<<"$offered"
		done
	done
}

@test "uringpolicy completion knows level words and group names" {
	run complete_words uringpolicy set --level r
	[ "$output" = restrict ]
	run complete_words uringpolicy set --group roo
	[[ "$output" == *root* ]]
	run complete_words uringpolicy users --output PID,NE
	[ "$output" = "PID,NEW-RINGS" ]
}

# as_raised HOW TOOL ARGS...: run a copy of TOOL as user nobody, the copy
# set-user-ID root (suid), set-group-ID root (sgid), with a file capability
# (fcap: CAP_SYS_ADMIN, effective) or plain. The copy lives on a private
# tmpfs: the test tree may be mounted nosuid.
as_raised() {
	local how=$1 tool=$2
	shift 2
	# shellcheck disable=SC2016 # expanded by the inner sh
	timeout "$HK_TIMEOUT" unshare -m sh -ec '
		how=$1 tool=$2 dir=$3
		shift 3
		mount -t tmpfs -o mode=0755 hk-raised "$dir"
		cp "$tool" "$dir/"
		prog=$dir/${tool##*/}
		case $how in
		suid) chmod 4755 "$prog" ;;
		sgid) chmod 2755 "$prog" ;;
		fcap) python3 -c "import os, struct, sys
# struct vfs_cap_data, revision 2, effective: CAP_SYS_ADMIN (21) permitted
os.setxattr(sys.argv[1], \"security.capability\", struct.pack(\"<5I\", 0x02000001, 1 << 21, 0, 0, 0))" "$prog" ;;
		esac
		exec setpriv --reuid 65534 --regid 65534 --clear-groups "$prog" "$@"' \
		_ "$how" "$tool" "$TMP/raised" "$@"
}

@test "set-user-ID, set-group-ID or file capabilities: every tool refuses to run (exit 3)" {
	require_root
	require_cmd unshare
	require_cmd setpriv
	chmod 0755 "$TMP"
	mkdir "$TMP/raised" "$TMP/ro"
	# a tree the caller built, and a directory only root may write
	R=$TMP/r
	mkdir -p "$R/proc/sys/kernel" "$R/etc/sysctl.d" "$R/sys/kernel/config/tsm/report"
	echo 0 >"$R/proc/sys/kernel/io_uring_disabled"
	echo -1 >"$R/proc/sys/kernel/io_uring_group"
	helper=$HK_LIBEXECDIR/tsmctl-list
	why="refusing to run set-user-ID, set-group-ID or with file capabilities (AT_SECURE): the caller's options and environment could redirect what it opens; run it as root instead"
	for tool in "$UP" "$TSMCTL" "$RESEEDWATCH" "$helper"; do
		# the setup itself lets a plain copy run
		run as_raised plain "$tool" --version
		[ "$status" -eq 0 ] || { echo "plain ${tool##*/}: $output" >&2; false; }
	done
	for how in suid sgid fcap; do
		for tool in "$UP" "$TSMCTL" "$RESEEDWATCH" "$helper"; do
			run as_raised $how "$tool" --version
			[ "$status" -eq 3 ] || { echo "$how ${tool##*/}: exit $status: $output" >&2; false; }
			[ "$output" = "${tool##*/}: $why" ]
		done
		run as_raised $how "$UP" --sysroot "$R" set --level 2 --persist
		[ "$status" -eq 3 ]
		HARDENKIT_SYSROOT=$R run as_raised $how "$TSMCTL" report --nonce c0ffee --out "$TMP/ro/x"
		[ "$status" -eq 3 ]
		HARDENKIT_SYSROOT=$R run as_raised $how "$RESEEDWATCH" status
		[ "$status" -eq 3 ]
		run as_raised $how "$helper" --sysroot "$R" list
		[ "$status" -eq 3 ]
	done
	# nothing was written
	[ "$(cat "$R/proc/sys/kernel/io_uring_disabled")" = 0 ]
	[ -z "$(find "$R/etc/sysctl.d" "$R/sys/kernel/config/tsm/report" "$TMP/ro" -mindepth 1)" ]
}

# closed_fd_run FD FIFO CONTENT TOOL ARGS...: run TOOL with its standard fd
# FD closed. Once it has opened FIFO, a file of its fake sysroot, $seen is
# what its fd FD is; then it reads CONTENT and ends, its exit status in
# $status. Opening the FIFO's write end is the handshake: it returns only
# once the tool has opened the read end.
closed_fd_run() {
	local fd=$1 fifo=$2 content=$3 pid
	shift 3
	case $fd in
	0) timeout "$HK_TIMEOUT" "$@" <&- >"$TMP/out" 2>"$TMP/err" 3>&- & ;;
	1) timeout "$HK_TIMEOUT" "$@" >&- 2>"$TMP/err" 3>&- & ;;
	2) timeout "$HK_TIMEOUT" "$@" 2>&- >"$TMP/out" 3>&- & ;;
	esac
	pid=$!
	# $pid is timeout; the tool is its one child
	# shellcheck disable=SC2016 # expanded by the inner bash
	seen=$(timeout "$HK_TIMEOUT" bash -c 'exec 4>"$1"
		read -r tool <"/proc/$2/task/$2/children"
		readlink "/proc/$tool/fd/$3"
		printf "%s" "$4" >&4' _ "$fifo" "$pid" "$fd" "$content") || true
	status=0
	wait "$pid" || status=$?
}

@test "a closed fd 0, 1 or 2 is opened on /dev/null before anything else" {
	R=$TMP/root
	mkdir -p "$R/proc/sys/kernel" "$R/sys/kernel/config/tsm/report/e"
	echo -1 >"$R/proc/sys/kernel/io_uring_group"
	mkfifo "$R/proc/sys/kernel/io_uring_disabled" "$R/sys/kernel/config/tsm/report/e/provider"
	for a in generation:3 privlevel_floor:0 inblob: outblob: auxblob:; do
		echo "${a#*:}" >"$R/sys/kernel/config/tsm/report/e/${a%%:*}"
	done
	helper=$HK_LIBEXECDIR/tsmctl-list
	for fd in 0 1 2; do
		# status reads the level from the FIFO, then prints the policy
		closed_fd_run $fd "$R/proc/sys/kernel/io_uring_disabled" $'0\n' "$UP" --sysroot "$R" status
		[ "$seen" = /dev/null ] || { echo "uringpolicy: fd $fd is $seen" >&2; false; }
		[ "$status" -eq 0 ]
		closed_fd_run $fd "$R/sys/kernel/config/tsm/report/e/provider" $'mock_tsm\n' "$TSMCTL" --sysroot "$R" show e
		[ "$seen" = /dev/null ] || { echo "tsmctl show: fd $fd is $seen" >&2; false; }
		[ "$status" -eq 0 ]
		# list runs in the helper, which gets tsmctl's descriptors
		closed_fd_run $fd "$R/sys/kernel/config/tsm/report/e/provider" $'mock_tsm\n' "$TSMCTL" --sysroot "$R" list
		[ "$seen" = /dev/null ] || { echo "tsmctl list: fd $fd is $seen" >&2; false; }
		[ "$status" -eq 0 ]
		closed_fd_run $fd "$R/sys/kernel/config/tsm/report/e/provider" $'mock_tsm\n' "$helper" --sysroot "$R" list
		[ "$seen" = /dev/null ] || { echo "tsmctl-list: fd $fd is $seen" >&2; false; }
		[ "$status" -eq 0 ]
	done
	# reseedwatch has nothing to block on without the kernel's epoch device:
	# tests/vm/guest/40-privileged.bats checks it, with its netlink socket.
}
