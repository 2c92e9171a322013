// SPDX-License-Identifier: GPL-2.0-or-later
/* The tsmctl commands that run in a helper (see TSM_CMD_LIST and
 * TSM_CMD_VERIFY in tsmctl.h, TSM_CMD_MR in mr.h): list in tsmctl-list
 * (libsmartcols), verify and mr in tsmctl-evidence, the one helper for CBOR
 * and crypto (libcrypto, libcbor, libsmartcols). The helper gets the same command line, argv[0] included, so
 * its messages, options and exit codes are those of the tsmctl command. */
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

int tsm_helper_path(const char *helper, char *path, size_t size)
{
	const char *dir = secure_getenv(TSM_LIBEXECDIR_ENV);

	if (!dir || !*dir)
		dir = HK_PKGLIBEXECDIR;
	if ((size_t)snprintf(path, size, "%s/%s", dir, helper) >= size) {
		hk_err("cannot run %s/%s: %s", dir, helper, strerror(ENAMETOOLONG));
		return HK_EXIT_IO;
	}
	return 0;
}

int tsm_exec_helper(const char *helper, const char *cmd, int argc, const char *const *argv)
{
	const char **args;
	char path[PATH_MAX];
	int n = 0, i, r;

	if ((r = tsm_helper_path(helper, path, sizeof(path))))
		return r;
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
	return tsm_exec_helper(TSM_LIST_HELPER, "list", argc, argv);
}

static int verify_exec(const void *opts, int argc, const char *const *argv)
{
	(void)opts;
	return tsm_exec_helper(TSM_EVIDENCE_HELPER, "verify", argc, argv);
}

static int mr_exec(const void *opts, int argc, const char *const *argv)
{
	(void)opts;
	return tsm_exec_helper(TSM_EVIDENCE_HELPER, "mr", argc, argv);
}

/* The helpers parse the command line, --help included. */
const struct hk_cmd tsm_cmd_list = {
	TSM_CMD_LIST,
	.pass_args = true,
	.run = list_exec,
};

const struct hk_cmd tsm_cmd_verify = {
	TSM_CMD_VERIFY,
	.pass_args = true,
	.run = verify_exec,
};

const struct hk_cmd tsm_cmd_mr = {
	TSM_CMD_MR,
	.pass_args = true,
	.run = mr_exec,
};
