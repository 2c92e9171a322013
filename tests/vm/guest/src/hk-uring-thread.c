// SPDX-License-Identifier: GPL-2.0-or-later
/* hk-uring-thread READY_FILE: create a ring in the main thread, then a
 * thread that unshares its file table (unshare(CLONE_FILES)) and creates a
 * second ring there, so only /proc/PID/task/TID/fd shows it. Writes the PID
 * and the thread ID to READY_FILE (a FIFO or a file), then waits until
 * killed. Exit 2 on errors. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/io_uring.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static const char *ready;

static int ring(void)
{
	struct io_uring_params p;

	memset(&p, 0, sizeof(p));
	return (int)syscall(__NR_io_uring_setup, 4, &p);
}

static void *thread_main(void *arg)
{
	int fd;

	(void)arg;
	if (unshare(CLONE_FILES) < 0 || ring() < 0) {
		fprintf(stderr, "hk-uring-thread: unshare or io_uring_setup: %s\n", strerror(errno));
		_exit(2);
	}
	fd = open(ready, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0 || dprintf(fd, "%d %ld\n", (int)getpid(), (long)syscall(SYS_gettid)) < 0 ||
	    close(fd) < 0) {
		fprintf(stderr, "hk-uring-thread: cannot write %s: %s\n", ready, strerror(errno));
		_exit(2);
	}
	for (;;)
		pause();
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t t;

	if (argc != 2) {
		fprintf(stderr, "usage: hk-uring-thread READY_FILE\n");
		return 2;
	}
	ready = argv[1];
	if (ring() < 0) {
		fprintf(stderr, "hk-uring-thread: io_uring_setup: %s\n", strerror(errno));
		return 2;
	}
	if (pthread_create(&t, NULL, thread_main, NULL) != 0)
		return 2;
	pthread_join(t, NULL);
	return 0;
}
