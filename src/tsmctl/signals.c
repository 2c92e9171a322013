// SPDX-License-Identifier: GPL-2.0-or-later
/* Signals: none that would end tsmctl may leak its private entry. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "tsm.h"

/* Default action: terminate (or core), delivered asynchronously. */
static const int async_sigs[] = {
	SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGALRM, SIGXCPU, SIGXFSZ,
	SIGVTALRM, SIGPROF, SIGIO, SIGPWR, SIGSTKFLT,
};
/* A real fault cannot be returned from: these clean up and die as before. */
static const int fault_sigs[] = { SIGABRT, SIGBUS, SIGFPE, SIGILL, SIGSEGV, SIGSYS, SIGTRAP };

static volatile sig_atomic_t caught_signal;
static volatile sig_atomic_t armed;
static int armed_dirfd = -1;
static char armed_name[NAME_MAX + 1];
/* The old action of each of fault_sigs, by its index there: 7 entries, not
 * _NSIG (10 KB of which a run would fault in two pages). */
static struct sigaction fault_old[sizeof(fault_sigs) / sizeof(fault_sigs[0])];

/* fault_old's entry for sig, one of fault_sigs. */
static struct sigaction *old_action(int sig)
{
	size_t i;

	for (i = 0; i < sizeof(fault_sigs) / sizeof(fault_sigs[0]) - 1; i++)
		if (fault_sigs[i] == sig)
			break;
	return &fault_old[i];
}

static void on_signal(int sig)
{
	if (!caught_signal)
		caught_signal = sig;
}

static void on_fault(int sig, siginfo_t *si, void *ctx)
{
	struct sigaction dfl;
	int saved = errno;

	(void)ctx;
	if (armed) {
		unlinkat(armed_dirfd, armed_name, AT_REMOVEDIR);
		armed = 0;
	}
	/* Once this handler returns, the signal goes to the old disposition
	 * (a real fault: a sanitizer's report), or, sent by kill(2), to the
	 * default: the death the sender asked for. */
	memset(&dfl, 0, sizeof(dfl));
	dfl.sa_handler = SIG_DFL;
	sigaction(sig, si->si_code <= 0 ? &dfl : old_action(sig), NULL);
	raise(sig);
	errno = saved;
}

/* One sigaction(2) installs ours and hands back the old action; a signal
 * our caller ignores (nohup, background jobs) is set back to SIG_IGN. The
 * caller blocks every signal meanwhile, so an ignored one is never caught:
 * setting SIG_IGN discards it if it came in between. */
static void handle(int sig, void (*fn)(int), void (*fault)(int, siginfo_t *, void *))
{
	struct sigaction sa, cur;

	memset(&sa, 0, sizeof(sa));
	if (fault) {
		sa.sa_sigaction = fault;
		sa.sa_flags = SA_SIGINFO;
	} else {
		sa.sa_handler = fn;
	}
	sigemptyset(&sa.sa_mask);
	if (sigaction(sig, &sa, &cur) < 0)
		return;
	if (!(cur.sa_flags & SA_SIGINFO) && cur.sa_handler == SIG_IGN)
		sigaction(sig, &cur, NULL);
	else if (fault)
		*old_action(sig) = cur;
}

void tsm_signals_init(void)
{
	sigset_t all, old;
	size_t i;
	int sig;

	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	for (i = 0; i < sizeof(async_sigs) / sizeof(async_sigs[0]); i++)
		handle(async_sigs[i], on_signal, NULL);
	for (sig = SIGRTMIN; sig <= SIGRTMAX; sig++)
		handle(sig, on_signal, NULL);
	for (i = 0; i < sizeof(fault_sigs) / sizeof(fault_sigs[0]); i++)
		handle(fault_sigs[i], NULL, on_fault);
	signal(SIGPIPE, SIG_IGN);
	sigprocmask(SIG_SETMASK, &old, NULL);
}

int tsm_caught(void)
{
	return caught_signal;
}

int tsm_signal_exit(void)
{
	return 128 + caught_signal;
}

void tsm_signals_arm(int dirfd, const char *name)
{
	size_t n = strlen(name);

	armed_dirfd = dirfd;
	if (n >= sizeof(armed_name))
		n = sizeof(armed_name) - 1;
	memcpy(armed_name, name, n);
	armed_name[n] = 0;
	armed = 1;
}

void tsm_signals_disarm(void)
{
	armed = 0;
}
