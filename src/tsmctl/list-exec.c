// SPDX-License-Identifier: GPL-2.0-or-later
/* tsmctl list, as tsmctl runs it: in the helper tsmctl-list, the one part of
 * tsmctl linked to libsmartcols (see TSM_CMD_LIST in tsmctl.h). The helper
 * gets the same command line, argv[0] included, so its messages, options and
 * exit codes are those of tsmctl list. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hk/cmd.h"
#include "hk/err.h"
#include "hk/io.h"
#include "tsmctl.h"

static int list_exec(const void *opts, int argc, const char *const *argv)
{
	const char *dir = secure_getenv(TSM_LIBEXECDIR_ENV);
	const char **args;
	char path[PATH_MAX];
	int n = 0, i;

	(void)opts;
	if (!dir || !*dir)
		dir = HK_PKGLIBEXECDIR;
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, TSM_LIST_HELPER) >= sizeof(path)) {
		hk_err("cannot run %s/%s: %s", dir, TSM_LIST_HELPER, strerror(ENAMETOOLONG));
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
	args[n++] = "list";
	for (i = 0; i < argc; i++)
		args[n++] = argv[i];
	fflush(NULL);
	execv(path, (char *const *)args);
	hk_err("cannot run %s: %s", path, strerror(errno));
	free(args);
	return HK_EXIT_IO;
}

/* The helper parses the command line, --help included. */
const struct hk_cmd tsm_cmd_list = {
	TSM_CMD_LIST,
	.pass_args = true,
	.run = list_exec,
};
