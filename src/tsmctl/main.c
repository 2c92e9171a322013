// SPDX-License-Identifier: GPL-2.0-or-later
/* tsmctl: configfs-tsm attestation reports that provably carry your nonce. */
#include "hk/cmd.h"
#include "tsmctl.h"

static const struct hk_cmd cmds[] = {
	{ "report", cmd_report, "--nonce HEX|--nonce-base64 B64|--nonce-file FILE|--random-nonce [--out FILE] [--format F] [--verify]",
	  "Get a report carrying a nonce from a private entry that is always removed" },
	{ "create", cmd_create, "NAME", "Create a named, long-lived report entry" },
	TSM_CMD_LIST,
	{ "show", cmd_show, "NAME [--json]", "Show one report entry" },
	{ "remove", cmd_remove, "NAME", "Remove one report entry (never recursively)" },
	{ "provider", cmd_provider, "[--json]", "Show the registered provider and the attributes it offers" },
	{ "verify", cmd_verify, "[--provider P] --nonce HEX|... FILE", "Check that a report carries the nonce in REPORT_DATA" },
	{ "prune", cmd_prune, "[--dry-run]", "Remove private entries whose tsmctl process is gone" },
	{ NULL, NULL, NULL, NULL }
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
