/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Safe access to /proc, /sys, configfs and /etc through a root directory fd. */
#ifndef HK_IO_H
#define HK_IO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define HK_SYSROOT_ENV "HARDENKIT_SYSROOT"

/* Use DIR instead of / (tests only); NULL means $HARDENKIT_SYSROOT (read
 * with secure_getenv) or /. */
void hk_sysroot_set(const char *dir);
/* A directory fd of the root, opened on first use; -errno on failure. */
int hk_sysroot_fd(void);
/* True when the root is not the real / by device and inode ("//" and "/."
 * are the real root); false when that cannot be told. Only a fake root may
 * skip what touches the real system (the audit record). */
bool hk_sysroot_is_fake(void);
/* The root in use: the --sysroot directory, $HARDENKIT_SYSROOT or "/". */
const char *hk_sysroot_path(void);

/* openat() relative to dirfd with O_NOFOLLOW | O_CLOEXEC; path may be absolute
 * (its leading slashes are dropped, unless dirfd is AT_FDCWD). Returns an fd
 * or -errno. */
int hk_openat(int dirfd, const char *path, int flags);
/* hk_openat() of a path below the root. With the root "/", not opened yet,
 * it opens the same file by its absolute path, sparing a tool that needs
 * one directory (tsmctl report) the open and close of the root. */
int hk_open_root(const char *path, int flags);

/* Read a whole file into buf; -EFBIG if it holds more than size bytes. */
ssize_t hk_read_file(int dirfd, const char *path, void *buf, size_t size);
/* Read a whole file of up to max bytes into a new buffer (NUL-terminated). */
int hk_read_file_alloc(int dirfd, const char *path, size_t max, uint8_t **out, size_t *len);
/* Read one line of text, the trailing newline removed. */
int hk_read_str(int dirfd, const char *path, char *buf, size_t size);
/* Read a decimal integer attribute. */
int hk_read_s64(int dirfd, const char *path, int64_t *val);

/* Write an attribute with exactly one write(2); short writes are -EIO. */
int hk_write_attr(int dirfd, const char *path, const void *buf, size_t len);
int hk_write_attr_str(int dirfd, const char *path, const char *str);

/* Read fd until end of file or until size bytes are in buf (EINTR retried):
 * the number of bytes read, or -errno. */
ssize_t hk_read_fd(int fd, void *buf, size_t size);
/* Read all of fd (a pipe, stdin) up to max bytes; -EFBIG past that. */
/* One read(2), retried after EINTR unless caught() (may be NULL) says a
 * signal was caught that must end the wait: then -EINTR. Returns the bytes
 * read or -errno: the one read loop every tool uses. */
ssize_t hk_read_sig(int fd, void *buf, size_t len, int (*caught)(void));
/* openat(2) with O_NOFOLLOW | O_CLOEXEC (mode 0600 for O_CREAT), retried
 * after EINTR in the same way. Returns the fd or -errno. */
int hk_openat_sig(int dirfd, const char *path, int flags, int (*caught)(void));
int hk_read_fd_alloc(int fd, size_t max, uint8_t **out, size_t *len);
/* write(2) all of buf, retrying EINTR and short writes (for pipes and files). */
int hk_write_all(int fd, const void *buf, size_t len);

/* Write path (relative to dirfd) as one output of hk/outfile.h: a regular
 * file is replaced atomically (temp file, fsync, rename, fsync of the
 * directory) and never left partial; a character device or FIFO is written
 * through; a symbolic link, directory or other node is refused untouched.
 * -errno when nothing changed; a positive errno when the file was replaced
 * but the directory fsync failed (it may not survive a crash). */
int hk_write_file_atomic(int dirfd, const char *path, const void *buf, size_t len, mode_t mode);

#endif
