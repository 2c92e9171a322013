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
#include "uringpolicy.h"

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

int cmd_check(int argc, const char **argv)
{
	char *pid_s = NULL, *user = NULL, *level = NULL, *group = NULL;
	int json = 0, probe = 0, quiet = 0, r;
	struct poptOption opts[] = {
		{ "pid", 'p', POPT_ARG_STRING, &pid_s, 0, "Check a running process", "PID" },
		{ "user", 'u', POPT_ARG_STRING, &user, 0, "Check a fresh login of USER (name or UID)", "USER" },
		{ "level", 'l', POPT_ARG_STRING, &level, 0, "Check against this level instead of the current one", "LEVEL" },
		{ "group", 'g', POPT_ARG_STRING, &group, 0, "Check against this group instead of the current one", "GROUP" },
		{ "probe", '\0', POPT_ARG_NONE, &probe, 0, "Also call io_uring_setup(2) and report what really happens", NULL },
		{ "json", 'J', POPT_ARG_NONE, &json, 0, "Print a JSON object", NULL },
		{ "quiet", 'q', POPT_ARG_NONE, &quiet, 0, "Print nothing; answer with the exit status", NULL },
		HK_POPT_HELP,
		POPT_TABLEEND
	};
	struct hk_popt p = hk_popt_parse("check", opts,
		"[--pid PID | --user USER] [--level L] [--group G] [--probe] [--json]", argc, argv);
	struct up_policy pol = { 0, UP_NO_GROUP };
	struct up_subject subj = { 0 };
	struct probe pr;
	enum up_reason why;
	enum up_verdict v = UP_DENIED;
	char reason[320], who[128], esc[HK_ESC_MAX(sizeof(reason))], esc_who[HK_ESC_MAX(sizeof(who))];
	bool have_pol, ok;
	int pid = 0;
	uid_t uid = 0;

	if (p.done)
		goto out;
	p.code = up_no_args(p.ctx);
	if (p.code)
		goto out;
	if (pid_s && user) {
		p.code = hk_usage_error("check", "--pid and --user exclude each other");
		goto out;
	}
	if (probe && (pid_s || user)) {
		p.code = hk_usage_error("check", "--probe tests the calling process only; run it as that user (e.g. with setpriv or runuser)");
		goto out;
	}
	if (pid_s && hk_parse_int(pid_s, 1, INT32_MAX, &pid) < 0) {
		p.code = hk_usage_error("check", "invalid PID '%s': expected a positive process ID", pid_s);
		goto out;
	}
	r = up_policy_read(&pol);
	have_pol = r == 0;
	if (r < 0 && !(r == -ENOENT && probe)) {
		p.code = up_no_sysctl(r);
		goto out;
	}
	p.code = up_policy_override(&pol, level, group);
	if (p.code)
		goto out;

	if (pid) {
		struct hk_proc_status st;

		r = hk_proc_status_read(pid, &st);
		if (r == -ENOENT || r == -ESRCH) {
			hk_err("no process with PID %d", pid);
			p.code = HK_EXIT_NOTFOUND;
			goto out;
		} else if (r < 0) {
			hk_err("cannot read the status of PID %d: %s", pid, strerror(-r));
			p.code = hk_exit_for_errno(r);
			goto out;
		}
		snprintf(who, sizeof(who), "PID %d (%s)", pid, st.comm);
		up_subject_from_status(&subj, &st);
	} else if (user) {
		r = up_subject_user(user, &subj, &uid);
		if (r < 0) {
			hk_err("unknown user '%s'", user);
			p.code = HK_EXIT_NOTFOUND;
			goto out;
		}
		snprintf(who, sizeof(who), "user %s (UID %u)", user, (unsigned int)uid);
	} else {
		r = up_subject_self(&subj);
		if (r < 0) {
			hk_err("cannot read this process's credentials: %s", strerror(-r));
			p.code = HK_EXIT_KERNEL;
			goto out;
		}
		snprintf(who, sizeof(who), "this process (PID %d)", (int)getpid());
	}

	if (have_pol) {
		v = up_allowed(&pol, &subj, &why);
		up_reason_text(&pol, &subj, why, reason, sizeof(reason));
	}
	ok = have_pol && v == UP_ALLOWED;
	if (probe)
		run_probe(&pr, ok, &pol, have_pol);
	/* Unknown: this caller may not read what decides it (exit 3, as for
	 * any privilege the caller lacks), never a guessed yes or no. */
	p.code = probe ? probe_exit(pr.err) :
		 v == UP_UNKNOWN ? HK_EXIT_PERM : ok ? HK_EXIT_OK : HK_EXIT_NO;

	if (quiet)
		goto out;
	if (json) {
		struct hk_json j;

		hk_json_init(&j, stdout, true);
		hk_json_open(&j, NULL);
		hk_json_str(&j, "subject", who);
		if (have_pol) {
			hk_json_int(&j, "level", pol.level);
			hk_json_int(&j, "group", up_group_json(pol.group));
			hk_json_int(&j, "group_value", pol.group);
			if (v == UP_UNKNOWN)
				hk_json_null(&j, "allowed");
			else
				hk_json_bool(&j, "allowed", ok);
			hk_json_str(&j, "verdict", up_verdict_word(v));
			hk_json_str(&j, "reason", reason);
		} else {
			hk_json_null(&j, "allowed");
			hk_json_str(&j, "reason", "no io_uring sysctls in this kernel");
		}
		if (probe) {
			hk_json_open(&j, "probe");
			hk_json_bool(&j, "created", pr.err == 0);
			hk_json_int(&j, "errno", pr.err);
			hk_json_str(&j, "error", pr.err ? strerrorname_np(pr.err) : NULL);
			hk_json_int(&j, "seccomp", pr.seccomp);
			hk_json_str(&j, "cause", pr.cause);
			hk_json_bool(&j, "matches_prediction", have_pol && (pr.err == 0) == ok);
			hk_json_close(&j);
		}
		hk_json_close(&j);
		hk_json_end(&j);
	} else {
		if (have_pol)
			printf("%s: %s: %s\n", hk_esc(who, esc_who, sizeof(esc_who)), up_verdict_word(v),
			       hk_esc(reason, esc, sizeof(esc)));
		else
			printf("%s: no io_uring sysctls in this kernel\n", hk_esc(who, esc_who, sizeof(esc_who)));
		if (probe) {
			printf("probe: %s\n", pr.cause);
			if (have_pol && (pr.err == 0) != ok)
				printf("note: the probe disagrees with the prediction from the sysctls\n");
		}
	}
out:
	up_subject_free(&subj);
	free(pid_s);
	free(user);
	free(level);
	free(group);
	poptFreeContext(p.ctx);
	return p.code;
}
