// SPDX-License-Identifier: GPL-2.0-or-later
/* Output files the caller names: replaced atomically when regular, written
 * through when a character device or FIFO, refused otherwise; a set of them
 * committed all or nothing. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hk/io.h"
#include "hk/outfile.h"

static int split_dir(const char *path, char *dir, size_t size, const char **base)
{
	const char *slash = strrchr(path, '/');

	if (!slash) {
		snprintf(dir, size, ".");
		*base = path;
	} else if (slash == path) {
		snprintf(dir, size, "/");
		*base = slash + 1;
	} else {
		if ((size_t)(slash - path) >= size)
			return -ENAMETOOLONG;
		memcpy(dir, path, (size_t)(slash - path));
		dir[slash - path] = 0;
		*base = slash + 1;
	}
	if (strlen(*base) > NAME_MAX)
		return -ENAMETOOLONG;
	return **base && strcmp(*base, ".") != 0 && strcmp(*base, "..") != 0 ? 0 : -EISDIR;
}

/* The directory, its last component not followed: a planted symbolic link
 * there would redirect the file as surely as one at the file itself. */
static int open_dir(int dirfd, const char *dir)
{
	int fd;

	do
		fd = openat(dirfd, dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	while (fd < 0 && errno == EINTR);
	if (fd < 0 && errno == ENOTDIR) {
		struct stat st;

		/* O_NOFOLLOW | O_DIRECTORY on a symbolic link says ENOTDIR. */
		if (fstatat(dirfd, dir, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode))
			errno = ELOOP;
	}
	return fd < 0 ? -errno : fd;
}

/* fs.protected_fifos for writes without O_CREAT: in a sticky, world-writable
 * directory only a FIFO of ours or of the directory's owner is written. */
static bool fifo_planted(int dfd, const struct stat *st)
{
	struct stat dst;

	if (fstat(dfd, &dst) < 0)
		return true;
	if ((dst.st_mode & (S_ISVTX | S_IWOTH)) != (S_ISVTX | S_IWOTH))
		return false;
	return st->st_uid != geteuid() && st->st_uid != dst.st_uid;
}

static int open_stream(struct hk_out *o, const struct stat *st)
{
	struct stat now;
	int fd, fl;

	if (S_ISFIFO(st->st_mode) && fifo_planted(o->dfd, st))
		return -EPERM;
	/* No O_CREAT, no O_TRUNC; O_NONBLOCK so a FIFO nobody reads is ENXIO. */
	do
		fd = openat(o->dfd, o->base, O_WRONLY | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	while (fd < 0 && errno == EINTR);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &now) < 0 || now.st_dev != st->st_dev || now.st_ino != st->st_ino ||
	    (now.st_mode & S_IFMT) != (st->st_mode & S_IFMT)) {
		close(fd);
		return -EAGAIN;		/* swapped between the look and the open */
	}
	fl = fcntl(fd, F_GETFL);
	if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0) {
		fl = -errno;
		close(fd);
		return fl;
	}
	o->fd = fd;
	o->own_fd = true;
	o->stream = true;
	return 0;
}

/* A temporary file with a name nobody can guess: O_EXCL, retried. */
static int open_temp(struct hk_out *o, mode_t mode)
{
	unsigned long long rnd;
	int fd, i;

	for (i = 0; i < 100; i++) {
		if (getrandom(&rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd)) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (snprintf(o->tmp, sizeof(o->tmp), ".%.200s.%016llx.tmp", o->base, rnd) >= (int)sizeof(o->tmp))
			return -ENAMETOOLONG;
		fd = openat(o->dfd, o->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
		if (fd >= 0) {
			o->fd = fd;
			o->own_fd = true;
			return 0;
		}
		o->tmp[0] = 0;
		if (errno != EEXIST && errno != EINTR)
			return -errno;
	}
	return -EEXIST;
}

static void out_init(struct hk_out *o, const char *path)
{
	memset(o, 0, sizeof(*o));
	o->path = path;
	o->dfd = -1;
	o->fd = -1;
}

int hk_out_open(struct hk_out *o, int dirfd, const char *path, mode_t mode)
{
	char dir[PATH_MAX];
	const char *base;
	struct stat st;
	int r;

	out_init(o, path);
	r = split_dir(path, dir, sizeof(dir), &base);
	if (r < 0)
		return r;
	snprintf(o->base, sizeof(o->base), "%s", base);
	r = open_dir(dirfd, dir);
	if (r < 0)
		return r;
	o->dfd = r;
	r = 0;
	if (fstatat(o->dfd, o->base, &st, AT_SYMLINK_NOFOLLOW) == 0) {
		o->found = st.st_mode & S_IFMT;
		if (S_ISLNK(st.st_mode))
			r = -ELOOP;
		else if (S_ISDIR(st.st_mode))
			r = -EISDIR;
		else if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode))
			r = open_stream(o, &st);
		else if (!S_ISREG(st.st_mode))
			r = -EINVAL;
		else
			o->existed = true;
	} else if (errno != ENOENT) {
		r = -errno;
	}
	o->mode = mode;
	if (r == 0 && !o->stream)
		r = open_temp(o, mode);
	if (r < 0)
		hk_out_close(o);
	return r;
}

