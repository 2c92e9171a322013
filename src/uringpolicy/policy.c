// SPDX-License-Identifier: GPL-2.0-or-later
/* io_uring_allowed() of io_uring/io_uring.c, restated for user space. */
#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/fsuid.h>

#include "hk/caps.h"
#include "hk/cmd.h"
#include "hk/err.h"
#include "hk/io.h"
#include "hk/parse.h"
#include "hk/proc.h"
#include "policy.h"

static const char *const level_words[] = { "allow", "restrict", "deny" };

int up_no_sysctl(int err)
{
	if (err == -ENOENT) {
		hk_err("cannot read %s: no such sysctl (kernel older than 6.6 or built without CONFIG_IO_URING)",
		       UP_KEY_LEVEL);
		return HK_EXIT_UNSUPPORTED;
	}
	hk_err("cannot read the io_uring sysctls: %s", strerror(-err));
	return hk_exit_for_errno(err);
}

int up_policy_read(struct up_policy *p)
{
	int dfd = hk_sysroot_fd();
	int64_t v;
	int r;

	if (dfd < 0)
		return dfd;
	r = hk_read_s64(dfd, UP_SYSCTL_LEVEL, &v);
	if (r < 0)
		return r;
	p->level = (int)v;
	r = hk_read_s64(dfd, UP_SYSCTL_GROUP, &v);
	if (r < 0)
		return r;
	/* An int to the kernel (proc_dointvec); every value but -1 is a GID. */
	if (v < INT32_MIN || v > INT32_MAX)
		return -ERANGE;
	p->group = (int32_t)v;
	return 0;
}

int up_parse_level(const char *s, int *level)
{
	int i;

	for (i = 0; i < 3; i++)
		if (strcmp(s, level_words[i]) == 0) {
			*level = i;
			return 0;
		}
	if (hk_parse_int(s, 0, 2, level) == 0)
		return 0;
	return hk_usage_error(hk_cmd_name(),
			      "invalid level '%s': expected 0, 1, 2, allow, restrict or deny", s);
}

int up_parse_group(const char *s, int32_t *group)
{
	struct group *gr;
	uint64_t gid;
	int r;

	if (strcmp(s, "none") == 0 || strcmp(s, "-1") == 0) {
		*group = UP_NO_GROUP;
		return 0;
	}
	if (*s == '-' && s[1] >= '0' && s[1] <= '9')
		return hk_usage_error(hk_cmd_name(),
				      "invalid group '%s': only -1 means no group; the kernel reads other negative values as GIDs (give the GID itself)", s);
	if (*s >= '0' && *s <= '9') {
		/* GID 4294967295 is the invalid GID; the sysctl holds the others
		 * as an int, those above INT_MAX as negative values. */
		r = hk_parse_u64(s, 0, UINT32_MAX - 1, &gid);
		if (r == -ERANGE)
			return hk_usage_error(hk_cmd_name(),
					      "invalid group '%s': a GID must be between 0 and %u", s, UINT32_MAX - 1);
		if (r == 0) {
			*group = (int32_t)(uint32_t)gid;
			return 0;
		}
	}
	if (!*s || *s == '-')
		return hk_usage_error(hk_cmd_name(),
				      "invalid group '%s': expected a group name, a GID or 'none'", s);
	errno = 0;
	gr = getgrnam(s);
	if (!gr) {
		hk_err("unknown group '%s'%s%s", s, errno ? ": " : "", errno ? strerror(errno) : "");
		return HK_EXIT_NOTFOUND;
	}
	if (gr->gr_gid == (gid_t)-1)
		return hk_usage_error(hk_cmd_name(), "group '%s' has GID %u, the invalid GID", s,
				      (unsigned int)gr->gr_gid);
	*group = (int32_t)(uint32_t)gr->gr_gid;
	return 0;
}

int up_opt_level(const struct hk_opt *o, const char *arg, void *dst)
{
	(void)o;
	return up_parse_level(arg, dst);
}

