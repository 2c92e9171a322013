/* SPDX-License-Identifier: GPL-2.0-or-later */
/* watch --exec: run a command per event, never two at once. */
#ifndef RW_HOOK_H
#define RW_HOOK_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "reseedwatch.h"
#include "sig.h"

/* How often to look for the command's exit without pidfd_open(2). */
#define RW_HOOK_POLL_MS 100

struct rw_hook {
	const char *cmd;
	const char *const *args;	/* NULL-terminated, may be NULL */
	bool shell;		/* sh -c CMD reseedwatch ARGS... */
	pid_t pid;		/* the running command, 0 if none */
	int pidfd;		/* its pidfd, -1 if none */
	uint32_t run_epoch;	/* the epoch the running command was given */
	uint32_t last_epoch;	/* given to the previous run: RESEED_OLD_EPOCH */
	bool pending;		/* events arrived while the command ran */
	struct rw_event next;	/* the latest of them */
	uint64_t runs, failures;
};

void rw_hook_init(struct rw_hook *h, const char *cmd, const char *const *args, bool shell,
		  uint32_t start);
/* Start the command for ev now, or remember ev for when it is idle. */
void rw_hook_event(struct rw_hook *h, const struct rw_event *ev);
/* If the command has ended (never blocks): collect it, report a failure,
 * start a pending run. Needs SIGCHLD not ignored (rw_sig_setup). */
void rw_hook_reap(struct rw_hook *h, bool start_pending);
/* Block until no command runs; termination signals come from sig. */
void rw_hook_drain(struct rw_hook *h, bool start_pending, struct rw_sig *sig);

#endif
