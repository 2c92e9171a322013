// SPDX-License-Identifier: GPL-2.0-or-later
/* Capability checks through libcap, before a tool tries a privileged change. */
#include <stdio.h>
#include <sys/capability.h>

#include "hk/caps.h"

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
