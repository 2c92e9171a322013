// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer: reseedwatch's uevent check (src/reseedwatch/uevent.c, over
 * lib/nl.c's parser) and its notifier names parser. Byte 0 picks the
 * sender (kernel or not) and groups; the rest is the datagram, in a buffer
 * of its exact size. tests/unit/test-uevent-fuzz.c keeps the differential
 * check against a reference; this harness adds coverage-guided inputs and
 * the invariants: an accepted event has a non-zero epoch and a bounded
 * name; the names parser never claims more than 256 notifiers. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "reseedwatch.h"

static struct rw_names names;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rw_uevent_info info;
	char *b, *t;
	size_t len;
	int r;

	if (size < 1)
		return 0;
	if (!names.loaded)
		rw_names_parse(&names, "1 rndreseedcrng\n2 vmgenid\n3 timer\n");
	len = size - 1;
	b = malloc(len ? len : 1);
	if (!b)
		return 0;
	memcpy(b, data + 1, len);
	r = rw_uevent_check(b, len, data[0] & 1 ? 1234 : 0, data[0] & 2 ? 1 : 0,
			    data[0] & 4 ? NULL : &names, &info);
	if (r != 0 && r != 1)
		abort();
	if (r == 1 && (info.epoch == 0 || strnlen(info.name, sizeof(info.name)) > RW_NAME_MAX))
		abort();
	free(b);

	/* The same bytes as a names file. */
	t = malloc(size + 1);
	if (!t)
		return 0;
	memcpy(t, data, size);
	t[size] = 0;
	{
		struct rw_names *n = malloc(sizeof(*n));

		if (n) {
			memset(n, 0, sizeof(*n));
			r = rw_names_parse(n, t);
			if (r < 0 || r > 256)
				abort();
			free(n);
		}
	}
	free(t);
	return 0;
}
