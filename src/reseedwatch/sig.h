/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Signal handling of watch and wait (sig.c). */
#ifndef RW_SIG_H
#define RW_SIG_H

#include <signal.h>

struct rw_sig {
	int fd;			/* signalfd of set, -1 when closed */
	sigset_t set;		/* SIGINT, SIGTERM, SIGHUP unless inherited as ignored */
	sigset_t oldmask;
};

/* Reset SIGCHLD to SIG_DFL, ignore SIGPIPE, block the termination signals
 * not inherited as ignored and open a signalfd for them. 0 or -errno. */
int rw_sig_setup(struct rw_sig *s);
/* Drain the signalfd: the last termination signal read, or 0. */
int rw_sig_read(struct rw_sig *s);
/* Close the signalfd and restore the signal mask. */
void rw_sig_close(struct rw_sig *s);

#endif
