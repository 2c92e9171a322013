// SPDX-License-Identifier: GPL-2.0-or-later
/* Strict integer parsing for options and kernel attributes. */
#include <errno.h>
#include <stdlib.h>

#include "hk/parse.h"

static int check_digits(const char *s, int allow_minus)
{
	if (!s || !*s)
		return -EINVAL;
	if (*s == '-' && allow_minus)
		s++;
	if (!*s)
		return -EINVAL;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return -EINVAL;
	return 0;
}

int hk_parse_s64(const char *s, int64_t min, int64_t max, int64_t *out)
{
	long long v;
	char *end;
	int r;

	r = check_digits(s, 1);
	if (r < 0)
		return r;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno == ERANGE || v < min || v > max)
		return -ERANGE;
	if (*end)
		return -EINVAL;
	*out = v;
	return 0;
}

int hk_parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	unsigned long long v;
	char *end;
	int r;

	/* "-1" must be an error, not ULLONG_MAX as strtoull would have it. */
	r = check_digits(s, 1);
	if (r < 0)
		return r;
	if (*s == '-')
		return -ERANGE;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno == ERANGE || v < min || v > max)
		return -ERANGE;
	if (*end)
		return -EINVAL;
	*out = v;
	return 0;
}

int hk_parse_int(const char *s, int min, int max, int *out)
{
	int64_t v;
	int r;

	r = hk_parse_s64(s, min, max, &v);
	if (r == 0)
		*out = (int)v;
	return r;
}

int hk_parse_uint(const char *s, unsigned int min, unsigned int max, unsigned int *out)
{
	uint64_t v;
	int r;

	r = hk_parse_u64(s, min, max, &v);
	if (r == 0)
		*out = (unsigned int)v;
	return r;
}
