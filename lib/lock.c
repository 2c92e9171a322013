// SPDX-License-Identifier: GPL-2.0-or-later
/* An exclusive lock file below the sysroot, held until the fd is closed. */
#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hk/io.h"
#include "hk/lock.h"

int hk_lock_take(int dirfd, const char *dir, const char *name)
{
	struct stat st;
	int dfd, fd, r;

	if (mkdirat(dirfd, dir, 0755) < 0 && errno != EEXIST)
		return -errno;
	dfd = hk_openat(dirfd, dir, O_RDONLY | O_DIRECTORY);
	if (dfd < 0)
		return dfd;
	fd = hk_openat(dfd, name, O_RDWR | O_CREAT);
	close(dfd);
	if (fd < 0)
		return fd;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		r = S_ISREG(st.st_mode) ? -errno : -EINVAL;
		close(fd);
		return r;
	}
	while (flock(fd, LOCK_EX) < 0) {
		if (errno == EINTR)
			continue;
		r = -errno;
		close(fd);
		return r;
	}
	return fd;
}
