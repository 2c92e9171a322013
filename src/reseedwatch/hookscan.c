// SPDX-License-Identifier: GPL-2.0-or-later
/* watch --exec-dir: the hooks directory, checked before watching and read
 * again for every event (hookdir.c decides what runs). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hk/err.h"
#include "hook.h"
#include "hookdir.h"

static bool dir_safe(const struct rw_hook *h, bool at_start)
{
	struct stat st;

	if (fstat(h->dirfd, &st) < 0) {
		hk_err("--exec-dir: cannot look at hooks directory '%s': %s", h->dir, strerror(errno));
		return false;
	}
	if (rw_hookdir_safe(st.st_mode, st.st_uid, geteuid()))
		return true;
	hk_err("--exec-dir: %s hooks directory '%s': it is owned by uid %u with mode %04o; it must be owned by root or the user reseedwatch runs as and not writable by group or others",
	       at_start ? "refusing" : "not running the hooks in", h->dir, (unsigned int)st.st_uid,
	       (unsigned int)(st.st_mode & 07777));
	return false;
}

int rw_hookdir_open(struct rw_hook *h)
{
	size_t n = 0;
	char **list;
	int e;

	h->dirfd = open(h->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (h->dirfd < 0) {
		e = errno;
		if (e == ENOTDIR) {
			hk_err("--exec-dir: cannot use '%s' as hooks directory: it is not a directory",
			       h->dir);
			return HK_EXIT_USAGE;
		}
		hk_err("--exec-dir: cannot open hooks directory '%s': %s", h->dir, strerror(e));
		return hk_exit_for_errno(e);
	}
	if (!dir_safe(h, true))
		return HK_EXIT_USAGE;
	/* Report what will be skipped now, not at the first event. Two
	 * statements: the order in which a call's arguments are evaluated is
	 * unspecified, and n must be the scan's. */
	list = rw_hookdir_scan(h, &n);
	free_hook_list(list, n);
	return HK_EXIT_OK;
}

/* Report each skipped entry once: while it stays skipped for the same
 * reason, later scans say nothing. */
static void report_skipped(struct rw_hook *h, const struct rw_hookdir_entry *e, size_t n)
{
	char **now = calloc(n + 1, sizeof(*now));
	size_t i, j, k = 0;
	bool known;

	for (i = 0; i < n; i++) {
		if (e[i].verdict == RW_HOOKDIR_RUN || !now ||
		    asprintf(&now[k], "%d %s", (int)e[i].verdict, e[i].name) < 0)
			continue;
		for (known = false, j = 0; j < h->nskipped && !known; j++)
			known = strcmp(h->skipped[j], now[k]) == 0;
		if (!known)
			hk_warn("--exec-dir: skipping '%s/%s': %s", h->dir, e[i].name,
				rw_hookdir_why(e[i].verdict));
		k++;
	}
	free_hook_list(h->skipped, h->nskipped);
	h->skipped = now;
	h->nskipped = now ? k : 0;
}

/* Read the entries with what stat(2) says of each (links followed). */
static struct rw_hookdir_entry *read_dir(struct rw_hook *h, size_t *n)
{
	struct rw_hookdir_entry *e = NULL, *ne;
	struct dirent *de;
	struct stat st;
	size_t cap = 0;
	DIR *d;
	int fd;

	*n = 0;
	fd = openat(h->dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	d = fd < 0 ? NULL : fdopendir(fd);
	if (!d) {
		hk_err("--exec-dir: cannot read hooks directory '%s': %s", h->dir, strerror(errno));
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (*n == RW_HOOKDIR_MAX) {
			hk_warn("--exec-dir: hooks directory '%s' has more than %d entries; the rest are skipped",
				h->dir, RW_HOOKDIR_MAX);
			break;
		}
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			ne = realloc(e, cap * sizeof(*e));
			if (!ne)
				break;
			e = ne;
		}
		e[*n] = (struct rw_hookdir_entry){ .name = strdup(de->d_name) };
		if (!e[*n].name)
			break;
		memset(&st, 0, sizeof(st));
		if (fstatat(dirfd(d), de->d_name, &st, 0) < 0)
			e[*n].stat_err = errno;
		e[*n].mode = st.st_mode;
		e[*n].uid = st.st_uid;
		++*n;
	}
	closedir(d);
	return e;
}

char **rw_hookdir_scan(struct rw_hook *h, size_t *n)
{
	struct rw_hookdir_entry *e;
	size_t ne = 0, i;
	char **list = NULL;

	*n = 0;
	if (!dir_safe(h, false))
		return NULL;
	e = read_dir(h, &ne);
	rw_hookdir_select(e, ne, geteuid());
	report_skipped(h, e, ne);
	if (ne)
		list = calloc(ne, sizeof(*list));
	for (i = 0; i < ne; i++) {
		if (list && e[i].verdict == RW_HOOKDIR_RUN &&
		    asprintf(&list[*n], "%s/%s", h->dir, e[i].name) >= 0)
			++*n;
		free((char *)e[i].name);
	}
	free(e);
	return list;
}
