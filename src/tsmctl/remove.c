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

int cmd_remove(int argc, const char **argv)
{
	struct poptOption opts[] = {
		HK_POPT_HELP,
		POPT_TABLEEND
	};
	struct hk_popt p = hk_popt_parse("remove", opts, "NAME", argc, argv);
	const char *name;
	int dirfd = -1;

	if (p.done)
		goto out;
	if ((p.code = tsm_one_arg(p.ctx, "entry NAME", &name)) || (p.code = tsm_check_name(name, true)))
		goto out;
	if ((p.code = tsm_open_reports(&dirfd)))
		goto out;
	if (unlinkat(dirfd, name, AT_REMOVEDIR) < 0) {
		int err = errno;

		if (err == ENOENT)
			hk_err("cannot remove report entry '%s': no such entry", name);
		else
			hk_err("cannot remove report entry '%s': %s", name, tsm_strerror(err));
		p.code = tsm_exit_code(err);
	}
out:
	if (dirfd >= 0)
		close(dirfd);
	poptFreeContext(p.ctx);
	return p.code;
}
