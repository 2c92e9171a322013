// SPDX-License-Identifier: GPL-2.0-or-later
/* Create and close N io_uring instances, one after the other (one process),
 * or N short-lived processes that create one each (--fork); print the
 * elapsed time in microseconds. For bench/uringpolicy-record. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/io_uring.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int one(void)
{
	struct io_uring_params p;
	int fd;

	memset(&p, 0, sizeof(p));
	fd = (int)syscall(__NR_io_uring_setup, 4, &p);
	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	int fork_each = argc == 3 && strcmp(argv[1], "--fork") == 0;
	long n = argc >= 2 ? atol(argv[argc - 1]) : 0, i;
	struct timespec a, b;
	int st, r;
	pid_t pid;

	if (n <= 0) {
		fprintf(stderr, "usage: uringpolicy-record-burst [--fork] N\n");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < n; i++) {
		if (!fork_each) {
			r = one();
		} else {
			pid = fork();
			if (pid == 0)
				_exit(one() < 0);
			r = pid < 0 || waitpid(pid, &st, 0) < 0 || st != 0 ? -EIO : 0;
		}
		if (r < 0) {
			fprintf(stderr, "uringpolicy-record-burst: ring %ld: %s\n", i, strerror(-r));
			return 1;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("%ld\n", (long)((b.tv_sec - a.tv_sec) * 1000000 + (b.tv_nsec - a.tv_nsec) / 1000));
	return 0;
}
