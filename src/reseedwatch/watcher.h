/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The event loop shared by watch and wait, and their options. */
#ifndef RW_WATCHER_H
#define RW_WATCHER_H

#include <stdbool.h>
#include <stdint.h>

#define RW_INTERVAL_MAX_MS 60000
#define RW_TIMEOUT_MAX_S 31536000	/* a year */
#define RW_COUNT_MAX 1000000000

/* How the watcher sees a new epoch value: its source. */
enum rw_mode { RW_POLL, RW_INTERVAL, RW_UEVENT };

/* --source: which reseed sources to watch (index into rw_source_words). */
enum rw_pick { RW_PICK_ANY, RW_PICK_EPOCH, RW_PICK_VMCLOCK };
extern const char *const rw_source_words[];

/* wait --since VALUE: the chosen source's value (the epoch, or VMClock's
 * vm_generation_counter); another value is an event already. */
struct rw_since {
	bool given;
	bool wide;		/* more than 8 hex digits or above UINT32_MAX */
	uint64_t value;
};

/* The option struct of watch and wait; each fills in what it lacks. */
struct rw_watch_opts {
	unsigned int interval_ms;	/* 0: none; else look at the page this often */
	bool uevent;		/* listen for uevents */
	int source;		/* enum rw_pick */
	bool json;
	bool quiet;		/* no notices on stderr */
	bool quiet_events;	/* no event lines either (wait --quiet) */
	uint64_t count;		/* stop after this many events; 0: never */
	int64_t timeout_s;	/* -1: none */
	struct rw_since since;
	const char *exec;	/* watch --exec */
	const char *const *exec_args;
	bool shell;
	const char *exec_dir;	/* watch --exec-dir */
	unsigned int hook_timeout_s;	/* per hook; 0: none */
};

/* Are there hooks to run (--exec or --exec-dir)? */
static inline bool rw_watch_hooks(const struct rw_watch_opts *o)
{
	return o->exec || o->exec_dir;
}

/* Returns an HK_EXIT_* code: OK after --count events, a signal, or a
 * --timeout that saw events (without --count); TIMEOUT otherwise. */
int rw_watch_run(const struct rw_watch_opts *o);

#endif
