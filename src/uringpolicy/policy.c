// SPDX-License-Identifier: GPL-2.0-or-later
/* io_uring_allowed() of io_uring/io_uring.c, restated for user space. */
#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/fsuid.h>

#include "hk/caps.h"
#include "hk/cmd.h"
#include "hk/err.h"
#include "hk/io.h"
#include "hk/parse.h"
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
	r = hk_read_s64(dfd, UP_SYSCTL_GROUP, &p->group);
	if (r < 0)
		return r;
	/* The kernel maps the int through make_kgid(): any negative is "no group". */
	if (p->group < 0)
		p->group = UP_NO_GROUP;
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

int up_parse_group(const char *s, int64_t *gid)
{
	struct group *gr;
	int r;

	if (strcmp(s, "none") == 0 || strcmp(s, "-1") == 0) {
		*gid = UP_NO_GROUP;
		return 0;
	}
	if (*s >= '0' && *s <= '9') {
		/* The sysctl is an int: larger gids cannot be expressed. */
		r = hk_parse_s64(s, 0, INT_MAX, gid);
		if (r == -ERANGE)
			return hk_usage_error(hk_cmd_name(),
					      "invalid group '%s': a GID must be between 0 and %d", s, INT_MAX);
		if (r == 0)
			return 0;
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
	if (gr->gr_gid > INT_MAX)
		return hk_usage_error(hk_cmd_name(), "group '%s' has GID %u, above what the sysctl holds",
				      s, (unsigned int)gr->gr_gid);
	*gid = gr->gr_gid;
	return 0;
}

int up_policy_override(struct up_policy *p, const char *level, const char *group)
{
	int r;

	if (level) {
		r = up_parse_level(level, &p->level);
		if (r)
			return r;
	}
	if (group) {
		r = up_parse_group(group, &p->group);
		if (r)
			return r;
	}
	return 0;
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

const char *up_group_desc(int64_t gid, char *buf, size_t size)
{
	struct group *gr;

	if (gid < 0) {
		snprintf(buf, size, "none");
		return buf;
	}
	gr = getgrgid((gid_t)gid);
	if (gr)
		snprintf(buf, size, "%s (%lld)", gr->gr_name, (long long)gid);
	else
		snprintf(buf, size, "%lld", (long long)gid);
	return buf;
}

bool up_allowed(const struct up_policy *p, const struct up_subject *s, enum up_reason *why)
{
	int i;

	if (p->level >= 2) {
		*why = UP_DENY_LEVEL2;
		return false;
	}
	if (p->level == 0) {
		*why = UP_ALLOW_LEVEL0;
		return true;
	}
	if (s->cap_sys_admin && s->init_userns) {
		*why = UP_ALLOW_CAP;
		return true;
	}
	if (p->group < 0) {
		*why = UP_DENY_NO_GROUP;
		return false;
	}
	if ((int64_t)s->fsgid == p->group) {
		*why = UP_ALLOW_FSGID;
		return true;
	}
	for (i = 0; i < s->ngroups; i++)
		if ((int64_t)s->groups[i] == p->group) {
			*why = UP_ALLOW_SUPP;
			return true;
		}
	*why = UP_DENY_NOT_MEMBER;
	return false;
}

const char *up_reason_text(const struct up_policy *p, enum up_reason why, char *buf, size_t size)
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
	}
	return buf;
}

static bool self_init_userns(void)
{
	char link[64];
	unsigned long ino = 0;
	ssize_t n;

	/* Always the real /proc: the fake sysroot describes other processes. */
	n = readlink("/proc/self/ns/user", link, sizeof(link) - 1);
	if (n < 0)
		return errno == ENOENT;
	link[n] = 0;
	return sscanf(link, "user:[%lu]", &ino) == 1 && ino == HK_USERNS_INIT_INO;
}

int up_subject_self(struct up_subject *s)
{
	int n;

	memset(s, 0, sizeof(*s));
	s->euid = geteuid();
	/* setfsgid() with an invalid id changes nothing and returns the current one. */
	s->fsgid = (gid_t)setfsgid((gid_t)-1);
	n = getgroups(HK_MAX_GROUPS, s->groups);
	if (n < 0)
		return -errno;
	s->ngroups = n;
	s->cap_sys_admin = hk_cap_effective(CAP_SYS_ADMIN);
	s->init_userns = self_init_userns();
	return 0;
}

void up_subject_from_status(struct up_subject *s, const struct hk_proc_status *st)
{
	memset(s, 0, sizeof(*s));
	s->euid = st->uid[1];
	s->fsgid = st->gid[3];
	memcpy(s->groups, st->groups, sizeof(s->groups));
	s->ngroups = st->ngroups;
	s->cap_sys_admin = hk_capmask_has(st->cap_eff, CAP_SYS_ADMIN);
	s->init_userns = st->init_userns;
}

int up_subject_user(const char *user, struct up_subject *s, uid_t *uid)
{
	struct passwd *pw;
	int n = HK_MAX_GROUPS;
	uint64_t num;

	memset(s, 0, sizeof(*s));
	errno = 0;
	pw = getpwnam(user);
	if (!pw && hk_parse_u64(user, 0, UINT32_MAX - 1, &num) == 0)
		pw = getpwuid((uid_t)num);
	if (!pw)
		return -ENOENT;
	if (getgrouplist(pw->pw_name, pw->pw_gid, s->groups, &n) < 0)
		n = HK_MAX_GROUPS;
	s->ngroups = n;
	s->euid = pw->pw_uid;
	s->fsgid = pw->pw_gid;
	s->cap_sys_admin = pw->pw_uid == 0;
	s->init_userns = true;
	*uid = pw->pw_uid;
	return 0;
}
