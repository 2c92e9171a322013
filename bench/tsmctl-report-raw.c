// SPDX-License-Identifier: GPL-2.0-or-later
/* The least a configfs-tsm report takes, for bench/tsmctl-report:
 *   tsmctl-report-raw report HEX   mkdir, write inblob, read outblob, write it
 *                                  to stdout, rmdir: raw syscalls, no checks
 *   tsmctl-report-raw run N CMD... [-- CMD...]...
 *                                  run each CMD N times (fork, exec, wait4),
 *                                  taking turns (round i starting at CMD i mod
 *                                  the count), so that the drift of a shared
 *                                  machine weighs on every command alike; print
 *                                  a line "runs N ns TOTAL maxrss_kib MAX
 *                                  failed F faults P median_ns M min_ns F" for
 *                                  each CMD, in order (P: page faults per run,
 *                                  minor and major; M and F: the median and
 *                                  the fastest run) */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

#define REPORTS "/sys/kernel/config/tsm/report/"

static unsigned char outblob[32768];

static int report(const char *hex)
{
	unsigned char nonce[64];
	char dir[96], path[128];
	size_t n = strlen(hex) / 2, i;
	ssize_t got, total = 0;
	int fd;

	if (n > sizeof(nonce))
		n = sizeof(nonce);
	for (i = 0; i < n; i++)
		sscanf(hex + 2 * i, "%2hhx", &nonce[i]);
	snprintf(dir, sizeof(dir), REPORTS "raw-%d", (int)getpid());
	if (mkdir(dir, 0755) < 0)
		return 1;
	snprintf(path, sizeof(path), "%s/inblob", dir);
	fd = open(path, O_WRONLY);
	if (fd < 0 || write(fd, nonce, n) != (ssize_t)n || close(fd) < 0)
		goto fail;
	snprintf(path, sizeof(path), "%s/outblob", dir);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		goto fail;
	while ((got = read(fd, outblob + total, sizeof(outblob) - (size_t)total)) > 0)
		total += got;
	close(fd);
	if (got < 0 || total == 0 || write(1, outblob, (size_t)total) != total)
		goto fail;
	return rmdir(dir) < 0;
fail:
	rmdir(dir);
	return 1;
}

#define MAX_CMDS 12

struct tally {
	char **argv;
	long long ns, *each;	/* the total, and each run's time */
	long maxrss, failed, faults;
};

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

static long long now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static int run(long n, char **args)
{
	struct tally cmds[MAX_CMDS];
	struct rusage ru;
	int st, null, ncmds = 0, c, k;
	long long t0;
	long i;
	pid_t pid;

	/* Split ARGS at each "--" into commands. */
	cmds[ncmds++] = (struct tally){ .argv = args };
	for (; *args; args++) {
		if (strcmp(*args, "--") != 0)
			continue;
		*args = NULL;
		if (ncmds == MAX_CMDS || !args[1])
			return 2;
		cmds[ncmds++] = (struct tally){ .argv = args + 1 };
	}
	null = open("/dev/null", O_WRONLY);
	if (null < 0)
		return 1;
	for (c = 0; c < ncmds; c++)
		if (!(cmds[c].each = calloc((size_t)n, sizeof(long long))))
			return 1;
	/* Round i starts at command i mod ncmds: each follows each other
	 * equally often, as the one before leaves the caches and the page
	 * allocator in its own state (a Go client's exit weighs on the next). */
	for (i = 0; i < n; i++) {
		for (k = 0; k < ncmds; k++) {
			c = (int)((i + k) % ncmds);
			t0 = now_ns();
			pid = fork();
			if (pid == 0) {
				dup2(null, 1);
				execvp(cmds[c].argv[0], cmds[c].argv);
				_exit(127);
			}
			if (pid < 0 || wait4(pid, &st, 0, &ru) < 0)
				return 1;
			cmds[c].each[i] = now_ns() - t0;
			cmds[c].ns += cmds[c].each[i];
			if (!WIFEXITED(st) || WEXITSTATUS(st))
				cmds[c].failed++;
			if (ru.ru_maxrss > cmds[c].maxrss)
				cmds[c].maxrss = ru.ru_maxrss;
			cmds[c].faults += ru.ru_minflt + ru.ru_majflt;
		}
	}
	/* The median run resists a shared machine's noise, which only adds
	 * time, better than the mean; the fastest run is shown beside it. */
	for (c = 0; c < ncmds; c++) {
		qsort(cmds[c].each, (size_t)n, sizeof(long long), cmp_ll);
		printf("runs %ld ns %lld maxrss_kib %ld failed %ld faults %ld median_ns %lld min_ns %lld\n", n,
		       cmds[c].ns, cmds[c].maxrss, cmds[c].failed, cmds[c].faults / n, cmds[c].each[n / 2],
		       cmds[c].each[0]);
		free(cmds[c].each);
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "report") == 0)
		return report(argv[2]);
	if (argc >= 4 && strcmp(argv[1], "run") == 0)
		return run(atol(argv[2]), argv + 3);
	fprintf(stderr, "usage: %s report HEX | run N CMD...\n", argv[0]);
	return 2;
}
