// SPDX-License-Identifier: GPL-2.0-or-later
/* reseedwatch's hooks directory rules (hookdir.c): table rows of entries,
 * the order they run in and why the others are skipped. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "hookdir.h"
#include "unit.h"

#define X (S_IFREG | 0755)

struct row {
	const char *name;
	mode_t mode;
	uid_t uid;
	int stat_err;
	enum rw_hookdir_verdict want;
};

/* As root (uid 0) and as uid 1000; the order is checked separately. */
static const struct row root_rows[] = {
	{ "10-seed", X, 0, 0, RW_HOOKDIR_RUN },
	{ "20-ssh", S_IFREG | 0700, 0, 0, RW_HOOKDIR_RUN },
	{ ".hidden", X, 0, 0, RW_HOOKDIR_HIDDEN },
	{ "30-x~", X, 0, 0, RW_HOOKDIR_BACKUP },
	{ "30-x.dpkg-old", X, 0, 0, RW_HOOKDIR_BACKUP },
	{ "30-x.dpkg-dist", X, 0, 0, RW_HOOKDIR_BACKUP },
	{ "30-x.ucf-new", X, 0, 0, RW_HOOKDIR_BACKUP },
	{ "30-x.rpmnew", X, 0, 0, RW_HOOKDIR_BACKUP },
	{ "#30-x#", X, 0, 0, RW_HOOKDIR_BACKUP },
	{ "30 x", X, 0, 0, RW_HOOKDIR_BADNAME },
	{ "30-\xc3\xa9", X, 0, 0, RW_HOOKDIR_BADNAME },
	{ "40-gone", 0, 0, 2, RW_HOOKDIR_NOSTAT },
	{ "50-dir", S_IFDIR | 0755, 0, 0, RW_HOOKDIR_NOTREG },
	{ "50-fifo", S_IFIFO | 0755, 0, 0, RW_HOOKDIR_NOTREG },
	{ "60-readme", S_IFREG | 0644, 0, 0, RW_HOOKDIR_NOEXEC },
	{ "70-user", X, 1000, 0, RW_HOOKDIR_OWNER },
	{ "80-gw", S_IFREG | 0775, 0, 0, RW_HOOKDIR_WRITABLE },
	{ "80-ow", S_IFREG | 0757, 0, 0, RW_HOOKDIR_WRITABLE },
	{ "90-dpkg.sh", X, 0, 0, RW_HOOKDIR_RUN },
};

static const struct row user_rows[] = {
	{ "a-root", X, 0, 0, RW_HOOKDIR_RUN },
	{ "b-mine", X, 1000, 0, RW_HOOKDIR_RUN },
	{ "c-other", X, 1001, 0, RW_HOOKDIR_OWNER },
	{ "d-mine-gw", S_IFREG | 0775, 1000, 0, RW_HOOKDIR_WRITABLE },
};

static void check_rows(const struct row *r, size_t n, uid_t uid, const char *who)
{
	struct rw_hookdir_entry *e = calloc(n, sizeof(*e));
	size_t i, j, run = 0, got;

	for (i = 0; i < n; i++) {
		e[i] = (struct rw_hookdir_entry){ .name = r[i].name, .mode = r[i].mode,
						  .uid = r[i].uid, .stat_err = r[i].stat_err };
		run += r[i].want == RW_HOOKDIR_RUN;
	}
	got = rw_hookdir_select(e, n, uid);
	CHECK(got == run, "%s: %zu of %zu entries run (want %zu)", who, got, n, run);
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
			if (!strcmp(e[j].name, r[i].name))
				CHECK(e[j].verdict == r[i].want, "%s: '%s': %s", who, r[i].name,
				      rw_hookdir_why(e[j].verdict));
	free(e);
}

/* Byte order, as LC_ALL=C sorts: digits, upper case, '_', lower case. */
static void check_order(void)
{
	const char *in[] = { "b", "_x", "Z", "10", "9", "a", "a-b", "a.b" };
	const char *want = "10 9 Z _x a a-b a.b b ";
	struct rw_hookdir_entry e[8];
	char got[64] = "";
	size_t i;

	for (i = 0; i < 8; i++)
		e[i] = (struct rw_hookdir_entry){ .name = in[i], .mode = X };
	CHECK(rw_hookdir_select(e, 8, 0) == 8, "all eight run");
	for (i = 0; i < 8; i++) {
		strcat(got, e[i].name);
		strcat(got, " ");
	}
	CHECK(!strcmp(got, want), "byte order: '%s'", got);
	CHECK(rw_hookdir_select(NULL, 0, 0) == 0, "an empty directory runs nothing");
}

int main(void)
{
	check_rows(root_rows, sizeof(root_rows) / sizeof(root_rows[0]), 0, "root");
	check_rows(user_rows, sizeof(user_rows) / sizeof(user_rows[0]), 1000, "uid 1000");
	check_order();
	CHECK(rw_hookdir_safe(S_IFDIR | 0755, 0, 1000), "a root directory 0755 is safe for a user");
	CHECK(!rw_hookdir_safe(S_IFDIR | 01777, 0, 0), "a sticky world-writable directory is not");
	CHECK(!rw_hookdir_safe(S_IFDIR | 0755, 1000, 0), "root does not trust a user's directory");
	return unit_done();
}
