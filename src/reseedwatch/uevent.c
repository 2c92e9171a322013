// SPDX-License-Identifier: GPL-2.0-or-later
/* The kernel's reseed uevent (Documentation/ABI/testing/sysfs-kernel-random-epoch):
 * ACTION=change from /sys/kernel/random/epoch with EPOCH, NOTIFIER,
 * NOTIFIER_ID and COUNTER. Everything else on the socket is ignored. */
#include <errno.h>
#include <string.h>

#include "hk/codec.h"
#include "hk/nl.h"
#include "hk/parse.h"
#include "reseedwatch.h"

#define UEVENT_DEVPATH "/kernel/random/epoch"
#define UEVENT_SUBSYSTEM "random"

/* Exactly n lowercase hex digits, as the kernel's %08x prints them, into *v. */
static bool lower_hex(const char *s, size_t n, uint32_t *v)
{
	size_t i;
	int h;

	for (*v = 0, i = 0; i < n; i++) {
		h = hk_hex_digit(s[i]);
		if (h < 0 || (s[i] >= 'A' && s[i] <= 'F'))
			return false;
		*v = *v << 4 | (uint32_t)h;
	}
	return s[n] == '\0';
}

/* A decimal as the kernel's %u prints it: no sign, no leading zero. */
static bool canonical_uint(const char *s, unsigned int max, unsigned int *v)
{
	if (!s || (s[0] == '0' && s[1]))
		return false;
	return hk_parse_uint(s, 0, max, v) == 0;
}

int rw_uevent_check(char *buf, size_t len, unsigned int sender_pid, unsigned int groups,
		    const struct rw_names *names, struct rw_uevent_info *info)
{
	const char *epoch, *name, *id_s, *counter_s;
	unsigned int id, counter;
	struct hk_uevent ev;
	uint32_t v = 0;

	/* Only the kernel (port 0) sends to group 1; user space cannot. */
	if (sender_pid != 0 || groups != 1)
		return 0;
	if (hk_uevent_parse(buf, len, &ev) < 0)
		return 0;
	if (strcmp(ev.action, "change") != 0 || strcmp(ev.devpath, UEVENT_DEVPATH) != 0 ||
	    strcmp(ev.subsystem, UEVENT_SUBSYSTEM) != 0)
		return 0;
	epoch = hk_uevent_get(&ev, "EPOCH");
	name = hk_uevent_get(&ev, "NOTIFIER");
	id_s = hk_uevent_get(&ev, "NOTIFIER_ID");
	counter_s = hk_uevent_get(&ev, "COUNTER");
	if (!epoch || !name || strncmp(epoch, "0x", 2) != 0 || !lower_hex(epoch + 2, 8, &v))
		return 0;
	if (!canonical_uint(id_s, 255, &id) || !canonical_uint(counter_s, RNDEPOCH_COUNTER_MASK, &counter))
		return 0;
	/* The parts must agree with the value, and a value 0 is never sent. */
	if (v == 0 || id != RW_ID(v) || counter != RW_COUNTER(v) || !rw_name_ok(name, strlen(name)))
		return 0;
	/* The names file and the uevent come from the same kernel table. */
	if (names && names->loaded && names->name[id][0] && strcmp(names->name[id], name) != 0)
		return 0;
	info->epoch = v;
	memcpy(info->name, name, strlen(name) + 1);
	return 1;
}
