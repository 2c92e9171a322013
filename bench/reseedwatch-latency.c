// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Guest half of bench/reseedwatch-latency: for each watch mode, the time from
 * RNDRESEEDCRNG to the event line on the watcher's stdout (median, p99 over N
 * events, each triggered at a random phase), then the CPU time and wakeups of
 * all modes side by side while nothing happens for IDLE seconds.
 *
 *   hk-rw-latency RESEEDWATCH N IDLE
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/random.h>

struct mode {
	const char *name;
	const char *interval;	/* NULL: poll(2) */
	double median, p99;	/* ms, from the start of the trigger */
	double after_ioctl;	/* ms, median from the ioctl's return (the value is out) */
	double cpu;		/* s over the idle period */
	long wakeups;		/* voluntary context switches while idle */
};

static struct mode modes[] = {
	{ .name = "poll" },
	{ .name = "interval 1 ms", .interval = "1" },
	{ .name = "interval 10 ms", .interval = "10" },
	{ .name = "interval 100 ms", .interval = "100" },
};
#define NMODES (sizeof(modes) / sizeof(modes[0]))

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void die(const char *what)
{
	fprintf(stderr, "hk-rw-latency: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* Start a watcher with stdout on a pipe; wait for its notice on stderr. */
static pid_t spawn(const char *rw, const struct mode *m, int *out)
{
	int po[2], pe[2];
	char buf[512];
	ssize_t n;
	pid_t pid;

	if (pipe(po) < 0 || pipe(pe) < 0)
		die("pipe");
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		dup2(po[1], 1);
		dup2(pe[1], 2);
		close(po[0]);
		close(pe[0]);
		if (m->interval)
			execl(rw, "reseedwatch", "watch", "--interval", m->interval, (char *)NULL);
		else
			execl(rw, "reseedwatch", "watch", (char *)NULL);
		_exit(127);
	}
	close(po[1]);
	close(pe[1]);
	n = read(pe[0], buf, sizeof(buf) - 1);
	if (n <= 0 || !memmem(buf, (size_t)n, "watching", 8)) {
		fprintf(stderr, "hk-rw-latency: watcher (%s) did not start\n", m->name);
		exit(1);
	}
	close(pe[0]);
	*out = po[0];
	return pid;
}

/* CPU time (s, USER_HZ ticks) and voluntary switches of pid so far. */
static void usage_of(pid_t pid, double *cpu, long *vcsw)
{
	char path[64], buf[4096], *p;
	unsigned long ut = 0, st = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "r");
	if (!f || !fgets(buf, sizeof(buf), f))
		die(path);
	fclose(f);
	p = strrchr(buf, ')');
	/* fields 14 and 15 after "pid (comm)" */
	if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) != 2)
		die("parse stat");
	*cpu = (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "r");
	if (!f)
		die(path);
	*vcsw = -1;
	while (fgets(buf, sizeof(buf), f))
		if (sscanf(buf, "voluntary_ctxt_switches: %ld", vcsw) == 1)
			break;
	fclose(f);
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void latency(const char *rw, struct mode *m, int urandom, int n)
{
	double *lat = calloc((size_t)n, sizeof(*lat)), *post = calloc((size_t)n, sizeof(*post));
	double t0, t1, phase = m->interval ? atof(m->interval) : 1;
	char c;
	int out, i;
	pid_t pid = spawn(rw, m, &out);

	if (!lat || !post)
		die("calloc");
	for (i = 0; i < n; i++) {
		/* A random phase against the watcher's looks, as real events have. */
		struct timespec ts = { 0, (long)(drand48() * phase * 1e6) };

		nanosleep(&ts, NULL);
		t0 = now_ms();
		if (ioctl(urandom, RNDRESEEDCRNG) < 0)
			die("RNDRESEEDCRNG");
		t1 = now_ms();
		do {
			if (read(out, &c, 1) != 1)
				die("read from the watcher");
		} while (c != '\n');
		lat[i] = now_ms() - t0;
		post[i] = now_ms() - t1;
	}
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
	close(out);
	qsort(lat, (size_t)n, sizeof(*lat), cmp);
	qsort(post, (size_t)n, sizeof(*post), cmp);
	m->median = lat[n / 2];
	m->p99 = lat[(n * 99) / 100 < n ? (n * 99) / 100 : n - 1];
	m->after_ioctl = post[n / 2];
	free(lat);
	free(post);
}

int main(int argc, char **argv)
{
	const char *rw;
	pid_t pids[NMODES];
	double cpu0[NMODES];
	long vcsw0[NMODES];
	int outs[NMODES], urandom, n, idle;
	size_t i;

	if (argc != 4)
		return 2;
	rw = argv[1];
	n = atoi(argv[2]);
	idle = atoi(argv[3]);
	if (n < 1 || idle < 1)
		return 2;
	srand48((long)time(NULL));
	urandom = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	if (urandom < 0)
		die("/dev/urandom");
	for (i = 0; i < NMODES; i++) {
		latency(rw, &modes[i], urandom, n);
		printf("latency %-16s median %8.3f ms  p99 %8.3f ms  median after the ioctl returned %8.3f ms  (n=%d)\n",
		       modes[i].name, modes[i].median, modes[i].p99, modes[i].after_ioctl, n);
		fflush(stdout);
	}
	/* Idle: all modes at once, nothing triggers; only the idle window
	 * counts, not the start-up. */
	for (i = 0; i < NMODES; i++)
		pids[i] = spawn(rw, &modes[i], &outs[i]);
	sleep(1);
	for (i = 0; i < NMODES; i++)
		usage_of(pids[i], &cpu0[i], &vcsw0[i]);
	sleep((unsigned int)idle);
	for (i = 0; i < NMODES; i++) {
		double cpu;
		long vcsw;

		usage_of(pids[i], &cpu, &vcsw);
		modes[i].cpu = cpu - cpu0[i];
		modes[i].wakeups = vcsw - vcsw0[i];
		kill(pids[i], SIGTERM);
		waitpid(pids[i], NULL, 0);
		close(outs[i]);
	}
	printf("\n%-16s %12s %12s %16s %14s %14s\n", "mode", "median (ms)", "p99 (ms)",
	       "after ioctl (ms)", "idle CPU (s)", "idle wakeups");
	for (i = 0; i < NMODES; i++)
		printf("%-16s %12.3f %12.3f %16.3f %14.2f %14ld\n", modes[i].name, modes[i].median,
		       modes[i].p99, modes[i].after_ioctl, modes[i].cpu, modes[i].wakeups);
	printf("\n(idle: %d s with all four watchers side by side, start-up excluded; CPU in %ld Hz ticks; wakeups are voluntary context switches)\n",
	       idle, sysconf(_SC_CLK_TCK));
	printf("target: poll median <= interval-10ms median / 10: %s (%.3f vs %.3f ms); poll idle wakeups: %ld\n",
	       modes[0].median <= modes[2].median / 10 ? "met" : "NOT met", modes[0].median,
	       modes[2].median / 10, modes[0].wakeups);
	return 0;
}
