// SPDX-License-Identifier: GPL-2.0-or-later
/* tsmctl create: a named, long-lived report entry. */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hk/cmd.h"
#include "hk/err.h"
#include "tsmctl.h"

static int cmd_create(const void *opts, int argc, const char *const *argv)
{
	const char *name = argv[0];
	int dirfd = -1, ret;

	(void)opts;
	(void)argc;
	if ((ret = tsm_check_name(name, false)) || (ret = tsm_open_reports(&dirfd)))
		return ret;
	if (mkdirat(dirfd, name, 0755) < 0) {
		int err = errno;

		if (err == EEXIST)
			hk_err("cannot create report entry '%s': it already exists", name);
		else
			hk_err("cannot create report entry '%s': %s", name, tsm_strerror(err));
		ret = hk_exit_for_errno(err);
	}
	close(dirfd);
	return ret;
}

const struct hk_cmd tsm_cmd_create = {
	.name = "create",
	.synopsis = "NAME",
	.help = "Create a named, long-lived report entry",
	.args = 1,
	.args_name = "entry NAME",
	.run = cmd_create,
};
