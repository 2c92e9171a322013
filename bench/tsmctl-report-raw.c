// SPDX-License-Identifier: GPL-2.0-or-later
/* The least a configfs-tsm report takes, for bench/tsmctl-report:
 *   tsmctl-report-raw report HEX   mkdir, write inblob, read outblob, write it
 *                                  to stdout, rmdir: raw syscalls, no checks
 *   tsmctl-report-raw run N CMD... run CMD N times (fork, exec, wait4); print
 *                                  "runs N ns TOTAL maxrss_kib MAX failed F" */
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

static int run(long n, char **cmd)
{
	struct timespec t0, t1;
	struct rusage ru;
	long i, failed = 0, maxrss = 0;
	int st, null;
	pid_t pid;

	null = open("/dev/null", O_WRONLY);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < n; i++) {
		pid = fork();
		if (pid == 0) {
			dup2(null, 1);
			execvp(cmd[0], cmd);
			_exit(127);
		}
		if (pid < 0 || wait4(pid, &st, 0, &ru) < 0)
			return 1;
		if (!WIFEXITED(st) || WEXITSTATUS(st))
			failed++;
		if (ru.ru_maxrss > maxrss)
			maxrss = ru.ru_maxrss;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("runs %ld ns %lld maxrss_kib %ld failed %ld\n", n,
	       (long long)(t1.tv_sec - t0.tv_sec) * 1000000000LL + (t1.tv_nsec - t0.tv_nsec), maxrss, failed);
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
