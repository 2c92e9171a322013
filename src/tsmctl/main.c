// SPDX-License-Identifier: GPL-2.0-or-later
/* tsmctl: configfs-tsm attestation reports that provably carry your nonce. */
#include "hk/cmd.h"
#include "tsmctl.h"

/* Each command is described in its own file: a new one is a line here
 * and a row below (HACKING.md, "Adding a subcommand"). */
extern const struct hk_cmd tsm_cmd_report;
extern const struct hk_cmd tsm_cmd_create;
extern const struct hk_cmd tsm_cmd_list;
extern const struct hk_cmd tsm_cmd_show;
extern const struct hk_cmd tsm_cmd_remove;
extern const struct hk_cmd tsm_cmd_provider;
extern const struct hk_cmd tsm_cmd_verify;
extern const struct hk_cmd tsm_cmd_prune;
extern const struct hk_cmd tsm_cmd_mr;

static const struct hk_cmd *const cmds[] = {
	&tsm_cmd_report,
	&tsm_cmd_create,
	&tsm_cmd_list,
	&tsm_cmd_show,
	&tsm_cmd_remove,
	&tsm_cmd_provider,
	&tsm_cmd_verify,
	&tsm_cmd_prune,
	&tsm_cmd_mr,
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
