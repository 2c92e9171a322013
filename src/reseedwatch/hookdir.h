/* SPDX-License-Identifier: GPL-2.0-or-later */
/* watch --exec-dir: which entries of the hooks directory run, in which order. */
#ifndef RW_HOOKDIR_H
#define RW_HOOKDIR_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* What becomes of one directory entry. */
enum rw_hookdir_verdict {
	RW_HOOKDIR_RUN,
	RW_HOOKDIR_HIDDEN,	/* a dotfile */
	RW_HOOKDIR_BACKUP,	/* an editor or package manager leftover */
	RW_HOOKDIR_BADNAME,	/* a byte other than printable ASCII */
	RW_HOOKDIR_NOSTAT,	/* stat(2) failed (a dangling symlink) */
	RW_HOOKDIR_NOTREG,	/* not a regular file */
	RW_HOOKDIR_NOEXEC,	/* no execute bit */
	RW_HOOKDIR_OWNER,	/* owned by neither root nor the running user */
	RW_HOOKDIR_WRITABLE,	/* writable by group or others */
};

/* One entry as read: its name and what stat(2) said (followed links). */
struct rw_hookdir_entry {
	const char *name;
	int stat_err;		/* 0, or the errno of stat(2) */
	mode_t mode;
	uid_t uid;
	enum rw_hookdir_verdict verdict;	/* set by rw_hookdir_select */
};

/* Sort the n entries by name (byte order, as LC_ALL=C), give each its
 * verdict for a process running as uid, and return how many will run.
 * Pure: no system call; the fuzz harness and the unit test call it. */
size_t rw_hookdir_select(struct rw_hookdir_entry *e, size_t n, uid_t uid);
/* The verdict as the words of a message ("is a dotfile"). */
const char *rw_hookdir_why(enum rw_hookdir_verdict v);
/* May a process running as uid trust a directory or file of this owner
 * and mode (root's or uid's, not writable by group or others)? */
bool rw_hookdir_safe(mode_t mode, uid_t owner, uid_t uid);

#endif