void hk_out_fd(struct hk_out *o, int fd, const char *name)
{
	out_init(o, name);
	o->fd = fd;
	o->stream = true;
}

int hk_out_stage(struct hk_out *o, const void *buf, size_t len)
{
	int r;

	if (o->stream) {
		o->buf = buf;
		o->len = len;
		return 0;
	}
	r = hk_write_all(o->fd, buf, len);
	/* The mode given, whatever the umask did to O_CREAT's. */
	if (r == 0 && fchmod(o->fd, o->mode) < 0)
		r = -errno;
	if (r == 0 && fsync(o->fd) < 0)
		r = -errno;
	if (close(o->fd) < 0 && r == 0)
		r = -errno;
	o->fd = -1;
	o->own_fd = false;
	if (r == 0)
		o->state = HK_OUT_STAGED;
	return r;
}

/* Rename into place; a name that did not exist must not appear meanwhile. */
static int place(struct hk_out *o)
{
	int r;

	if (!o->existed) {
		r = renameat2(o->dfd, o->tmp, o->dfd, o->base, RENAME_NOREPLACE);
		if (r == 0 || (errno != EINVAL && errno != ENOSYS))
			return r < 0 ? -errno : 0;
	}
	return renameat(o->dfd, o->tmp, o->dfd, o->base) < 0 ? -errno : 0;
}

static void undo(struct hk_out *const *set, size_t upto)
{
	size_t i;

	for (i = 0; i < upto; i++) {
		struct hk_out *o = set[i];

		if (o->stream || o->state != HK_OUT_WRITTEN || o->existed)
			continue;
		if (unlinkat(o->dfd, o->base, 0) == 0) {
			o->state = HK_OUT_UNDONE;
			fsync(o->dfd);
		}
	}
}

int hk_out_commit(struct hk_out *const *set, size_t n, size_t *failed)
{
	size_t i;
	int r;

	for (i = 0; i < n; i++) {
		struct hk_out *o = set[i];

		if (!o->stream)
			continue;
		*failed = i;
		r = hk_write_all(o->fd, o->buf, o->len);
		if (r < 0) {
			o->state = HK_OUT_PARTIAL;
			return r;
		}
		o->state = HK_OUT_WRITTEN;
	}
	for (i = 0; i < n; i++) {
		struct hk_out *o = set[i];

		if (o->stream)
			continue;
		*failed = i;
		r = place(o);
		if (r < 0) {
			undo(set, i);
			return r;
		}
		o->state = HK_OUT_WRITTEN;
		o->tmp[0] = 0;
	}
	for (i = 0; i < n; i++) {
		struct hk_out *o = set[i];

		if (o->stream)
			continue;
		*failed = i;
		if (fsync(o->dfd) < 0) {
			o->state = HK_OUT_NOT_DURABLE;
			return -errno;
		}
	}
	return 0;
}

void hk_out_close(struct hk_out *o)
{
	if (o->own_fd && o->fd >= 0)
		close(o->fd);
	o->fd = -1;
	o->own_fd = false;
	if (o->dfd >= 0) {
		if (o->tmp[0])
			unlinkat(o->dfd, o->tmp, 0);
		close(o->dfd);
	}
	o->tmp[0] = 0;
	o->dfd = -1;
}

const char *hk_out_strerror(const struct hk_out *o, int err)
{
	if (err < 0)
		err = -err;
	switch (err) {
	case ELOOP:
		return "it or its directory is a symbolic link, which is never followed";
	case EISDIR:
		return "it is a directory";
	case EINVAL:
		if (o->found == S_IFBLK)
			return "it is a block device (only a regular file, a character device or a FIFO is written)";
		if (o->found == S_IFSOCK)
			return "it is a socket (only a regular file, a character device or a FIFO is written)";
		break;
	case ENXIO:
		if (o->found == S_IFIFO)
			return "no process has the FIFO open for reading";
		break;
	case EPERM:
		if (o->found == S_IFIFO)
			return "a FIFO of another user in a sticky world-writable directory is not written";
		break;
	case EAGAIN:
		return "it was replaced while being opened";
	}
	return strerror(err);
}

int hk_write_file_atomic(int dirfd, const char *path, const void *buf, size_t len, mode_t mode)
{
	struct hk_out o;
	struct hk_out *set[1] = { &o };
	size_t failed;
	int r;

	r = hk_out_open(&o, dirfd, path, mode);
	if (r < 0)
		return r;
	r = hk_out_stage(&o, buf, len);
	if (r == 0)
		r = hk_out_commit(set, 1, &failed);
	hk_out_close(&o);
	if (r < 0 && o.state == HK_OUT_NOT_DURABLE)
		return -r;
	return r;
}
