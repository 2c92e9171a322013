// SPDX-License-Identifier: GPL-2.0-or-later
/* The event loop of watch and wait: poll(2) on the epoch descriptor, a timed
 * look at the mapped page, or the kernel's uevents; signals and the --exec
 * command's exit through a signalfd in the same poll(2). */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/netlink.h>

#include "hk/err.h"
#include "hk/nl.h"
#include "hook.h"
#include "sig.h"
#include "watcher.h"

/* Fallback period when the descriptor cannot be read or polled (the RFC's
 * mmap-only interface). */
#define FALLBACK_INTERVAL_MS 100
#define UEVENT_RCVBUF (1 << 20)

/* Where the watcher learns of new values: poll, interval or uevent (the
 * "source" of an event line). */
struct source {
	enum rw_mode mode;
	unsigned int interval_ms;
	struct rw_epoch ep;
	struct hk_nl nl;
	uint32_t cur;
	int64_t next_tick;	/* interval mode, monotonic ns */
};

static int64_t now_ns(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void note(const struct rw_watch_opts *o, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (o->quiet)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s: %s\n", hk_progname(), msg);
}

static int open_uevents(struct source *s)
{
	int r, size = UEVENT_RCVBUF, fd;

	r = hk_nl_open(&s->nl, NETLINK_KOBJECT_UEVENT, 1);
	if (r < 0) {
		hk_err("cannot listen for kernel uevents (NETLINK_KOBJECT_UEVENT): %s", strerror(-r));
		return r == -EPROTONOSUPPORT ? HK_EXIT_UNSUPPORTED : hk_exit_for_errno(r);
	}
	/* A burst of uevents must not overflow the socket: privileged callers
	 * may go past rmem_max. */
	fd = mnl_socket_get_fd(s->nl.sock);
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) < 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	return 0;
}

static int open_source(struct source *s, const struct rw_watch_opts *o)
{
	const char *what;
	int r;

	memset(s, 0, sizeof(*s));
	s->mode = o->interval_ms ? RW_INTERVAL : o->uevent ? RW_UEVENT : RW_POLL;
	s->interval_ms = o->interval_ms;
	/* Listen before reading the baseline, so no uevent falls in between;
	 * uevents for older values are recognized by their counter. */
	if (s->mode == RW_UEVENT) {
		r = open_uevents(s);
		if (r)
			return r;
	}
	r = rw_epoch_open(&s->ep, s->mode != RW_POLL, &what);
	if (r < 0)
		return rw_epoch_fail(r, what);
	if (s->mode != RW_POLL) {
		s->cur = rw_epoch_peek(&s->ep);
		s->next_tick = now_ns(CLOCK_MONOTONIC) + (int64_t)s->interval_ms * 1000000;
		return 0;
	}
	r = rw_epoch_read(&s->ep, &s->cur);
	if (r == -EINVAL) {
		rw_epoch_close(&s->ep);
		r = rw_epoch_open(&s->ep, true, &what);
		if (r < 0)
			return rw_epoch_fail(r, what);
		note(o, "the epoch descriptor cannot be read or polled on this kernel; looking at the mapped page every %d ms instead",
		     FALLBACK_INTERVAL_MS);
		s->mode = RW_INTERVAL;
		s->interval_ms = FALLBACK_INTERVAL_MS;
		s->cur = rw_epoch_peek(&s->ep);
		s->next_tick = now_ns(CLOCK_MONOTONIC) + (int64_t)s->interval_ms * 1000000;
		return 0;
	}
	if (r < 0)
		return rw_epoch_fail(r, "read");
	return 0;
}

static void close_source(struct source *s)
{
	rw_epoch_close(&s->ep);
	hk_nl_close(&s->nl);
}

/* Is v a later value than the current one? For uevents, which may be
 * queued from before the baseline; the counter moves by one per event. */
static bool is_newer(uint32_t cur, uint32_t v)
{
	uint32_t d = (RW_COUNTER(v) - RW_COUNTER(cur)) & RNDEPOCH_COUNTER_MASK;

	return v != cur && d != 0 && d < (RNDEPOCH_COUNTER_MASK + 1) / 2;
}

/* Drain the uevent socket; after any datagram, the value comes from the
 * page. A uevent's text is never trusted: root can have the kernel
 * rebroadcast any text as its own (port 0, group 1). A reseed uevent for a
 * value the page does not show is reported and ignored. */
