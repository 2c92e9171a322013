/* SPDX-License-Identifier: GPL-2.0-or-later */
/* watch --exec and --exec-dir: run the hooks of an event one after the
 * other, never two events' at once, each within a time limit. */
#ifndef RW_HOOK_H
#define RW_HOOK_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "reseedwatch.h"
#include "sig.h"

/* How often to look for the command's exit without pidfd_open(2). */
#define RW_HOOK_POLL_MS 100
/* After the time limit: SIGTERM to the hook's process group, then SIGKILL
 * this much later. */
#define RW_HOOK_KILL_GRACE_MS 5000
#define RW_HOOK_TIMEOUT_DEFAULT_S 60
#define RW_HOOK_TIMEOUT_MAX_S 86400
/* Entries of the hooks directory looked at, at most. */
#define RW_HOOKDIR_MAX 1024

struct rw_hook {
	const char *cmd;	/* --exec CMD, or NULL */
	const char *const *args;	/* NULL-terminated, may be NULL */
	bool shell;		/* sh -c CMD reseedwatch ARGS... */
	const char *dir;	/* --exec-dir DIR, or NULL */
	int dirfd;
	unsigned int timeout_s;	/* per hook; 0: none */
	char **list;		/* this run's hooks (paths below dir, or cmd) */
	size_t nlist, idx;	/* idx: the running or next hook */
	char **skipped;		/* "verdict name" of the entries reported skipped */
	size_t nskipped;
	pid_t pid;		/* the running hook, 0 if none */
	int pidfd;		/* its pidfd, -1 if none */
	int64_t deadline;	/* monotonic ns of the next signal, -1: none */
	int killed;		/* the last signal sent for the time limit */
	struct rw_event run;	/* the event of this run */
	uint32_t run_old;	/* RESEED_OLD_EPOCH of this run */
	uint32_t last_epoch;	/* given to the previous run */
	bool have_last;		/* last_epoch is set */
	bool pending;		/* events arrived while the hooks ran */
	struct rw_event next;	/* the latest of them */
	uint64_t runs, failures;
};

/* Set up for --exec CMD or --exec-dir DIR (one of them non-NULL). For a
 * directory, refuse one that is missing, not a directory, or unsafe (see
 * rw_hookdir_safe), with a message, before anything is watched: 0 or an
 * HK_EXIT_* code. */
int rw_hook_init(struct rw_hook *h, const char *cmd, const char *const *args, bool shell,
		 const char *dir, unsigned int timeout_s);
void rw_hook_close(struct rw_hook *h);
/* Start the hooks for ev now, or remember ev for when they are done.
 * RESEED_OLD_EPOCH is the epoch of the previous run, or ev->old. */
void rw_hook_event(struct rw_hook *h, const struct rw_event *ev);
/* If the hook has ended or overrun its limit (never blocks): collect it,
 * report a failure, start the next hook or a pending run. Needs SIGCHLD
 * not ignored (rw_sig_setup). */
void rw_hook_reap(struct rw_hook *h, bool start_pending);
/* wait_ns (-1: forever), or less if rw_hook_reap has something to do
 * sooner without a wake-up: a time limit, or the look without pidfd. */
int64_t rw_hook_wait_ns(const struct rw_hook *h, int64_t now, int64_t wait_ns);
/* Block until no hook runs; termination signals come from sig. */
void rw_hook_drain(struct rw_hook *h, bool start_pending, struct rw_sig *sig);

/* hookscan.c: open and check h->dir (0 or an HK_EXIT_* code, with a
 * message); the paths of the hooks to run now, in order (*n of them,
 * NULL for none), skipped entries reported once. */
int rw_hookdir_open(struct rw_hook *h);
char **rw_hookdir_scan(struct rw_hook *h, size_t *n);
void free_hook_list(char **l, size_t n);

#endif
