// SPDX-License-Identifier: GPL-2.0-or-later
/* reseedwatch: watch and troubleshoot the kernel's reseed notifications. */
#include "hk/cmd.h"
#include "reseedwatch.h"

/* Each command is described in its own file: a new one is a line here
 * and a row below (HACKING.md, "Adding a subcommand"). */
extern const struct hk_cmd rw_cmd_status;
extern const struct hk_cmd rw_cmd_watch;
extern const struct hk_cmd rw_cmd_wait;
extern const struct hk_cmd rw_cmd_trigger;

static const struct hk_cmd *const cmds[] = {
	&rw_cmd_status,
	&rw_cmd_watch,
	&rw_cmd_wait,
	&rw_cmd_trigger,
	NULL
};

static const struct hk_tool tool = {
	.name = "reseedwatch",
	.summary = "Watch, wait for and troubleshoot the kernel's reseed notifications (the RNDEPOCH epoch page, VMClock's generation counter).",
	.cmds = cmds,
};

int main(int argc, const char **argv)
{
	return hk_cmd_main(&tool, argc, argv);
}
