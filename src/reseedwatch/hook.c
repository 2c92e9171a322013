// SPDX-License-Identifier: GPL-2.0-or-later
/* watch --exec and --exec-dir: the hooks of one event run one after the
 * other; events that arrive meanwhile are coalesced into one more run with
 * the latest value. Each hook has its own process group and time limit. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdlib.h>
#include <poll.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/close_range.h>

#include "hk/err.h"
#include "hk/io.h"
#include "hook.h"
#include "hookdir.h"

#define NVARS 12
#define VARLEN 64

extern char **environ;

static int64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void free_hook_list(char **l, size_t n)
{
	while (n)
		free(l[--n]);
	free(l);
}

int rw_hook_init(struct rw_hook *h, const char *cmd, const char *const *args, bool shell,
		 const char *dir, unsigned int timeout_s)
{
	memset(h, 0, sizeof(*h));
	h->cmd = cmd;
	h->args = args;
	h->shell = shell;
	h->dir = dir;
	h->dirfd = -1;
	h->pidfd = -1;
	h->deadline = -1;
	h->timeout_s = timeout_s;
	return dir ? rw_hookdir_open(h) : 0;
}

void rw_hook_close(struct rw_hook *h)
{
	free_hook_list(h->list, h->nlist);
	free_hook_list(h->skipped, h->nskipped);
	h->list = h->skipped = NULL;
	h->nlist = h->nskipped = 0;
	if (h->dirfd >= 0)
		close(h->dirfd);
	h->dirfd = -1;
}

/* Our variables replace any inherited ones of the same name. */
static char **build_env(const struct rw_event *ev, uint32_t old, char vars[NVARS][VARLEN])
{
	char when[48], **env;
	size_t n = 0, i, k = 0;

	rw_time_format(&ev->when, when, sizeof(when));
	snprintf(vars[0], VARLEN, "RESEED_EPOCH=0x%08" PRIx32, ev->new);
	snprintf(vars[1], VARLEN, "RESEED_OLD_EPOCH=0x%08" PRIx32, old);
	snprintf(vars[2], VARLEN, "RESEED_NOTIFIER=%s", ev->name);
	snprintf(vars[3], VARLEN, "RESEED_NOTIFIER_ID=%u", RW_ID(ev->new));
	snprintf(vars[4], VARLEN, "RESEED_COUNTER=%" PRIu32, RW_COUNTER(ev->new));
	/* A VMClock event is one change; the epoch's counter says how many. */
	snprintf(vars[5], VARLEN, "RESEED_STEP=%" PRIu32, ev->origin == RW_ORIGIN_VMCLOCK ? 1 :
		 (RW_COUNTER(ev->new) - RW_COUNTER(old)) & RNDEPOCH_COUNTER_MASK);
	snprintf(vars[6], VARLEN, "RESEED_SOURCE=%s", ev->source);
	snprintf(vars[7], VARLEN, "RESEED_TIME=%s", when);
	/* reseed (the epoch), clone, backwards or migration (VMClock) */
	snprintf(vars[8], VARLEN, "RESEED_EVENT=%s", rw_kind_word(ev->kind));
	snprintf(vars[9], VARLEN, "RESEED_ORIGIN=%s", rw_origin_word(ev->origin));
	/* The changed VMClock field's values (the epoch's: its counter). */
	snprintf(vars[10], VARLEN, "RESEED_VALUE=%" PRIu64,
		 ev->origin == RW_ORIGIN_VMCLOCK ? ev->new64 : (uint64_t)RW_COUNTER(ev->new));
	snprintf(vars[11], VARLEN, "RESEED_OLD_VALUE=%" PRIu64,
		 ev->origin == RW_ORIGIN_VMCLOCK ? ev->old64 : (uint64_t)RW_COUNTER(old));
	while (environ[n])
		n++;
	env = calloc(n + NVARS + 1, sizeof(*env));
	if (!env)
		return NULL;
	for (i = 0; i < n; i++)
		if (strncmp(environ[i], "RESEED_", 7) != 0)
			env[k++] = environ[i];
	for (i = 0; i < NVARS; i++)
		env[k++] = vars[i];
	return env;
}

