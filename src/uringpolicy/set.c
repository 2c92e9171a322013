// SPDX-License-Identifier: GPL-2.0-or-later
/* uringpolicy set: change the sysctls in an order that never locks group
 * members out, roll back on a partial failure, verify, audit, persist. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/audit.h>

#include "hk/caps.h"
#include "hk/cmd.h"
#include "hk/err.h"
#include "hk/io.h"
#include "hk/nl.h"
#include "policy.h"
#include "uringpolicy.h"

struct change {
	const char *key;
	const char *path;
	int64_t old, new;
	bool done;
};

static void audit_change(const struct change *c, bool ok)
{
	char text[256];
	int r;

	/* Tests run against a fake tree: nothing real changed, nothing to audit. */
	if (hk_sysroot_is_fake())
		return;
	snprintf(text, sizeof(text), "op=set-sysctl key=%s old=%lld new=%lld res=%s",
		 c->key, (long long)c->old, (long long)c->new, ok ? "success" : "failed");
	r = hk_audit_user_message(AUDIT_USYS_CONFIG, text);
	if (r < 0 && !hk_audit_unavailable(r))
		hk_warn("cannot send the audit record for %s: %s", c->key, strerror(-r));
}

static int write_value(int dfd, const char *path, int64_t v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%lld\n", (long long)v);
	return hk_write_attr_str(dfd, path, buf);
}

/* Can this process change the sysctls? Checked before anything is touched. */
static int check_privilege(int dfd)
{
	struct up_subject self;
	int r;

	r = up_subject_self(&self);
	if (r < 0) {
		hk_err("cannot read this process's credentials: %s", strerror(-r));
		return HK_EXIT_KERNEL;
	}
	if (!hk_sysroot_is_fake()) {
		if (self.euid != 0 || !self.init_userns) {
			hk_err("cannot change %s: needs root in the initial user namespace (effective UID %u%s)",
			       UP_KEY_LEVEL, (unsigned int)self.euid,
			       self.init_userns ? "" : ", in a user namespace");
			return HK_EXIT_PERM;
		}
		if (!self.cap_sys_admin) {
			hk_err("cannot change %s: CAP_SYS_ADMIN is not in the effective capability set",
			       UP_KEY_LEVEL);
			return HK_EXIT_PERM;
		}
	} else if (self.euid != 0) {
		hk_err("cannot change %s: needs root (effective UID %u)", UP_KEY_LEVEL,
		       (unsigned int)self.euid);
		return HK_EXIT_PERM;
	}
	if (faccessat(dfd, UP_SYSCTL_LEVEL, W_OK, AT_EACCESS) < 0 ||
	    faccessat(dfd, UP_SYSCTL_GROUP, W_OK, AT_EACCESS) < 0) {
		if (errno == EROFS) {
			hk_err("cannot change %s: /proc/sys is mounted read-only (inside a container?)",
			       UP_KEY_LEVEL);
			return HK_EXIT_PERM;
		}
		hk_err("cannot change %s: %s", UP_KEY_LEVEL, strerror(errno));
		return hk_exit_for_errno(errno);
	}
	return 0;
}

static int persist(int dfd, const struct up_policy *p, bool dry_run)
{
	char buf[512];
	int r, n;

	/* Group first: systemd-sysctl applies lines in order, and boot is a tightening. */
	n = snprintf(buf, sizeof(buf),
		     "# Written by uringpolicy set --persist; applied at boot by systemd-sysctl\n"
		     "# and by 'sysctl --system'. Change it with uringpolicy, not by hand.\n"
		     "%s = %lld\n%s = %d\n",
		     UP_KEY_GROUP, (long long)p->group, UP_KEY_LEVEL, p->level);
	if (dry_run) {
		printf("would write /%s:\n%s", UP_DROPIN, buf);
		return 0;
	}
	if (mkdirat(dfd, "etc/sysctl.d", 0755) < 0 && errno != EEXIST) {
		hk_err("cannot create /etc/sysctl.d: %s", strerror(errno));
		return hk_exit_for_errno(errno) == HK_EXIT_PERM ? HK_EXIT_PERM : HK_EXIT_IO;
	}
	r = hk_write_file_atomic(dfd, UP_DROPIN, buf, (size_t)n, 0644);
	if (r < 0) {
		hk_err("cannot write /%s: %s (the running policy is set, the boot policy is not)",
		       UP_DROPIN, strerror(-r));
		return r == -EACCES || r == -EPERM ? HK_EXIT_PERM : HK_EXIT_IO;
	}
	printf("persisted to /%s\n", UP_DROPIN);
	return 0;
}

