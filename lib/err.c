// SPDX-License-Identifier: GPL-2.0-or-later
/* Program-name messages and errno to exit-code mapping. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

#include "hk/err.h"
#include "hk/tty.h"

const char *hk_progname(void)
{
	return program_invocation_short_name;
}

static void vmsg(const char *prefix, const char *fmt, va_list ap)
{
	/* One fprintf-sized buffer so concurrent writers never interleave a line. */
	char line[1024], esc[HK_ESC_MAX(sizeof(line))];
	int n;

	n = snprintf(line, sizeof(line), "%s: %s", hk_progname(), prefix);
	if (n < 0 || (size_t)n >= sizeof(line))
		n = 0;
	vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	/* Messages quote names and values that others chose: escape the line
	 * once here rather than every argument at every call. */
	fprintf(stderr, "%s\n", hk_esc(line, esc, sizeof(esc)));
}

void hk_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("", fmt, ap);
	va_end(ap);
}

void hk_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("warning: ", fmt, ap);
	va_end(ap);
}

int hk_exit_for_errno(int err)
{
	if (err < 0)
		err = -err;
	switch (err) {
	case 0:
		return HK_EXIT_OK;
	case EPERM:
	case EACCES:
		return HK_EXIT_PERM;
	case ENOENT:
	case ESRCH:
		return HK_EXIT_NOTFOUND;
	case EEXIST:
		return HK_EXIT_EXISTS;
	case ENODEV:
	case ENOSYS:
	case ENOTTY:
	case ENXIO:
	case EOPNOTSUPP:
		return HK_EXIT_UNSUPPORTED;
	case ETIMEDOUT:
		return HK_EXIT_TIMEOUT;
	case ENOSPC:
	case EDQUOT:
	case ENOMEM:
	case EROFS:
		return HK_EXIT_IO;
	default:
		return HK_EXIT_KERNEL;
	}
}
