// SPDX-License-Identifier: GPL-2.0-or-later
/* The event loop of watch and wait: poll(2) on the epoch descriptor, a timed
 * look at the mapped page, or the kernel's uevents; signals and the --exec
 * command's exit through a signalfd in the same poll(2). */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hk/err.h"
#include "hook.h"
#include "sig.h"
#include "source.h"
#include "watcher.h"

const char *const rw_source_words[] = { "any", "epoch", "vmclock", NULL };

struct loop {
	const struct rw_watch_opts *o;
	struct source src[2];
	size_t nsrc;
	struct source *epoch;	/* the epoch source, if watched */
	char idbuf[16];		/* an unnamed notifier's name */
	struct rw_names names;
	struct rw_hook hook;
	struct rw_sig sig;
	int64_t deadline;	/* monotonic ns, -1: none */
	uint64_t seen;
	int signo;		/* the termination signal that ended the watch */
	bool timed_out;
	bool watch_stdout;	/* end when the reader of standard output is gone */
};

/* poll(2) takes an int of milliseconds: round up, so a look never comes
 * early and spins, and cap at INT_MAX (24.8 days); the loop waits again. */
static int poll_ms(int64_t wait_ns)
{
	int64_t ms;

	if (wait_ns < 0)
		return -1;
	ms = (wait_ns + 999999) / 1000000;
	return ms > INT_MAX ? INT_MAX : (int)ms;
}

/* Print the event and start its command: a failed write skips neither. */
static int emit(struct loop *l, struct rw_event *ev)
{
	int r = 0;

	clock_gettime(CLOCK_REALTIME, &ev->when);
	if (ev->origin == RW_ORIGIN_EPOCH) {
		ev->name = rw_name(&l->names, RW_ID(ev->new), l->idbuf, sizeof(l->idbuf));
	} else if (l->epoch) {
		/* The hook's epoch variables stay those of the epoch now. */
		ev->old = ev->new = l->epoch->cur;
	}
	l->seen++;
	if (!l->o->quiet_events)
		r = rw_event_print(stdout, ev, l->o->json);
	if (rw_watch_hooks(l->o))
		rw_hook_event(&l->hook, ev);
	return r < 0 ? rw_stdout_fail(r) : HK_EXIT_OK;
}

static int check_source(struct loop *l, struct source *s, const struct pollfd *pfd, struct rw_event *ev)
{
	if (s->origin == RW_ORIGIN_VMCLOCK)
		return rw_vmclock_src_check(s, pfd, l->o, ev);
	return rw_epoch_src_check(s, pfd, l->o, &l->names, ev);
}

/* Each source after poll(2): print its event. 0 to sleep again, -1 to
 * stop with *code (HK_EXIT_OK once --count events came). */
static int check_sources(struct loop *l, const struct pollfd *pfd, int *code)
{
	struct rw_event ev;
	size_t i;
	int r;

	for (i = 0; i < l->nsrc; i++) {
		r = check_source(l, &l->src[i], &pfd[i], &ev);
		if (r < 0) {
			*code = -r;
			return -1;
		}
		if (r == 0)
			continue;
		*code = emit(l, &ev);
		if (*code != HK_EXIT_OK || (l->o->count && l->seen >= l->o->count))
			return -1;
	}
	return 0;
}

/* The time to sleep in ns (-1: no limit), or 0 after the deadline. */
static int64_t sleep_ns(struct loop *l)
{
	int64_t now = rw_now_ns(CLOCK_MONOTONIC), wait_ns = -1;
	size_t i;

	if (l->deadline >= 0) {
		if (now >= l->deadline) {
			l->timed_out = true;
			return 0;
		}
		wait_ns = l->deadline - now;
	}
	for (i = 0; i < l->nsrc; i++)
		if (l->src[i].mode == RW_INTERVAL && (wait_ns < 0 || l->src[i].next_tick - now < wait_ns))
			wait_ns = l->src[i].next_tick > now ? l->src[i].next_tick - now : 0;
	return rw_hook_wait_ns(&l->hook, now, wait_ns);
}

/* Sleep until something happens and handle it: 0 to sleep again, -1 to
 * stop with *code. */
