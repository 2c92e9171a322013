// SPDX-License-Identifier: GPL-2.0-or-later
/* uringpolicy set: one run at a time (a lock under /run), the sysctls changed
 * in an order that never admits anyone new in between, rolled back on a
 * partial failure, verified, audited, persisted. */
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
#include "hk/lock.h"
#include "hk/proc.h"
#include "hk/nl.h"
#include "policy.h"

#define UP_LOCK_DIR "run/hardenkit"
#define UP_LOCK_NAME "uringpolicy.lock"

struct change {
	const char *key;
	const char *path;
	int64_t old, new;
	bool done;
};

/* 0, or HK_EXIT_KERNEL after saying that the change is not audited. */
static int audit_change(const struct change *c, bool ok)
{
	char text[256];
	int r;

	/* A fake tree is no real system: nothing real changed, nothing to audit. */
	if (hk_sysroot_is_fake())
		return 0;
	snprintf(text, sizeof(text), "op=set-sysctl feature=%s old=%lld new=%lld", c->key,
		 (long long)c->old, (long long)c->new);
	r = hk_audit_log_user(AUDIT_USYS_CONFIG, text, ok);
	if (r == 0 || hk_audit_unavailable(r))
		return 0;
	hk_err("cannot send the audit record of %s %lld -> %lld: %s%s", c->key, (long long)c->old,
	       (long long)c->new, strerror(-r),
	       r == -EPERM ? " (CAP_AUDIT_WRITE is needed); the change is not audited" :
			     "; the change is not audited");
	return HK_EXIT_KERNEL;
}

static int write_value(int dfd, const char *path, int64_t v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%lld\n", (long long)v);
	return hk_write_attr_str(dfd, path, buf);
}

/* The kernel's rule for these root-owned 0644 files (test_perm() in
 * fs/proc/proc_sysctl.c): only the effective UID 0 of the initial user
 * namespace gets the owner's write bit; no capability is consulted. Checked
 * before anything is touched, on a fake tree too. */
