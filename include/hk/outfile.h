/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Output files the caller names (--out): a regular file is replaced
 * atomically, a character device or a FIFO is written through, a symbolic
 * link is never followed and nothing that is not a regular file is ever
 * replaced. Several outputs are one set: all or nothing. */
#ifndef HK_OUTFILE_H
#define HK_OUTFILE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

enum hk_out_state {
	HK_OUT_NONE,		/* not opened, or closed */
	HK_OUT_STAGED,		/* file: the temporary file holds the data, synced */
	HK_OUT_WRITTEN,		/* file renamed into place, or stream written */
	HK_OUT_PARTIAL,		/* stream: the write failed part-way */
	HK_OUT_UNDONE,		/* file created by this set, removed again */
	HK_OUT_NOT_DURABLE,	/* renamed, but the directory fsync failed */
};

struct hk_out {
	const char *path;	/* as named, for messages */
	int dfd;		/* directory of a file, -1 for a stream */
	int fd;			/* temporary file, or the stream; -1 */
	bool stream;		/* written through: character device, FIFO, or an fd given */
	bool own_fd;		/* fd is ours to close */
	bool existed;		/* file: a regular file was replaced */
	mode_t found;		/* S_IFMT of what the path named, 0 if nothing */
	mode_t mode;		/* of a new file, whatever the umask */
	enum hk_out_state state;
	const void *buf;	/* stream: the data, written at commit */
	size_t len;
	char base[NAME_MAX + 1];
	char tmp[NAME_MAX + 1];
};

/* Open the output path names (relative to dirfd): for a regular file or a
 * new one, a temporary file with a random name in the same directory; for a
 * character device or a FIFO, the node itself (a FIFO without a reader is
 * -ENXIO, never a hang). Refused, nothing touched: a symbolic link as the
 * last component of the path or of its directory (-ELOOP), a directory
 * (-EISDIR), a block device or socket (-EINVAL), a FIFO that another user
 * planted in a sticky world-writable directory (-EPERM). -errno. */
int hk_out_open(struct hk_out *o, int dirfd, const char *path, mode_t mode);
/* A stream over an fd the caller keeps (standard output). */
void hk_out_fd(struct hk_out *o, int fd, const char *name);
/* Give the data: a file writes and syncs its temporary file now, a stream
 * keeps a pointer and is written by hk_out_commit(). -errno. */
int hk_out_stage(struct hk_out *o, const void *buf, size_t len);
/* Commit a set of staged outputs: the streams are written first (they
 * cannot be undone), then every file is renamed into place, then the
 * directories are synced. On failure files this set created are removed
 * again; each state says what happened. *failed is the output that failed.
 * -errno; a failed directory fsync leaves HK_OUT_NOT_DURABLE. */
int hk_out_commit(struct hk_out *const *set, size_t n, size_t *failed);
/* Remove a temporary file that was not committed, close what is ours. */
void hk_out_close(struct hk_out *o);
/* Why an output failed, in words (the refusals of hk_out_open). */
const char *hk_out_strerror(const struct hk_out *o, int err);

#endif
