// SPDX-License-Identifier: GPL-2.0-or-later
/* tsmctl prune: remove the private entries of tsmctl processes that are gone
 * (SIGKILL cannot be caught); never a running one's, never a named entry. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hk/cmd.h"
#include "hk/err.h"
#include "hk/tty.h"
#include "tsmctl.h"

int cmd_prune(int argc, const char **argv)
{
	int dry_run = 0;
	struct poptOption opts[] = {
		{ "dry-run", '\0', POPT_ARG_NONE, &dry_run, 0, "Print what would be removed, remove nothing", NULL },
		HK_POPT_HELP,
		POPT_TABLEEND
	};
	struct hk_popt p = hk_popt_parse("prune", opts, "[--dry-run]", argc, argv);
	struct tsm_owner self, owner;
	unsigned int removed = 0, unknown = 0;
	char esc[HK_ESC_MAX(NAME_MAX)];
	struct dirent *de;
	int dirfd = -1, r;
	DIR *d = NULL;

	if (p.done)
		goto out;
	if ((p.code = tsm_no_args(p.ctx)))
		goto out;
	if ((p.code = tsm_open_reports(&dirfd)))
		goto out;
	r = tsm_self_owner(&self);
	if (r < 0) {
		hk_err("cannot read this process's identity in /proc/self: %s", strerror(-r));
		p.code = HK_EXIT_UNSUPPORTED;
		goto out;
	}
	if ((p.code = tsm_opendir_reports(dirfd, &d)))
		goto out;
	while ((de = readdir(d))) {
		if (!tsm_parse_private(de->d_name, &owner))
			continue;
		switch (tsm_owner_state(&owner, self.pidns)) {
		case TSM_OWNER_RUNNING:
			continue;
		case TSM_OWNER_UNKNOWN:
			unknown++;
			continue;
		case TSM_OWNER_GONE:
			break;
		}
		if (dry_run) {
			printf("would remove %s\n", hk_esc(de->d_name, esc, sizeof(esc)));
			continue;
		}
		if (unlinkat(dirfd, de->d_name, AT_REMOVEDIR) < 0 && errno != ENOENT) {
			int err = errno;

			hk_err("cannot remove report entry '%s': %s", de->d_name, tsm_strerror(err));
			if (!p.code)
				p.code = tsm_exit_code(err);
			continue;
		}
		removed++;
		printf("removed %s\n", hk_esc(de->d_name, esc, sizeof(esc)));
	}
	if (unknown)
		hk_warn("%u private entr%s left alone: made in another PID namespace, or /proc/PID is unreadable",
			unknown, unknown == 1 ? "y" : "ies");
	if (fflush(stdout) == EOF) {
		hk_err("cannot write to standard output");
		p.code = HK_EXIT_IO;
	}
out:
	if (d)
		closedir(d);
	if (dirfd >= 0)
		close(dirfd);
	poptFreeContext(p.ctx);
	return p.code;
}
