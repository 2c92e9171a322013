// SPDX-License-Identifier: GPL-2.0-or-later
/* tsmctl: configfs-tsm attestation reports that provably carry your nonce. */
#include "hk/cmd.h"
#include "tsmctl.h"

static const struct hk_cmd *const cmds[] = {
	&tsm_cmd_report,
	&tsm_cmd_create,
	&tsm_cmd_list,
	&tsm_cmd_show,
	&tsm_cmd_remove,
	&tsm_cmd_provider,
	&tsm_cmd_verify,
	&tsm_cmd_prune,
	NULL
};

static const struct hk_tool tool = {
	.name = "tsmctl",
	.summary = "Get configfs-tsm attestation reports (TDX, SEV-SNP, Arm CCA) that provably carry your nonce.",
	.cmds = cmds,
};

int main(int argc, const char **argv)
{
	return hk_cmd_main(&tool, argc, argv);
}