static char **build_argv(const struct rw_hook *h, const char *path)
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
		argv[k++] = (char *)path;
		argv[k++] = (char *)hk_progname();	/* $0; ARGS become $1... */
	} else {
		argv[k++] = (char *)path;
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
	int null, fl, fd;

	null = open("/dev/null", O_RDWR);
	fl = fcntl(STDERR_FILENO, F_GETFD);
	if (fl < 0 || (fl & FD_CLOEXEC))
		dup2(null, STDERR_FILENO);
	dup2(null, STDIN_FILENO);
	dup2(STDERR_FILENO, STDOUT_FILENO);
	if (null > STDERR_FILENO)
		close(null);
	/* Descriptors we inherited without close-on-exec (a test harness's,
	 * a service manager's) are not the hook's either. */
	if (close_range(3, ~0U, CLOSE_RANGE_CLOEXEC) < 0)
		for (fd = 3; fd < 1024; fd++)
			fcntl(fd, F_SETFD, FD_CLOEXEC);
}

/* In its own process group, so a time limit reaches what it started. */
static void child(const struct rw_hook *h, const char *path, char **argv, char **env, int errfd)
{
	sigset_t none;
	int e;

	setpgid(0, 0);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGPIPE, SIG_DFL);
	child_fds();
	if (h->shell)
		execve("/bin/sh", argv, env);
	else if (h->dir)
		execve(path, argv, env);
	else
		execvpe(path, argv, env);
	e = errno;
	if (write(errfd, &e, sizeof(e)) < 0)
		_exit(127);
	_exit(127);
}

static const char *what(const struct rw_hook *h)
{
	return h->dir ? "hook" : "command";
}

/* One line per failed hook: its status and, past its time limit, what
 * was sent. */
static void report(const struct rw_hook *h, int st)
{
	const char *name = h->list[h->idx];
	char limit[96] = "";

	if (h->killed)
		snprintf(limit, sizeof(limit), " after its time limit of %u s (%s)", h->timeout_s,
			 h->killed == SIGKILL ? "SIGTERM, then SIGKILL" : "SIGTERM");
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0 && !h->killed)
		return;
	if (WIFEXITED(st))
		hk_err("%s '%s' for epoch 0x%08" PRIx32 " failed with exit status %d%s",
		       what(h), name, h->run.new, WEXITSTATUS(st), limit);
	else if (WIFSIGNALED(st))
		hk_err("%s '%s' for epoch 0x%08" PRIx32 " was killed by signal %d (%s)%s",
		       what(h), name, h->run.new, WTERMSIG(st), strsignal(WTERMSIG(st)), limit);
}

/* Fork and exec hook idx: true if it runs, false after reporting why not. */
static bool start_one(struct rw_hook *h)
{
	const char *path = h->list[h->idx];
	char **argv = NULL, **env = NULL, vars[NVARS][VARLEN];
	int pfd[2] = { -1, -1 }, e = 0, st;
	ssize_t n;
	pid_t pid = -1;

	h->runs++;
	argv = build_argv(h, path);
	env = build_env(&h->run, h->run_old, vars);
	errno = 0;
	if (!argv || !env || pipe2(pfd, O_CLOEXEC) < 0) {
		e = errno ? errno : ENOMEM;
		goto fail;
	}
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		e = errno;
		goto fail;
	}
	if (pid == 0)
		child(h, path, argv, env, pfd[1]);
	setpgid(pid, pid);	/* as the child does: no race with a kill(-pid) */
	close(pfd[1]);
	pfd[1] = -1;
	/* EOF: exec succeeded (the pipe is close-on-exec); 4 bytes: its errno. */
	n = hk_read_sig(pfd[0], &e, sizeof(e), NULL);
	if (n == sizeof(e)) {
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
		goto fail;
	}
	h->pid = pid;
	h->killed = 0;
	h->deadline = h->timeout_s ? mono_ns() + (int64_t)h->timeout_s * 1000000000 : -1;
	/* The hook's exit wakes poll(2) through this, whether SIGCHLD
	 * arrives or not; without pidfd_open(2) the caller looks every
	 * RW_HOOK_POLL_MS. A zombie keeps its PID, so this cannot race. */
#ifdef SYS_pidfd_open
	h->pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
#endif
	goto out;
fail:
	hk_err("cannot run %s'%s' for epoch 0x%08" PRIx32 ": %s", h->dir ? "hook " : "", path,
	       h->run.new, strerror(e));
	h->failures++;
out:
	if (pfd[0] >= 0)
		close(pfd[0]);
	if (pfd[1] >= 0)
		close(pfd[1]);
	free(argv);
	free(env);
	return h->pid != 0;
}

/* Start the next hook that can run; at the end of the list, the pending
 * run. go_on false (a termination signal): neither. */
