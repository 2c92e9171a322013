// SPDX-License-Identifier: GPL-2.0-or-later
/* Capability checks through libcap, before a tool tries a privileged change. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/capability.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <linux/magic.h>

#include "hk/caps.h"
#include "hk/io.h"
#include "hk/proc.h"

bool hk_cap_effective(cap_value_t cap)
{
	cap_flag_value_t v = CAP_CLEAR;
	cap_t caps;

	caps = cap_get_proc();
	if (!caps)
		return false;
	if (cap_get_flag(caps, cap, CAP_EFFECTIVE, &v) < 0)
		v = CAP_CLEAR;
	cap_free(caps);
	return v == CAP_SET;
}

bool hk_capmask_has(uint64_t mask, cap_value_t cap)
{
	return cap >= 0 && cap < 64 && (mask >> cap) & 1;
}

const char *hk_cap_name(cap_value_t cap, char *buf, size_t size)
{
	char *name = cap_to_name(cap);

	snprintf(buf, size, "%s", name ? name : "?");
	cap_free(name);
	return buf;
}

int hk_euid_global_root(void)
{
	uid_t euid = geteuid();
	int64_t overflow = 65534;
	struct statfs sfs;
	struct stat st;
	int r, dfd;

	r = hk_self_init_userns();
	if (r != 0)
		return r < 0 ? r : euid == 0;
	/* In a user namespace the kernel shows an inode of GLOBAL_ROOT_UID, the
	 * root of /proc, with the namespace's UID that maps to it, or with
	 * overflowuid when none does. */
	if (statfs("/proc", &sfs) < 0 || stat("/proc", &st) < 0)
		return -errno;
	if (sfs.f_type != PROC_SUPER_MAGIC)
		return -ENOENT;
	if (st.st_uid != euid)
		return 0;
	dfd = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		hk_read_s64(dfd, "proc/sys/kernel/overflowuid", &overflow);
		close(dfd);
	}
	/* Overflowuid: UID 0 is not mapped here, or mapped to overflowuid
	 * itself; only the first is a sane configuration. */
	return (int64_t)euid != overflow;
}