static int check_uevents(struct source *s, const struct rw_watch_opts *o,
			 const struct rw_names *names, uint32_t *v)
{
	char buf[HK_NL_BUFSIZE];
	struct rw_uevent_info info;
	unsigned int pid, groups;
	bool any = false, claim = false;
	uint32_t claimed = 0;
	ssize_t n;

	for (;;) {
		n = hk_uevent_recv(&s->nl, buf, sizeof(buf), &pid, &groups, MSG_DONTWAIT);
		if (n == -EAGAIN)
			break;
		if (n == -ENOBUFS) {
			hk_warn("uevents were lost (socket receive buffer overrun); the next one shows how many events were missed");
			any = true;
			continue;
		}
		if (n == -EMSGSIZE || n == -EPROTO)
			continue;
		if (n < 0) {
			hk_err("cannot receive uevents: %s", strerror((int)-n));
			return -HK_EXIT_KERNEL;
		}
		any = true;
		if (rw_uevent_check(buf, (size_t)n, pid, groups, names, &info) &&
		    (!claim || is_newer(claimed, info.epoch))) {
			claimed = info.epoch;
			claim = true;
		}
	}
	if (!any)
		return 0;
	*v = rw_epoch_peek(&s->ep);
	if (claim && is_newer(*v, claimed))
		note(o, "ignored a reseed uevent for epoch 0x%08" PRIx32 ", which the epoch page (0x%08" PRIx32 ") does not show: it was not sent for a reseed",
		     claimed, *v);
	return *v != s->cur;
}

/* Look at the source after poll(2): 1 and *v for a new value, 0 for none,
 * or an exit code (negated) on failure. */
static int check_source(struct source *s, const struct pollfd *pfd, const struct rw_watch_opts *o,
			const struct rw_names *names, uint32_t *v)
{
	int r;

	switch (s->mode) {
	case RW_POLL:
		if (pfd->revents & (POLLERR | POLLNVAL)) {
			hk_err("cannot wait for reseed events: poll(2) on the epoch descriptor failed");
			return -HK_EXIT_KERNEL;
		}
		if (!(pfd->revents & POLLIN))
			return 0;
		r = rw_epoch_read(&s->ep, v);
		if (r < 0) {
			hk_err("cannot read the reseed epoch: %s", strerror(-r));
			return -HK_EXIT_KERNEL;
		}
		return *v != s->cur;
	case RW_INTERVAL:
		if (now_ns(CLOCK_MONOTONIC) < s->next_tick)
			return 0;
		s->next_tick += (int64_t)s->interval_ms * 1000000;
		/* Asleep for long (suspend, a stopped VM): no burst of catch-up looks. */
		if (s->next_tick < now_ns(CLOCK_MONOTONIC))
			s->next_tick = now_ns(CLOCK_MONOTONIC) + (int64_t)s->interval_ms * 1000000;
		*v = rw_epoch_peek(&s->ep);
		return *v != s->cur;
	case RW_UEVENT:
		if (!(pfd->revents & POLLIN))
			return 0;
		return check_uevents(s, o, names, v);
	}
	return 0;
}

static int source_fd(const struct source *s)
{
	if (s->mode == RW_POLL)
		return s->ep.fd;
	if (s->mode == RW_UEVENT)
		return mnl_socket_get_fd(s->nl.sock);
	return -1;
}

static const char *mode_word(const struct source *s)
{
	static char buf[64];

	switch (s->mode) {
	case RW_POLL:
		return "poll(2) on the epoch descriptor";
	case RW_INTERVAL:
		snprintf(buf, sizeof(buf), "a look at the mapped page every %u ms", s->interval_ms);
		return buf;
	case RW_UEVENT:
		return "kernel uevents";
	}
	return "?";
}

static const char *source_word(const struct source *s)
{
	return s->mode == RW_POLL ? "poll" : s->mode == RW_INTERVAL ? "interval" : "uevent";
}


