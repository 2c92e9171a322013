// SPDX-License-Identifier: GPL-2.0-or-later
/* tsmctl remove: rmdir exactly one entry; configfs refuses recursive deletes
 * and so do we. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "hk/cmd.h"
#include "hk/err.h"
#include "tsmctl.h"

static int cmd_remove(const void *opts, int argc, const char *const *argv)
{
	const char *name = argv[0];
	int dirfd = -1, ret;

	(void)opts;
	(void)argc;
	if ((ret = tsm_check_name(name, true)) || (ret = tsm_open_reports(&dirfd)))
		return ret;
	if (unlinkat(dirfd, name, AT_REMOVEDIR) < 0) {
		int err = errno;

		if (err == ENOENT)
			hk_err("cannot remove report entry '%s': no such entry", name);
		else
			hk_err("cannot remove report entry '%s': %s", name, tsm_strerror(err));
		ret = hk_exit_for_errno(err);
	}
	close(dirfd);
	return ret;
}

const struct hk_cmd tsm_cmd_remove = {
	.name = "remove",
	.synopsis = "NAME",
	.help = "Remove one report entry (never recursively)",
	.args = 1,
	.args_name = "entry NAME",
	.run = cmd_remove,
};
