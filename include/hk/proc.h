/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What /proc says about a process: identity, capabilities, seccomp. */
#ifndef HK_PROC_H
#define HK_PROC_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#define HK_MAX_GROUPS 256

struct hk_proc_status {
	pid_t pid;
	char comm[64];
	uid_t uid[4];		/* real, effective, saved, fs */
	gid_t gid[4];
	gid_t groups[HK_MAX_GROUPS];
	int ngroups;
	uint64_t cap_eff;
	int seccomp;		/* 0 off, 1 strict, 2 filter, -1 unknown */
	bool init_userns;	/* in the initial user namespace */
};

/* Read /proc/PID/status (pid 0: self) below the sysroot. -ENOENT if the
 * process does not exist. */
int hk_proc_status_read(pid_t pid, struct hk_proc_status *st);

/* The inode number of the initial user namespace (PROC_USER_INIT_INO). */
#define HK_USERNS_INIT_INO 4026531837UL

/* Process start time in clock ticks since boot (field 22 of stat), to tell a
 * live process from a recycled pid. */
int hk_proc_starttime(pid_t pid, uint64_t *ticks);
/* The same, parsed from the NUL-terminated text of a stat file. */
int hk_proc_stat_starttime(const char *stat, uint64_t *ticks);

#endif
