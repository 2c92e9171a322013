// SPDX-License-Identifier: GPL-2.0-or-later
/* tsmctl-evidence: the one helper for CBOR and crypto. It runs `tsmctl
 * verify` (TSM_CMD_VERIFY in tsmctl.h), encodes the evidence formats of
 * `tsmctl report`, and runs `tsmctl mr` (TSM_CMD_MR in mr.h), linked to
 * libcrypto, libcbor and libsmartcols, which the static tsmctl is not. Not
 * meant to be run by hand, though it works: it takes tsmctl's command line
 * and has tsmctl's name in its messages. */
#include "hk/cmd.h"
#include "tsmctl.h"

extern const struct hk_cmd tsm_cmd_verify;
extern const struct hk_cmd tsm_cmd_encode;
extern const struct hk_cmd tsm_cmd_mr_group;

static const struct hk_cmd *const cmds[] = {
	&tsm_cmd_verify,
	&tsm_cmd_encode,
	&tsm_cmd_mr_group,
	NULL
};

static const struct hk_tool tool = {
	.name = "tsmctl",
	.summary = "The helper that runs tsmctl verify and mr and encodes evidence, the tsmctl commands linked to libcrypto, libcbor and libsmartcols.",
	.cmds = cmds,
};

int main(int argc, const char **argv)
{
	return hk_cmd_main(&tool, argc, argv);
}