static int wait_once(struct loop *l, int *code)
{
	enum { P_SIG, P_OUT, P_HOOK, P_SRC, P_N = P_SRC + 2 };
	struct pollfd pfd[P_N];
	int64_t wait_ns = sleep_ns(l);
	size_t i;
	int r;

	if (l->timed_out)
		return -1;
	pfd[P_SIG] = (struct pollfd){ .fd = l->sig.fd, .events = POLLIN };
	/* No events asked: POLLERR (a pipe without reader) and POLLHUP come anyway. */
	pfd[P_OUT] = (struct pollfd){ .fd = l->watch_stdout ? STDOUT_FILENO : -1 };
	pfd[P_HOOK] = (struct pollfd){ .fd = l->hook.pid ? l->hook.pidfd : -1, .events = POLLIN };
	for (i = 0; i < l->nsrc; i++)
		pfd[P_SRC + i] = (struct pollfd){ .fd = rw_source_fd(&l->src[i]), .events = POLLIN };
	r = poll(pfd, P_SRC + l->nsrc, poll_ms(wait_ns));
	if (r < 0) {
		if (errno == EINTR)
			return 0;
		hk_err("cannot wait for reseed events: poll: %s", strerror(errno));
		*code = HK_EXIT_KERNEL;
		return -1;
	}
	if ((pfd[P_SIG].revents & POLLIN) && (l->signo = rw_sig_read(&l->sig)))
		return -1;
	if (pfd[P_OUT].revents & POLLNVAL)
		l->watch_stdout = false;
	if (pfd[P_OUT].revents & (POLLERR | POLLHUP)) {
		/* The reader went away: as EPIPE on the next write would say. */
		*code = rw_stdout_fail(EPIPE);
		return -1;
	}
	if (rw_watch_hooks(l->o))
		rw_hook_reap(&l->hook, true);
	return check_sources(l, &pfd[P_SRC], code);
}

/* The exit code once the loop ended with code. */
static int finish(struct loop *l, int code)
{
	const struct rw_watch_opts *o = l->o;

	/* Only a signal gives up the coalesced run of an event already printed. */
	if (rw_watch_hooks(o))
		rw_hook_drain(&l->hook, !l->signo, &l->sig);
	if (code != HK_EXIT_OK)
		return code;
	/* Never success for events that did not happen (wait, watch --count). */
	if (l->signo && o->count && l->seen < o->count)
		return 128 + l->signo;
	if (l->timed_out && (o->count ? l->seen < o->count : l->seen == 0)) {
		if (!o->quiet)
			hk_err("no reseed event within %" PRId64 " s%s", o->timeout_s,
			       o->count && l->seen ? " (fewer events than --count)" : "");
		return HK_EXIT_TIMEOUT;
	}
	return HK_EXIT_OK;
}

/* The source --since is about: the one picked, or the only one watched. */
static int since_source(struct loop *l, struct source **out)
{
	const struct rw_watch_opts *o = l->o;

	if (l->nsrc > 1) {
		hk_usage_error("wait", "--since: both the epoch and VMClock are watched here: say which value it is with --source epoch or --source vmclock");
		return HK_EXIT_USAGE;
	}
	*out = &l->src[0];
	if ((*out)->origin == RW_ORIGIN_EPOCH && o->since.wide) {
		hk_usage_error("wait", "--since: %" PRIu64 " is not an epoch value (at most 0xffffffff)",
			       o->since.value);
		return HK_EXIT_USAGE;
	}
	return HK_EXIT_OK;
}

/* wait --since: a value other than the one given is an event already. */
static int since_event(struct loop *l)
{
	struct source *s;
	struct rw_event ev;
	int code = since_source(l, &s);

	if (code != HK_EXIT_OK)
		return code;
	if (s->origin == RW_ORIGIN_VMCLOCK)
		return rw_vmclock_since(s, l->o->since.value, &ev) ? emit(l, &ev) : HK_EXIT_OK;
	if (l->o->since.value == s->cur)
		return HK_EXIT_OK;
	memset(&ev, 0, sizeof(ev));
	ev.origin = RW_ORIGIN_EPOCH;
	ev.source = s->mode == RW_POLL ? "poll" : s->mode == RW_INTERVAL ? "interval" : "uevent";
	ev.old = (uint32_t)l->o->since.value;
	ev.new = s->cur;
	return emit(l, &ev);
}

