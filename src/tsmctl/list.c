// SPDX-License-Identifier: GPL-2.0-or-later
/* tsmctl list: every report entry, its provider and generation, and for
 * private entries whether the tsmctl that made them still runs. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hk/cmd.h"
#include "hk/err.h"
#include "hk/io.h"
#include "hk/table.h"
#include "tsmctl.h"

enum { COL_NAME, COL_PROVIDER, COL_GENERATION, COL_TYPE, COL_PID, COL_CREATOR, COL_FLOOR };

static const struct hk_col cols[] = {
	[COL_NAME] = { "NAME", 20, 0, HK_COL_STR, "entry name", true },
	[COL_PROVIDER] = { "PROVIDER", 10, 0, HK_COL_STR, "provider (report format)", true },
	[COL_GENERATION] = { "GENERATION", 6, SCOLS_FL_RIGHT, HK_COL_NUM, "writes to the entry so far", true },
	[COL_TYPE] = { "TYPE", 7, 0, HK_COL_STR, "private (made by tsmctl report or provider) or named", true },
	[COL_PID] = { "PID", 6, SCOLS_FL_RIGHT, HK_COL_NUM, "PID of the tsmctl that made a private entry", false },
	[COL_CREATOR] = { "CREATOR", 7, 0, HK_COL_STR, "private entries: running, gone (prune removes it) or unknown", true },
	[COL_FLOOR] = { "FLOOR", 5, SCOLS_FL_RIGHT, HK_COL_NUM, "privlevel_floor", false },
};

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The entry names, sorted: 0, or -ENOMEM (what was read stays in *names). */
static int read_names(DIR *d, char ***names, size_t *n)
{
	struct dirent *de;
	size_t cap = 0;

	while ((de = readdir(d))) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (*n == cap) {
			char **nn = realloc(*names, (cap = cap ? cap * 2 : 64) * sizeof(**names));

			if (!nn)
				return -ENOMEM;
			*names = nn;
		}
		if (!((*names)[*n] = strdup(de->d_name)))
			return -ENOMEM;
		++*n;
	}
	if (*n)
		qsort(*names, *n, sizeof(**names), cmp_name);
	return 0;
}

/* One entry's row; an entry removed while we looked has none. -ENOMEM. */
static int add_row(struct hk_table *t, int dirfd, const char *name, const struct tsm_owner *self)
{
	struct libscols_line *ln;
	struct tsm_owner owner;
	struct tsm_info info;
	bool private = tsm_parse_private(name, &owner);
	int fd;

	fd = hk_openat(dirfd, name, O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		return 0;
	tsm_entry_info(fd, &info);
	close(fd);
	if (!(ln = hk_table_new_line(t)))
		return -ENOMEM;
	hk_table_set(t, ln, COL_NAME, name);
	hk_table_set(t, ln, COL_PROVIDER, info.provider[0] ? info.provider : "-");
	if (info.have_generation)
		hk_table_setf(t, ln, COL_GENERATION, "%" PRIu64, info.generation);
	if (info.have_floor)
		hk_table_setf(t, ln, COL_FLOOR, "%lld", (long long)info.floor);
	hk_table_set(t, ln, COL_TYPE, private ? "private" : "named");
	if (private) {
		hk_table_setf(t, ln, COL_PID, "%ld", (long)owner.pid);
		hk_table_set(t, ln, COL_CREATOR, tsm_owner_state_name(tsm_owner_state(&owner, self->pidns)));
	} else {
		hk_table_set(t, ln, COL_CREATOR, "-");
	}
	return 0;
}

struct list_opts {
	struct hk_table_opts table;
};

static const struct hk_opt list_options[] = {
	HK_OPT_INCLUDE(struct list_opts, table, hk_table_options),
	HK_OPT_END
};

static int cmd_list(const void *opts, int argc, const char *const *argv)
{
	const struct list_opts *o = opts;
	struct hk_table t = { 0 };
	struct tsm_owner self = { 0 };
	char **names = NULL;
	size_t n = 0, i;
	int dirfd = -1, code;
	DIR *d = NULL;

	(void)argc;
	(void)argv;
	if ((code = hk_table_init(&t, &o->table, "entries", cols, sizeof(cols) / sizeof(cols[0]))))
		goto out;
	if ((code = tsm_open_reports(&dirfd)))
		goto out;
	tsm_self_owner(&self);
	if ((code = tsm_opendir_reports(dirfd, &d)))
		goto out;
	if (read_names(d, &names, &n) < 0)
		goto oom;
	for (i = 0; i < n; i++)
		if (add_row(&t, dirfd, names[i], &self) < 0)
			goto oom;
	code = hk_table_print(&t);
	goto out;
oom:
	hk_err("cannot list report entries: out of memory");
	code = HK_EXIT_IO;
out:
	if (d)
		closedir(d);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (dirfd >= 0)
		close(dirfd);
	hk_table_free(&t);
	return code;
}

static void list_help_tail(FILE *out)
{
	hk_table_help(out, cols, sizeof(cols) / sizeof(cols[0]));
}

const struct hk_cmd tsm_cmd_list = {
	TSM_CMD_LIST,
	HK_CMD_OPTS(struct list_opts, list_options),
	.run = cmd_list,
	.help_tail = list_help_tail,
};
