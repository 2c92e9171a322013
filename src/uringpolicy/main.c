// SPDX-License-Identifier: GPL-2.0-or-later
/* uringpolicy: read, explain and set the io_uring restriction sysctls. */
#include "hk/cmd.h"

/* Each command is described in its own file: a new one is a line here
 * and a row below (HACKING.md, "Adding a subcommand"). */
extern const struct hk_cmd up_cmd_status;
extern const struct hk_cmd up_cmd_set;
extern const struct hk_cmd up_cmd_check;
extern const struct hk_cmd up_cmd_users;
extern const struct hk_cmd up_cmd_record;

static const struct hk_cmd *const cmds[] = {
	&up_cmd_status,
	&up_cmd_set,
	&up_cmd_check,
	&up_cmd_users,
	&up_cmd_record,
	NULL
};

static const struct hk_tool tool = {
	.name = "uringpolicy",
	.summary = "Read, explain and set the kernel's io_uring restriction (kernel.io_uring_disabled, kernel.io_uring_group).",
	.cmds = cmds,
};

int main(int argc, const char **argv)
{
	return hk_cmd_main(&tool, argc, argv);
}
