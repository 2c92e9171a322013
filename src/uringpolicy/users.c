// SPDX-License-Identifier: GPL-2.0-or-later
/* uringpolicy users: which processes hold io_uring instances now, and
 * whether they could create new ones under the current or a proposed policy. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hk/caps.h"
#include "hk/cmd.h"
#include "hk/err.h"
#include "hk/io.h"
#include "hk/parse.h"
#include "hk/proc.h"
#include "hk/table.h"
#include "policy.h"
#include "scan.h"

enum { COL_PID, COL_USER, COL_UID, COL_COMMAND, COL_RINGS, COL_VERDICT, COL_REASON };

static const struct hk_col cols[] = {
	[COL_PID] = { "PID", 6, SCOLS_FL_RIGHT, HK_COL_NUM, "process ID", true },
	[COL_USER] = { "USER", 8, 0, HK_COL_STR, "effective user name", true },
	[COL_UID] = { "UID", 6, SCOLS_FL_RIGHT, HK_COL_NUM, "effective user ID", false },
	[COL_COMMAND] = { "COMMAND", 16, 0, HK_COL_STR, "command name", true },
	[COL_RINGS] = { "RINGS", 5, SCOLS_FL_RIGHT, HK_COL_NUM, "io_uring instances held", true },
	[COL_VERDICT] = { "NEW-RINGS", 9, 0, HK_COL_STR, "may it create new rings under the policy: allowed, denied or unknown", true },
	[COL_REASON] = { "REASON", 30, SCOLS_FL_WRAP, HK_COL_STR, "why", false },
};

/* Say when /proc hides other users' processes from this caller: they are
 * absent, not unreadable. CAP_SYS_PTRACE or the gid= group sees them all. */
