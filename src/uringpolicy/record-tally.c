// SPDX-License-Identifier: GPL-2.0-or-later
/* uringpolicy record: who made each call, and the count per command and
 * credentials. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hk/proc.h"
#include "record.h"

static uint64_t tick_us(void)
{
	return 1000000 / (uint64_t)hk_clk_tck();
}

void rec_who_read(pid_t tid, uint64_t ts_us, const char *trace_comm, struct rec_who *w)
{
	struct hk_proc_status st;
	uint64_t start;

	memset(w, 0, sizeof(*w));
	w->pid = tid;
	snprintf(w->comm, sizeof(w->comm), "%s", trace_comm);
	if (tid <= 0 || hk_proc_status_read(tid, &st) < 0)
		return;
	/* Its start time after its status: if the thread that started before
	 * the call is still there now, the status read before was its own. */
	if (hk_proc_starttime(tid, &start) < 0 || start > ts_us / tick_us()) {
		hk_proc_status_free(&st);
		return;		/* gone, or the PID names a later process */
	}
	w->known = true;
	if (st.tgid > 0)
		w->pid = st.tgid;
	snprintf(w->comm, sizeof(w->comm), "%s", st.comm);
	up_subject_from_status(&w->subj, &st);
	hk_proc_status_free(&st);
}

void rec_who_free(struct rec_who *w)
{
	up_subject_free(&w->subj);
}

static bool same_who(const struct rec_who *a, const struct rec_who *b)
{
	const struct up_subject *x = &a->subj, *y = &b->subj;

	if (a->known != b->known || strcmp(a->comm, b->comm) != 0)
		return false;
	if (!a->known)
		return true;
	return x->euid == y->euid && x->fsgid == y->fsgid && x->ngroups == y->ngroups &&
	       (!x->ngroups || memcmp(x->groups, y->groups, (size_t)x->ngroups * sizeof(gid_t)) == 0) &&
	       x->cap_sys_admin == y->cap_sys_admin && x->init_userns == y->init_userns;
}

static struct rec_row *row_for(struct rec_tally *t, struct rec_who *w)
{
	struct rec_row *n;
	size_t i;

	for (i = 0; i < t->nrows; i++)
		if (same_who(&t->rows[i].who, w)) {
			rec_who_free(w);
			return &t->rows[i];
		}
	if (t->nrows == t->cap) {
		n = realloc(t->rows, (t->cap ? t->cap * 2 : 16) * sizeof(*n));
		if (!n)
			return NULL;
		t->rows = n;
		t->cap = t->cap ? t->cap * 2 : 16;
	}
	n = &t->rows[t->nrows++];
	memset(n, 0, sizeof(*n));
	n->who = *w;		/* takes over its groups */
	memset(w, 0, sizeof(*w));
	return n;
}

int rec_tally_add(struct rec_tally *t, const struct rec_event *ev, struct rec_who *w)
{
	struct rec_row *r;
	int err, i;

	if (ev->kind == REC_LOST) {
		t->lost += ev->lost;
		t->lost_unknown |= ev->lost == 0;
		return 0;
	}
	if (ev->kind == REC_OK)
		return 0;	/* seen by io_uring_create */
	t->unread += !w->known;
	r = row_for(t, w);
	if (!r)
		return -ENOMEM;
	if (ev->kind == REC_CREATE) {
		r->created++;
		t->created++;
		return 0;
	}
	r->refused++;
	t->refused++;
	err = ev->ret < -4095 ? 0 : (int)-ev->ret;
	for (i = 0; i < r->nerrs; i++)
		if (r->errs[i] == err)
			return 0;
	if (r->nerrs < (int)(sizeof(r->errs) / sizeof(r->errs[0])))
		r->errs[r->nerrs++] = err;
	return 0;
}

void rec_tally_free(struct rec_tally *t)
{
	size_t i;

	for (i = 0; i < t->nrows; i++)
		rec_who_free(&t->rows[i].who);
	free(t->rows);
	memset(t, 0, sizeof(*t));
}
