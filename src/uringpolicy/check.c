// SPDX-License-Identifier: GPL-2.0-or-later
/* uringpolicy check: predict (and with --probe, test) whether a process may
 * create an io_uring, and name the cause when it may not. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <linux/io_uring.h>

#include "hk/cmd.h"
#include "hk/err.h"
#include "hk/json.h"
#include "hk/parse.h"
#include "hk/proc.h"
#include "hk/tty.h"
#include "policy.h"

struct probe {
	int err;		/* 0: a ring was created */
	int seccomp;		/* Seccomp: of /proc/self/status, -1 unknown */
	char cause[256];
};

/* Really call io_uring_setup(2), then explain what happened. */
static void run_probe(struct probe *pr, bool predicted, const struct up_policy *pol, bool have_pol)
{
	struct io_uring_params params;
	long fd;

	memset(&params, 0, sizeof(params));
	memset(pr, 0, sizeof(*pr));
	fd = syscall(__NR_io_uring_setup, 1, &params);
	pr->err = fd < 0 ? errno : 0;
	if (fd >= 0)
		close((int)fd);
	pr->seccomp = hk_proc_self_seccomp();

	switch (pr->err) {
	case 0:
		snprintf(pr->cause, sizeof(pr->cause), "io_uring_setup(2) created a ring");
		break;
	case EPERM:
		if (have_pol && !predicted && pr->seccomp == 2)
			snprintf(pr->cause, sizeof(pr->cause),
				 "EPERM: kernel.io_uring_disabled=%d refuses it (a seccomp filter is also active and may refuse it first)",
				 pol->level);
		else if (have_pol && !predicted)
			snprintf(pr->cause, sizeof(pr->cause), "EPERM: kernel.io_uring_disabled=%d refuses it",
				 pol->level);
		else if (pr->seccomp == 2)
			snprintf(pr->cause, sizeof(pr->cause),
				 "EPERM: a seccomp filter refuses io_uring_setup (the sysctls allow it)");
		else
			snprintf(pr->cause, sizeof(pr->cause),
				 "EPERM although the sysctls allow it and no seccomp filter is active (an LSM or sandbox?)");
		break;
	case EACCES:
		snprintf(pr->cause, sizeof(pr->cause), "EACCES: a Linux security module (LSM) refuses io_uring");
		break;
	case ENOSYS:
		snprintf(pr->cause, sizeof(pr->cause), "ENOSYS: %s",
			 pr->seccomp == 2 ? "a seccomp filter hides io_uring_setup, or the kernel has no io_uring" :
					    "this kernel has no io_uring (CONFIG_IO_URING is off)");
		break;
	default:
		snprintf(pr->cause, sizeof(pr->cause), "io_uring_setup(2) failed: %s", strerror(pr->err));
	}
}

static int probe_exit(int err)
{
	switch (err) {
	case 0:
		return HK_EXIT_OK;
	case EPERM:
	case EACCES:
		return HK_EXIT_NO;
	case ENOSYS:
		return HK_EXIT_UNSUPPORTED;
	default:
		return HK_EXIT_KERNEL;
	}
}

struct check_opts {
	int pid;
	const char *user;
	struct up_override ov;
	bool probe;
	bool json;
	bool quiet;
};

static const struct hk_opt check_options[] = {
	HK_OPT_INT(struct check_opts, pid, "pid", 'p', "PID", 1, INT32_MAX, NULL, "Check a running process"),
	HK_OPT_STR(struct check_opts, user, "user", 'u', "USER", "Check a fresh login of USER (name or UID)"),
	HK_OPT_PARSE(struct check_opts, ov.level, "level", 'l', "LEVEL", up_opt_level,
		     "Check against this level instead of the current one"),
	HK_OPT_PARSE(struct check_opts, ov, "group", 'g', "GROUP", up_opt_group,
		     "Check against this group instead of the current one"),
	HK_OPT_FLAG(struct check_opts, probe, "probe", '\0',
		    "Also call io_uring_setup(2) and report what really happens"),
	HK_OPT_FLAG(struct check_opts, json, "json", 'J', "Print a JSON object"),
	HK_OPT_FLAG(struct check_opts, quiet, "quiet", 'q', "Print nothing; answer with the exit status"),
	HK_OPT_END
};

static const struct check_opts check_defaults = { .ov = UP_OVERRIDE_NONE };

struct verdict {
	char who[128];
	bool have_pol, ok;
	enum up_verdict v;
	struct up_policy pol;
	char reason[320];
	struct probe pr;
};

/* Whose credentials are judged: --pid, --user or this process. */
static int subject(const struct check_opts *o, struct up_subject *subj, char *who, size_t size)
{
	uid_t uid = 0;
	int r;

	if (o->pid) {
		struct hk_proc_status st;

		r = hk_proc_status_read(o->pid, &st);
		if (r == -ENOENT || r == -ESRCH) {
			hk_err("no process with PID %d", o->pid);
			return HK_EXIT_NOTFOUND;
		} else if (r < 0) {
			hk_err("cannot read the status of PID %d: %s", o->pid, strerror(-r));
			return hk_exit_for_errno(r);
		}
		snprintf(who, size, "PID %d (%s)", o->pid, st.comm);
		up_subject_from_status(subj, &st);
	} else if (o->user) {
		r = up_subject_user(o->user, subj, &uid);
		if (r < 0) {
			hk_err("unknown user '%s'", o->user);
			return HK_EXIT_NOTFOUND;
		}
		snprintf(who, size, "user %s (UID %u)", o->user, (unsigned int)uid);
	} else {
		r = up_subject_self(subj);
		if (r < 0) {
			hk_err("cannot read this process's credentials: %s", strerror(-r));
			return HK_EXIT_KERNEL;
		}
		snprintf(who, size, "this process (PID %d)", (int)getpid());
	}
	return 0;
}

