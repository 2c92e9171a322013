/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The io_uring creation policy: the two sysctls and the kernel's decision. */
#ifndef UP_POLICY_H
#define UP_POLICY_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "hk/cmd.h"
#include "hk/proc.h"

#define UP_SYSCTL_LEVEL "proc/sys/kernel/io_uring_disabled"
#define UP_SYSCTL_GROUP "proc/sys/kernel/io_uring_group"
#define UP_KEY_LEVEL "kernel.io_uring_disabled"
#define UP_KEY_GROUP "kernel.io_uring_group"
#define UP_DROPIN "etc/sysctl.d/60-hardenkit-io-uring.conf"
#define UP_NO_GROUP (-1)

/* The sysctl values as the kernel holds them: io_uring_group is an int that
 * the kernel turns into a GID with make_kgid(&init_user_ns, value): -1 is
 * the invalid GID (no group), every other value is a GID, negative ones
 * included (-5 is GID 4294967291). */
struct up_policy {
	int level;		/* 0, 1, 2 */
	int32_t group;		/* the sysctl's int; UP_NO_GROUP for none */
};

static inline gid_t up_group_gid(const struct up_policy *p)
{
	return (gid_t)(uint32_t)p->group;
}

/* Who wants a ring: what io_uring_allowed() looks at. */
struct up_subject {
	uid_t euid;
	gid_t fsgid;
	gid_t *groups;		/* all supplementary groups, malloc'd */
	int ngroups;
	bool cap_sys_admin;	/* effective */
	int init_userns;	/* capable() only counts the initial namespace; -1 unknown */
	int userns_err;		/* why unknown */
};

enum up_reason {
	UP_ALLOW_LEVEL0,
	UP_ALLOW_CAP,
	UP_ALLOW_FSGID,
	UP_ALLOW_SUPP,
	UP_DENY_LEVEL2,
	UP_DENY_NO_GROUP,
	UP_DENY_NOT_MEMBER,
	UP_UNKNOWN_USERNS,	/* CAP_SYS_ADMIN decides, its namespace is unreadable */
};

enum up_verdict { UP_DENIED, UP_ALLOWED, UP_UNKNOWN };

/* Read both sysctls; -ENOENT when the kernel has none. */
int up_policy_read(struct up_policy *p);
/* Options --level and --group: HK_EXIT_* after printing any error. */
int up_parse_level(const char *s, int *level);
int up_parse_group(const char *s, int32_t *group);

/* --level and --group as given (level -1, have_group false: not given). */
struct up_override {
	int level;
	bool have_group;
	int32_t group;
};
#define UP_OVERRIDE_NONE { .level = -1 }
/* hk_opt parsers of --level (into the override's level) and --group (into
 * the whole override: its field is the struct up_override). */
int up_opt_level(const struct hk_opt *o, const char *arg, void *dst);
int up_opt_group(const struct hk_opt *o, const char *arg, void *dst);
/* Apply --level/--group on top of *p. */
void up_policy_override(struct up_policy *p, const struct up_override *o);

const char *up_level_word(int level);
const char *up_level_meaning(int level);
/* "uring (2001)", "none", "4294967291 (written as -5)" */
const char *up_group_desc(int32_t group, char *buf, size_t size);
/* The GID for JSON: -1 for none, else the GID the kernel uses. */
int64_t up_group_json(int32_t group);

/* in_group_p(): is gid the fsgid or a supplementary group of s? */
bool up_in_group(const struct up_subject *s, gid_t gid, enum up_reason *why);
enum up_verdict up_allowed(const struct up_policy *p, const struct up_subject *s,
			   enum up_reason *why);
const char *up_verdict_word(enum up_verdict v);
const char *up_reason_text(const struct up_policy *p, const struct up_subject *s,
			   enum up_reason why, char *buf, size_t size);

int up_subject_self(struct up_subject *s);
/* Takes over st's groups: free the subject, not st. */
void up_subject_from_status(struct up_subject *s, struct hk_proc_status *st);
/* A fresh login of USER: primary group as fsgid, CAP_SYS_ADMIN only for uid 0.
 * -ENOENT if no such user. */
int up_subject_user(const char *user, struct up_subject *s, uid_t *uid);
void up_subject_free(struct up_subject *s);

/* The message and exit code for a missing sysctl. */
int up_no_sysctl(int err);

#endif
