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
	pid_t tgid;		/* the process of this thread (Tgid); 0 if not said */
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
/* The same from the len bytes of a status file (no NUL needed; pid and the
 * user namespace are left 0): Name, Tgid, Uid and Gid (four decimal IDs
 * each), Groups, CapEff (hex) and Seccomp. 0, or -EINVAL if Uid, Gid or CapEff is
 * missing or malformed (nothing to free then), -ENOMEM. */
int hk_proc_status_parse(const char *buf, size_t len, struct hk_proc_status *st);

/* The inode number of the initial user namespace (PROC_USER_INIT_INO). */
#define HK_USERNS_INIT_INO 4026531837UL

/* A namespace link's target, "TYPE:[INODE]" (len bytes): 0 and *ino, or
 * -EINVAL. */
int hk_proc_ns_link_parse(const char *link, size_t len, const char *type, uint64_t *ino);

/* What /proc/PID/stat says that the tools use. */
struct hk_proc_stat {
	pid_t pid;
	char comm[64];		/* as much of it as fits */
	char state;
	uint64_t starttime;	/* field 22: clock ticks since boot */
};
/* Parse the len bytes of a stat file (no NUL needed). comm may hold blanks
 * and parentheses: the fields go on after the last ')'. 0 or -EINVAL. */
int hk_proc_stat_parse(const char *buf, size_t len, struct hk_proc_stat *st);
/* Process start time in clock ticks since boot (field 22 of stat), to tell a
 * live process from a recycled pid. */
int hk_proc_starttime(pid_t pid, uint64_t *ticks);
/* The clock tick of start times (USER_HZ), what sysconf(_SC_CLK_TCK)
 * answers, read from the auxiliary vector without its dispatch: 1 to
 * 1000000 per second, 100 if the kernel gave none. */
long hk_clk_tck(void);

/* This process, always from the real /proc (a fake sysroot describes other
 * processes): its start time (0 or -errno), its Seccomp mode (0, 1, 2, or
 * -1 unknown), the inode of its namespace of a type ("user", "pid"; 0 or
 * -errno), and whether it is in the initial user namespace (1, 0, -errno;
 * 1 on a kernel without namespaces). */
int hk_proc_self_starttime(uint64_t *ticks);
int hk_proc_self_seccomp(void);
int hk_proc_self_ns(const char *type, uint64_t *ino);
int hk_self_init_userns(void);

/* The target of a /proc/PID/fd link, as readlink(2) gives it. */
enum hk_fdlink_type {
	HK_FDLINK_PATH,		/* "/dev/null", "/tmp/x (deleted)" */
	HK_FDLINK_ANON,		/* "anon_inode:[io_uring]", "anon_inode:inotify" */
	HK_FDLINK_SOCKET,	/* "socket:[INODE]" */
	HK_FDLINK_PIPE,		/* "pipe:[INODE]" */
	HK_FDLINK_OTHER,	/* "net:[4026531840]" and anything else */
};
struct hk_fdlink {
	enum hk_fdlink_type type;
	const char *name;	/* ANON: the name after "anon_inode:"; SOCKET, PIPE:
				 * the inode digits; else the whole link */
	size_t name_len;
	uint64_t ino;		/* SOCKET, PIPE */
};
#define HK_FDLINK_IO_URING "[io_uring]"
/* Classify len bytes of a link target: 0, or -EINVAL for an empty link or
 * a socket or pipe without its inode. */
int hk_proc_fdlink_parse(const char *link, size_t len, struct hk_fdlink *fl);
/* Is it an io_uring instance ("anon_inode:[io_uring]")? */
bool hk_proc_fdlink_is_io_uring(const char *link, size_t len);

/* Is procfd (a /proc below the sysroot) a proc mount whose hidepid= leaves
 * other users' processes out of its listing (invisible, ptraceable)? 1 yes,
 * 0 no, -errno. The option goes to hidepid ("" when absent), the gid= that
 * exempts its members to *gid (-1 when absent). Read from
 * /proc/self/mountinfo. */
int hk_proc_hidepid(int procfd, char *hidepid, size_t size, long *gid);

#endif
