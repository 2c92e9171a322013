/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The reference for reseedwatch's uevent parser and check, written
 * differently (split on NUL first, then decide): fuzz/fuzz-uevent.c and
 * tests/unit/test-uevent-fuzz.c both compare the real code with it. */
#ifndef HK_UEVENT_REF_H
#define HK_UEVENT_REF_H

#include <stddef.h>
#include <stdint.h>

#include "reseedwatch.h"

/* What hk_uevent_parse must say of the len bytes at buf: 0 valid, -EINVAL,
 * -E2BIG; or 1 when the datagram has more strings than the reference
 * keeps (80), which it leaves undecided. */
int ref_uevent_parse(const char *buf, size_t len);
/* What rw_uevent_check must say: 1 and *epoch for an acceptable reseed
 * uevent, else 0. */
int ref_uevent_check(const char *buf, size_t len, unsigned int pid, unsigned int groups,
		     const struct rw_names *names, uint32_t *epoch);

#endif
