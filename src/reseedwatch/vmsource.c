// SPDX-License-Identifier: GPL-2.0-or-later
/* The VMClock source of watch and wait: poll(2) on /dev/vmclock0 when the
 * device sends notifications, else a timed look at its mapped page. A
 * changed vm_generation_counter is a clone (a snapshot load, which also
 * moves disruption_marker: one event), a counter that went back is an
 * event of its own kind, and a changed disruption_marker alone is a
 * migration. */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "hk/err.h"
#include "source.h"

int rw_vmclock_why(int r, const char *what, char *why, size_t size)
{
	if (r == -ENOENT) {
		snprintf(why, size, "no VMClock device: cannot open %s: %s (it needs Linux 7.0 on a hypervisor that offers VMClock, or the mock_vmclock test module)",
			 RW_VMCLOCK_DEVICE, strerror(-r));
		return HK_EXIT_UNSUPPORTED;
	}
	if (r == -EACCES || r == -EPERM) {
		snprintf(why, size, "cannot open %s: %s (the device is often root-only: run as root, or grant read access with a udev rule)",
			 RW_VMCLOCK_DEVICE, strerror(-r));
		return HK_EXIT_PERM;
	}
	if (r == -ENOTTY) {
		snprintf(why, size, "cannot use %s: not a character device", RW_VMCLOCK_DEVICE);
		return HK_EXIT_UNSUPPORTED;
	}
	if (r < 0) {
		snprintf(why, size, "cannot use %s: %s failed: %s", RW_VMCLOCK_DEVICE, what, strerror(-r));
		return r == -ENOMEM || r == -EMFILE || r == -ENFILE ? HK_EXIT_IO : HK_EXIT_KERNEL;
	}
	if (r == RW_VMC_NOGEN) {
		snprintf(why, size, "the VMClock device %s does not report snapshot loads: %s",
			 RW_VMCLOCK_DEVICE, rw_vmclock_strerror(r));
		return HK_EXIT_UNSUPPORTED;
	}
	snprintf(why, size, "cannot read the VMClock page of %s: %s", RW_VMCLOCK_DEVICE,
		 rw_vmclock_strerror(r));
	return HK_EXIT_KERNEL;
}

int rw_vmclock_src_open(struct source *s, const struct rw_watch_opts *o, char *why, size_t size)
{
	const char *what;
	int r;

	s->origin = RW_ORIGIN_VMCLOCK;
	s->mode = RW_POLL;
	r = rw_vmclock_open(&s->vc, true, &what);
	if (r == 0)
		r = rw_vmclock_get(&s->vc, false, &s->vcur);
	if (r)
		return rw_vmclock_why(r, "read", why, size);
	if (o->interval_ms) {
		rw_tick_start(s, o->interval_ms);
	} else if (s->vc.regular || !(s->vcur.flags & RW_VMCLOCK_FLAG_NOTIFICATION_PRESENT)) {
		rw_note(o, "the VMClock device sends no notifications (flag NOTIFICATION_PRESENT clear); looking at its page every %d ms",
			RW_FALLBACK_INTERVAL_MS);
		rw_tick_start(s, RW_FALLBACK_INTERVAL_MS);
	}
	return 0;
}

/* Fill ev for the page p against the current one; 1 if it is an event. */
static int compare(struct source *s, const struct rw_vmclock_page *p, struct rw_event *ev)
{
	const struct rw_vmclock_page *c = &s->vcur;

	memset(ev, 0, sizeof(*ev));
	ev->origin = RW_ORIGIN_VMCLOCK;
	ev->source = s->mode == RW_POLL ? "poll" : "interval";
	ev->name = "vmclock";
	if (p->vm_generation_counter != c->vm_generation_counter) {
		ev->kind = p->vm_generation_counter < c->vm_generation_counter ? RW_KIND_BACKWARDS :
			   RW_KIND_CLONE;
		ev->old64 = c->vm_generation_counter;
		ev->new64 = p->vm_generation_counter;
	} else if (p->disruption_marker != c->disruption_marker) {
		ev->kind = RW_KIND_MIGRATION;
		ev->old64 = c->disruption_marker;
		ev->new64 = p->disruption_marker;
	} else {
		s->vcur = *p;
		return 0;
	}
	s->vcur = *p;
	return 1;
}

int rw_vmclock_src_check(struct source *s, const struct pollfd *pfd, const struct rw_watch_opts *o,
			 struct rw_event *ev)
{
	struct rw_vmclock_page p;
	char why[512];
	int r;

	if (s->mode == RW_POLL) {
		if (pfd->revents & (POLLERR | POLLNVAL)) {
			hk_err("cannot wait for VMClock events: poll(2) on %s failed", RW_VMCLOCK_DEVICE);
			return -HK_EXIT_KERNEL;
		}
		if (pfd->revents & POLLHUP) {
			/* The device stopped sending notifications. */
			rw_note(o, "%s sends no notifications any more; looking at its page every %u ms",
				RW_VMCLOCK_DEVICE, o->interval_ms ? o->interval_ms : RW_FALLBACK_INTERVAL_MS);
			rw_tick_start(s, o->interval_ms ? o->interval_ms : RW_FALLBACK_INTERVAL_MS);
			s->next_tick = 0;
			return 0;
		}
		if (!(pfd->revents & POLLIN))
			return 0;
	} else if (!rw_tick_due(s)) {
		return 0;
	}
	r = rw_vmclock_get(&s->vc, s->mode != RW_POLL, &p);
	if (r) {
		hk_err("%s", (rw_vmclock_why(r, "read", why, sizeof(why)), why));
		return -HK_EXIT_KERNEL;
	}
	return compare(s, &p, ev);
}

bool rw_vmclock_since(struct source *s, uint64_t since, struct rw_event *ev)
{
	struct rw_vmclock_page now = s->vcur;

	if (since == now.vm_generation_counter)
		return false;
	s->vcur.vm_generation_counter = since;
	return compare(s, &now, ev) == 1;
}
