// SPDX-License-Identifier: GPL-2.0-or-later
/* Call io_uring_setup(2) once, write "PID ok" or "PID ERRNAME" to READY_FILE
 * (a FIFO), then stay until killed, ring or no ring: a caller whose
 * credentials are there to be read after a creation or a refusal. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/io_uring.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct io_uring_params p;
	const char *res = "ok";
	int fd, rfd;

	if (argc != 2) {
		fprintf(stderr, "usage: hk-uring-linger READY_FILE\n");
		return 3;
	}
	memset(&p, 0, sizeof(p));
	fd = syscall(__NR_io_uring_setup, 4, &p);
	if (fd < 0)
		res = strerrorname_np(errno);
	rfd = open(argv[1], O_WRONLY | O_CLOEXEC);
	if (rfd < 0 || dprintf(rfd, "%d %s\n", (int)getpid(), res) < 0 || close(rfd) < 0) {
		fprintf(stderr, "hk-uring-linger: cannot write %s: %s\n", argv[1], strerror(errno));
		return 2;
	}
	for (;;)
		pause();
}
