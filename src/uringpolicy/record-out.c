// SPDX-License-Identifier: GPL-2.0-or-later
/* uringpolicy record: each event as it happens, and the summary. */
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hk/err.h"
#include "hk/json.h"
#include "hk/table.h"
#include "hk/tty.h"
#include "record.h"

#define UNREAD "exited before its credentials were read"

const char *rec_errno_name(int err, char *buf, size_t size)
{
	const char *n = err > 0 ? strerrorname_np(err) : NULL;

	if (n)
		snprintf(buf, size, "%s", n);
	else
		snprintf(buf, size, "%d", err);
	return buf;
}

static const char *user_name(uid_t uid, char *buf, size_t size)
{
	struct passwd *pw = getpwuid(uid);

	if (pw)
		snprintf(buf, size, "%s", pw->pw_name);
	else
		snprintf(buf, size, "%u", (unsigned int)uid);
	return buf;
}

/* The event's wall-clock time, ISO 8601 in UTC with microseconds. */
static const char *when(const struct rec_out *o, uint64_t ts_us, char *buf, size_t size)
{
	int64_t us = o->real0_us + ((int64_t)ts_us - (int64_t)o->boot0_us);
	time_t s = (time_t)(us / 1000000);
	struct tm tm;

	if (us < 0 || !gmtime_r(&s, &tm)) {
		snprintf(buf, size, "?");
		return buf;
	}
	snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d.%06ldZ", tm.tm_year + 1900, tm.tm_mon + 1,
		 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (long)(us % 1000000));
	return buf;
}

static void event_json(const struct rec_out *o, const struct rec_event *ev, const struct rec_who *w)
{
	struct hk_json j;
	char b[64];
	int i;

	hk_json_init(&j, stdout, false);
	hk_json_open(&j, NULL);
	hk_json_str(&j, "time", when(o, ev->ts_us, b, sizeof(b)));
	hk_json_str(&j, "event", ev->kind == REC_CREATE ? "created" : "refused");
	if (ev->kind == REC_CREATE)
		hk_json_int(&j, "fd", ev->ret);
	else
		hk_json_str(&j, "errno", rec_errno_name((int)-ev->ret, b, sizeof(b)));
	hk_json_int(&j, "pid", w->pid);
	hk_json_int(&j, "tid", ev->tid);
	hk_json_str(&j, "command", w->comm[0] ? w->comm : NULL);
	hk_json_bool(&j, "credentials", w->known);
	if (w->known) {
		hk_json_uint(&j, "uid", w->subj.euid);
		hk_json_str(&j, "user", user_name(w->subj.euid, b, sizeof(b)));
		hk_json_uint(&j, "gid", w->subj.fsgid);
		hk_json_open_array(&j, "groups");
		for (i = 0; i < w->subj.ngroups; i++)
			hk_json_uint(&j, NULL, w->subj.groups[i]);
		hk_json_close_array(&j);
	}
	hk_json_close(&j);
	hk_json_end(&j);
}

void rec_print_event(const struct rec_out *o, const struct rec_event *ev, const struct rec_who *w)
{
	char t[64], e[32], u[64], c[HK_ESC_MAX(REC_COMM_MAX)];
	int i;

	if (ev->kind != REC_CREATE && ev->kind != REC_FAIL)
		return;
	if (o->json) {
		event_json(o, ev, w);
	} else {
		printf("%s %s", when(o, ev->ts_us, t, sizeof(t)), ev->kind == REC_CREATE ? "created" : "refused");
		if (ev->kind == REC_CREATE)
			printf(" fd=%d", (int)ev->ret);
		else
			printf(" errno=%s", rec_errno_name((int)-ev->ret, e, sizeof(e)));
		printf(" pid=%d", (int)w->pid);
		if (w->pid != ev->tid)
			printf(" tid=%d", (int)ev->tid);
		printf(" command=%s", w->comm[0] ? hk_esc(w->comm, c, sizeof(c)) : "?");
		if (!w->known) {
			printf(" (" UNREAD ")\n");
		} else {
			printf(" user=%s uid=%u gid=%u groups=", user_name(w->subj.euid, u, sizeof(u)),
			       (unsigned int)w->subj.euid, (unsigned int)w->subj.fsgid);
			for (i = 0; i < w->subj.ngroups; i++)
				printf("%s%u", i ? "," : "", (unsigned int)w->subj.groups[i]);
			printf("\n");
		}
	}
	fflush(stdout);
}

enum { COL_USER, COL_UID, COL_COMMAND, COL_CREATED, COL_REFUSED, COL_ERRORS, COL_CREDS,
	COL_VERDICT, COL_REASON };