static void warn_hidden(int procfd)
{
	struct up_subject self;
	enum up_reason why;
	char hidepid[32];
	bool exempt;
	long gid;

	if (hk_proc_hidepid(procfd, hidepid, sizeof(hidepid), &gid) <= 0 ||
	    hk_cap_effective(CAP_SYS_PTRACE))
		return;
	/* The kernel asks in_group_p(gid=): the fsgid or a supplementary group. */
	if (gid >= 0 && up_subject_self(&self) == 0) {
		exempt = up_in_group(&self, (gid_t)gid, &why);
		up_subject_free(&self);
		if (exempt)
			return;
	}
	hk_warn("/proc is mounted with hidepid=%s: the processes of other users are hidden from this caller and not listed (run as root)",
		hidepid);
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

struct users_opts {
	struct up_override ov;
	struct hk_table_opts table;
};

static const struct hk_opt users_options[] = {
	HK_OPT_PARSE(struct users_opts, ov.level, "level", 'l', "LEVEL", up_opt_level,
		     "Judge against this level instead of the current one"),
	HK_OPT_PARSE(struct users_opts, ov, "group", 'g', "GROUP", up_opt_group,
		     "Judge against this group instead of the current one"),
	HK_OPT_INCLUDE(struct users_opts, table, hk_table_options),
	HK_OPT_END
};

static const struct users_opts users_defaults = { .ov = UP_OVERRIDE_NONE };

struct tally {
	unsigned int holders, denied, unknown, unreadable;
};

/* The PIDs under /proc, sorted whatever order the directory gives (a fake
 * tree's is not). 0, or HK_EXIT_IO after saying so. */
static int list_pids(DIR *d, int **pids, size_t *npids)
{
	struct dirent *de;
	size_t cap = 0;
	int pid, *n;

	while ((de = readdir(d))) {
		if (hk_parse_int(de->d_name, 1, INT32_MAX, &pid) < 0)
			continue;
		if (*npids == cap) {
			n = realloc(*pids, (cap = cap ? cap * 2 : 1024) * sizeof(**pids));
			if (!n) {
				hk_err("cannot list processes: out of memory");
				return HK_EXIT_IO;
			}
			*pids = n;
		}
		(*pids)[(*npids)++] = pid;
	}
	if (*npids)
		qsort(*pids, *npids, sizeof(**pids), cmp_int);
	return 0;
}

/* One line for a process holding n rings. 0, or HK_EXIT_IO. */
static int add_row(struct hk_table *t, const struct up_policy *pol, int pid, int n, struct tally *c)
{
	struct hk_proc_status st;
	struct libscols_line *ln;
	struct up_subject subj;
	struct passwd *pw;
	enum up_reason why;
	enum up_verdict v;
	char reason[320];
	int r;

	r = hk_proc_status_read(pid, &st);
	if (r == -ENOENT || r == -ESRCH)
		return 0;	/* exited while we looked */
	if (r < 0) {
		c->unreadable++;
		return 0;
	}
	up_subject_from_status(&subj, &st);
	v = up_allowed(pol, &subj, &why);
	up_reason_text(pol, &subj, why, reason, sizeof(reason));
	up_subject_free(&subj);
	c->holders++;
	c->denied += v == UP_DENIED;
	c->unknown += v == UP_UNKNOWN;
	ln = hk_table_new_line(t);
	if (!ln) {
		hk_err("cannot add a table line: out of memory");
		return HK_EXIT_IO;
	}
	pw = getpwuid(st.uid[1]);
	hk_table_setf(t, ln, COL_PID, "%d", pid);
	if (pw)
		hk_table_set(t, ln, COL_USER, pw->pw_name);
	else
		hk_table_setf(t, ln, COL_USER, "%u", (unsigned int)st.uid[1]);
	hk_table_setf(t, ln, COL_UID, "%u", (unsigned int)st.uid[1]);
	hk_table_set(t, ln, COL_COMMAND, st.comm);
	hk_table_setf(t, ln, COL_RINGS, "%d", n);
	hk_table_set(t, ln, COL_VERDICT, up_verdict_word(v));
	hk_table_set(t, ln, COL_REASON, reason);
	return 0;
}

static void summary(const struct users_opts *o, const struct up_policy *pol, const struct tally *c,
		    bool printed)
{
	if (printed && !o->table.json && !o->table.raw)
		fprintf(stderr, "%u process%s hold%s io_uring instances; %u would be refused new rings under level %d (%s)\n",
			c->holders, c->holders == 1 ? "" : "es", c->holders == 1 ? "s" : "", c->denied,
			pol->level, up_level_word(pol->level));
	if (c->unknown)
		hk_warn("%u process%s with CAP_SYS_ADMIN: unknown whether it counts, its user namespace cannot be read (run as root)",
			c->unknown, c->unknown == 1 ? "" : "es");
	if (c->unreadable)
		hk_warn("%u process%s could not be read (hidepid, or not root?): they are not listed",
			c->unreadable, c->unreadable == 1 ? "" : "es");
}

static int rows(struct hk_table *t, const struct up_policy *pol, int procfd, DIR *d, struct tally *c)
{
	int *pids = NULL, *rings = NULL, code;
	size_t npids = 0, i;

	code = list_pids(d, &pids, &npids);
	if (code)
		goto out;
	rings = calloc(npids ? npids : 1, sizeof(*rings));
	if (!rings) {
		hk_err("cannot list processes: out of memory");
		code = HK_EXIT_IO;
		goto out;
	}
	up_scan_all(procfd, pids, rings, npids);
	for (i = 0; i < npids && !code; i++) {
		if (rings[i] == -ENOENT || rings[i] == -ESRCH || rings[i] == 0)
			continue;	/* exited while we looked, or holds none */
		if (rings[i] < 0)
			c->unreadable++;
		else
			code = add_row(t, pol, pids[i], rings[i], c);
	}
out:
	free(pids);
	free(rings);
	return code;
}

static int users(const void *opts, int argc, const char *const *argv)
{
	const struct users_opts *o = opts;
	struct tally c = { 0 };
	struct up_policy pol;
	struct hk_table t = { 0 };
	int procfd, r, code;
	DIR *d;

	(void)argc;
	(void)argv;
	r = up_policy_read(&pol);
	if (r < 0)
		return up_no_sysctl(r);
	up_policy_override(&pol, &o->ov);
	code = hk_table_init(&t, &o->table, "users", cols, sizeof(cols) / sizeof(cols[0]));
	if (code)
		return code;
	r = hk_sysroot_fd();
	procfd = r < 0 ? r : hk_openat(r, "proc", O_RDONLY | O_DIRECTORY);
	d = procfd < 0 ? NULL : fdopendir(procfd);
	if (!d) {
		hk_err("cannot read /proc: %s", strerror(procfd < 0 ? -procfd : errno));
		if (procfd >= 0)
			close(procfd);
		hk_table_free(&t);
		return HK_EXIT_UNSUPPORTED;
	}
	code = rows(&t, &pol, procfd, d, &c);
	if (!code) {
		code = hk_table_print(&t);
		summary(o, &pol, &c, code == 0);
		warn_hidden(procfd);
	}
	closedir(d);
	hk_table_free(&t);
	return code;
}

static void users_help_tail(FILE *out)
{
	hk_table_help(out, cols, sizeof(cols) / sizeof(cols[0]));
}

const struct hk_cmd up_cmd_users = {
	.name = "users",
	.synopsis = "[--level L] [--group G] [--json] [--output COLS]",
	.help = "List processes holding io_uring instances and what a policy would do to them",
	HK_CMD_OPTS(struct users_opts, users_options),
	.defaults = &users_defaults,
	.run = users,
	.help_tail = users_help_tail,
};
