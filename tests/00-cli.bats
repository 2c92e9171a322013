#!/usr/bin/env bats
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

tools() {
	local t
	for t in uringpolicy tsmctl reseedwatch; do
		[ -x "$top_builddir/src/$t/$t" ] && echo "$t"
	done
}

# Subcommands, as the tool's own --help lists them.
subcommands() {
	"$top_builddir/src/$1/$1" --help | sed -n '/^Commands:/,/^$/p' | awk 'NF && !/^Commands:/ { print $1 }'
}

# Long options a subcommand's --help lists.
options_of() {
	"$top_builddir/src/$1/$1" "$2" --help | grep -oE -- '--[a-z][a-z0-9-]+' | sort -u
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
		printf "%s\n" "${COMPREPLY[@]}"' _ "$top_srcdir/completions/$tool" "$tool" "$@"
}

@test "at least uringpolicy is built" {
	[ -n "$(tools)" ]
	tools | grep -qx uringpolicy
}

@test "--help goes to stdout, exits 0 and points at the man page" {
	for tool in $(tools); do
		run t "$top_builddir/src/$tool/$tool" --help
		[ "$status" -eq 0 ]
		[[ "${lines[0]}" == "Usage: $tool "* ]]
		[[ "$output" == *"$tool(8)"* ]]
		for cmd in $(subcommands "$tool"); do
			run t "$top_builddir/src/$tool/$tool" "$cmd" --help
			[ "$status" -eq 0 ]
			[[ "$output" == *"Usage: $tool $cmd"* ]]
		done
	done
}

@test "--version names the tool and its features" {
	for tool in $(tools); do
		run t "$top_builddir/src/$tool/$tool" --version
		[ "$status" -eq 0 ]
		[[ "$output" == "$tool "*"(hardenkit)"*"+popt"* ]]
	done
}

@test "misuse goes to stderr with exit 2" {
	for tool in $(tools); do
		run t "$top_builddir/src/$tool/$tool"
		[ "$status" -eq 2 ]
		run t "$top_builddir/src/$tool/$tool" --no-such-option
		[ "$status" -eq 2 ]
		assert_one_line_error "$tool" "$output"
		run t "$top_builddir/src/$tool/$tool" no-such-command
		[ "$status" -eq 2 ]
		assert_one_line_error "$tool" "$output"
		for cmd in $(subcommands "$tool"); do
			run t "$top_builddir/src/$tool/$tool" "$cmd" --no-such-option
			[ "$status" -eq 2 ]
			assert_one_line_error "$tool" "$output"
		done
	done
}

@test "every tool has a man page in section 8 with an exit-code table" {
	for tool in $(tools); do
		page=$top_srcdir/man/$tool.8
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
	done
}

@test "every man page documents every option" {
	for tool in $(tools); do
		for cmd in $(subcommands "$tool"); do
			for opt in $(options_of "$tool" "$cmd"); do
				grep -qF -- "${opt//-/\\-}" "$top_srcdir/man/$tool.8" ||
					{ echo "man/$tool.8 lacks $opt of $cmd"; false; }
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
