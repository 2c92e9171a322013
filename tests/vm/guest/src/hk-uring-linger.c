// SPDX-License-Identifier: GPL-2.0-or-later
/* Call io_uring_setup(2) once, write "PID ok" or "PID ERRNAME" to READY_FILE
 * (a FIFO), then stay until killed, ring or no ring: a caller whose
 * credentials are there to be read after a creation or a refusal. With
 * "thread", a second thread makes the call and writes "PID TID RESULT". */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/io_uring.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static const char *ready;
static int in_thread;

static void *setup_ring(void *arg)
{
	struct io_uring_params p;
	const char *res = "ok";
	int fd, rfd, n;

	(void)arg;
	memset(&p, 0, sizeof(p));
	fd = syscall(__NR_io_uring_setup, 4, &p);
	if (fd < 0)
		res = strerrorname_np(errno);
	rfd = open(ready, O_WRONLY | O_CLOEXEC);
	if (in_thread)
		n = rfd < 0 ? -1 : dprintf(rfd, "%d %d %s\n", (int)getpid(), (int)gettid(), res);
	else
		n = rfd < 0 ? -1 : dprintf(rfd, "%d %s\n", (int)getpid(), res);
	if (n < 0 || close(rfd) < 0) {
		fprintf(stderr, "hk-uring-linger: cannot write %s: %s\n", ready, strerror(errno));
		_exit(2);
	}
	for (;;)	/* the caller stays, for its credentials to be read */
		pause();
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t t;

	if (argc < 2 || argc > 3 || (argc == 3 && strcmp(argv[2], "thread") != 0)) {
		fprintf(stderr, "usage: hk-uring-linger READY_FILE [thread]\n");
		return 3;
	}
	ready = argv[1];
	in_thread = argc == 3;
	if (in_thread) {
		if (pthread_create(&t, NULL, setup_ring, NULL) != 0)
			return 2;
		pthread_join(t, NULL);	/* never returns */
		return 0;
	}
	setup_ring(NULL);
	return 0;
}
