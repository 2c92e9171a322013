// SPDX-License-Identifier: GPL-2.0-or-later
/* The uevent reference (see uevent-ref.h). */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "uevent-ref.h"

#define MAXSTR 80

struct ref {
	size_t n;
	const char *s[MAXSTR];
};

static int ref_split(const char *buf, size_t len, struct ref *r)
{
	size_t i, start = 0;

	r->n = 0;
	if (len == 0 || buf[len - 1] != '\0')
		return -1;
	for (i = 0; i < len; i++) {
		if (buf[i] != '\0')
			continue;
		if (r->n == MAXSTR)
			return -2;
		r->s[r->n++] = buf + start;
		start = i + 1;
	}
	return 0;
}

static const char *ref_get(const struct ref *r, const char *key)
{
	size_t k = strlen(key), i;

	for (i = 1; i < r->n; i++)
		if (strncmp(r->s[i], key, k) == 0 && r->s[i][k] == '=')
			return r->s[i] + k + 1;
	return NULL;
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

int ref_uevent_parse(const char *buf, size_t len)
{
	struct ref r;
	const char *at, *a, *d, *sub, *seq;
	size_t i, j, hlen;
	int sr = ref_split(buf, len, &r);

	if (sr == -1)
		return -EINVAL;
	at = sr == 0 ? strchr(r.s[0], '@') : strchr(buf, '@');
	if (sr == -2) {
		/* More strings than we keep: only possible as too many variables,
		 * unless something earlier is wrong; decide the slow way below. */
		return 1;
	}
	if (!at || at == r.s[0] || at[1] != '/')
		return -EINVAL;
	for (i = 1; i < r.n; i++) {
		const char *eq = strchr(r.s[i], '=');

		if (!eq || eq == r.s[i])
			return -EINVAL;
		for (j = 1; j < i; j++)
			if (strncmp(r.s[j], r.s[i], (size_t)(eq - r.s[i]) + 1) == 0)
				return -EINVAL;
		if (i > 64)
			return -E2BIG;
	}
	a = ref_get(&r, "ACTION");
	d = ref_get(&r, "DEVPATH");
	sub = ref_get(&r, "SUBSYSTEM");
	seq = ref_get(&r, "SEQNUM");
	hlen = (size_t)(at - r.s[0]);
	if (!a || !d || !sub || !seq || !*sub || !all_digits(seq))
		return -EINVAL;
	if (strlen(a) != hlen || strncmp(a, r.s[0], hlen) != 0 || strcmp(d, at + 1) != 0)
		return -EINVAL;
	return 0;
}

static bool ref_canonical(const char *s, unsigned long max, unsigned long *v)
{
	if (!s || !all_digits(s) || (s[0] == '0' && s[1]) || strlen(s) > 9)
		return false;
	*v = strtoul(s, NULL, 10);
	return *v <= max;
}

static bool ref_name(const char *s)
{
	size_t n = strlen(s);

	if (n < 1 || n > 15)
		return false;
	return strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_") == n;
}

int ref_uevent_check(const char *buf, size_t len, unsigned int pid, unsigned int groups,
		     const struct rw_names *names, uint32_t *epoch)
{
	struct ref r;
	const char *e, *nm;
	unsigned long id, counter, v;
	char *end;

	if (pid != 0 || groups != 1 || ref_uevent_parse(buf, len) != 0 || ref_split(buf, len, &r) != 0)
		return 0;
	if (strcmp(r.s[0], "change@/kernel/random/epoch") != 0 ||
	    strcmp(ref_get(&r, "SUBSYSTEM"), "random") != 0)
		return 0;
	e = ref_get(&r, "EPOCH");
	nm = ref_get(&r, "NOTIFIER");
	if (!e || !nm || strlen(e) != 10 || e[0] != '0' || e[1] != 'x' ||
	    strspn(e + 2, "0123456789abcdef") != 8)
		return 0;
	v = strtoul(e + 2, &end, 16);
	if (!ref_canonical(ref_get(&r, "NOTIFIER_ID"), 255, &id) ||
	    !ref_canonical(ref_get(&r, "COUNTER"), 0xffffff, &counter))
		return 0;
	if (v == 0 || id != v >> 24 || counter != (v & 0xffffff) || !ref_name(nm))
		return 0;
	if (names && names->name[id][0] && strcmp(names->name[id], nm) != 0)
		return 0;
	*epoch = (uint32_t)v;
	return 1;
}
