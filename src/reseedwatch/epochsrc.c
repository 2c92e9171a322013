// SPDX-License-Identifier: GPL-2.0-or-later
/* The epoch source of watch and wait: poll(2) on the epoch descriptor, a
 * timed look at the mapped page, or the kernel's uevents. */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>

#include "hk/err.h"
#include "source.h"

#define UEVENT_RCVBUF (1 << 20)

int64_t rw_now_ns(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void rw_note(const struct rw_watch_opts *o, const char *fmt, ...)
{
	char msg[768];
	va_list ap;

	if (o->quiet)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s: %s\n", hk_progname(), msg);
}

void rw_tick_start(struct source *s, unsigned int interval_ms)
{
	s->mode = RW_INTERVAL;
	s->interval_ms = interval_ms;
	s->next_tick = rw_now_ns(CLOCK_MONOTONIC) + (int64_t)interval_ms * 1000000;
}

bool rw_tick_due(struct source *s)
{
	if (rw_now_ns(CLOCK_MONOTONIC) < s->next_tick)
		return false;
	s->next_tick += (int64_t)s->interval_ms * 1000000;
	/* Asleep for long (suspend, a stopped VM): no burst of catch-up looks. */
	if (s->next_tick < rw_now_ns(CLOCK_MONOTONIC))
		s->next_tick = rw_now_ns(CLOCK_MONOTONIC) + (int64_t)s->interval_ms * 1000000;
	return true;
}

static int open_uevents(struct source *s, char *why, size_t size)
{
	int r, rcvbuf = UEVENT_RCVBUF, fd;

	r = hk_nl_open(&s->nl, NETLINK_KOBJECT_UEVENT, 1);
	if (r < 0) {
		snprintf(why, size, "cannot listen for kernel uevents (NETLINK_KOBJECT_UEVENT): %s",
			 strerror(-r));
		return r == -EPROTONOSUPPORT ? HK_EXIT_UNSUPPORTED : hk_exit_for_errno(r);
	}
	/* A burst of uevents must not overflow the socket: privileged callers
	 * may go past rmem_max. */
	fd = mnl_socket_get_fd(s->nl.sock);
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)) < 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	return 0;
}

int rw_epoch_src_open(struct source *s, const struct rw_watch_opts *o, char *why, size_t size)
{
	const char *what;
	int r;

	s->origin = RW_ORIGIN_EPOCH;
	s->mode = o->interval_ms ? RW_INTERVAL : o->uevent ? RW_UEVENT : RW_POLL;
	s->interval_ms = o->interval_ms;
	/* Listen before reading the baseline, so no uevent falls in between;
	 * uevents for older values are recognized by their counter. */
	if (s->mode == RW_UEVENT) {
		r = open_uevents(s, why, size);
		if (r)
			return r;
	}
	r = rw_epoch_open(&s->ep, s->mode != RW_POLL, &what);
	if (r < 0)
		return rw_epoch_why(r, what, why, size);
	if (s->mode != RW_POLL) {
		s->cur = rw_epoch_peek(&s->ep);
		s->next_tick = rw_now_ns(CLOCK_MONOTONIC) + (int64_t)s->interval_ms * 1000000;
		return 0;
	}
	r = rw_epoch_read(&s->ep, &s->cur);
	if (r == -EINVAL) {
		rw_epoch_close(&s->ep);
		r = rw_epoch_open(&s->ep, true, &what);
		if (r < 0)
			return rw_epoch_why(r, what, why, size);
		rw_note(o, "the epoch descriptor cannot be read or polled on this kernel; looking at the mapped page every %d ms instead",
			RW_FALLBACK_INTERVAL_MS);
		rw_tick_start(s, RW_FALLBACK_INTERVAL_MS);
		s->cur = rw_epoch_peek(&s->ep);
		return 0;
	}
	if (r < 0)
		return rw_epoch_why(r, "read", why, size);
	return 0;
}

void rw_source_close(struct source *s)
{
	if (s->origin == RW_ORIGIN_VMCLOCK) {
		rw_vmclock_close(&s->vc);
		return;
	}
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
		rw_note(o, "ignored a reseed uevent for epoch 0x%08" PRIx32 ", which the epoch page (0x%08" PRIx32 ") does not show: it was not sent for a reseed",
			claimed, *v);
	return *v != s->cur;
}

static int check_value(struct source *s, const struct pollfd *pfd, const struct rw_watch_opts *o,
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
		if (!rw_tick_due(s))
			return 0;
		*v = rw_epoch_peek(&s->ep);
		return *v != s->cur;
	case RW_UEVENT:
		if (!(pfd->revents & POLLIN))
			return 0;
		return check_uevents(s, o, names, v);
	}
	return 0;
}

static const char *source_word(const struct source *s)
{
	return s->mode == RW_POLL ? "poll" : s->mode == RW_INTERVAL ? "interval" : "uevent";
}

int rw_epoch_src_check(struct source *s, const struct pollfd *pfd, const struct rw_watch_opts *o,
		       const struct rw_names *names, struct rw_event *ev)
{
	uint32_t v;
	int r = check_value(s, pfd, o, names, &v);

	if (r <= 0)
		return r;
	memset(ev, 0, sizeof(*ev));
	ev->origin = RW_ORIGIN_EPOCH;
	ev->kind = RW_KIND_RESEED;
	ev->source = source_word(s);
	ev->old = s->cur;
	ev->new = v;
	s->cur = v;
	return 1;
}

int rw_source_fd(const struct source *s)
{
	if (s->mode == RW_POLL)
		return s->origin == RW_ORIGIN_EPOCH ? s->ep.fd : s->vc.fd;
	if (s->mode == RW_UEVENT)
		return mnl_socket_get_fd(s->nl.sock);
	return -1;
}

void rw_source_desc(const struct source *s, const struct rw_names *names, char *buf, size_t size)
{
	char how[96], idbuf[16], val[128];
	bool vm = s->origin == RW_ORIGIN_VMCLOCK;

	if (s->mode == RW_POLL)
		snprintf(how, sizeof(how), "poll(2) on %s", vm ? RW_VMCLOCK_DEVICE : "the epoch descriptor");
	else if (s->mode == RW_INTERVAL)
		snprintf(how, sizeof(how), "a look at %s every %u ms",
			 vm ? "the mapped VMClock page" : "the mapped page", s->interval_ms);
	else
		snprintf(how, sizeof(how), "kernel uevents");
	if (vm) {
		snprintf(buf, size, "%s; VMClock vm_generation_counter now %" PRIu64 ", disruption_marker %" PRIu64,
			 how, s->vcur.vm_generation_counter, s->vcur.disruption_marker);
		return;
	}
	rw_value_desc(s->cur, rw_name(names, RW_ID(s->cur), idbuf, sizeof(idbuf)), val, sizeof(val));
	snprintf(buf, size, "%s; epoch now %s", how, val);
}
