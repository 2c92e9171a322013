/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Which processes hold io_uring instances, from /proc below the sysroot. */
#ifndef UP_SCAN_H
#define UP_SCAN_H

#include <stddef.h>

/* Distinct rings held by pid over all its threads' file tables; -errno if
 * a table cannot be read (-ENOENT/-ESRCH: the process is gone). */
int up_count_rings(int procfd, int pid);
/* rings[i] = up_count_rings(pids[i]) for every i, over the online CPUs. */
void up_scan_all(int procfd, const int *pids, int *rings, size_t n);

#endif
