// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer: reseedwatch's uevent check (src/reseedwatch/uevent.c, over
 * lib/nl.c's parser) and its notifier names parser. Byte 0 picks the
 * sender (kernel or not), groups and whether names are known (0: the
 * kernel, group 1, names known); the rest is the datagram, in buffers of its
 * exact size. Differential: the parser's and the check's verdicts (and the
 * epoch) must equal those of the reference in uevent-ref.c, which
 * tests/unit/test-uevent-fuzz.c also uses.
 * Invariants: a parsed event points inside its datagram; an accepted one
 * has a non-zero epoch and a bounded name; the names parser never claims
 * more than 256 notifiers. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hk/nl.h"
#include "reseedwatch.h"
#include "uevent-ref.h"

static struct rw_names names;

/* hk_uevent_parse against the reference, on a copy of its own. */
static void parse(const uint8_t *d, size_t len)
{
	struct hk_uevent ev;
	char *a = malloc(len ? len : 1);
	int want, r;
	size_t j;

	if (!a)
		return;
	memcpy(a, d, len);
	want = ref_uevent_parse((const char *)d, len);
	r = hk_uevent_parse(a, len, &ev);
	if (want != 1 && r != want)
		abort();
	if (r == 0) {
		if (ev.action != a || ev.devpath <= a || ev.devpath >= a + len || !ev.subsystem ||
		    ev.subsystem < a || ev.subsystem >= a + len)
			abort();
		for (j = 0; j < ev.nvars; j++)
			if (ev.vars[j] <= a || ev.vars[j] >= a + len || !strchr(ev.vars[j], '=') ||
			    ev.vars[j][0] == '=')
				abort();
	} else if (ev.nvars || ev.action || ev.subsystem) {
		abort();
	}
	free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rw_uevent_info info;
	const struct rw_names *nm;
	unsigned int pid, groups;
	uint32_t want_epoch = 0;
	char *b, *ref, *t;
	size_t len;
	int r, want;

	if (size < 1)
		return 0;
	if (!names.loaded)
		rw_names_parse(&names, "1 rndreseedcrng\n2 vmgenid\n3 timer\n");
	len = size - 1;
	pid = data[0] & 1 ? 1234 : 0;
	groups = data[0] & 2 ? 0 : data[0] & 8 ? 3 : 1;
	nm = data[0] & 4 ? NULL : &names;
	parse(data + 1, len);
	b = malloc(len ? len : 1);
	ref = malloc(len ? len : 1);
	if (!b || !ref)
		abort();
	memcpy(b, data + 1, len);
	memcpy(ref, data + 1, len);
	want = ref_uevent_check(ref, len, pid, groups, nm, &want_epoch);
	r = rw_uevent_check(b, len, pid, groups, nm, &info);
	if (r != want || (r == 1 && info.epoch != want_epoch))
		abort();
	if (r == 1 && (info.epoch == 0 || strnlen(info.name, sizeof(info.name)) > RW_NAME_MAX))
		abort();
	free(b);
	free(ref);

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
