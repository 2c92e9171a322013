/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Serializing runs of a tool: flock(2) on a file below the sysroot. */
#ifndef HK_LOCK_H
#define HK_LOCK_H

/* Create DIR (mode 0755) and DIR/NAME (0600) below dirfd if missing, without
 * following a symlink at either, and wait for an exclusive flock(2) on it.
 * Returns the fd (closing it releases the lock) or -errno. */
int hk_lock_take(int dirfd, const char *dir, const char *name);

#endif
