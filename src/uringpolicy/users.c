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
#include "uringpolicy.h"

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

int cmd_users(int argc, const char **argv)
{
	char *level = NULL, *group = NULL;
	struct poptOption opts[] = {
		{ "level", 'l', POPT_ARG_STRING, &level, 0, "Judge against this level instead of the current one", "LEVEL" },
		{ "group", 'g', POPT_ARG_STRING, &group, 0, "Judge against this group instead of the current one", "GROUP" },
		{ NULL, '\0', POPT_ARG_INCLUDE_TABLE, hk_table_poptions, 0, "Output options:", NULL },
		HK_POPT_HELP,
		POPT_TABLEEND
	};
	struct hk_popt p = hk_popt_parse("users", opts, "[--level L] [--group G] [--json] [--output COLS]",
					 argc, argv);
	unsigned int holders = 0, denied = 0, unknown = 0, unreadable = 0;
	struct up_policy pol;
	struct hk_table t = { 0 };
	struct dirent *de;
	int procfd = -1, r, *pids = NULL, *rings = NULL;
	size_t npids = 0, cap = 0, i;
	DIR *d = NULL;

	if (p.done) {
		if (p.code == HK_EXIT_OK)
			hk_table_help(stdout, cols, sizeof(cols) / sizeof(cols[0]));
		goto out;
	}
	p.code = up_no_args(p.ctx);
	if (p.code)
		goto out;
	r = up_policy_read(&pol);
	if (r < 0) {
		p.code = up_no_sysctl(r);
		goto out;
	}
	p.code = up_policy_override(&pol, level, group);
	if (p.code)
		goto out;
	p.code = hk_table_init(&t, "users", cols, sizeof(cols) / sizeof(cols[0]));
	if (p.code)
		goto out;

	r = hk_sysroot_fd();
	procfd = r < 0 ? r : hk_openat(r, "proc", O_RDONLY | O_DIRECTORY);
	d = procfd < 0 ? NULL : fdopendir(procfd);
	if (!d) {
		hk_err("cannot read /proc: %s", strerror(procfd < 0 ? -procfd : errno));
		p.code = HK_EXIT_UNSUPPORTED;
		goto out;
	}
	/* Sorted by PID whatever order the directory gives (a fake tree's is not). */
	while ((de = readdir(d))) {
		int pid;

		if (hk_parse_int(de->d_name, 1, INT32_MAX, &pid) < 0)
			continue;
		if (npids == cap) {
			int *n = realloc(pids, (cap = cap ? cap * 2 : 1024) * sizeof(*pids));

			if (!n) {
				hk_err("cannot list processes: out of memory");
				p.code = HK_EXIT_IO;
				goto out;
			}
			pids = n;
		}
		pids[npids++] = pid;
	}
	if (npids)
		qsort(pids, npids, sizeof(*pids), cmp_int); /* pids is NULL when there are none */
	rings = calloc(npids ? npids : 1, sizeof(*rings));
	if (!rings) {
		hk_err("cannot list processes: out of memory");
		p.code = HK_EXIT_IO;
		goto out;
	}
	up_scan_all(procfd, pids, rings, npids);
	for (i = 0; i < npids; i++) {
		struct hk_proc_status st;
		struct libscols_line *ln;
		struct up_subject subj;
		struct passwd *pw;
		enum up_reason why;
		enum up_verdict v;
		char reason[320];
		int pid = pids[i], n = rings[i];

		if (n == -ENOENT || n == -ESRCH)
			continue;	/* exited while we looked */
		if (n < 0) {
			unreadable++;
			continue;
		}
		if (n == 0)
			continue;
		r = hk_proc_status_read(pid, &st);
		if (r == -ENOENT || r == -ESRCH)
			continue;
		if (r < 0) {
			unreadable++;
			continue;
		}
		up_subject_from_status(&subj, &st);
		v = up_allowed(&pol, &subj, &why);
		up_reason_text(&pol, &subj, why, reason, sizeof(reason));
		up_subject_free(&subj);
		holders++;
		denied += v == UP_DENIED;
		unknown += v == UP_UNKNOWN;
		ln = hk_table_new_line(&t);
		if (!ln) {
			hk_err("cannot add a table line: out of memory");
			p.code = HK_EXIT_IO;
			goto out;
		}
		pw = getpwuid(st.uid[1]);
		hk_table_setf(&t, ln, COL_PID, "%d", pid);
		if (pw)
			hk_table_set(&t, ln, COL_USER, pw->pw_name);
		else
			hk_table_setf(&t, ln, COL_USER, "%u", (unsigned int)st.uid[1]);
		hk_table_setf(&t, ln, COL_UID, "%u", (unsigned int)st.uid[1]);
		hk_table_set(&t, ln, COL_COMMAND, st.comm);
		hk_table_setf(&t, ln, COL_RINGS, "%d", n);
		hk_table_set(&t, ln, COL_VERDICT, up_verdict_word(v));
		hk_table_set(&t, ln, COL_REASON, reason);
	}
	p.code = hk_table_print(&t);
	if (!p.code && !hk_table_opts.json && !hk_table_opts.raw)
		fprintf(stderr, "%u process%s hold%s io_uring instances; %u would be refused new rings under level %d (%s)\n",
			holders, holders == 1 ? "" : "es", holders == 1 ? "s" : "", denied, pol.level,
			up_level_word(pol.level));
	if (unknown)
		hk_warn("%u process%s with CAP_SYS_ADMIN: unknown whether it counts, its user namespace cannot be read (run as root)",
			unknown, unknown == 1 ? "" : "es");
	if (unreadable)
		hk_warn("%u process%s could not be read (hidepid, or not root?): they are not listed",
			unreadable, unreadable == 1 ? "" : "es");
	warn_hidden(procfd);
out:
	if (d)
		closedir(d);
	else if (procfd >= 0)
		close(procfd);
	hk_table_free(&t);
	free(pids);
	free(rings);
	free(level);
	free(group);
	poptFreeContext(p.ctx);
	return p.code;
}
