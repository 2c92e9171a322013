// SPDX-License-Identifier: GPL-2.0-or-later
/* The signals of watch and wait, whatever was inherited: SIGCHLD back to its
 * default (an ignored SIGCHLD makes the kernel reap the --exec command), and
 * the termination signals through a signalfd, except one inherited as
 * ignored (nohup, a non-interactive shell's background job), which stays so. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "sig.h"

static const int term_signals[] = { SIGINT, SIGTERM, SIGHUP };

int rw_sig_setup(struct rw_sig *s)
{
	struct sigaction dfl = { .sa_handler = SIG_DFL }, ign = { .sa_handler = SIG_IGN }, old;
	size_t i;

	sigemptyset(&s->set);
	s->fd = -1;
	sigemptyset(&dfl.sa_mask);
	sigemptyset(&ign.sa_mask);
	if (sigaction(SIGCHLD, &dfl, NULL) < 0 || sigaction(SIGPIPE, &ign, NULL) < 0)
		return -errno;
	for (i = 0; i < sizeof(term_signals) / sizeof(term_signals[0]); i++) {
		if (sigaction(term_signals[i], NULL, &old) < 0)
			return -errno;
		if (old.sa_handler != SIG_IGN)
			sigaddset(&s->set, term_signals[i]);
	}
	if (sigprocmask(SIG_BLOCK, &s->set, &s->oldmask) < 0)
		return -errno;
	s->fd = signalfd(-1, &s->set, SFD_CLOEXEC | SFD_NONBLOCK);
	if (s->fd < 0) {
		int e = errno;

		sigprocmask(SIG_SETMASK, &s->oldmask, NULL);
		return -e;
	}
	return 0;
}

int rw_sig_read(struct rw_sig *s)
{
	struct signalfd_siginfo si;
	int signo = 0;

	while (read(s->fd, &si, sizeof(si)) == sizeof(si))
		signo = (int)si.ssi_signo;
	return signo;
}

void rw_sig_close(struct rw_sig *s)
{
	if (s->fd < 0)
		return;
	close(s->fd);
	s->fd = -1;
	sigprocmask(SIG_SETMASK, &s->oldmask, NULL);
}