static int watch_loop(struct loop *l)
{
	const struct rw_watch_opts *o = l->o;
	int code = HK_EXIT_OK;

	if (o->since.given) {
		code = since_event(l);
		if (code == HK_EXIT_USAGE)
			return code;
	}
	while (code == HK_EXIT_OK && !(o->count && l->seen >= o->count))
		if (wait_once(l, &code) < 0)
			break;
	return finish(l, code);
}

/* Open one source into the next slot: 0, or its exit code with why. */
static int add_source(struct loop *l, enum rw_origin origin, char *why, size_t size)
{
	struct source *s = &l->src[l->nsrc];
	int code;

	memset(s, 0, sizeof(*s));
	s->ep.fd = s->vc.fd = -1;
	s->origin = origin;
	code = origin == RW_ORIGIN_EPOCH ? rw_epoch_src_open(s, l->o, why, size) :
	       rw_vmclock_src_open(s, l->o, why, size);
	if (code) {
		rw_source_close(s);
		return code;
	}
	if (origin == RW_ORIGIN_EPOCH)
		l->epoch = s;
	l->nsrc++;
	return 0;
}

/* Open the sources --source picks. With "any", a source this kernel lacks
 * is left out; with none at all, say why for each. */
static int open_sources(struct loop *l)
{
	const struct rw_watch_opts *o = l->o;
	char why_e[512] = "", why_v[512] = "";
	int ce = 0, cv = 0;

	if (o->source != RW_PICK_VMCLOCK)
		ce = add_source(l, RW_ORIGIN_EPOCH, why_e, sizeof(why_e));
	if (o->source != RW_PICK_EPOCH)
		cv = add_source(l, RW_ORIGIN_VMCLOCK, why_v, sizeof(why_v));
	if (o->source == RW_PICK_EPOCH || o->source == RW_PICK_VMCLOCK) {
		if (ce || cv)
			hk_err("%s", ce ? why_e : why_v);
		return ce ? ce : cv;
	}
	if (ce && cv) {
		hk_err("%s; and %s", why_e, why_v);
		return ce != HK_EXIT_UNSUPPORTED ? ce : cv;
	}
	/* A source this kernel lacks is not news (status says why); one
	 * that is there but failed is. */
	if ((ce ? ce : cv) != HK_EXIT_OK && (ce ? ce : cv) != HK_EXIT_UNSUPPORTED)
		hk_warn("watching one source only: %s", ce ? why_e : why_v);
	return HK_EXIT_OK;
}

static void close_sources(struct loop *l)
{
	size_t i;

	for (i = 0; i < l->nsrc; i++)
		rw_source_close(&l->src[i]);
}

int rw_watch_run(const struct rw_watch_opts *o)
{
	struct loop l = { .o = o, .deadline = -1 };
	char desc[2][512];
	int code, r;

	r = rw_sig_setup(&l.sig);
	if (r < 0) {
		hk_err("cannot set up signal handling: %s", strerror(-r));
		return HK_EXIT_KERNEL;
	}
	/* A hooks directory that cannot serve is refused before watching. */
	code = rw_hook_init(&l.hook, o->exec, o->exec_args, o->shell, o->exec_dir,
			    o->hook_timeout_s);
	if (code) {
		rw_sig_close(&l.sig);
		return code;
	}
	if (rw_names_load(&l.names) < 0)
		memset(&l.names, 0, sizeof(l.names));
	code = open_sources(&l);
	if (code) {
		close_sources(&l);
		rw_hook_close(&l.hook);
		rw_sig_close(&l.sig);
		return code;
	}
	l.watch_stdout = !o->quiet_events;
	if (o->timeout_s >= 0)
		l.deadline = rw_now_ns(CLOCK_MONOTONIC) + o->timeout_s * 1000000000;
	rw_source_desc(&l.src[0], &l.names, desc[0], sizeof(desc[0]));
	if (l.nsrc > 1)
		rw_source_desc(&l.src[1], &l.names, desc[1], sizeof(desc[1]));
	rw_note(o, "watching for reseed events with %s%s%s", desc[0], l.nsrc > 1 ? "; and with " : "",
		l.nsrc > 1 ? desc[1] : "");
	code = watch_loop(&l);
	rw_hook_close(&l.hook);
	rw_sig_close(&l.sig);
	close_sources(&l);
	return code;
}
