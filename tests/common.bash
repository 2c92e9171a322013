# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
# What the host suite (test_helper.bash), the guest suite
# (vm/guest/test_helper.bash: tests/vm/mkinitramfs copies this file next to
# it) and the host-driven VM files share: timeouts, the skip policy, JSON.

# Every command under a timeout: a hung tool fails its test, never the run.
# The loading helper sets HK_TIMEOUT (host 20 s, guest 60 s).
t() {
	timeout "$HK_TIMEOUT" "$@"
}

# A precondition is missing: skip locally, fail in CI (HK_NO_SKIP=1).
hk_skip() {
	if [ "${HK_NO_SKIP:-0}" = 1 ]; then
		echo "precondition missing (HK_NO_SKIP=1 forbids skipping): $*" >&2
		return 1
	fi
	skip "$*"
}

# A member of a one-line or pretty JSON object (string or scalar), without
# jq or python (the guest has neither).
jget() {
	sed -n "s/.*\"$1\": \(\"[^\"]*\"\|[^,}]*\).*/\1/p" | head -n 1 | tr -d '"'
}
