// SPDX-License-Identifier: GPL-2.0-or-later
/* The floor under tsmctl report, for bench/tsmctl-report: the system calls
 * that tsmctl's checks need, in its order, and its option parser, with no
 * logic between them (no value is checked, no message built):
 *   tsmctl-report-floor report --nonce HEX
 * popt reads the options; poll(2) looks for closed fds 0-2 and isatty(3)
 * chooses the format; a handler goes on every signal that would end the
 * process (sigaction(2) each, the old action handed back) and SIGPIPE is
 * ignored; the private entry's name takes CLOCK_BOOTTIME, the time and PID
 * namespaces (readlink(2)) and getrandom(2); the entry is made relative to
 * the opened report directory with every signal blocked; provider is read
 * before the nonce is written, generation after outblob. What tsmctl
 * takes beyond this row is its own logic. */
#include <fcntl.h>
#include <poll.h>
#include <popt.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/random.h>
#include <sys/stat.h>

static unsigned char outblob[32768];

static void on_signal(int sig)
{
	(void)sig;
}

static void handlers(void)
{
	struct sigaction sa = { .sa_handler = on_signal }, old;
	sigset_t all, prev;
	int sig;

	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &prev);
	for (sig = 1; sig <= SIGRTMAX; sig++)
		if (sig != SIGKILL && sig != SIGSTOP && sig != SIGCHLD && sig != SIGCONT && sig != SIGTSTP &&
		    sig != SIGTTIN && sig != SIGTTOU && sig != SIGURG && sig != SIGWINCH && sig != SIGPIPE &&
		    (sig < 32 || sig >= SIGRTMIN))
			sigaction(sig, &sa, &old);
	signal(SIGPIPE, SIG_IGN);
	sigprocmask(SIG_SETMASK, &prev, NULL);
}

/* One read(2) for a line (as tsmctl reads provider and generation), or
 * up to the end (a blob). */
static ssize_t attr_read(int dir, const char *entry, const char *attr, void *buf, size_t size, int line)
{
	char path[256];
	ssize_t n, total = 0;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", entry, attr);
	fd = openat(dir, path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -1;
	while ((n = read(fd, (char *)buf + total, size - (size_t)total)) > 0 && !line)
		total += n;
	if (line && n > 0)
		total = n;
	close(fd);
	return n < 0 ? -1 : total;
}

static int report(const char *hex)
{
	struct pollfd std[3] = { { .fd = 0 }, { .fd = 1 }, { .fd = 2 } };
	unsigned char nonce[64], line[64];
	sigset_t all, prev;
	struct timespec now;
	char name[96], path[256], link[64];
	size_t n = strlen(hex) / 2, i;
	unsigned int rnd;
	ssize_t total;
	int dir, fd, bad;

	poll(std, 3, 0);
	(void)isatty(STDOUT_FILENO);
	if (n > sizeof(nonce))
		n = sizeof(nonce);
	for (i = 0; i < n; i++)
		sscanf(hex + 2 * i, "%2hhx", &nonce[i]);
	dir = open("/sys/kernel/config/tsm/report", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (dir < 0)
		return 1;
	handlers();
	clock_gettime(CLOCK_BOOTTIME, &now);
	if (readlink("/proc/self/ns/time", link, sizeof(link)) < 0 ||
	    readlink("/proc/self/ns/pid", link, sizeof(link)) < 0 ||
	    getrandom(&rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd))
		return 1;
	snprintf(name, sizeof(name), "floor-%d-%lld-%08x", (int)getpid(), (long long)now.tv_sec, rnd);
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &prev);
	bad = mkdirat(dir, name, 0755) < 0;
	sigprocmask(SIG_SETMASK, &prev, NULL);
	if (bad)
		return 1;
	snprintf(path, sizeof(path), "%s/inblob", name);
	bad = attr_read(dir, name, "provider", line, sizeof(line), 1) <= 0;
	fd = bad ? -1 : openat(dir, path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
	bad = fd < 0 || write(fd, nonce, n) != (ssize_t)n;
	if (fd >= 0)
		close(fd);
	total = bad ? -1 : attr_read(dir, name, "outblob", outblob, sizeof(outblob), 0);
	bad = total <= 0 || attr_read(dir, name, "generation", line, sizeof(line), 1) <= 0;
	if (unlinkat(dir, name, AT_REMOVEDIR) < 0 || bad || write(STDOUT_FILENO, outblob, (size_t)total) != total)
		return 1;
	return close(dir) < 0 || close(STDOUT_FILENO) < 0;
}

int main(int argc, const char **argv)
{
	char *hex = NULL;
	struct poptOption opts[] = {
		{ "nonce", 'n', POPT_ARG_STRING, &hex, 0, "The nonce", "HEX" },
		POPT_AUTOHELP
		POPT_TABLEEND
	};
	poptContext ctx;
	int rc;

	if (argc < 2 || strcmp(argv[1], "report") != 0) {
		fprintf(stderr, "usage: %s report --nonce HEX\n", argv[0]);
		return 2;
	}
	ctx = poptGetContext("tsmctl-report-floor", argc - 1, argv + 1, opts, 0);
	while ((rc = poptGetNextOpt(ctx)) > 0)
		;
	rc = rc == -1 && hex ? report(hex) : 2;
	poptFreeContext(ctx);
	return rc;
}
