// SPDX-License-Identifier: GPL-2.0-or-later
/* watch --exec: one command at a time; events that arrive while it runs are
 * coalesced into one more run with the latest value. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdlib.h>
#include <poll.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "hk/err.h"
#include "hk/io.h"
#include "hook.h"

extern char **environ;

void rw_hook_init(struct rw_hook *h, const char *cmd, const char *const *args, bool shell,
		  uint32_t start)
{
	memset(h, 0, sizeof(*h));
	h->cmd = cmd;
	h->args = args;
	h->shell = shell;
	h->last_epoch = start;
	h->pidfd = -1;
}

/* Our variables replace any inherited ones of the same name. */
static char **build_env(const struct rw_event *ev, uint32_t old, char vars[6][64])
{
	char **env;
	size_t n = 0, i, k = 0;

	snprintf(vars[0], 64, "RESEED_EPOCH=0x%08" PRIx32, ev->new);
	snprintf(vars[1], 64, "RESEED_OLD_EPOCH=0x%08" PRIx32, old);
	snprintf(vars[2], 64, "RESEED_NOTIFIER=%s", ev->name);
	snprintf(vars[3], 64, "RESEED_NOTIFIER_ID=%u", RW_ID(ev->new));
	snprintf(vars[4], 64, "RESEED_COUNTER=%" PRIu32, RW_COUNTER(ev->new));
	snprintf(vars[5], 64, "RESEED_STEP=%" PRIu32,
		 (RW_COUNTER(ev->new) - RW_COUNTER(old)) & RNDEPOCH_COUNTER_MASK);
	while (environ[n])
		n++;
	env = calloc(n + 7, sizeof(*env));
	if (!env)
		return NULL;
	for (i = 0; i < n; i++)
		if (strncmp(environ[i], "RESEED_", 7) != 0)
			env[k++] = environ[i];
	for (i = 0; i < 6; i++)
		env[k++] = vars[i];
	return env;
}

static char **build_argv(const struct rw_hook *h)
{
	size_t n = 0, i, k = 0;
	char **argv;

	while (h->args && h->args[n])
		n++;
	argv = calloc(n + 5, sizeof(*argv));
	if (!argv)
		return NULL;
	if (h->shell) {
		argv[k++] = (char *)"sh";
		argv[k++] = (char *)"-c";
		argv[k++] = (char *)h->cmd;
		argv[k++] = (char *)hk_progname();	/* $0; ARGS become $1... */
	} else {
		argv[k++] = (char *)h->cmd;
	}
	for (i = 0; i < n; i++)
		argv[k++] = (char *)h->args[i];
	return argv;
}

/* Standard input from /dev/null; standard output to our standard error,
 * never the event stream. Our standard error counts only when the caller
 * gave one: every descriptor of ours is close-on-exec, so a close-on-exec
 * fd 2 took the place of a closed one. Otherwise /dev/null for both. */
static void child_fds(void)
{
	int null, fl;

	null = open("/dev/null", O_RDWR);
	fl = fcntl(STDERR_FILENO, F_GETFD);
	if (fl < 0 || (fl & FD_CLOEXEC))
		dup2(null, STDERR_FILENO);
	dup2(null, STDIN_FILENO);
	dup2(STDERR_FILENO, STDOUT_FILENO);
	if (null > STDERR_FILENO)
		close(null);
}

static void child(const struct rw_hook *h, char **argv, char **env, int errfd)
{
	sigset_t none;
	int e;

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGPIPE, SIG_DFL);
	child_fds();
	if (h->shell)
		execve("/bin/sh", argv, env);
	else
		execvpe(h->cmd, argv, env);
	e = errno;
	if (write(errfd, &e, sizeof(e)) < 0)
		_exit(127);
	_exit(127);
}

