// SPDX-License-Identifier: GPL-2.0-or-later
/* ring-holder RINGS [OTHER_FDS]: create RINGS io_uring instances with
 * io_uring_setup(2) and OTHER_FDS plain descriptors, print "ready", then wait
 * for a signal. Exit 0 after the signal, 1 if a ring could not be created
 * (errno printed), 2 on usage errors. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <linux/io_uring.h>

static void on_signal(int sig)
{
	(void)sig;
}

int main(int argc, char **argv)
{
	struct io_uring_params params;
	int rings, other, i;
	long fd;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: ring-holder RINGS [OTHER_FDS]\n");
		return 2;
	}
	rings = atoi(argv[1]);
	other = argc == 3 ? atoi(argv[2]) : 0;
	for (i = 0; i < rings; i++) {
		memset(&params, 0, sizeof(params));
		fd = syscall(__NR_io_uring_setup, 4, &params);
		if (fd < 0) {
			printf("io_uring_setup: %s (%s)\n", strerrorname_np(errno), strerror(errno));
			return 1;
		}
	}
	for (i = 0; i < other; i++)
		if (open("/dev/null", O_RDONLY) < 0) {
			perror("open /dev/null");
			return 2;
		}
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	printf("ready\n");
	fflush(stdout);
	pause();
	return 0;
}
