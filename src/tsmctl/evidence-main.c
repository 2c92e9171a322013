// SPDX-License-Identifier: GPL-2.0-or-later
/* tsmctl-evidence: the helper that runs `tsmctl verify` (see TSM_CMD_VERIFY
 * in tsmctl.h) and encodes the evidence formats of `tsmctl report`, linked to libcrypto and libcbor. Not meant to be run by
 * hand, though it works: it takes tsmctl's command line and has tsmctl's
 * name in its messages. */
#include "hk/cmd.h"
#include "tsmctl.h"

extern const struct hk_cmd tsm_cmd_verify;
extern const struct hk_cmd tsm_cmd_encode;

static const struct hk_cmd *const cmds[] = {
	&tsm_cmd_verify,
	&tsm_cmd_encode,
	NULL
};

static const struct hk_tool tool = {
	.name = "tsmctl",
	.summary = "The helper that runs tsmctl verify, the tsmctl command linked to libcrypto and libcbor.",
	.cmds = cmds,
};

int main(int argc, const char **argv)
{
	return hk_cmd_main(&tool, argc, argv);
}
