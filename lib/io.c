// SPDX-License-Identifier: GPL-2.0-or-later
/* File access below a root directory fd: the only place tools touch /proc,
 * /sys, configfs and /etc. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hk/io.h"
#include "hk/parse.h"

static const char *sysroot_dir;
static int sysroot_fd = -1;
static int sysroot_fake = -1;	/* not decided yet */

void hk_sysroot_set(const char *dir)
{
	if (sysroot_fd >= 0) {
		close(sysroot_fd);
		sysroot_fd = -1;
	}
	sysroot_fake = -1;
	sysroot_dir = dir;
}

const char *hk_sysroot_path(void)
{
	const char *d = sysroot_dir;

	if (!d || !*d)
		d = secure_getenv(HK_SYSROOT_ENV);
	return (d && *d) ? d : "/";
}

/* By identity, not by name: "//", "/." or a link to / name the real root.
 * A root that cannot be opened or compared counts as the real one. "/"
 * itself is the real root without a look (the usual case: two system
 * calls fewer on every tsmctl report). */
bool hk_sysroot_is_fake(void)
{
	struct stat st, root;
	int fd;

	if (sysroot_fake < 0 && strcmp(hk_sysroot_path(), "/") == 0)
		sysroot_fake = 0;
	if (sysroot_fake < 0) {
		fd = hk_sysroot_fd();
		if (fd < 0 || fstat(fd, &st) < 0 || stat("/", &root) < 0)
			return false;
		sysroot_fake = st.st_dev != root.st_dev || st.st_ino != root.st_ino;
	}
	return sysroot_fake;
}

int hk_sysroot_fd(void)
{
	if (sysroot_fd < 0) {
		sysroot_fd = open(hk_sysroot_path(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (sysroot_fd < 0)
			return -errno;
	}
	return sysroot_fd;
}

int hk_openat_sig(int dirfd, const char *path, int flags, int (*caught)(void))
{
	int fd;

	for (;;) {
		fd = openat(dirfd, path, flags | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd >= 0)
			return fd;
		if (errno != EINTR)
			return -errno;
		if (caught && caught())
			return -EINTR;
	}
}

static int open_retry(int dirfd, const char *path, int flags)
{
	return hk_openat_sig(dirfd, path, flags, NULL);
}

int hk_openat(int dirfd, const char *path, int flags)
{
	/* Relative to a root directory fd; an absolute path stays one only
	 * with AT_FDCWD. */
	while (dirfd != AT_FDCWD && *path == '/')
		path++;
	if (!*path)
		path = ".";
	return open_retry(dirfd, path, flags);
}

int hk_open_root(const char *path, int flags)
{
	char abs[PATH_MAX];
	int root;

	while (*path == '/')
		path++;
	/* The root "/" not opened yet: an absolute path names the same file. */
	if (sysroot_fd < 0 && strcmp(hk_sysroot_path(), "/") == 0 &&
	    (size_t)snprintf(abs, sizeof(abs), "/%s", path) < sizeof(abs))
		return open_retry(AT_FDCWD, abs, flags);
	root = hk_sysroot_fd();
	return root < 0 ? root : hk_openat(root, path, flags);
}

ssize_t hk_read_sig(int fd, void *buf, size_t len, int (*caught)(void))
{
	ssize_t n;

	for (;;) {
		n = read(fd, buf, len);
		if (n >= 0)
			return n;
		if (errno != EINTR)
			return -errno;
		if (caught && caught())
			return -EINTR;
	}
}

static ssize_t read_retry(int fd, void *buf, size_t len)
{
	return hk_read_sig(fd, buf, len, NULL);
}

ssize_t hk_read_fd(int fd, void *buf, size_t size)
{
	size_t got = 0;
	ssize_t n;

	while (got < size) {
		n = read_retry(fd, (char *)buf + got, size - got);
		if (n < 0)
			return n;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

ssize_t hk_read_file(int dirfd, const char *path, void *buf, size_t size)
{
	ssize_t n, more;
	char extra;
	int fd;

	fd = hk_openat(dirfd, path, O_RDONLY);
	if (fd < 0)
		return fd;
	n = hk_read_fd(fd, buf, size);
	/* Full buffer: only fine if the file ends here. */
	if (n > 0 && (size_t)n == size) {
		more = read_retry(fd, &extra, 1);
		if (more != 0)
			n = more > 0 ? -EFBIG : more;
	}
	close(fd);
	return n;
}

int hk_read_fd_alloc(int fd, size_t max, uint8_t **out, size_t *len)
{
	size_t cap = 4096, got = 0;
	uint8_t *buf = NULL, *nbuf;
	ssize_t n;

	for (;;) {
		if (got + 1 >= cap || !buf) {
			if (buf)
				cap *= 2;
			if (cap > max + 2)
				cap = max + 2;
			nbuf = realloc(buf, cap);
			if (!nbuf) {
				free(buf);
				return -ENOMEM;
			}
			buf = nbuf;
		}
		n = read_retry(fd, buf + got, cap - 1 - got);
		if (n < 0) {
			free(buf);
			return (int)n;
		}
		if (n == 0)
			break;
		got += (size_t)n;
		if (got > max) {
			free(buf);
			return -EFBIG;
		}
	}
	buf[got] = 0;
	*out = buf;
	*len = got;
	return 0;
}

int hk_read_file_alloc(int dirfd, const char *path, size_t max, uint8_t **out, size_t *len)
{
	int fd, r;

	fd = hk_openat(dirfd, path, O_RDONLY);
	if (fd < 0)
		return fd;
	r = hk_read_fd_alloc(fd, max, out, len);
	close(fd);
	return r;
}

int hk_read_str(int dirfd, const char *path, char *buf, size_t size)
{
	ssize_t n;

	if (size < 2)
		return -EINVAL;
	n = hk_read_file(dirfd, path, buf, size - 1);
	if (n < 0)
		return (int)n;
	buf[n] = 0;
	if (n > 0 && buf[n - 1] == '\n')
		buf[n - 1] = 0;
	return 0;
}

int hk_read_s64(int dirfd, const char *path, int64_t *val)
{
	char buf[64];
	int r;

	r = hk_read_str(dirfd, path, buf, sizeof(buf));
	if (r < 0)
		return r;
	return hk_parse_s64(buf, INT64_MIN, INT64_MAX, val);
}

int hk_write_attr(int dirfd, const char *path, const void *buf, size_t len)
{
	ssize_t n;
	int fd, r = 0;

	fd = hk_openat(dirfd, path, O_WRONLY);
	if (fd < 0)
		return fd;
	do
		n = write(fd, buf, len);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		r = -errno;
	else if ((size_t)n != len)
		r = -EIO;
	/* A fake tree holds regular files: cut the tail of a longer old value,
	 * as a sysctl would replace it. Kernel attributes are never truncated. */
	else if (hk_sysroot_is_fake() && ftruncate(fd, (off_t)len) < 0)
		r = -errno;
	if (close(fd) < 0 && r == 0 && errno != EINTR)
		r = -errno;
	return r;
}

int hk_write_attr_str(int dirfd, const char *path, const char *str)
{
	return hk_write_attr(dirfd, path, str, strlen(str));
}

int hk_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	ssize_t n;

	while (len) {
		n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			return -EIO;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}