int cmd_set(int argc, const char **argv)
{
	char *level = NULL, *group = NULL;
	int dry_run = 0, keep = 0, dfd, r, i;
	struct poptOption opts[] = {
		{ "level", 'l', POPT_ARG_STRING, &level, 0,
		  "0|allow, 1|restrict (CAP_SYS_ADMIN or the group), 2|deny", "LEVEL" },
		{ "group", 'g', POPT_ARG_STRING, &group, 0, "Group allowed at level 1: NAME, GID or none", "GROUP" },
		{ "dry-run", '\0', POPT_ARG_NONE, &dry_run, 0, "Print what would change, change nothing", NULL },
		{ "persist", '\0', POPT_ARG_NONE, &keep, 0, "Also write a sysctl.d drop-in applied at boot", NULL },
		HK_POPT_HELP,
		POPT_TABLEEND
	};
	struct hk_popt p = hk_popt_parse("set", opts, "[--level LEVEL] [--group GROUP] [--dry-run] [--persist]",
					 argc, argv);
	struct up_policy cur, want, now;
	struct change ch[2], *order[2];

	if (p.done)
		goto out;
	p.code = up_no_args(p.ctx);
	if (p.code)
		goto out;
	if (!level && !group) {
		p.code = hk_usage_error("set", "nothing to set: give --level and/or --group");
		goto out;
	}
	r = up_policy_read(&cur);
	if (r < 0) {
		p.code = up_no_sysctl(r);
		goto out;
	}
	want = cur;
	p.code = up_policy_override(&want, level, group);
	if (p.code)
		goto out;
	dfd = hk_sysroot_fd();
	if (!dry_run) {
		p.code = check_privilege(dfd);
		if (p.code)
			goto out;
	}

	ch[0] = (struct change){ UP_KEY_GROUP, UP_SYSCTL_GROUP, cur.group, want.group, false };
	ch[1] = (struct change){ UP_KEY_LEVEL, UP_SYSCTL_LEVEL, cur.level, want.level, false };
	/* Tightening: the group first, so its members never lose access in between.
	 * Loosening: the level first, so nobody outside the old group gains it early. */
	if (want.level >= cur.level) {
		order[0] = &ch[0];
		order[1] = &ch[1];
	} else {
		order[0] = &ch[1];
		order[1] = &ch[0];
	}
	for (i = 0; i < 2; i++) {
		struct change *c = order[i];

		if (c->old == c->new)
			continue;
		if (dry_run) {
			printf("would set %s: %lld -> %lld\n", c->key, (long long)c->old, (long long)c->new);
			continue;
		}
		r = write_value(dfd, c->path, c->new);
		audit_change(c, r == 0);
		if (r < 0) {
			hk_err("cannot set %s to %lld: %s", c->key, (long long)c->new, strerror(-r));
			p.code = r == -EACCES || r == -EPERM || r == -EROFS ? HK_EXIT_PERM : HK_EXIT_KERNEL;
			/* No half-applied policy: undo what this run already wrote. */
			if (i == 1 && order[0]->done) {
				r = write_value(dfd, order[0]->path, order[0]->old);
				if (r < 0)
					hk_err("cannot restore %s to %lld: %s", order[0]->key,
					       (long long)order[0]->old, strerror(-r));
				else
					audit_change(&(struct change){ order[0]->key, order[0]->path,
						     order[0]->new, order[0]->old, true }, true);
			}
			goto out;
		}
		c->done = true;
		printf("%s: %lld -> %lld\n", c->key, (long long)c->old, (long long)c->new);
	}
	if (dry_run && ch[0].old == ch[0].new && ch[1].old == ch[1].new)
		printf("nothing would change: %s = %d, %s = %lld\n", UP_KEY_LEVEL, cur.level,
		       UP_KEY_GROUP, (long long)cur.group);
	if (!dry_run) {
		if (!ch[0].done && !ch[1].done)
			printf("nothing to change: %s = %d, %s = %lld\n", UP_KEY_LEVEL, cur.level,
			       UP_KEY_GROUP, (long long)cur.group);
		r = up_policy_read(&now);
		if (r < 0) {
			p.code = up_no_sysctl(r);
			goto out;
		}
		if (now.level != want.level || now.group != want.group) {
			hk_err("read back %s = %d, %s = %lld, expected %d and %lld (another writer?)",
			       UP_KEY_LEVEL, now.level, UP_KEY_GROUP, (long long)now.group,
			       want.level, (long long)want.group);
			p.code = HK_EXIT_CONFLICT;
			goto out;
		}
	}
	if (keep)
		p.code = persist(dfd, &want, dry_run);
out:
	free(level);
	free(group);
	poptFreeContext(p.ctx);
	return p.code;
}
