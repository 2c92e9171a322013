/* SPDX-License-Identifier: GPL-2.0-or-later */
/* uringpolicy record: the trace line parser, the tracefs instance and the
 * tally of what was seen. */
#ifndef UP_RECORD_H
#define UP_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "policy.h"

struct hk_table_opts;

/* ---- record-trace.c: one line of trace_pipe, a pure parser ---- */

enum rec_kind {
	REC_CREATE,	/* io_uring:io_uring_create: a ring was created */
	REC_FAIL,	/* syscalls:sys_exit_io_uring_setup with ret < 0 */
	REC_OK,		/* syscalls:sys_exit_io_uring_setup with ret >= 0 (no filter) */
	REC_LOST,	/* "CPU:N [LOST M EVENTS]": the ring buffer overflowed */
};

#define REC_COMM_MAX 64

struct rec_event {
	enum rec_kind kind;
	char comm[REC_COMM_MAX];	/* as the trace printed it; "" if "<...>" */
	pid_t tid;			/* the thread that made the call */
	unsigned int cpu;
	uint64_t ts_us;			/* trace clock, microseconds */
	int64_t ret;			/* REC_CREATE: the fd; REC_FAIL/OK: the return value */
	uint64_t lost;			/* REC_LOST: events lost, 0 if the kernel did not say */
};

/* Parse one line (len bytes, no newline, no NUL needed) of trace_pipe in
 * the kernel's default text format:
 *   "<comm>-<tid> [<cpu>] <flags> <secs>.<usecs>: io_uring_create: ring ..., fd N ..."
 *   "<comm>-<tid> [<cpu>] <flags> <secs>.<usecs>: sys_io_uring_setup -> 0xHEX"
 *   "CPU:N [LOST M EVENTS]"
 * 0 and *ev, or -EINVAL for any other line. The comm is whatever the task
 * named itself (up to 15 bytes, any byte but NUL and newline). */
int rec_trace_parse(const char *line, size_t len, struct rec_event *ev);

/* ---- record-tracefs.c: the instance of one run ---- */

#define REC_INSTANCE_PREFIX "hardenkit-record."

struct rec_instance {
	int tracing;		/* dir fd of the tracefs mount */
	int dir;		/* dir fd of our instance, or -1 */
	char name[96];		/* instances/<name> */
	int pipe;		/* trace_pipe, or -1 */
	bool enabled[2];	/* which events we enabled */
};

/* Open tracefs below the sysroot, check the events exist, remove the
 * instances of dead owners, create ours, set it up and enable the events.
 * HK_EXIT_* after saying what failed (and undoing what was done). */
int rec_instance_start(struct rec_instance *in);
/* Disable the events, close trace_pipe, remove the instance. 0, or
 * HK_EXIT_KERNEL after saying what could not be undone. */
int rec_instance_stop(struct rec_instance *in);
/* Is "hardenkit-record.PID.START" the name of a live owner's instance?
 * 1 live, 0 dead (or its PID is another process now), -EINVAL not ours. */
int rec_instance_owner_alive(const char *name);

/* ---- record-tally.c: the events seen and the summary ---- */

struct rec_who {
	bool known;		/* credentials read from /proc */
	pid_t pid;		/* the process of the calling thread (its Tgid) when
				 * known, else the thread's ID as traced */
	struct up_subject subj;
	char comm[REC_COMM_MAX];
};

/* One row of the summary: a command run with one set of credentials. */
struct rec_row {
	struct rec_who who;
	unsigned long created, refused;
	int errs[8];			/* distinct errnos of the refusals */
	int nerrs;
};

struct rec_tally {
	struct rec_row *rows;
	size_t nrows, cap;
	unsigned long created, refused, unread, lost;
	bool lost_unknown;
};

/* Credentials of the thread tid that made the call at ts_us (trace clock
 * "boot"): known false when it exited first or its PID now names a later
 * process (the command is then the trace's, if it had one). */
void rec_who_read(pid_t tid, uint64_t ts_us, const char *trace_comm, struct rec_who *w);
void rec_who_free(struct rec_who *w);
/* Count an event (its credentials are taken over); 0 or -ENOMEM. */
int rec_tally_add(struct rec_tally *t, const struct rec_event *ev, struct rec_who *w);
void rec_tally_free(struct rec_tally *t);

/* ---- record-out.c: what is printed ---- */

struct rec_out {
	bool json;
	bool follow;
	uint64_t boot0_us;	/* boot clock at start ... */
	int64_t real0_us;	/* ... and the wall clock then */
};

/* One event as it happens (--follow): a line of text or JSON. */
void rec_print_event(const struct rec_out *o, const struct rec_event *ev, const struct rec_who *w);
/* The summary under pol, as a table (or --json): HK_EXIT_*. */
int rec_print_summary(const struct rec_tally *t, const struct up_policy *pol,
		      const struct hk_table_opts *topts);
/* The summary's columns, for --help. */
void rec_summary_help(FILE *out);
/* "EPERM", or the number. */
const char *rec_errno_name(int err, char *buf, size_t size);

#endif
