// SPDX-License-Identifier: GPL-2.0-or-later
/* The sysroot test seam: "is it fake" is decided by device and inode, so no
 * spelling of the real root (//, /., a link to /) passes for a fake tree. */
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hk/io.h"
#include "unit.h"

static void set_row(const char *dir, bool want)
{
	hk_sysroot_set(dir);
	CHECK(hk_sysroot_is_fake() == want, "--sysroot '%s' is %s", dir, want ? "fake" : "the real root");
	hk_sysroot_set(NULL);
}

static void env_row(const char *dir, bool want)
{
	setenv(HK_SYSROOT_ENV, dir, 1);
	hk_sysroot_set(NULL);
	CHECK(hk_sysroot_is_fake() == want, HK_SYSROOT_ENV "='%s' is %s", dir, want ? "fake" : "the real root");
	unsetenv(HK_SYSROOT_ENV);
	hk_sysroot_set(NULL);
}

int main(void)
{
	char tmpl[] = "/tmp/hk-sysroot.XXXXXX", link[PATH_MAX], sub[PATH_MAX], *dir;

	unsetenv(HK_SYSROOT_ENV);
	hk_sysroot_set(NULL);
	CHECK(!hk_sysroot_is_fake(), "no sysroot is the real root");
	dir = mkdtemp(tmpl);
	CHECK(dir != NULL, "mkdtemp");
	if (!dir)
		return unit_done();
	snprintf(link, sizeof(link), "%s/root", dir);
	snprintf(sub, sizeof(sub), "%s/sub", dir);
	CHECK(symlink("/", link) == 0, "symlink to /");
	CHECK(mkdir(sub, 0700) == 0, "mkdir sub");

	set_row("/", false);
	set_row("//", false);
	set_row("/.", false);
	set_row("/./", false);
	set_row("/tmp/..", false);
	set_row(link, false);
	set_row("/proc/self/root", false);
	set_row(dir, true);
	set_row(sub, true);
	/* A root that cannot be opened cannot be told fake: the real rules hold. */
	set_row("/nonexistent-hk-sysroot", false);
	env_row("/.", false);
	env_row("//", false);
	env_row(link, false);
	env_row(dir, true);

	/* --sysroot wins over the environment, and set() forgets the answer. */
	setenv(HK_SYSROOT_ENV, dir, 1);
	hk_sysroot_set("//");
	CHECK(!hk_sysroot_is_fake(), "--sysroot // over a fake " HK_SYSROOT_ENV " is the real root");
	hk_sysroot_set(NULL);
	CHECK(hk_sysroot_is_fake(), "after set(NULL) the fake " HK_SYSROOT_ENV " counts again");
	unsetenv(HK_SYSROOT_ENV);
	hk_sysroot_set(NULL);

	unlink(link);
	rmdir(sub);
	rmdir(dir);
	return unit_done();
}