static int check_privilege(int dfd)
{
	int r = hk_euid_global_root();

	if (r < 0) {
		hk_err("cannot change %s: cannot tell whether this process is root: %s", UP_KEY_LEVEL,
		       strerror(-r));
		return HK_EXIT_PERM;
	}
	if (!r) {
		hk_err("cannot change %s: needs root: only effective UID 0 of the initial user namespace may write it, whatever the capabilities (effective UID %u%s)",
		       UP_KEY_LEVEL, (unsigned int)geteuid(),
		       hk_self_init_userns() == 1 ? "" : " in a user namespace");
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

	/* Group first: boot starts from level 0, and the group must be in
	 * place before level 1 takes effect. The group is the sysctl's int. */
	n = snprintf(buf, sizeof(buf),
		     "# Written by uringpolicy set --persist; applied at boot by systemd-sysctl\n"
		     "# and by 'sysctl --system'. Change it with uringpolicy, not by hand.\n"
		     "%s = %d\n%s = %d\n",
		     UP_KEY_GROUP, p->group, UP_KEY_LEVEL, p->level);
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
	if (r > 0) {
		hk_err("wrote /%s, but syncing its directory failed: %s (the boot policy may not survive a crash)",
		       UP_DROPIN, strerror(r));
		return HK_EXIT_IO;
	}
	printf("persisted to /%s\n", UP_DROPIN);
	return 0;
}

/* Undo the first write after the second failed. */
static void roll_back(int dfd, struct change *c)
{
	int r = write_value(dfd, c->path, c->old);

	if (r < 0)
		hk_err("cannot restore %s to %lld: %s", c->key, (long long)c->old, strerror(-r));
	else
		audit_change(&(struct change){ c->key, c->path, c->new, c->old, true }, true);
}

/* Apply cur -> want. The group matters only at level 1, so it is changed
 * while the level is not 1: after the level when leaving level 1, before it
 * otherwise. Then at every instant everyone admitted by both the old and the
 * new policy is admitted, and nobody admitted by neither. */
static int apply(int dfd, const struct up_policy *cur, const struct up_policy *want, bool dry_run,
		 bool *changed, int *audit_code)
{
	struct change ch[2] = {
		{ UP_KEY_GROUP, UP_SYSCTL_GROUP, cur->group, want->group, false },
		{ UP_KEY_LEVEL, UP_SYSCTL_LEVEL, cur->level, want->level, false },
	};
	bool level_first = cur->level == 1 && want->level != 1;
	struct change *order[2] = { &ch[level_first], &ch[!level_first] };
	int i, r;

	for (i = 0; i < 2; i++) {
		struct change *c = order[i];

		if (c->old == c->new)
			continue;
		if (dry_run) {
			printf("would set %s: %lld -> %lld\n", c->key, (long long)c->old, (long long)c->new);
			continue;
		}
		r = write_value(dfd, c->path, c->new);
		if (r < 0) {
			audit_change(c, false);
			hk_err("cannot set %s to %lld: %s", c->key, (long long)c->new, strerror(-r));
			/* No half-applied policy: undo what this run already wrote. */
			if (i == 1 && order[0]->done)
				roll_back(dfd, order[0]);
			return r == -EACCES || r == -EPERM || r == -EROFS ? HK_EXIT_PERM : HK_EXIT_KERNEL;
		}
		c->done = true;
		*changed = true;
		printf("%s: %lld -> %lld\n", c->key, (long long)c->old, (long long)c->new);
		r = audit_change(c, true);
		if (!*audit_code)
			*audit_code = r;
	}
	return 0;
}

/* Read the policy, apply --level and --group on top. */
static int read_want(struct up_policy *cur, struct up_policy *want, const struct up_override *ov)
{
	int r = up_policy_read(cur);

	if (r < 0) {
		r = up_no_sysctl(r);
#ifdef __clang_analyzer__
		/* up_no_sysctl() turns every err < 0 into a non-zero exit code
		 * (policy.c): scan-build, which sees one file at a time, would
		 * otherwise assume 0 and report *cur and *want as garbage. */
		if (r == 0)
			__builtin_unreachable();
#endif
		return r;
	}
	*want = *cur;
	up_policy_override(want, ov);
	return 0;
}

struct set_opts {
	struct up_override ov;
	bool dry_run;
	bool persist;
};

static const struct hk_opt set_options[] = {
	HK_OPT_PARSE(struct set_opts, ov.level, "level", 'l', "LEVEL", up_opt_level,
		     "0|allow, 1|restrict (CAP_SYS_ADMIN or the group), 2|deny"),
	HK_OPT_PARSE(struct set_opts, ov, "group", 'g', "GROUP", up_opt_group,
		     "Group allowed at level 1: NAME, GID or none"),
	HK_OPT_FLAG(struct set_opts, dry_run, "dry-run", '\0', "Print what would change, change nothing"),
	HK_OPT_FLAG(struct set_opts, persist, "persist", '\0', "Also write a sysctl.d drop-in applied at boot"),
	HK_OPT_END
};

static const struct set_opts set_defaults = { .ov = UP_OVERRIDE_NONE };

/* Changes the running policy to *want, verified by reading it back. */
static int set_running(int dfd, const struct up_policy *cur, const struct up_policy *want,
		       bool dry_run, int *audit_code)
{
	struct up_policy now;
	bool changed = false;
	int r;

	r = apply(dfd, cur, want, dry_run, &changed, audit_code);
	if (r)
		return r;
	if (dry_run) {
		if (cur->level == want->level && cur->group == want->group)
			printf("nothing would change: %s = %d, %s = %d\n", UP_KEY_LEVEL, cur->level,
			       UP_KEY_GROUP, cur->group);
		return 0;
	}
	if (!changed)
		printf("nothing to change: %s = %d, %s = %d\n", UP_KEY_LEVEL, cur->level,
		       UP_KEY_GROUP, cur->group);
	r = up_policy_read(&now);
	if (r < 0)
		return up_no_sysctl(r);
	if (now.level != want->level || now.group != want->group) {
		hk_err("read back %s = %d, %s = %d, expected %d and %d (another writer?)",
		       UP_KEY_LEVEL, now.level, UP_KEY_GROUP, now.group, want->level, want->group);
		return HK_EXIT_CONFLICT;
	}
	return 0;
}

static int set(const void *opts, int argc, const char *const *argv)
{
	const struct set_opts *o = opts;
	int dfd, lockfd = -1, code, audit_code = 0;
	struct up_policy cur, want;

	(void)argc;
	(void)argv;
	if (o->ov.level < 0 && !o->ov.have_group)
		return hk_usage_error("set", "nothing to set: give --level and/or --group");
	/* A missing sysctl is told before the privilege check. */
	code = read_want(&cur, &want, &o->ov);
	if (code)
		return code;
	dfd = hk_sysroot_fd();
	if (!o->dry_run) {
		code = check_privilege(dfd);
		if (code)
			return code;
		/* From the first read to the persist, one run at a time: no run
		 * works from values another is changing. */
		lockfd = hk_lock_take(dfd, UP_LOCK_DIR, UP_LOCK_NAME);
		if (lockfd < 0) {
			hk_err("cannot lock /%s/%s: %s", UP_LOCK_DIR, UP_LOCK_NAME, strerror(-lockfd));
			return hk_exit_for_errno(lockfd) == HK_EXIT_PERM ? HK_EXIT_PERM : HK_EXIT_IO;
		}
		code = read_want(&cur, &want, &o->ov);
	}
	if (!code)
		code = set_running(dfd, &cur, &want, o->dry_run, &audit_code);
	if (!code && o->persist)
		code = persist(dfd, &want, o->dry_run);
	if (!code)
		code = audit_code;
	if (lockfd >= 0)
		close(lockfd);
	return code;
}

const struct hk_cmd up_cmd_set = {
	.name = "set",
	.synopsis = "[--level LEVEL] [--group GROUP] [--dry-run] [--persist]",
	.help = "Change the policy (root)",
	HK_CMD_OPTS(struct set_opts, set_options),
	.defaults = &set_defaults,
	.run = set,
};