int up_opt_group(const struct hk_opt *o, const char *arg, void *dst)
{
	struct up_override *ov = dst;
	int r;

	(void)o;
	r = up_parse_group(arg, &ov->group);
	if (r == 0)
		ov->have_group = true;
	return r;
}

void up_policy_override(struct up_policy *p, const struct up_override *o)
{
	if (o->level >= 0)
		p->level = o->level;
	if (o->have_group)
		p->group = o->group;
}

const char *up_level_word(int level)
{
	return level >= 0 && level <= 2 ? level_words[level] : "unknown";
}

const char *up_level_meaning(int level)
{
	switch (level) {
	case 0:
		return "every process may create io_uring instances";
	case 1:
		return "only CAP_SYS_ADMIN in the initial user namespace or members of io_uring_group may create io_uring instances";
	case 2:
		return "no process may create io_uring instances, root included";
	}
	return "unknown level";
}

const char *up_group_desc(int32_t group, char *buf, size_t size)
{
	gid_t gid = (gid_t)(uint32_t)group;
	struct group *gr;

	if (group == UP_NO_GROUP) {
		snprintf(buf, size, "none");
		return buf;
	}
	gr = getgrgid(gid);
	if (gr && group >= 0)
		snprintf(buf, size, "%s (%u)", gr->gr_name, (unsigned int)gid);
	else if (gr)
		snprintf(buf, size, "%s (%u, written as %d)", gr->gr_name, (unsigned int)gid, group);
	else if (group >= 0)
		snprintf(buf, size, "%u", (unsigned int)gid);
	else
		snprintf(buf, size, "%u (written as %d)", (unsigned int)gid, group);
	return buf;
}

int64_t up_group_json(int32_t group)
{
	return group == UP_NO_GROUP ? -1 : (int64_t)(uint32_t)group;
}

bool up_in_group(const struct up_subject *s, gid_t gid, enum up_reason *why)
{
	int i;

	if (s->fsgid == gid) {
		*why = UP_ALLOW_FSGID;
		return true;
	}
	for (i = 0; i < s->ngroups; i++)
		if (s->groups[i] == gid) {
			*why = UP_ALLOW_SUPP;
			return true;
		}
	return false;
}

/* io_uring_allowed() of io_uring/io_uring.c (6.12): level 2 no; level 0 or
 * capable(CAP_SYS_ADMIN) yes; then in_group_p() of make_kgid(group). */
enum up_verdict up_allowed(const struct up_policy *p, const struct up_subject *s,
			   enum up_reason *why)
{
	if (p->level >= 2) {
		*why = UP_DENY_LEVEL2;
		return UP_DENIED;
	}
	if (p->level == 0) {
		*why = UP_ALLOW_LEVEL0;
		return UP_ALLOWED;
	}
	if (s->cap_sys_admin && s->init_userns == 1) {
		*why = UP_ALLOW_CAP;
		return UP_ALLOWED;
	}
	if (p->group != UP_NO_GROUP && up_in_group(s, up_group_gid(p), why))
		return UP_ALLOWED;
	if (s->cap_sys_admin && s->init_userns < 0) {
		*why = UP_UNKNOWN_USERNS;
		return UP_UNKNOWN;
	}
	*why = p->group == UP_NO_GROUP ? UP_DENY_NO_GROUP : UP_DENY_NOT_MEMBER;
	return UP_DENIED;
}

const char *up_verdict_word(enum up_verdict v)
{
	return v == UP_ALLOWED ? "allowed" : v == UP_DENIED ? "denied" : "unknown";
}

const char *up_reason_text(const struct up_policy *p, const struct up_subject *s,
			   enum up_reason why, char *buf, size_t size)
{
	char g[128];