struct loop {
	const struct rw_watch_opts *o;
	struct source s;
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

/* Sleep until something happens: 1 and *v for a new value, 0 to look
 * again, -1 to stop with *code. */
static int wait_once(struct loop *l, uint32_t *v, int *code)
{
	enum { P_SIG, P_SRC, P_OUT, P_HOOK, P_N };
	struct pollfd pfd[P_N];
	int64_t now = now_ns(CLOCK_MONOTONIC), wait_ns = -1;
	int r;

	if (l->deadline >= 0) {
		if (now >= l->deadline) {
			l->timed_out = true;
			return -1;
		}
		wait_ns = l->deadline - now;
	}
	if (l->s.mode == RW_INTERVAL && (wait_ns < 0 || l->s.next_tick - now < wait_ns))
		wait_ns = l->s.next_tick > now ? l->s.next_tick - now : 0;
	wait_ns = rw_hook_wait_ns(&l->hook, now, wait_ns);
	pfd[P_SIG] = (struct pollfd){ .fd = l->sig.fd, .events = POLLIN };
	pfd[P_SRC] = (struct pollfd){ .fd = source_fd(&l->s), .events = POLLIN };
	/* No events asked: POLLERR (a pipe without reader) and POLLHUP come anyway. */
	pfd[P_OUT] = (struct pollfd){ .fd = l->watch_stdout ? STDOUT_FILENO : -1 };
	pfd[P_HOOK] = (struct pollfd){ .fd = l->hook.pid ? l->hook.pidfd : -1, .events = POLLIN };
	r = poll(pfd, P_N, poll_ms(wait_ns));
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
	r = check_source(&l->s, &pfd[P_SRC], l->o, &l->names, v);
	if (r < 0) {
		*code = -r;
		return -1;
	}
	return r;
}

/* Print the event and start its command: a failed write skips neither. */
static int emit(struct loop *l, struct rw_event *ev, uint32_t v)
{
	char idbuf[16];
	int r = 0;

	clock_gettime(CLOCK_REALTIME, &ev->when);
	ev->new = v;
	ev->name = rw_name(&l->names, RW_ID(v), idbuf, sizeof(idbuf));
	l->s.cur = v;
	l->seen++;
	if (!l->o->quiet_events)
		r = rw_event_print(stdout, ev, l->o->json);
	if (rw_watch_hooks(l->o))
		rw_hook_event(&l->hook, ev);
	return r < 0 ? rw_stdout_fail(r) : HK_EXIT_OK;
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

static int watch_loop(struct loop *l)
{
	const struct rw_watch_opts *o = l->o;
	struct rw_event ev;
	int code = HK_EXIT_OK, r;
	uint32_t v;

	memset(&ev, 0, sizeof(ev));
	ev.source = source_word(&l->s);
	/* wait --since: an epoch other than the one given is an event already. */
	if (o->since.given && o->since.value != l->s.cur) {
		ev.old = o->since.value;
		code = emit(l, &ev, l->s.cur);
	}
	while (code == HK_EXIT_OK && !(o->count && l->seen >= o->count)) {
		r = wait_once(l, &v, &code);
		if (r < 0)
			break;
		if (r == 0)
			continue;
		ev.old = l->s.cur;
		code = emit(l, &ev, v);
	}
	return finish(l, code);
}

int rw_watch_run(const struct rw_watch_opts *o)
{
	struct loop l = { .o = o, .deadline = -1 };
	char idbuf[16], desc[96];
	int code, r;

	r = rw_sig_setup(&l.sig);
	if (r < 0) {
		hk_err("cannot set up signal handling: %s", strerror(-r));
		return HK_EXIT_KERNEL;
	}
	/* A hooks directory that cannot serve is refused before watching. */
	code = rw_hook_init(&l.hook, o->exec, o->exec_args, o->shell, o->exec_dir,
			    o->hook_timeout_s);
	if (!code)
		code = open_source(&l.s, o);
	if (code) {
		close_source(&l.s);
		rw_hook_close(&l.hook);
		rw_sig_close(&l.sig);
		return code;
	}
	if (rw_names_load(&l.names) < 0)
		memset(&l.names, 0, sizeof(l.names));
	l.watch_stdout = !o->quiet_events;
	if (o->timeout_s >= 0)
		l.deadline = now_ns(CLOCK_MONOTONIC) + o->timeout_s * 1000000000;
	rw_value_desc(l.s.cur, rw_name(&l.names, RW_ID(l.s.cur), idbuf, sizeof(idbuf)), desc,
		      sizeof(desc));
	note(o, "watching for reseed events with %s; epoch now %s", mode_word(&l.s), desc);
	code = watch_loop(&l);
	rw_hook_close(&l.hook);
	rw_sig_close(&l.sig);
	close_source(&l.s);
	return code;
}
