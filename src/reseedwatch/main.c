// SPDX-License-Identifier: GPL-2.0-or-later
/* reseedwatch: watch and troubleshoot the kernel's reseed notifications. */
#include <errno.h>

#include "hk/cmd.h"
#include "hk/err.h"
#include "hk/parse.h"
#include "reseedwatch.h"

#define INTERVAL_MAX_MS 60000
#define TIMEOUT_MAX_S 31536000	/* a year */

static const struct hk_cmd cmds[] = {
	{ "status", cmd_status, "[--json]",
	  "Show the epoch, the notifiers and which sources work on this kernel" },
	{ "watch", cmd_watch,
	  "[--interval MS | --uevent] [--json] [--count N] [--timeout SEC] [--quiet] [--exec CMD [--shell] [-- ARGS]]",
	  "Print a line for each reseed event, optionally running a command" },
	{ "wait", cmd_wait, "[--interval MS] [--timeout SEC] [--since EPOCH] [--json] [--quiet]",
	  "Block until the next reseed event" },
	{ "trigger", cmd_trigger, "", "Ask the kernel to reseed (RNDRESEEDCRNG, needs CAP_SYS_ADMIN)" },
	{ NULL, NULL, NULL, NULL }
};

static const struct hk_tool tool = {
	.name = "reseedwatch",
	.summary = "Watch, wait for and troubleshoot the kernel's reseed notifications (the RNDEPOCH epoch page).",
	.cmds = cmds,
};

int rw_no_args(poptContext ctx)
{
	const char *arg = poptGetArg(ctx);

	if (arg)
		return hk_usage_error(hk_cmd_name(), "unexpected argument '%s'", arg);
	return 0;
}

int rw_parse_interval(const char *cmd, const char *s, unsigned int *ms)
{
	int r = hk_parse_uint(s, 1, INTERVAL_MAX_MS, ms);

	if (r == -ERANGE)
		return hk_usage_error(cmd, "--interval: '%s' is out of range (1 to %d milliseconds)",
				      s, INTERVAL_MAX_MS);
	if (r < 0)
		return hk_usage_error(cmd, "--interval: '%s' is not a whole number of milliseconds", s);
	return 0;
}

int rw_parse_timeout(const char *cmd, const char *s, int64_t *ms)
{
	int64_t sec;
	int r = hk_parse_s64(s, 0, TIMEOUT_MAX_S, &sec);

	if (r == -ERANGE)
		return hk_usage_error(cmd, "--timeout: '%s' is out of range (0 to %d seconds)",
				      s, TIMEOUT_MAX_S);
	if (r < 0)
		return hk_usage_error(cmd, "--timeout: '%s' is not a whole number of seconds", s);
	*ms = sec * 1000;
	return 0;
}

int main(int argc, const char **argv)
{
	return hk_cmd_main(&tool, argc, argv);
}