static void advance(struct rw_hook *h, bool go_on)
{
	for (; go_on && h->idx < h->nlist; h->idx++)
		if (start_one(h))
			return;
	free_hook_list(h->list, h->nlist);
	h->list = NULL;
	h->nlist = h->idx = 0;
	if (h->pending && go_on) {
		h->pending = false;
		rw_hook_event(h, &h->next);
	}
}

void rw_hook_event(struct rw_hook *h, const struct rw_event *ev)
{
	if (h->pid || h->nlist) {
		h->pending = true;
		h->next = *ev;
		return;
	}
	h->run = *ev;
	h->run_old = h->have_last ? h->last_epoch : ev->old;
	h->have_last = true;
	h->last_epoch = ev->new;
	if (h->dir) {
		h->list = rw_hookdir_scan(h, &h->nlist);
	} else {
		h->list = calloc(1, sizeof(*h->list));
		if (h->list && (h->list[0] = strdup(h->cmd)))
			h->nlist = 1;
		else
			hk_err("cannot run '%s' for epoch 0x%08" PRIx32 ": %s", h->cmd, ev->new,
			       strerror(ENOMEM));
	}
	h->idx = 0;
	advance(h, true);
}

/* The time limit: SIGTERM to the process group, SIGKILL after the grace. */
static void enforce_limit(struct rw_hook *h)
{
	if (h->deadline < 0 || mono_ns() < h->deadline)
		return;
	if (!h->killed) {
		kill(-h->pid, SIGTERM);
		h->killed = SIGTERM;
		h->deadline = mono_ns() + (int64_t)RW_HOOK_KILL_GRACE_MS * 1000000;
	} else {
		kill(-h->pid, SIGKILL);
		h->killed = SIGKILL;
		h->deadline = -1;
	}
}

void rw_hook_reap(struct rw_hook *h, bool start_pending)
{
	siginfo_t si = { 0 };
	int st;
	pid_t r;

	if (!h->pid)
		return;
	enforce_limit(h);
	/* What a hook past its limit left in its group goes too, while the
	 * zombie leader still holds the group's number. */
	if (h->killed && waitid(P_PID, (id_t)h->pid, &si, WEXITED | WNOHANG | WNOWAIT) == 0 &&
	    si.si_pid == h->pid)
		kill(-h->pid, SIGKILL);
	do
		r = waitpid(h->pid, &st, WNOHANG);
	while (r < 0 && errno == EINTR);
	if (r == 0)
		return;
	/* r < 0 (ECHILD): reaped by someone else, the status is lost. */
	h->pid = 0;
	h->deadline = -1;
	if (h->pidfd >= 0)
		close(h->pidfd);
	h->pidfd = -1;
	if (r > 0) {
		report(h, st);
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0 || h->killed)
			h->failures++;
	}
	h->idx++;
	advance(h, start_pending);
}

int64_t rw_hook_wait_ns(const struct rw_hook *h, int64_t now, int64_t wait_ns)
{
	int64_t w = -1;

	if (!h->pid)
		return wait_ns;
	if (h->pidfd < 0)
		w = RW_HOOK_POLL_MS * 1000000LL;
	if (h->deadline >= 0 && (w < 0 || h->deadline - now < w))
		w = h->deadline > now ? h->deadline - now : 0;
	return w >= 0 && (wait_ns < 0 || w < wait_ns) ? w : wait_ns;
}

/* Wait for the running hooks (and, unless stopped by a signal, the
 * coalesced run). A termination signal meanwhile gives up the hooks not
 * yet started and the pending run and passes SIGTERM on to the hook's
 * process group; a second one, SIGKILL. */
void rw_hook_drain(struct rw_hook *h, bool start_pending, struct rw_sig *sig)
{
	struct pollfd pfd[2];
	int64_t w;
	int sent = 0;

	for (;;) {
		rw_hook_reap(h, start_pending);
		if (!h->pid)
			return;
		w = rw_hook_wait_ns(h, mono_ns(), -1);
		pfd[0] = (struct pollfd){ .fd = h->pidfd, .events = POLLIN };
		pfd[1] = (struct pollfd){ .fd = sig->fd, .events = POLLIN };
		if (poll(pfd, 2, w < 0 ? -1 : (int)((w + 999999) / 1000000)) <= 0)
			continue;
		if ((pfd[1].revents & POLLIN) && rw_sig_read(sig)) {
			start_pending = false;
			kill(-h->pid, sent++ ? SIGKILL : SIGTERM);
		}
	}
}
