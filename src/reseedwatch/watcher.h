/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The event loop shared by watch and wait. */
#ifndef RW_WATCHER_H
#define RW_WATCHER_H

#include <stdbool.h>
#include <stdint.h>

enum rw_mode { RW_POLL, RW_INTERVAL, RW_UEVENT };

struct rw_watch_opts {
	enum rw_mode mode;
	unsigned int interval_ms;	/* RW_INTERVAL */
	bool json;
	bool quiet;		/* no notices on stderr */
	bool quiet_events;	/* no event lines either (wait --quiet) */
	uint64_t count;		/* stop after this many events; 0: never */
	int64_t timeout_ms;	/* -1: none */
	bool have_since;	/* wait --since: an epoch other than since is an event */
	uint32_t since;
	const char *exec;	/* watch --exec */
	const char **exec_args;
	bool shell;
};

/* Returns an HK_EXIT_* code: OK after --count events, a signal, or a
 * --timeout that saw events (without --count); TIMEOUT otherwise. */
int rw_watch_run(const struct rw_watch_opts *o);

#endif
