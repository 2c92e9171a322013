// SPDX-License-Identifier: GPL-2.0-or-later
/* uringpolicy record: who creates io_uring instances over time, and who is
 * refused, from the kernel's own trace events in a tracefs instance. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "hk/cmd.h"
#include "hk/err.h"
#include "hk/io.h"
#include "hk/table.h"
#include "record.h"

struct record_opts {
	unsigned int duration;
	bool follow;
	struct up_override ov;
	struct hk_table_opts table;
};

static const struct hk_opt record_options[] = {
	HK_OPT_UINT(struct record_opts, duration, "duration", 'd', "SECONDS", 1, 31 * 86400, "seconds",
		    "Stop after this many seconds (default: at SIGINT or SIGTERM)"),
	HK_OPT_FLAG(struct record_opts, follow, "follow", 'f', "Print each event as it happens"),
	HK_OPT_PARSE(struct record_opts, ov.level, "level", 'l', "LEVEL", up_opt_level,
		     "Judge against this level instead of the current one"),
	HK_OPT_PARSE(struct record_opts, ov, "group", 'g', "GROUP", up_opt_group,
		     "Judge against this group instead of the current one"),
	HK_OPT_INCLUDE(struct record_opts, table, hk_table_options),
	HK_OPT_END
};

static const struct record_opts record_defaults = { .ov = UP_OVERRIDE_NONE };

static const int stop_signals[] = { SIGINT, SIGTERM, SIGHUP };
static volatile sig_atomic_t stop_signo;

static void on_stop(int signo)
{
	stop_signo = signo;
}

struct sigstate {
	sigset_t blocked, oldmask;
	struct sigaction old[3], oldpipe;
	bool handled[3];
};

/* Catch the stop signals (but one inherited as ignored, as a background
 * job's SIGINT, stays so), blocked but in ppoll(); ignore SIGPIPE. */
static int sig_setup(struct sigstate *s)
{
	struct sigaction sa = { .sa_handler = on_stop }, ign = { .sa_handler = SIG_IGN };
	size_t i;

	sigemptyset(&s->blocked);
	for (i = 0; i < 3; i++)
		s->handled[i] = false;
	if (sigprocmask(SIG_SETMASK, NULL, &s->oldmask) < 0 || sigaction(SIGPIPE, NULL, &s->oldpipe) < 0)
		return -errno;
	sigemptyset(&sa.sa_mask);
	sigemptyset(&ign.sa_mask);
	if (sigaction(SIGPIPE, &ign, NULL) < 0)
		return -errno;
	for (i = 0; i < 3; i++) {
		if (sigaction(stop_signals[i], NULL, &s->old[i]) < 0)
			return -errno;
		if (s->old[i].sa_handler == SIG_IGN)
			continue;
		sigaddset(&s->blocked, stop_signals[i]);
		if (sigaction(stop_signals[i], &sa, NULL) < 0)
			return -errno;
		s->handled[i] = true;
	}
	return sigprocmask(SIG_BLOCK, &s->blocked, &s->oldmask) < 0 ? -errno : 0;
}

static void sig_restore(struct sigstate *s)
{
	size_t i;

	for (i = 0; i < 3; i++)
		if (s->handled[i])
			sigaction(stop_signals[i], &s->old[i], NULL);
	sigaction(SIGPIPE, &s->oldpipe, NULL);
	sigprocmask(SIG_SETMASK, &s->oldmask, NULL);
}

static int64_t clock_us(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

struct run {
	const struct record_opts *o;
	struct rec_out out;
	struct rec_tally tally;
	unsigned long bad_lines;
	char line[4096];
	size_t len;
	bool overlong;
	int code;
};

static void one_line(struct run *r, const char *s, size_t len)
{
	struct rec_event ev;
	struct rec_who w;

	if (rec_trace_parse(s, len, &ev) < 0) {
		r->bad_lines++;
		return;
	}
	memset(&w, 0, sizeof(w));
	if (ev.kind == REC_CREATE || ev.kind == REC_FAIL) {
		rec_who_read(ev.tid, ev.ts_us, ev.comm, &w);
		if (r->o->follow)
			rec_print_event(&r->out, &ev, &w);
	}
	if (rec_tally_add(&r->tally, &ev, &w) < 0 && !r->code) {
		hk_err("cannot count an event: out of memory");
		r->code = HK_EXIT_IO;
	}
	rec_who_free(&w);
}

/* Split what was read into lines; keep a partial last line for later. */
static void feed(struct run *r, const char *buf, size_t n)
{
	const char *p = buf, *nl, *end = buf + n;
	size_t k;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		k = (size_t)((nl ? nl : end) - p);
		if (r->len + k > sizeof(r->line))
			r->overlong = true;	/* not a line of ours: dropped */
		else
			memcpy(r->line + r->len, p, k);
		r->len = r->overlong ? 0 : r->len + k;
		if (!nl)
			break;
		if (r->overlong)
			r->bad_lines++;
		else
			one_line(r, r->line, r->len);
		r->len = 0;
		r->overlong = false;
		p = nl + 1;
	}
}

