// SPDX-License-Identifier: GPL-2.0-or-later
/* tsmctl list and tsmctl mr, as tsmctl runs them: in the helpers
 * tsmctl-list and tsmctl-mr, the parts of tsmctl linked to libsmartcols and
 * libcrypto (see TSM_CMD_LIST in tsmctl.h). A helper gets the same command
 * line, argv[0] included, so its messages, options and exit codes are those
 * of tsmctl's command. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hk/cmd.h"
#include "hk/err.h"
#include "hk/io.h"
#include "mr.h"
#include "tsmctl.h"

static int helper_exec(const char *helper, const char *cmd, int argc, const char *const *argv)
{
	const char *dir = secure_getenv(TSM_LIBEXECDIR_ENV);
	const char **args;
	char path[PATH_MAX];
	int n = 0, i;

	if (!dir || !*dir)
		dir = HK_PKGLIBEXECDIR;
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, helper) >= sizeof(path)) {
		hk_err("cannot run %s/%s: %s", dir, helper, strerror(ENAMETOOLONG));
		return HK_EXIT_IO;
	}
	args = calloc((size_t)argc + 5, sizeof(*args));
	if (!args) {
		hk_err("cannot run %s: %s", path, strerror(ENOMEM));
		return HK_EXIT_IO;
	}
	args[n++] = program_invocation_name;	/* tsmctl's name in messages */
	args[n++] = "--sysroot";	/* the same root, whatever its name */
	args[n++] = hk_sysroot_path();
	args[n++] = cmd;
	for (i = 0; i < argc; i++)
		args[n++] = argv[i];
	fflush(NULL);
	execv(path, (char *const *)args);
	hk_err("cannot run %s: %s", path, strerror(errno));
	free(args);
	return HK_EXIT_IO;
}

static int list_exec(const void *opts, int argc, const char *const *argv)
{
	(void)opts;
	return helper_exec(TSM_LIST_HELPER, "list", argc, argv);
}

static int mr_exec(const void *opts, int argc, const char *const *argv)
{
	(void)opts;
	return helper_exec(TSM_MR_HELPER, "mr", argc, argv);
}

/* The helpers parse the command line, --help included. */
const struct hk_cmd tsm_cmd_list = {
	TSM_CMD_LIST,
	.pass_args = true,
	.run = list_exec,
};

const struct hk_cmd tsm_cmd_mr = {
	TSM_CMD_MR,
	.pass_args = true,
	.run = mr_exec,
};