static void report(const struct rw_hook *h, int st)
{
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return;
	if (WIFEXITED(st))
		hk_err("command '%s' for epoch 0x%08" PRIx32 " failed with exit status %d",
		       h->cmd, h->run_epoch, WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		hk_err("command '%s' for epoch 0x%08" PRIx32 " was killed by signal %d (%s)",
		       h->cmd, h->run_epoch, WTERMSIG(st), strsignal(WTERMSIG(st)));
}

static void start(struct rw_hook *h, const struct rw_event *ev)
{
	char **argv = NULL, **env = NULL, vars[6][64];
	int pfd[2] = { -1, -1 }, e = 0, st;
	ssize_t n;
	pid_t pid;

	h->run_epoch = ev->new;
	h->runs++;
	argv = build_argv(h);
	env = build_env(ev, h->last_epoch, vars);
	h->last_epoch = ev->new;
	errno = 0;
	if (!argv || !env || pipe2(pfd, O_CLOEXEC) < 0) {
		hk_err("cannot run '%s' for epoch 0x%08" PRIx32 ": %s", h->cmd, ev->new,
		       strerror(errno ? errno : ENOMEM));
		h->failures++;
		goto out;
	}
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		hk_err("cannot run '%s' for epoch 0x%08" PRIx32 ": fork: %s", h->cmd, ev->new,
		       strerror(errno));
		h->failures++;
		goto out;
	}
	if (pid == 0)
		child(h, argv, env, pfd[1]);
	close(pfd[1]);
	pfd[1] = -1;
	/* EOF: exec succeeded (the pipe is close-on-exec); 4 bytes: its errno. */
	n = hk_read_sig(pfd[0], &e, sizeof(e), NULL);
	if (n == sizeof(e)) {
		hk_err("cannot run '%s' for epoch 0x%08" PRIx32 ": %s", h->cmd, ev->new,
		       strerror(e));
		h->failures++;
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
		goto out;
	}
	h->pid = pid;
	/* The command's exit wakes poll(2) through this, whether SIGCHLD
	 * arrives or not; without pidfd_open(2) the caller looks every
	 * RW_HOOK_POLL_MS. A zombie keeps its PID, so this cannot race. */
#ifdef SYS_pidfd_open
	h->pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
#endif
out:
	if (pfd[0] >= 0)
		close(pfd[0]);
	if (pfd[1] >= 0)
		close(pfd[1]);
	free(argv);
	free(env);
}

void rw_hook_event(struct rw_hook *h, const struct rw_event *ev)
{
	if (h->pid) {
		h->pending = true;
		h->next = *ev;
		return;
	}
	start(h, ev);
}

void rw_hook_reap(struct rw_hook *h, bool start_pending)
{
	int st;
	pid_t r;

	if (!h->pid)
		return;
	do
		r = waitpid(h->pid, &st, WNOHANG);
	while (r < 0 && errno == EINTR);
	if (r == 0)
		return;
	/* r < 0 (ECHILD): reaped by someone else, the status is lost. */
	h->pid = 0;
	if (h->pidfd >= 0)
		close(h->pidfd);
	h->pidfd = -1;
	if (r > 0) {
		report(h, st);
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
			h->failures++;
	}
	if (h->pending && start_pending) {
		h->pending = false;
		start(h, &h->next);
	}
}

/* Wait for the running command (and, unless stopped by a signal, the
 * coalesced run). A termination signal meanwhile gives up the pending run
 * and passes SIGTERM on to the command; a second one, SIGKILL. */
void rw_hook_drain(struct rw_hook *h, bool start_pending, struct rw_sig *sig)
{
	struct pollfd pfd[2];
	int sent = 0;

	for (;;) {
		rw_hook_reap(h, start_pending);
		if (!h->pid)
			return;
		pfd[0] = (struct pollfd){ .fd = h->pidfd, .events = POLLIN };
		pfd[1] = (struct pollfd){ .fd = sig->fd, .events = POLLIN };
		if (poll(pfd, 2, h->pidfd < 0 ? RW_HOOK_POLL_MS : -1) <= 0)
			continue;
		if ((pfd[1].revents & POLLIN) && rw_sig_read(sig)) {
			start_pending = false;
			kill(h->pid, sent++ ? SIGKILL : SIGTERM);
		}
	}
}
