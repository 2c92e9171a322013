// SPDX-License-Identifier: GPL-2.0-or-later
/* reseedwatch trigger: RNDRESEEDCRNG, after checking the capability. */
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "hk/caps.h"
#include "hk/cmd.h"
#include "hk/err.h"
#include "reseedwatch.h"

static int reseed(void)
{
	int fd, r = 0;

	fd = rw_device_open();
	if (fd < 0)
		return fd;
	if (ioctl(fd, RNDRESEEDCRNG) < 0)
		r = -errno;
	close(fd);
	return r;
}

/* The message and exit code for a refused RNDRESEEDCRNG. */
static int reseed_fail(int r)
{
	if (r == -EPERM) {
		hk_err("cannot trigger a reseed: the kernel refused RNDRESEEDCRNG (%s); it needs CAP_SYS_ADMIN in the initial user namespace, which root in a container does not have",
		       strerror(-r));
		return HK_EXIT_PERM;
	}
	if (r == -ENODATA) {
		hk_err("cannot trigger a reseed: the kernel's random number generator is not initialized yet (%s)",
		       strerror(-r));
		return HK_EXIT_KERNEL;
	}
	hk_err("cannot trigger a reseed: RNDRESEEDCRNG on %s failed: %s", RW_DEVICE, strerror(-r));
	return hk_exit_for_errno(r) == HK_EXIT_IO ? HK_EXIT_IO : HK_EXIT_KERNEL;
}

static int trigger(const void *opts, int argc, const char *const *argv)
{
	struct rw_names names;
	struct rw_epoch ep;
	const char *what;
	char idbuf[16];
	uint32_t before, after;
	int r;

	(void)opts;
	(void)argc;
	(void)argv;
	if (!hk_cap_effective(CAP_SYS_ADMIN)) {
		hk_err("cannot trigger a reseed: RNDRESEEDCRNG needs CAP_SYS_ADMIN, which is not in this process's effective capability set (run it as root)");
		return HK_EXIT_PERM;
	}
	/* Without the epoch a reseed reaches only the kernel's own generator:
	 * nothing user space could notice, so do not pretend. */
	r = rw_epoch_open(&ep, true, &what);
	if (r < 0)
		return rw_epoch_fail(r, what);
	before = rw_epoch_peek(&ep);
	r = reseed();
	after = rw_epoch_peek(&ep);
	rw_epoch_close(&ep);
	if (r < 0)
		return reseed_fail(r);
	if (after == before) {
		hk_err("RNDRESEEDCRNG succeeded but the epoch stayed at 0x%08" PRIx32 ": this kernel does not move the epoch on an explicit reseed",
		       after);
		return HK_EXIT_KERNEL;
	}
	if (rw_names_load(&names) < 0)
		memset(&names, 0, sizeof(names));
	printf("reseeded: epoch 0x%08" PRIx32 " -> 0x%08" PRIx32 " %s counter=%" PRIu32 "\n", before,
	       after, rw_name(&names, RW_ID(after), idbuf, sizeof(idbuf)), RW_COUNTER(after));
	return HK_EXIT_OK;
}

const struct hk_cmd rw_cmd_trigger = {
	.name = "trigger",
	.synopsis = "",
	.help = "Ask the kernel to reseed (RNDRESEEDCRNG, needs CAP_SYS_ADMIN)",
	.run = trigger,
};
