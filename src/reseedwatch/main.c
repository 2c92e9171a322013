// SPDX-License-Identifier: GPL-2.0-or-later
/* reseedwatch: watch and troubleshoot the kernel's reseed notifications. */
#include "hk/cmd.h"
#include "reseedwatch.h"

static const struct hk_cmd *const cmds[] = {
	&rw_cmd_status,
	&rw_cmd_watch,
	&rw_cmd_wait,
	&rw_cmd_trigger,
	NULL
};

static const struct hk_tool tool = {
	.name = "reseedwatch",
	.summary = "Watch, wait for and troubleshoot the kernel's reseed notifications (the RNDEPOCH epoch page).",
	.cmds = cmds,
};

int main(int argc, const char **argv)
{
	return hk_cmd_main(&tool, argc, argv);
}
