// SPDX-License-Identifier: GPL-2.0-or-later
/* uringpolicy: read, explain and set the io_uring restriction sysctls. */
#include "hk/cmd.h"
#include "hk/err.h"
#include "uringpolicy.h"

static const struct hk_cmd cmds[] = {
	{ "status", cmd_status, "[--json]", "Show the policy and what it means for this process" },
	{ "set", cmd_set, "[--level L] [--group G] [--dry-run] [--persist]", "Change the policy (root)" },
	{ "check", cmd_check, "[--pid PID | --user USER] [--level L] [--group G] [--probe] [--json]",
	  "Say whether a process or user may create an io_uring, and why" },
	{ "users", cmd_users, "[--level L] [--group G] [--json] [--output COLS]",
	  "List processes holding io_uring instances and what a policy would do to them" },
	{ NULL, NULL, NULL, NULL }
};

static const struct hk_tool tool = {
	.name = "uringpolicy",
	.summary = "Read, explain and set the kernel's io_uring restriction (kernel.io_uring_disabled, kernel.io_uring_group).",
	.cmds = cmds,
};

int up_no_args(poptContext ctx)
{
	const char *arg = poptGetArg(ctx);

	if (arg)
		return hk_usage_error(hk_cmd_name(), "unexpected argument '%s'", arg);
	return 0;
}

int main(int argc, const char **argv)
{
	return hk_cmd_main(&tool, argc, argv);
}