static void print_json(const struct check_opts *o, const struct verdict *vd)
{
	struct hk_json j;

	hk_json_init(&j, stdout, true);
	hk_json_open(&j, NULL);
	hk_json_str(&j, "subject", vd->who);
	if (vd->have_pol) {
		hk_json_int(&j, "level", vd->pol.level);
		hk_json_int(&j, "group", up_group_json(vd->pol.group));
		hk_json_int(&j, "group_value", vd->pol.group);
		if (vd->v == UP_UNKNOWN)
			hk_json_null(&j, "allowed");
		else
			hk_json_bool(&j, "allowed", vd->ok);
		hk_json_str(&j, "verdict", up_verdict_word(vd->v));
		hk_json_str(&j, "reason", vd->reason);
	} else {
		hk_json_null(&j, "allowed");
		hk_json_str(&j, "reason", "no io_uring sysctls in this kernel");
	}
	if (o->probe) {
		hk_json_open(&j, "probe");
		hk_json_bool(&j, "created", vd->pr.err == 0);
		hk_json_int(&j, "errno", vd->pr.err);
		hk_json_str(&j, "error", vd->pr.err ? strerrorname_np(vd->pr.err) : NULL);
		hk_json_int(&j, "seccomp", vd->pr.seccomp);
		hk_json_str(&j, "cause", vd->pr.cause);
		hk_json_bool(&j, "matches_prediction", vd->have_pol && (vd->pr.err == 0) == vd->ok);
		hk_json_close(&j);
	}
	hk_json_close(&j);
	hk_json_end(&j);
}

static void print_text(const struct check_opts *o, const struct verdict *vd)
{
	char esc[HK_ESC_MAX(sizeof(vd->reason))], esc_who[HK_ESC_MAX(sizeof(vd->who))];

	if (vd->have_pol)
		printf("%s: %s: %s\n", hk_esc(vd->who, esc_who, sizeof(esc_who)), up_verdict_word(vd->v),
		       hk_esc(vd->reason, esc, sizeof(esc)));
	else
		printf("%s: no io_uring sysctls in this kernel\n", hk_esc(vd->who, esc_who, sizeof(esc_who)));
	if (o->probe) {
		printf("probe: %s\n", vd->pr.cause);
		if (vd->have_pol && (vd->pr.err == 0) != vd->ok)
			printf("note: the probe disagrees with the prediction from the sysctls\n");
	}
}

static int check(const void *opts, int argc, const char *const *argv)
{
	const struct check_opts *o = opts;
	struct verdict vd = { .pol = { 0, UP_NO_GROUP }, .v = UP_DENIED };
	struct up_subject subj = { 0 };
	enum up_reason why;
	int r, code;

	(void)argc;
	(void)argv;
	if (o->pid && o->user)
		return hk_usage_error("check", "--pid and --user exclude each other");
	if (o->probe && (o->pid || o->user))
		return hk_usage_error("check", "--probe tests the calling process only; run it as that user (e.g. with setpriv or runuser)");
	r = up_policy_read(&vd.pol);
	vd.have_pol = r == 0;
	if (r < 0 && !(r == -ENOENT && o->probe))
		return up_no_sysctl(r);
	up_policy_override(&vd.pol, &o->ov);
	code = subject(o, &subj, vd.who, sizeof(vd.who));
	if (code)
		goto out;
	if (vd.have_pol) {
		vd.v = up_allowed(&vd.pol, &subj, &why);
		up_reason_text(&vd.pol, &subj, why, vd.reason, sizeof(vd.reason));
	}
	vd.ok = vd.have_pol && vd.v == UP_ALLOWED;
	if (o->probe)
		run_probe(&vd.pr, vd.ok, &vd.pol, vd.have_pol);
	/* Unknown: this caller may not read what decides it (exit 3, as for
	 * any privilege the caller lacks), never a guessed yes or no. */
	code = o->probe ? probe_exit(vd.pr.err) :
	       vd.v == UP_UNKNOWN ? HK_EXIT_PERM : vd.ok ? HK_EXIT_OK : HK_EXIT_NO;
	if (o->quiet)
		goto out;
	if (o->json)
		print_json(o, &vd);
	else
		print_text(o, &vd);
out:
	up_subject_free(&subj);
	return code;
}

const struct hk_cmd up_cmd_check = {
	.name = "check",
	.synopsis = "[--pid PID | --user USER] [--level L] [--group G] [--probe] [--json]",
	.help = "Say whether a process or user may create an io_uring, and why",
	HK_CMD_OPTS(struct check_opts, check_options),
	.defaults = &check_defaults,
	.run = check,
};
