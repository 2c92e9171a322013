// SPDX-License-Identifier: GPL-2.0-or-later
/* tsmctl-mr: the helper that runs tsmctl mr. It links libcrypto (hashing
 * for extend and replay) and libsmartcols (mr list), which tsmctl, a
 * static PIE for the report path, does not (TSM_CMD_MR in mr.h). */
#include "hk/cmd.h"
#include "mr.h"

extern const struct hk_cmd tsm_cmd_mr_group;

static const struct hk_cmd *const cmds[] = {
	&tsm_cmd_mr_group,
	NULL
};

static const struct hk_tool tool = {
	.name = "tsmctl",
	.summary = "The helper that runs tsmctl mr: measurement registers and their event log.",
	.cmds = cmds,
};

int main(int argc, const char **argv)
{
	return hk_cmd_main(&tool, argc, argv);
}
