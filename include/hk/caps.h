/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Capabilities of this process (libcap) and of others (/proc/PID/status). */
#ifndef HK_CAPS_H
#define HK_CAPS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/capability.h>

/* Is cap in this process's effective set? */
bool hk_cap_effective(cap_value_t cap);
/* Is cap in a CapEff mask read from /proc/PID/status? */
bool hk_capmask_has(uint64_t mask, cap_value_t cap);
const char *hk_cap_name(cap_value_t cap, char *buf, size_t size);

/* Is this process's effective UID the kernel's GLOBAL_ROOT_UID, i.e. UID 0
 * of the initial user namespace (also when seen from a user namespace that
 * maps a UID to it)? What the kernel asks before letting a process write a
 * root-owned 0644 sysctl (test_perm() in fs/proc/proc_sysctl.c); no
 * capability counts. 1, 0 or -errno. */
int hk_euid_global_root(void);

#endif