/* Read what is there: 1 more may come, 0 the pipe ended, -errno. */
static int drain(struct run *r, int fd)
{
	char buf[16384];
	ssize_t n;

	for (;;) {
		n = read(fd, buf, sizeof(buf));
		if (n > 0) {
			feed(r, buf, (size_t)n);
			continue;
		}
		if (n == 0)
			return 0;
		if (errno == EINTR)
			continue;
		return errno == EAGAIN ? 1 : -errno;
	}
}

/* Until the duration is over, a stop signal comes or trace_pipe ends. */
static int listen(struct run *r, int fd, const sigset_t *waitmask)
{
	int64_t deadline = r->o->duration ? clock_us(CLOCK_MONOTONIC) + (int64_t)r->o->duration * 1000000 : 0;
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	struct timespec ts, *tp;
	int64_t left;
	int n;

	while (!stop_signo && !r->code && !ferror(stdout)) {
		tp = NULL;
		if (deadline) {
			left = deadline - clock_us(CLOCK_MONOTONIC);
			if (left <= 0)
				break;
			ts.tv_sec = left / 1000000;
			ts.tv_nsec = (left % 1000000) * 1000;
			tp = &ts;
		}
		n = ppoll(&pfd, 1, tp, waitmask);
		if (n < 0 && errno != EINTR)
			return -errno;
		if (n > 0) {
			n = drain(r, fd);
			if (n <= 0)
				return n;
		}
	}
	return 1;
}

static void ready(const struct rec_instance *in, const struct record_opts *o)
{
	fprintf(stderr, "%s: recording in tracefs instance %s", hk_progname(), in->name);
	if (o->duration)
		fprintf(stderr, " for %u second%s\n", o->duration, o->duration == 1 ? "" : "s");
	else
		fprintf(stderr, " until SIGINT or SIGTERM\n");
}

static int finish(struct run *r, const struct rec_instance *in)
{
	struct up_policy pol;
	int code, e;

	if (r->bad_lines)
		hk_warn("%lu line%s of /sys/kernel/tracing/instances/%s/trace_pipe not understood", r->bad_lines,
			r->bad_lines == 1 ? "" : "s", in->name);
	e = up_policy_read(&pol);
	if (e < 0)
		return up_no_sysctl(e);
	up_policy_override(&pol, &r->o->ov);
	code = rec_print_summary(&r->tally, &pol, &r->o->table);
	return r->code ? r->code : code;
}

static int record(const void *opts, int argc, const char *const *argv)
{
	struct run r = { .o = opts };
	struct rec_instance in;
	struct sigstate sig;
	struct up_policy pol;
	sigset_t waitmask;
	int code, e;

	(void)argc;
	(void)argv;
	e = up_policy_read(&pol);	/* only to refuse early without the sysctls */
	if (e < 0)
		return up_no_sysctl(e);
	e = sig_setup(&sig);
	if (e < 0) {
		hk_err("cannot set up the signals: %s", strerror(-e));
		sig_restore(&sig);
		return HK_EXIT_IO;
	}
	stop_signo = 0;
	code = rec_instance_start(&in);
	if (code) {
		sig_restore(&sig);
		return code;
	}
	r.out.json = r.o->table.json;
	r.out.follow = r.o->follow;
	r.out.boot0_us = (uint64_t)clock_us(CLOCK_BOOTTIME);
	r.out.real0_us = clock_us(CLOCK_REALTIME);
	ready(&in, r.o);
	waitmask = sig.oldmask;
	sigdelset(&waitmask, SIGINT);
	sigdelset(&waitmask, SIGTERM);
	sigdelset(&waitmask, SIGHUP);
	e = listen(&r, in.pipe, &waitmask);
	if (e >= 0)
		e = drain(&r, in.pipe);	/* what came before the signal */
	if (e < 0 && !r.code) {
		hk_err("cannot read /sys/kernel/tracing/instances/%s/trace_pipe: %s", in.name, strerror(-e));
		r.code = HK_EXIT_KERNEL;
	}
	code = rec_instance_stop(&in);
	sig_restore(&sig);
	if (!r.code)
		r.code = code;
	code = finish(&r, &in);
	rec_tally_free(&r.tally);
	return code;
}

static void record_help_tail(FILE *out)
{
	rec_summary_help(out);
}

const struct hk_cmd up_cmd_record = {
	.name = "record",
	.synopsis = "[--duration SECONDS] [--follow] [--level L] [--group G] [--json] [--output COLS]",
	.help = "Record who creates io_uring instances and who is refused, until stopped",
	HK_CMD_OPTS(struct record_opts, record_options),
	.defaults = &record_defaults,
	.run = record,
	.help_tail = record_help_tail,
	.man = "uringpolicy-record",
};
