/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What /proc says about a process: identity, capabilities, seccomp. */
#ifndef HK_PROC_H
#define HK_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct hk_proc_status {
	pid_t pid;
	char comm[64];
	uid_t uid[4];		/* real, effective, saved, fs */
	gid_t gid[4];
	gid_t *groups;		/* all of them (up to NGROUPS_MAX), malloc'd */
	int ngroups;
	uint64_t cap_eff;
	int seccomp;		/* 0 off, 1 strict, 2 filter, -1 unknown */
	int init_userns;	/* 1 initial user namespace, 0 another, -1 unknown */
	int userns_err;		/* why unknown: errno of reading ns/user */
};

/* Read /proc/PID/status (pid 0: self) below the sysroot, whatever its size
 * and number of groups. -ENOENT if the process does not exist. An unreadable
 * ns/user (another user's process, read without privilege) is no error:
 * init_userns is then -1. Free with hk_proc_status_free(). */
int hk_proc_status_read(pid_t pid, struct hk_proc_status *st);
void hk_proc_status_free(struct hk_proc_status *st);

/* The inode number of the initial user namespace (PROC_USER_INIT_INO). */
#define HK_USERNS_INIT_INO 4026531837UL

/* Process start time in clock ticks since boot (field 22 of stat), to tell a
 * live process from a recycled pid. */
int hk_proc_starttime(pid_t pid, uint64_t *ticks);
/* The same, parsed from the NUL-terminated text of a stat file. */
int hk_proc_stat_starttime(const char *stat, uint64_t *ticks);

/* Is procfd (a /proc below the sysroot) a proc mount whose hidepid= leaves
 * other users' processes out of its listing (invisible, ptraceable)? 1 yes,
 * 0 no, -errno. The option goes to hidepid ("" when absent), the gid= that
 * exempts its members to *gid (-1 when absent). Read from
 * /proc/self/mountinfo. */
int hk_proc_hidepid(int procfd, char *hidepid, size_t size, long *gid);

#endif
