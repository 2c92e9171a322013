// SPDX-License-Identifier: GPL-2.0-or-later
/* tsmctl-list: the helper that runs `tsmctl list` (see TSM_CMD_LIST in
 * tsmctl.h). Not meant to be run by hand, though it works: it takes
 * tsmctl's command line and has tsmctl's name in its messages. */
#include "hk/cmd.h"
#include "tsmctl.h"

extern const struct hk_cmd tsm_cmd_list;

static const struct hk_cmd *const cmds[] = {
	&tsm_cmd_list,
	NULL
};

static const struct hk_tool tool = {
	.name = "tsmctl",
	.summary = "The helper that runs tsmctl list, the one tsmctl command linked to libsmartcols.",
	.cmds = cmds,
};

int main(int argc, const char **argv)
{
	return hk_cmd_main(&tool, argc, argv);
}
