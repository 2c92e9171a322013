/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Messages and the exit-code table shared by every hardenkit tool. */
#ifndef HK_ERR_H
#define HK_ERR_H

/* Documented in every man page: never renumber. */
enum hk_exit {
	HK_EXIT_OK = 0,
	HK_EXIT_NO = 1,
	HK_EXIT_USAGE = 2,
	HK_EXIT_PERM = 3,
	HK_EXIT_UNSUPPORTED = 4,
	HK_EXIT_NOTFOUND = 5,
	HK_EXIT_EXISTS = 6,
	HK_EXIT_KERNEL = 7,
	HK_EXIT_CONFLICT = 8,
	HK_EXIT_TIMEOUT = 9,
	HK_EXIT_IO = 10,
	/* A predicate's third answer: the claim holds but who signed it could
	 * not be checked (tsmctl verify without certificates). */
	HK_EXIT_UNCHECKED = 11,
};

#define HK_PRINTF(a, b) __attribute__((format(printf, a, b)))
/* An error path kept out of line: the buffers of its message take stack,
 * and fault in stack pages, only in a run that fails. */
#define HK_COLD __attribute__((noinline, cold))

/* "prog: message\n" on stderr. */
void hk_err(const char *fmt, ...) HK_PRINTF(1, 2);
/* "prog: warning: message\n" on stderr. */
void hk_warn(const char *fmt, ...) HK_PRINTF(1, 2);
/* The one errno to exit code table, for a failed local file operation or a
 * failed kernel call (negative or positive errno): EPERM/EACCES 3;
 * ENODEV/ENOSYS/ENOTTY/ENXIO/EOPNOTSUPP 4 (the interface is missing);
 * ENOENT/ESRCH 5; EEXIST 6; ETIMEDOUT 9; ENOSPC/EDQUOT/ENOMEM/EROFS 10;
 * anything else 7 (the kernel refused or failed). */
int hk_exit_for_errno(int err);

const char *hk_progname(void);

#endif
