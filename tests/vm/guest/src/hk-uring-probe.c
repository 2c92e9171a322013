// SPDX-License-Identifier: GPL-2.0-or-later
/* Create an io_uring with io_uring_setup(2): exit 0 if allowed, 1 on EPERM, 2 on other errors. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/io_uring.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct io_uring_params p;
	const char *ready = NULL;
	int fd;

	if (argc == 3 && strcmp(argv[1], "--hold") == 0) {
		ready = argv[2];
	} else if (argc != 1) {
		fprintf(stderr, "usage: hk-uring-probe [--hold READY_FILE]\n");
		return 3;
	}

	memset(&p, 0, sizeof(p));
	fd = syscall(__NR_io_uring_setup, 4, &p);
	if (fd < 0) {
		int err = errno;

		printf("io_uring_setup: %s (%s)\n", strerrorname_np(err), strerror(err));
		return err == EPERM ? 1 : 2;
	}
	printf("io_uring_setup: ok\n");
	fflush(stdout);
	if (!ready)
		return 0;

	/* Keep the ring open until killed; the ready file (or FIFO) says it exists. */
	int rfd = open(ready, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);

	if (rfd < 0 || dprintf(rfd, "%d\n", (int)getpid()) < 0 || close(rfd) < 0) {
		fprintf(stderr, "hk-uring-probe: cannot write %s: %s\n", ready, strerror(errno));
		return 2;
	}
	for (;;)
		pause();
}
