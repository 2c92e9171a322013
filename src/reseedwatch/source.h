/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The reseed sources a watcher reads: the epoch (epochsrc.c) and VMClock
 * (vmsource.c). Private to watcher.c and those two. */
#ifndef RW_SOURCE_H
#define RW_SOURCE_H

#include <poll.h>
#include <stdint.h>
#include <time.h>

#include "hk/nl.h"
#include "reseedwatch.h"
#include "vmclock.h"
#include "watcher.h"

/* Fallback period when a source cannot wake the watcher (an epoch
 * descriptor that cannot be polled, a VMClock device without
 * notifications) and no --interval was given. */
#define RW_FALLBACK_INTERVAL_MS 100

struct source {
	enum rw_origin origin;
	enum rw_mode mode;
	unsigned int interval_ms;
	int64_t next_tick;	/* interval mode, monotonic ns */
	/* epoch */
	struct rw_epoch ep;
	struct hk_nl nl;
	uint32_t cur;
	/* VMClock */
	struct rw_vmclock vc;
	struct rw_vmclock_page vcur;
};

int64_t rw_now_ns(clockid_t clk);
/* A notice on standard error unless --quiet. */
void rw_note(const struct rw_watch_opts *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Interval mode: is it time for a look? Moves the next tick on. */
bool rw_tick_due(struct source *s);
void rw_tick_start(struct source *s, unsigned int interval_ms);

/* Open a source: 0, or an exit code with the reason in why (nothing
 * printed), so that --source any can try the other. */
int rw_epoch_src_open(struct source *s, const struct rw_watch_opts *o, char *why, size_t size);
int rw_vmclock_src_open(struct source *s, const struct rw_watch_opts *o, char *why, size_t size);
/* The reason and exit code for a VMClock device that cannot be used. */
int rw_vmclock_why(int r, const char *what, char *why, size_t size);
void rw_source_close(struct source *s);
/* After poll(2): 1 and *ev (all but when) for a change, 0 for none, or a
 * negated exit code after a message. */
int rw_epoch_src_check(struct source *s, const struct pollfd *pfd, const struct rw_watch_opts *o,
		       const struct rw_names *names, struct rw_event *ev);
int rw_vmclock_src_check(struct source *s, const struct pollfd *pfd, const struct rw_watch_opts *o,
			 struct rw_event *ev);
/* --since: an event already if the source's value is not since->value. */
bool rw_vmclock_since(struct source *s, uint64_t since, struct rw_event *ev);
int rw_source_fd(const struct source *s);
/* "poll(2) on the epoch descriptor" and such, for the ready notice. */
void rw_source_desc(const struct source *s, const struct rw_names *names, char *buf, size_t size);

#endif