static const struct hk_col cols[] = {
	[COL_USER] = { "USER", 8, 0, HK_COL_STR, "effective user name", true },
	[COL_UID] = { "UID", 6, SCOLS_FL_RIGHT, HK_COL_NUM, "effective user ID", false },
	[COL_COMMAND] = { "COMMAND", 16, 0, HK_COL_STR, "command name", true },
	[COL_CREATED] = { "CREATED", 7, SCOLS_FL_RIGHT, HK_COL_NUM, "rings created", true },
	[COL_REFUSED] = { "REFUSED", 7, SCOLS_FL_RIGHT, HK_COL_NUM, "io_uring_setup calls that failed", true },
	[COL_ERRORS] = { "ERRORS", 6, 0, HK_COL_STR, "the errors of those calls (EPERM: the policy or seccomp)", true },
	[COL_CREDS] = { "CREDENTIALS", 6, 0, HK_COL_STR, "read, or exited (gone before they were read)", true },
	[COL_VERDICT] = { "NEW-RINGS", 9, 0, HK_COL_STR, "may it create rings under the policy: allowed, denied or unknown", true },
	[COL_REASON] = { "REASON", 30, SCOLS_FL_WRAP, HK_COL_STR, "why", false },
};

void rec_summary_help(FILE *out)
{
	hk_table_help(out, cols, sizeof(cols) / sizeof(cols[0]));
}

static int cmp_row(const void *a, const void *b)
{
	const struct rec_row *x = a, *y = b;

	if (x->who.known != y->who.known)
		return x->who.known ? -1 : 1;
	if (x->who.known && x->who.subj.euid != y->who.subj.euid)
		return x->who.subj.euid < y->who.subj.euid ? -1 : 1;
	return strcmp(x->who.comm, y->who.comm);
}

static void row_errors(const struct rec_row *r, char *buf, size_t size)
{
	size_t n = 0;
	char e[32];
	int i;

	buf[0] = '\0';
	for (i = 0; i < r->nerrs && n < size; i++)
		n += (size_t)snprintf(buf + n, size - n, "%s%s", i ? "," : "",
				      rec_errno_name(r->errs[i], e, sizeof(e)));
}

static int add_row(struct hk_table *tb, const struct rec_row *r, const struct up_policy *pol)
{
	struct libscols_line *ln = hk_table_new_line(tb);
	char buf[320], u[64];
	enum up_reason why;
	enum up_verdict v;

	if (!ln) {
		hk_err("cannot add a table line: out of memory");
		return HK_EXIT_IO;
	}
	hk_table_set(tb, ln, COL_COMMAND, r->who.comm[0] ? r->who.comm : "?");
	hk_table_setf(tb, ln, COL_CREATED, "%lu", r->created);
	hk_table_setf(tb, ln, COL_REFUSED, "%lu", r->refused);
	row_errors(r, buf, sizeof(buf));
	hk_table_set(tb, ln, COL_ERRORS, buf[0] ? buf : "-");
	hk_table_set(tb, ln, COL_CREDS, r->who.known ? "read" : "exited");
	if (!r->who.known) {
		hk_table_set(tb, ln, COL_USER, "?");
		hk_table_set(tb, ln, COL_VERDICT, "unknown");
		hk_table_set(tb, ln, COL_REASON, UNREAD);
		return 0;
	}
	v = up_allowed(pol, &r->who.subj, &why);
	hk_table_set(tb, ln, COL_USER, user_name(r->who.subj.euid, u, sizeof(u)));
	hk_table_setf(tb, ln, COL_UID, "%u", (unsigned int)r->who.subj.euid);
	hk_table_set(tb, ln, COL_VERDICT, up_verdict_word(v));
	hk_table_set(tb, ln, COL_REASON, up_reason_text(pol, &r->who.subj, why, buf, sizeof(buf)));
	return 0;
}

int rec_print_summary(const struct rec_tally *t, const struct up_policy *pol,
		      const struct hk_table_opts *topts)
{
	struct hk_table tb = { 0 };
	int code;
	size_t i;

	code = hk_table_init(&tb, topts, "record", cols, sizeof(cols) / sizeof(cols[0]));
	if (code)
		return code;
	if (t->nrows)
		qsort(t->rows, t->nrows, sizeof(*t->rows), cmp_row);
	for (i = 0; i < t->nrows && !code; i++)
		code = add_row(&tb, &t->rows[i], pol);
	if (!code)
		code = hk_table_print(&tb);
	hk_table_free(&tb);
	if (code)
		return code;
	if (!topts->json && !topts->raw)
		fprintf(stderr, "%lu ring%s created, %lu io_uring_setup call%s refused; judged under level %d (%s)\n",
			t->created, t->created == 1 ? "" : "s", t->refused, t->refused == 1 ? "" : "s",
			pol->level, up_level_word(pol->level));
	if (t->unread)
		hk_warn("%lu call%s made by processes that " UNREAD " (they lived too briefly): listed as user '?'",
			t->unread, t->unread == 1 ? " was" : "s were");
	if (t->lost || t->lost_unknown)
		hk_warn("the kernel's trace buffer overflowed: %s%lu event%s lost, the counts are low",
			t->lost_unknown ? "at least " : "", t->lost, t->lost == 1 ? "" : "s");
	return 0;
}
