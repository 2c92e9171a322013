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

struct prune_opts {
	bool dry_run;
};

static const struct hk_opt prune_options[] = {
	HK_OPT_FLAG(struct prune_opts, dry_run, "dry-run", '\0', "Print what would be removed, remove nothing"),
	HK_OPT_END
};

static int cmd_prune(const void *opts, int argc, const char *const *argv)
{
	const struct prune_opts *o = opts;
	struct tsm_owner self, owner;
	unsigned int removed = 0, unknown = 0;
	char esc[HK_ESC_MAX(NAME_MAX)];
	struct dirent *de;
	int dirfd, ret = HK_EXIT_OK, r;
	DIR *d;

	(void)argc;
	(void)argv;
	if ((r = tsm_open_reports(&dirfd)))
		return r;
	r = tsm_self_owner(&self);
	if (r < 0) {
		hk_err("cannot read this process's identity in /proc/self: %s", strerror(-r));
		close(dirfd);
		return HK_EXIT_UNSUPPORTED;
	}
	if ((r = tsm_opendir_reports(dirfd, &d))) {
		close(dirfd);
		return r;
	}
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
		if (o->dry_run) {
			printf("would remove %s\n", hk_esc(de->d_name, esc, sizeof(esc)));
			continue;
		}
		if (unlinkat(dirfd, de->d_name, AT_REMOVEDIR) < 0 && errno != ENOENT) {
			int err = errno;

			hk_err("cannot remove report entry '%s': %s", de->d_name, tsm_strerror(err));
			if (!ret)
				ret = hk_exit_for_errno(err);
			continue;
		}
		removed++;
		printf("removed %s\n", hk_esc(de->d_name, esc, sizeof(esc)));
	}
	if (unknown)
		hk_warn("%u private entr%s left alone: made in another PID namespace, or /proc/PID is unreadable",
			unknown, unknown == 1 ? "y" : "ies");
	closedir(d);
	close(dirfd);
	return ret;
}

const struct hk_cmd tsm_cmd_prune = {
	.name = "prune",
	.synopsis = "[--dry-run]",
	.help = "Remove private entries whose tsmctl process is gone",
	HK_CMD_OPTS(struct prune_opts, prune_options),
	.run = cmd_prune,
};
