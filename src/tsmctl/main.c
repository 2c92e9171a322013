// SPDX-License-Identifier: GPL-2.0-or-later
/* tsmctl: configfs-tsm attestation reports that provably carry your nonce. */
#include "hk/cmd.h"
#include "hk/err.h"
#include "tsmctl.h"

static const struct hk_cmd cmds[] = {
	{ "report", cmd_report, "--nonce HEX|--nonce-base64 B64|--nonce-file FILE|--random-nonce [--out FILE] [--format F] [--verify]",
	  "Get a report carrying a nonce from a private entry that is always removed" },
	{ "create", cmd_create, "NAME", "Create a named, long-lived report entry" },
	{ "list", cmd_list, "[--json] [--output COLS]", "List report entries with their provider and generation" },
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

int tsm_no_args(poptContext ctx)
{
	const char *arg = poptGetArg(ctx);

	if (arg)
		return hk_usage_error(hk_cmd_name(), "unexpected argument '%s'", arg);
	return 0;
}

int tsm_one_arg(poptContext ctx, const char *what, const char **arg)
{
	*arg = poptGetArg(ctx);
	if (!*arg)
		return hk_usage_error(hk_cmd_name(), "missing %s", what);
	return tsm_no_args(ctx);
}

int main(int argc, const char **argv)
{
	return hk_cmd_main(&tool, argc, argv);
}
