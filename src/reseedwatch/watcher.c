// SPDX-License-Identifier: GPL-2.0-or-later
/* The event loop of watch and wait: poll(2) on the epoch descriptor, a timed
 * look at the mapped page, or the kernel's uevents; signals and the --exec
 * command's exit through a signalfd in the same poll(2). */
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/netlink.h>

#include "hk/err.h"
#include "hk/nl.h"
#include "hook.h"
#include "watcher.h"

/* Fallback period when the descriptor cannot be read or polled (the RFC's
 * mmap-only interface). */
#define FALLBACK_INTERVAL_MS 100
#define UEVENT_RCVBUF (1 << 20)

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
	s->mode = o->mode;
	s->interval_ms = o->interval_ms;
	/* Listen before reading the baseline, so no uevent falls in between;
	 * uevents for older values are recognized by their counter. */
	if (s->mode == RW_UEVENT) {
		r = open_uevents(s);
		if (r)
			return r;
	}
	r = rw_epoch_open(&s->ep, s->mode == RW_INTERVAL, &what);
	if (r < 0)
		return rw_epoch_fail(r, what);
	if (s->mode == RW_INTERVAL) {
		s->cur = rw_epoch_peek(&s->ep);
		s->next_tick = now_ns(CLOCK_MONOTONIC) + (int64_t)s->interval_ms * 1000000;
		return 0;
	}
	r = rw_epoch_read(&s->ep, &s->cur);
	if (r == -EINVAL && s->mode == RW_POLL) {
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

/* Look at the source after poll(2): 1 and *v for a new value, 0 for none,
 * or an exit code (negated) on failure. */
static int check_source(struct source *s, const struct pollfd *pfd, const struct rw_names *names,
			uint32_t *v)
{
	char buf[HK_NL_BUFSIZE];
	struct rw_uevent_info info;
	unsigned int pid, groups;
	ssize_t n;
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
		for (;;) {
			n = hk_uevent_recv(&s->nl, buf, sizeof(buf), &pid, &groups, MSG_DONTWAIT);
			if (n == -EAGAIN)
				return 0;
			if (n == -ENOBUFS) {
				hk_warn("uevents were lost (socket receive buffer overrun); the next one shows how many events were missed");
				continue;
			}
			if (n == -EMSGSIZE || n == -EPROTO)
				continue;
			if (n < 0) {
				hk_err("cannot receive uevents: %s", strerror((int)-n));
				return -HK_EXIT_KERNEL;
			}
			if (rw_uevent_check(buf, (size_t)n, pid, groups, names, &info) &&
			    is_newer(s->cur, info.epoch)) {
				*v = info.epoch;
				return 1;
			}
		}
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

static int block_signals(bool children, sigset_t *old)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	if (children)
		sigaddset(&set, SIGCHLD);
	if (sigprocmask(SIG_BLOCK, &set, old) < 0)
		return -errno;
	return signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
}

int rw_watch_run(const struct rw_watch_opts *o)
{
	struct rw_names names;
	struct rw_hook hook;
	struct source s;
	struct pollfd pfd[2];
	struct rw_event ev;
	sigset_t oldmask;
	char idbuf[16], desc[96];
	int64_t deadline = -1, now, wait_ns;
	uint64_t seen = 0;
	bool timed_out = false, stopped = false;
	int code = HK_EXIT_OK, sfd, r, timeout_ms;
	uint32_t v;

	signal(SIGPIPE, SIG_IGN);
	code = open_source(&s, o);
	if (code) {
		close_source(&s);
		return code;
	}
	if (rw_names_load(&names) < 0)
		memset(&names, 0, sizeof(names));
	if (o->exec)
		rw_hook_init(&hook, o->exec, o->exec_args, o->shell, s.cur);
	sfd = block_signals(o->exec != NULL, &oldmask);
	if (sfd < 0) {
		hk_err("cannot set up signal handling: %s", strerror(errno));
		close_source(&s);
		return HK_EXIT_KERNEL;
	}
	if (o->timeout_ms >= 0)
		deadline = now_ns(CLOCK_MONOTONIC) + o->timeout_ms * 1000000;
	rw_value_desc(s.cur, rw_name(&names, RW_ID(s.cur), idbuf, sizeof(idbuf)), desc, sizeof(desc));
	note(o, "watching for reseed events with %s; epoch now %s", mode_word(&s), desc);

	memset(&ev, 0, sizeof(ev));
	ev.source = source_word(&s);
	/* wait --since: an epoch other than the one given is an event already. */
	if (o->have_since && o->since != s.cur) {
		ev.old = o->since;
		v = s.cur;
		goto event;
	}
	for (;;) {
		if (o->count && seen >= o->count)
			break;
		now = now_ns(CLOCK_MONOTONIC);
		wait_ns = -1;
		if (deadline >= 0) {
			if (now >= deadline) {
				timed_out = true;
				break;
			}
			wait_ns = deadline - now;
		}
		if (s.mode == RW_INTERVAL && (wait_ns < 0 || s.next_tick - now < wait_ns))
			wait_ns = s.next_tick > now ? s.next_tick - now : 0;
		/* Round up, so a look never comes early and spins. */
		timeout_ms = wait_ns < 0 ? -1 : (int)((wait_ns + 999999) / 1000000);
		pfd[0] = (struct pollfd){ .fd = sfd, .events = POLLIN };
		pfd[1] = (struct pollfd){ .fd = source_fd(&s), .events = POLLIN };
		r = poll(pfd, 2, timeout_ms);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			hk_err("cannot wait for reseed events: poll: %s", strerror(errno));
			code = HK_EXIT_KERNEL;
			break;
		}
		if (pfd[0].revents & POLLIN) {
			struct signalfd_siginfo si;

			while (read(sfd, &si, sizeof(si)) == sizeof(si)) {
				if (si.ssi_signo == SIGCHLD)
					rw_hook_reap(&hook, true);
				else
					stopped = true;
			}
			if (stopped)
				break;
		}
		r = check_source(&s, &pfd[1], &names, &v);
		if (r < 0) {
			code = -r;
			break;
		}
		if (r == 0)
			continue;
		ev.old = s.cur;
event:
		clock_gettime(CLOCK_REALTIME, &ev.when);
		ev.new = v;
		ev.name = rw_name(&names, RW_ID(v), idbuf, sizeof(idbuf));
		s.cur = v;
		seen++;
		if (!o->quiet_events) {
			r = rw_event_print(stdout, &ev, o->json);
			if (r < 0) {
				code = rw_stdout_fail(r);
				break;
			}
		}
		if (o->exec)
			rw_hook_event(&hook, &ev);
	}
	if (o->exec)
		rw_hook_drain(&hook, !stopped && code == HK_EXIT_OK);
	if (code == HK_EXIT_OK && timed_out && (o->count ? seen < o->count : seen == 0)) {
		if (!o->quiet)
			hk_err("no reseed event within %" PRId64 " s%s", o->timeout_ms / 1000,
			       o->count && seen ? " (fewer events than --count)" : "");
		code = HK_EXIT_TIMEOUT;
	}
	close(sfd);
	sigprocmask(SIG_SETMASK, &oldmask, NULL);
	close_source(&s);
	return code;
}
