// SPDX-License-Identifier: GPL-2.0-or-later
/* The one errno to exit code table (lib/err.c), as HACKING.md and the man
 * pages document it, for both signs of errno. */
#include <errno.h>

#include "hk/err.h"
#include "unit.h"

int main(void)
{
	static const struct { int err, code; } rows[] = {
		{ 0, HK_EXIT_OK },
		{ EPERM, HK_EXIT_PERM }, { EACCES, HK_EXIT_PERM },
		{ ENODEV, HK_EXIT_UNSUPPORTED }, { ENOSYS, HK_EXIT_UNSUPPORTED },
		{ ENOTTY, HK_EXIT_UNSUPPORTED }, { ENXIO, HK_EXIT_UNSUPPORTED },
		{ EOPNOTSUPP, HK_EXIT_UNSUPPORTED },
		{ ENOENT, HK_EXIT_NOTFOUND }, { ESRCH, HK_EXIT_NOTFOUND },
		{ EEXIST, HK_EXIT_EXISTS },
		{ ETIMEDOUT, HK_EXIT_TIMEOUT },
		{ ENOSPC, HK_EXIT_IO }, { EDQUOT, HK_EXIT_IO }, { ENOMEM, HK_EXIT_IO }, { EROFS, HK_EXIT_IO },
		{ EIO, HK_EXIT_KERNEL }, { EINVAL, HK_EXIT_KERNEL }, { EBUSY, HK_EXIT_KERNEL },
		{ EAGAIN, HK_EXIT_KERNEL },
	};
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		CHECK(hk_exit_for_errno(rows[i].err) == rows[i].code, "%s -> %d", strerrorname_np(rows[i].err) ?: "0",
		      rows[i].code);
		CHECK(hk_exit_for_errno(-rows[i].err) == rows[i].code, "-%s -> %d",
		      strerrorname_np(rows[i].err) ?: "0", rows[i].code);
	}
	return unit_done();
}
