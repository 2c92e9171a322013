// SPDX-License-Identifier: GPL-2.0-or-later
/* tsmctl create: a named, long-lived report entry. */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hk/cmd.h"
#include "hk/err.h"
#include "tsmctl.h"

int cmd_create(int argc, const char **argv)
{
	struct poptOption opts[] = {
		HK_POPT_HELP,
		POPT_TABLEEND
	};
	struct hk_popt p = hk_popt_parse("create", opts, "NAME", argc, argv);
	const char *name;
	int dirfd = -1;

	if (p.done)
		goto out;
	if ((p.code = tsm_one_arg(p.ctx, "entry NAME", &name)) || (p.code = tsm_check_name(name, false)))
		goto out;
	if ((p.code = tsm_open_reports(&dirfd)))
		goto out;
	if (mkdirat(dirfd, name, 0755) < 0) {
		int err = errno;

		if (err == EEXIST)
			hk_err("cannot create report entry '%s': it already exists", name);
		else
			hk_err("cannot create report entry '%s': %s", name, tsm_strerror(err));
		p.code = tsm_exit_code(err);
	}
out:
	if (dirfd >= 0)
		close(dirfd);
	poptFreeContext(p.ctx);
	return p.code;
}