	up_group_desc(p->group, g, sizeof(g));
	switch (why) {
	case UP_ALLOW_LEVEL0:
		snprintf(buf, size, "io_uring_disabled is 0: everyone may");
		break;
	case UP_ALLOW_CAP:
		snprintf(buf, size, "io_uring_disabled is 1 and CAP_SYS_ADMIN is effective in the initial user namespace");
		break;
	case UP_ALLOW_FSGID:
		snprintf(buf, size, "io_uring_disabled is 1 and the filesystem GID is io_uring_group %s", g);
		break;
	case UP_ALLOW_SUPP:
		snprintf(buf, size, "io_uring_disabled is 1 and io_uring_group %s is a supplementary group", g);
		break;
	case UP_DENY_LEVEL2:
		snprintf(buf, size, "io_uring_disabled is 2: nobody may, root included");
		break;
	case UP_DENY_NO_GROUP:
		snprintf(buf, size, "io_uring_disabled is 1, no io_uring_group is set and CAP_SYS_ADMIN is not effective in the initial user namespace");
		break;
	case UP_DENY_NOT_MEMBER:
		snprintf(buf, size, "io_uring_disabled is 1, not a member of io_uring_group %s and CAP_SYS_ADMIN is not effective in the initial user namespace", g);
		break;
	case UP_UNKNOWN_USERNS:
		snprintf(buf, size, "io_uring_disabled is 1 and CAP_SYS_ADMIN is effective, but its user namespace cannot be read (ns/user: %s; run as root): only the initial one counts",
			 strerror(s->userns_err));
		break;
	}
	return buf;
}

static int alloc_groups(struct up_subject *s, int n)
{
	s->groups = calloc(n > 0 ? (size_t)n : 1, sizeof(gid_t));
	return s->groups ? 0 : -ENOMEM;
}

int up_subject_self(struct up_subject *s)
{
	int n, r;

	memset(s, 0, sizeof(*s));
	s->euid = geteuid();
	/* setfsgid() with an invalid id changes nothing and returns the current one. */
	s->fsgid = (gid_t)setfsgid((gid_t)-1);
	n = getgroups(0, NULL);
	if (n < 0 || alloc_groups(s, n) < 0)
		return n < 0 ? -errno : -ENOMEM;
	n = getgroups(n, s->groups);
	if (n < 0) {
		r = -errno;
		up_subject_free(s);
		return r;
	}
	s->ngroups = n;
	s->cap_sys_admin = hk_cap_effective(CAP_SYS_ADMIN);
	r = hk_self_init_userns();
	s->init_userns = r < 0 ? -1 : r;
	s->userns_err = r < 0 ? -r : 0;
	return 0;
}

void up_subject_from_status(struct up_subject *s, struct hk_proc_status *st)
{
	memset(s, 0, sizeof(*s));
	s->euid = st->uid[1];
	s->fsgid = st->gid[3];
	s->groups = st->groups;
	s->ngroups = st->ngroups;
	st->groups = NULL;
	st->ngroups = 0;
	s->cap_sys_admin = hk_capmask_has(st->cap_eff, CAP_SYS_ADMIN);
	s->init_userns = st->init_userns;
	s->userns_err = st->userns_err;
}

int up_subject_user(const char *user, struct up_subject *s, uid_t *uid)
{
	struct passwd *pw;
	int n = 64, want;
	uint64_t num;

	memset(s, 0, sizeof(*s));
	errno = 0;
	pw = getpwnam(user);
	if (!pw && hk_parse_u64(user, 0, UINT32_MAX - 1, &num) == 0)
		pw = getpwuid((uid_t)num);
	if (!pw)
		return -ENOENT;
	for (;;) {
		if (alloc_groups(s, n) < 0)
			return -ENOMEM;
		want = n;
		if (getgrouplist(pw->pw_name, pw->pw_gid, s->groups, &want) >= 0)
			break;
		up_subject_free(s);
		/* -1 with want set to the number needed */
		if (want <= n)
			return -ENOMEM;
		n = want;
	}
	s->ngroups = want;
	s->euid = pw->pw_uid;
	s->fsgid = pw->pw_gid;
	s->cap_sys_admin = pw->pw_uid == 0;
	s->init_userns = 1;
	*uid = pw->pw_uid;
	return 0;
}

void up_subject_free(struct up_subject *s)
{
	free(s->groups);
	s->groups = NULL;
	s->ngroups = 0;
}
